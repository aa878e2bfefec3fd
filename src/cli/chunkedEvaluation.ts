/**
 * A table read as a stream, evaluated in bounded chunks and written in input order: a chunk is
 * read, evaluated (on this thread, or by the worker pool once the table is large enough to pay
 * for starting it), and its results written before more than a few chunks are read ahead, so
 * memory stays bounded whatever the length of the table and a slow destination slows the reading.
 */
import { availableParallelism } from 'node:os';
import type { IsoDate } from '../core/dates';
import type { Evaluator, RowResult } from '../core/engine/evaluator';
import type { SubjectMatch } from '../core/match';
import type { Table, TableRow } from '../core/table';
import { evaluateChunk } from './evaluateChunk';
import { EvaluationPool } from './evaluationPool';
import type { EvaluationSetup } from './evaluationSetup';

export interface Tuning {
  /** Rows per chunk. */
  chunkRows: number;
  /** Worker threads to use for large tables; 1 or less evaluates on this thread. */
  workers: number;
  /** Rows read on this thread before the workers are started (more than this, and they are). */
  workerThreshold: number;
}

/** Provisional, not yet measured (see scripts/bench-cli.ts). */
export const WORKER_THRESHOLD = 20_000;

export const DEFAULT_TUNING: Tuning = { chunkRows: 2_000, workers: availableParallelism(), workerThreshold: WORKER_THRESHOLD };

export interface ChunkedRun {
  evaluator: Evaluator;
  match: SubjectMatch;
  asOf: IsoDate;
  /** For the workers: how to prepare the same evaluator. */
  setup: EvaluationSetup;
  tuning: Tuning;
  /** Each chunk with its results, in input order; awaited before more chunks are read ahead. */
  write(rows: TableRow[], results: RowResult[]): Promise<void>;
  /** After each chunk is written: rows done so far. */
  progress?(rowsDone: number): void;
}

/** Evaluate every row of `rows` (pieces in input order); returns the number of rows. */
export async function evaluateInChunks(rows: AsyncIterable<TableRow[]>, run: ChunkedRun): Promise<number> {
  const table: Table = { ...run.setup.head, rows: [] };
  const queue: { rows: TableRow[]; results: Promise<RowResult[]> }[] = [];
  let pool: EvaluationPool | undefined;
  let read = 0;
  let done = 0;
  const writeNext = async (): Promise<void> => {
    const next = queue.shift()!;
    const results = await next.results;
    await run.write(next.rows, results);
    done += next.rows.length;
    run.progress?.(done);
  };
  try {
    for await (const chunk of chunks(rows, run.tuning.chunkRows)) {
      read += chunk.length;
      if (!pool && run.tuning.workers > 1 && read > run.tuning.workerThreshold) pool = new EvaluationPool(run.setup, run.tuning.workers);
      const results = pool ? pool.evaluate(chunk) : evaluateChunk(run.evaluator, table, run.match, chunk, run.asOf);
      results.catch(() => undefined); // awaited in turn by writeNext; a failure is reported there
      queue.push({ rows: chunk, results });
      // Two chunks per worker keep every worker busy while one is written; on this thread, one.
      while (queue.length >= (pool ? pool.size * 2 : 1)) await writeNext();
    }
    while (queue.length) await writeNext();
  } finally {
    await pool?.close();
  }
  return done;
}

/** The pieces as chunks of `size` rows (the last one shorter). */
async function* chunks(pieces: AsyncIterable<TableRow[]>, size: number): AsyncGenerator<TableRow[]> {
  let chunk: TableRow[] = [];
  for await (const piece of pieces) {
    for (const row of piece) {
      chunk.push(row);
      if (chunk.length >= size) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length) yield chunk;
}
