/**
 * The benchmark's hand-written rules (bench/handWritten.ts) must decide every generated row exactly
 * as the Evaluator does — status, outputs and the rules that fire — or the speed comparison means
 * nothing. Checked against json-rules-engine on 3,000 generated rows per subject, then under every
 * scenario of the rulebook on fewer rows; and against the compiled evaluator when it exists.
 */
import assert from 'node:assert/strict';
import { compareDecisions } from '../bench/agreement';
import { decisionOf, evaluateWithJsonRulesEngine, prepareCompiled, prepareJsonRulesEngine } from '../bench/evaluators';
import { generateProjects, generateTariffLines, GENERATED_AS_OF } from '../bench/generateRows';
import { HandWrittenRules } from '../bench/handWritten';
import type { Evaluator } from '../src/core/engine/evaluator';
import type { Overrides } from '../src/core/parameters';
import type { Rulebook } from '../src/core/rulebook/model';
import type { Table } from '../src/core/table';
import { loadRulebookFolder } from '../src/io/rulebookFolder';
import { RULEBOOK_DIR } from './support/fixtures';

const ROWS = 3000;
const SCENARIO_ROWS = 300;

let rulebook: Rulebook;
let tables: { projects: Table; lines: Table };

function tablesOf(rb: Rulebook, rows: number, seed = 0): { projects: Table; lines: Table } {
  const us = prepareJsonRulesEngine(rb).calendar('US');
  if (!us) throw new Error('The rulebook has no US calendar');
  return { projects: generateProjects(rows, us, 1 + seed), lines: generateTariffLines(rows, 2 + seed) };
}

async function agreeWithJsonRulesEngine(evaluator: Evaluator, hand: HandWrittenRules, table: Table, what: string): Promise<void> {
  const matched = evaluator.match(table);
  assert.ok(matched.ok, matched.ok ? '' : matched.problem);
  const expected = (await evaluateWithJsonRulesEngine(evaluator, table, matched.match, table.rows, GENERATED_AS_OF)).map(decisionOf);
  const actual = hand.evaluateRows(table, matched.match, GENERATED_AS_OF);
  const agreement = compareDecisions(table, expected, actual, { expected: 'json-rules-engine', actual: 'hand-written' });
  assert.equal(agreement.disagreements, 0, `${what}: ${agreement.disagreements} of ${table.rows.length} rows disagree, first:\n${agreement.examples.join('\n')}`);
}

describe('hand-written rules of the benchmark', function () {
  this.timeout(300_000);

  before(async () => {
    const loaded = await loadRulebookFolder(RULEBOOK_DIR);
    assert.ok(loaded.rulebook, loaded.issues.map((i) => i.message).join('\n'));
    rulebook = loaded.rulebook;
    tables = tablesOf(rulebook, ROWS);
  });

  it('the generator gives the same rows for the same seed, and other rows for another', () => {
    const again = tablesOf(rulebook, ROWS);
    assert.deepEqual(again.lines.rows, tables.lines.rows);
    assert.deepEqual(again.projects.rows, tables.projects.rows);
    assert.notDeepEqual(tablesOf(rulebook, 50, 7).lines.rows, tables.lines.rows.slice(0, 50));
  });

  for (const subject of ['projects', 'lines'] as const) {
    it(`agree with json-rules-engine on ${ROWS} generated ${subject === 'lines' ? 'tariff lines' : 'projects'}`, async () => {
      await agreeWithJsonRulesEngine(prepareJsonRulesEngine(rulebook), HandWrittenRules.prepare(rulebook), tables[subject], `default parameters, ${subject}`);
    });
  }

  it(`agree with json-rules-engine under every scenario (${SCENARIO_ROWS} rows per subject each) and with a --set`, async () => {
    const runs: { name: string; overrides: Overrides }[] = [...rulebook.scenarios.values()].map((s) => ({ name: `scenario ${s.name}`, overrides: { scenario: { name: s.name, definition: s.definition } } }));
    assert.ok(runs.length >= 8, 'the rulebook has its scenarios');
    runs.push({ name: '--set t1.allInRate=0.2 t7.woodCapWithdrawn=true t7.benefitsWithdrawn=true', overrides: { set: { 't1.allInRate': 0.2, 't7.woodCapWithdrawn': true, 't7.benefitsWithdrawn': true } } });
    const small = tablesOf(rulebook, SCENARIO_ROWS, 10);
    for (const run of runs) {
      const evaluator = prepareJsonRulesEngine(rulebook, run.overrides);
      const hand = HandWrittenRules.prepare(rulebook, run.overrides);
      await agreeWithJsonRulesEngine(evaluator, hand, small.projects, `${run.name}, projects`);
      await agreeWithJsonRulesEngine(evaluator, hand, small.lines, `${run.name}, tariff lines`);
    }
  });

  it('the generated rows reach every rule of the rulebook (under the defaults or a scenario) and every status', () => {
    const big = tablesOf(rulebook, 6_000, 20);
    const fired = new Set<string>();
    const statuses = new Set<string>();
    const runs: Overrides[] = [{}, ...[...rulebook.scenarios.values()].map((s) => ({ scenario: { name: s.name, definition: s.definition } })),
      { set: { 't7.woodCapWithdrawn': true, 't7.benefitsWithdrawn': true } }, { set: { 't2.autosExemptFromMetalsDuties': false, 't4.naturalResourcesZeroRated': true } }];
    for (const overrides of runs) {
      const hand = HandWrittenRules.prepare(rulebook, overrides);
      for (const table of [big.projects, big.lines]) {
        const matched = prepareJsonRulesEngine(rulebook).match(table);
        assert.ok(matched.ok);
        for (const d of hand.evaluateRows(table, matched.match, GENERATED_AS_OF)) {
          d.rules.forEach((r) => fired.add(r));
          statuses.add(`${matched.match.subject.name}:${d.subjectStatus}`);
        }
      }
    }
    const missing = rulebook.rules.map((r) => r.definition.id).filter((id) => !fired.has(id));
    assert.deepEqual(missing, [], `rules no generated row fires: ${missing.join(', ')}`);
    const words = [...rulebook.subjects.values()].flatMap((s) => [...s.statuses.all.map((w) => `${s.name}:${w.word}`)]);
    assert.deepEqual(words.filter((w) => !statuses.has(w)), [], 'statuses no generated row gets');
  });

  it('agree with the compiled evaluator on the same rows, when it exists', async function () {
    const compiled = prepareCompiled(rulebook);
    if (!compiled.available) {
      this.skip(); // the compiled evaluator is not on this branch yet
      return;
    }
    const hand = HandWrittenRules.prepare(rulebook);
    for (const table of [tables.projects, tables.lines]) {
      const matched = prepareJsonRulesEngine(rulebook).match(table);
      assert.ok(matched.ok);
      const expected = (await compiled.evaluate(table, matched.match, table.rows, GENERATED_AS_OF)).map(decisionOf);
      const agreement = compareDecisions(table, expected, hand.evaluateRows(table, matched.match, GENERATED_AS_OF), { expected: 'compiled', actual: 'hand-written' });
      assert.equal(agreement.disagreements, 0, `${agreement.disagreements} rows disagree, first:\n${agreement.examples.join('\n')}`);
    }
  });
});
