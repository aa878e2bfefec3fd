/**
 * What an evaluation worker needs to evaluate rows exactly as the main thread would: it loads
 * the rulebook itself from the same folder (and checks it is the same by its digest), prepares
 * an evaluator with the run's overrides and engine, and matches the table's headers again.
 */
import type { IsoDate } from '../core/dates';
import type { EngineName } from '../core/engine/evaluator';
import type { Overrides } from '../core/parameters';
import type { TableHead } from '../core/table';

export interface EvaluationSetup {
  /** The rulebook folder, as an absolute path. */
  rulebookFolder: string;
  /** The digest of the rulebook the main thread loaded. */
  digest: string;
  overrides: Overrides;
  engine?: EngineName;
  asOf: IsoDate;
  head: TableHead;
  /** The subject the main thread matched the table to. */
  subject: string;
}

/** Main thread → worker: rows to evaluate. */
export interface EvaluationJob {
  id: number;
  rows: import('../core/table').TableRow[];
}

/** Worker → main thread: ready (its evaluator prepared), or a job's results, or why a job could not be done. */
export type EvaluationReply =
  | { ready: true }
  | { id: number; results: import('../core/engine/evaluator').RowResult[] }
  | { id: number; problem: string };
