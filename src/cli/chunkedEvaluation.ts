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
  /** Whether this thread evaluates chunks while the workers start (default true; false sends every chunk after the threshold to them). */
  evaluateWhileWorkersStart?: boolean;
}

export interface ChunkedOutcome {
  rows: number;
  /** Chunks the workers evaluated (the others were evaluated on this thread). */
  chunksInWorkers: number;
}

/**
 * Measured on the 2-core machine this was written on, shared with other jobs (so figures vary by
 * 20% and more between runs), us-japan-2025 tariff lines, compiled engine, CSV in and out:
 * - a worker takes about 1.7 s to start (loading and compiling the rulebook), then evaluates a
 *   2,000-row chunk in 200-270 ms, as fast as this thread; copying results between threads costs
 *   about 12 µs a row (v8.serialize of 2,000 results: 25 ms, 1.4 MB);
 * - 100,000 rows (scripts/bench-cli.ts --rows 100000 --only csv --workers N): this thread alone
 *   6,800-20,000 rows/s; with 1 worker 4,900-10,000; with 2, 4,400. This thread reads, parses,
 *   copies and writes while the workers evaluate, so it needs a processor of its own: workers are
 *   used only with 3 or more processors, one fewer than there are (defaultWorkers).
 * - scripts/bench-cli.ts --threshold (2 workers started at once against this thread alone, best of
 *   3, 2,000 to 200,000 rows): this thread alone was faster at every size but 100,000 (noise), as
 *   expected with 2 processors; where workers can win cannot be measured here.
 * So the threshold is worked out rather than measured: while the workers start, this thread keeps
 * evaluating (the pool is used once it is ready), so their start costs no time, only memory (about
 * 110 MB each) and the processors for 1.7 s; a table this thread finishes in that time gains
 * nothing from them: about 10,000 rows at 6,000-8,000 rows/s while the code warms up. Measure
 * again on a machine with 4 or more processors: scripts/bench-cli.ts --threshold --workers 3.
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

/** Evaluate every row of `rows` (pieces in input order). */
export async function evaluateInChunks(rows: AsyncIterable<TableRow[]>, run: ChunkedRun): Promise<ChunkedOutcome> {
  const table: Table = { ...run.setup.head, rows: [] };
  const queue: { rows: TableRow[]; results: Promise<RowResult[]> }[] = [];
  let pool: EvaluationPool | undefined;
  let read = 0;
  let done = 0;
  let chunksInWorkers = 0;
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
      const inPool = pool !== undefined && (pool.ready || run.tuning.evaluateWhileWorkersStart === false);
      if (inPool) chunksInWorkers++;
      const results = inPool ? pool!.evaluate(chunk) : evaluateChunk(run.evaluator, table, run.match, chunk, run.asOf);
      results.catch(() => undefined); // awaited in turn by writeNext; a failure is reported there
      queue.push({ rows: chunk, results });
      // Two chunks per worker keep every worker busy while one is written; on this thread, one.
      while (queue.length >= (inPool ? pool!.size * 2 : 1)) await writeNext();
    }
    while (queue.length) await writeNext();
  } finally {
    await pool?.close();
  }
  return { rows: done, chunksInWorkers };
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
