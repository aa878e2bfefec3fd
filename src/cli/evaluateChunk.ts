/**
 * One chunk of rows evaluated, in order, rows out = rows in: the one place that says how, for
 * the main thread and the workers alike.
 */
import type { IsoDate } from '../core/dates';
import type { Evaluator, RowResult } from '../core/engine/evaluator';
import type { SubjectMatch } from '../core/match';
import type { Table, TableRow } from '../core/table';

export async function evaluateChunk(evaluator: Evaluator, table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): Promise<RowResult[]> {
  const results = await evaluator.evaluateRows(table, match, rows, asOf);
  if (results.length !== rows.length) throw new Error(`internal: ${rows.length} rows in, ${results.length} out`);
  return results;
}
