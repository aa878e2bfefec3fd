/**
 * The evaluators the benchmark and the agreement test run side by side, behind one small function
 * each, so that switching an evaluator's API is a one-line change here:
 * - json-rules-engine: today's Evaluator path, one engine.run per row (traceRow);
 * - compiled: `Evaluator.prepare(rulebook, overrides, { engine: 'compiled' })` with its synchronous
 *   `evaluateRows`, when the Evaluator has it (detected, never assumed).
 */
import type { RowResult } from '../src/core/engine/evaluator';
import { Evaluator } from '../src/core/engine/evaluator';
import type { IsoDate } from '../src/core/dates';
import type { SubjectMatch } from '../src/core/match';
import type { Overrides } from '../src/core/parameters';
import type { Rulebook } from '../src/core/rulebook/model';
import type { Table, TableRow } from '../src/core/table';
import type { Decision } from './handWritten';

type EngineChoice = { engine: 'compiled' | 'json-rules-engine' };
type Prepared = { ok: true; evaluator: Evaluator } | { ok: false; problems: string[] };
/** Evaluator.prepare as the lead is extending it (a third argument choosing the engine); today's ignores it. */
const prepare = Evaluator.prepare as unknown as (rulebook: Rulebook, overrides: Overrides, options: EngineChoice) => Prepared;

interface CompiledApi {
  evaluateRows(table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): RowResult[];
}

function prepared(rulebook: Rulebook, overrides: Overrides, engine: EngineChoice['engine']): Evaluator {
  const p = prepare(rulebook, overrides, { engine });
  if (!p.ok) throw new Error(p.problems.join('\n'));
  return p.evaluator;
}

/** The Evaluator on json-rules-engine (today's path). */
export function prepareJsonRulesEngine(rulebook: Rulebook, overrides: Overrides = {}): Evaluator {
  return prepared(rulebook, overrides, 'json-rules-engine');
}

/** Rows evaluated one engine.run at a time, exactly as the Evaluator's traceRow does. */
export async function evaluateWithJsonRulesEngine(evaluator: Evaluator, table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): Promise<RowResult[]> {
  const out: RowResult[] = [];
  for (const row of rows) out.push((await evaluator.traceRow(table, match, row, asOf)).result);
  return out;
}

export type CompiledEvaluator = { available: true; evaluate: (table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate) => RowResult[] } | { available: false; why: string };

/** The compiled evaluator, or why there is none on this branch yet. */
export function prepareCompiled(rulebook: Rulebook, overrides: Overrides = {}): CompiledEvaluator {
  const evaluator = prepared(rulebook, overrides, 'compiled') as unknown as Partial<CompiledApi>;
  if (typeof evaluator.evaluateRows !== 'function') {
    return { available: false, why: 'the Evaluator has no evaluateRows: Evaluator.prepare(rulebook, overrides, { engine: \'compiled\' }) is not on this branch yet' };
  }
  const evaluateRows = evaluator.evaluateRows.bind(evaluator);
  return { available: true, evaluate: (table, match, rows, asOf) => evaluateRows(table, match, rows, asOf) };
}

/** What the benchmark compares of an Evaluator row result (messages left out: see bench/handWritten.ts). */
export function decisionOf(result: RowResult): Decision {
  return {
    row: result.row, status: result.status, subjectStatus: result.subjectStatus, outputs: result.outputs,
    rules: result.findings.map((f) => f.rule), errors: result.errors.length,
  };
}
