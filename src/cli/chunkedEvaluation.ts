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
  /** Worker threads to evaluate large tables; 0 evaluates every row on this thread. */
  workers: number;
  /** Rows read on this thread before the workers are started (more than this, and they are). */
  workerThreshold: number;
}

/**
 * Measured on the 2-core machine this was written on (shared with other jobs, so figures vary by
 * some 20%), us-japan-2025 tariff lines, compiled engine, CSV in and out (scripts/bench-cli.ts,
 * 100,000 rows; scripts/bench-cli.ts --threshold for other sizes):
 * - a worker takes about 1.7 s to start (loading and compiling the rulebook), then evaluates
 *   2,000-row chunks in 200-270 ms, as fast as this thread; results cost about 12 µs a row to
 *   copy between threads each way;
 * - this thread alone: 6,800 rows/s; with 1 worker: 4,900 rows/s; with 2: 4,400 rows/s. This
 *   thread reads, writes and copies while the workers evaluate, so it needs a core of its own:
 *   workers are used only with 3 or more processors, one fewer than there are.
 * - While the workers start, this thread keeps evaluating (the pool is used once it is ready),
 *   so their start costs no time; what it costs is their memory (about 110 MB each) and the
 *   processors for 1.7 s. A table this thread finishes in that time gains nothing: about 10,000
 *   rows at its 6,000-8,000 rows/s (the first chunks are slower while the code warms up).
 */
export const WORKER_THRESHOLD = 10_000;

/** Worker threads by default: one fewer than the processors (this thread reads and writes), none with 2 or fewer. */
export function defaultWorkers(processors = availableParallelism()): number {
  return processors >= 3 ? processors - 1 : 0;
}

export const DEFAULT_TUNING: Tuning = { chunkRows: 2_000, workers: defaultWorkers(), workerThreshold: WORKER_THRESHOLD };

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
      if (!pool && run.tuning.workers > 0 && read > run.tuning.workerThreshold) pool = new EvaluationPool(run.setup, run.tuning.workers);
      const results = pool?.ready ? pool.evaluate(chunk) : evaluateChunk(run.evaluator, table, run.match, chunk, run.asOf);
      results.catch(() => undefined); // awaited in turn by writeNext; a failure is reported there
      queue.push({ rows: chunk, results });
      // Two chunks per worker keep every worker busy while one is written; on this thread, one.
      while (queue.length >= (pool?.ready ? pool.size * 2 : 1)) await writeNext();
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
