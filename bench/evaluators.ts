/**
 * The evaluators the benchmark and the agreement test run side by side, behind one small function
 * each, so that switching an evaluator's API is a one-line change here:
 * - json-rules-engine: the Evaluator's reference engine, one engine.run per row (evaluateRow);
 * - compiled: `Evaluator.prepare(rulebook, overrides, { engine: 'compiled' })` and its `evaluateRows`
 *   (synchronous inside when every rule of the subject compiled: see `synchronous`), when the
 *   Evaluator has it (detected, never assumed).
 */
import { Evaluator, type EngineName, type RowResult } from '../src/core/engine/evaluator';
import type { IsoDate } from '../src/core/dates';
import type { SubjectMatch } from '../src/core/match';
import type { Overrides } from '../src/core/parameters';
import type { Rulebook } from '../src/core/rulebook/model';
import type { Table, TableRow } from '../src/core/table';
import type { Decision } from './handWritten';

function prepared(rulebook: Rulebook, overrides: Overrides, engine: EngineName): Evaluator {
  const p = Evaluator.prepare(rulebook, overrides, { engine });
  if (!p.ok) throw new Error(p.problems.join('\n'));
  return p.evaluator;
}

/** The Evaluator on json-rules-engine, the reference. */
export function prepareJsonRulesEngine(rulebook: Rulebook, overrides: Overrides = {}): Evaluator {
  return prepared(rulebook, overrides, 'json-rules-engine');
}

/** Rows evaluated one engine.run at a time (evaluateRow on the json-rules-engine Evaluator). */
export async function evaluateWithJsonRulesEngine(evaluator: Evaluator, table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for (const row of rows) out.push(await evaluator.evaluateRow(table, match, row, asOf));
  return out;
}

export type CompiledEvaluator =
  | { available: true; evaluator: Evaluator; evaluate: (table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate) => Promise<RowResult[]> }
  | { available: false; why: string };

/** The compiled evaluator, or why there is none (an Evaluator that ignores the engine option, or has no evaluateRows). */
export function prepareCompiled(rulebook: Rulebook, overrides: Overrides = {}): CompiledEvaluator {
  const evaluator = prepared(rulebook, overrides, 'compiled');
  if (evaluator.engine !== 'compiled' || typeof evaluator.evaluateRows !== 'function') {
    return { available: false, why: 'Evaluator.prepare(rulebook, overrides, { engine: \'compiled\' }) gives no compiled evaluator with evaluateRows on this branch' };
  }
  return { available: true, evaluator, evaluate: (table, match, rows, asOf) => evaluator.evaluateRows(table, match, rows, asOf) };
}

/** What the benchmark compares of an Evaluator row result (messages left out: see bench/handWritten.ts). */
export function decisionOf(result: RowResult): Decision {
  return {
    row: result.row, status: result.status, subjectStatus: result.subjectStatus, outputs: result.outputs,
    rules: result.findings.map((f) => f.rule), errors: result.errors.length,
  };
}
