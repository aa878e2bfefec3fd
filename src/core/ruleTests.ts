/**
 * Running a rulebook's test cases: each is a row as a user would type it, an as-of date,
 * optional overrides and what must come out. Pure; the CLI and the mocha suite both call it.
 */
import type { FactValue } from './columns';
import { Evaluator, type EngineName } from './engine/evaluator';
import type { Rulebook, RuleTest } from './rulebook/model';
import { oneRowTable } from './table';

export interface TestOutcome {
  test: RuleTest;
  passed: boolean;
  /** Each way the result differed from what the test expects. */
  failures: string[];
}

function same(expected: FactValue, actual: FactValue): boolean {
  if (typeof expected === 'number' && typeof actual === 'number') return Math.abs(expected - actual) < 1e-9;
  return expected === actual;
}

export async function runRuleTest(rulebook: Rulebook, test: RuleTest, engine: EngineName = 'compiled'): Promise<TestOutcome> {
  const t = test.definition;
  const fail = (failures: string[]): TestOutcome => ({ test, passed: failures.length === 0, failures });
  const scenario = t.scenario !== undefined ? rulebook.scenarios.get(t.scenario) : undefined;
  const prepared = Evaluator.prepare(rulebook, { scenario, set: t.set }, { engine });
  if (!prepared.ok) return fail(prepared.problems);
  const evaluator = prepared.evaluator;
  const table = oneRowTable(test.origin.file, Object.entries(t.row));
  const matched = evaluator.match(table, t.subject);
  if (!matched.ok) return fail([matched.problem]);
  const tableRow = table.rows[0]!;
  const result = await evaluator.evaluateRow(table, matched.match, tableRow, t.asOf);
  const failures: string[] = [];
  const e = t.expect;
  if (e.status !== undefined && e.status !== result.subjectStatus) {
    const why = result.errors.length ? ` (errors: ${result.errors.map((x) => x.message).join('; ')})` : '';
    failures.push(`status: expected ${e.status}, got ${result.subjectStatus}${why}`);
  }
  for (const [name, expected] of Object.entries(e.outputs ?? {})) {
    const actual = result.outputs[name] ?? null;
    if (!same(expected, actual)) failures.push(`${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  const fired = result.findings.map((f) => f.rule);
  for (const id of e.findings ?? []) if (!fired.includes(id)) failures.push(`rule ${id} should apply but did not (applied: ${fired.join(', ') || 'none'})`);
  for (const id of e.absentFindings ?? []) if (fired.includes(id)) failures.push(`rule ${id} should not apply but did`);
  const messages = result.findings.map((f) => f.message).join('\n');
  for (const text of e.messageIncludes ?? []) if (!messages.includes(text)) failures.push(`no finding message includes ${JSON.stringify(text)} (messages: ${messages || 'none'})`);
  const errors = result.errors.map((x) => x.message).join('\n');
  for (const text of e.errorIncludes ?? []) if (!errors.includes(text)) failures.push(`no error includes ${JSON.stringify(text)} (errors: ${errors || 'none'})`);
  return fail(failures);
}

export async function runRuleTests(rulebook: Rulebook, filter?: (t: RuleTest) => boolean, engine: EngineName = 'compiled'): Promise<TestOutcome[]> {
  const out: TestOutcome[] = [];
  for (const test of rulebook.tests) if (!filter || filter(test)) out.push(await runRuleTest(rulebook, test, engine));
  return out;
}
