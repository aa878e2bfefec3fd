/**
 * `{ "output": name, "if": { parameter: value } }` in a subject's output formulas: the output as it
 * would be for the row with those parameters set otherwise (on top of the run's own scenario and
 * --set), every rule evaluated again. Tested on an in-memory copy of the real rulebook with one
 * output added: the total rate the line would have if the all-in rate were 20%.
 */
import assert from 'node:assert/strict';
import { Evaluator } from '../src/core/engine/evaluator';
import { loadRulebook, type RulebookFile } from '../src/core/rulebook/load';
import type { Rulebook } from '../src/core/rulebook/model';
import { oneRowTable } from '../src/core/table';
import { edit, FOLDER, realRulebookFiles } from './support/fixtures';

const ANCHOR = '"exemptionHeading": {';
const outputAt20 = (ifPart: string) => `"totalRateAt20": { "type": "rate", "title": "Total rate at a 20% all-in rate", "value": { "output": "totalRate", "if": ${ifPart} } },\n        ${ANCHOR}`;

async function rulebookWith(files: RulebookFile[]): Promise<Rulebook> {
  const loaded = await loadRulebook(FOLDER, files);
  assert.ok(loaded.rulebook, loaded.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`).join('\n'));
  return loaded.rulebook;
}

async function outputsOf(rb: Rulebook, row: Record<string, string>, overrides: Parameters<typeof Evaluator.prepare>[1] = {}) {
  const prepared = Evaluator.prepare(rb, overrides);
  if (!prepared.ok) assert.fail(prepared.problems.join('\n'));
  const table = oneRowTable('test', Object.entries(row));
  const matched = prepared.evaluator.match(table);
  if (!matched.ok) assert.fail(matched.problem);
  return (await prepared.evaluator.traceRow(table, matched.match, table.rows[0]!, '2026-11-22')).result;
}

const line = (category: string, rate: string, entry: string) => ({ 'HTS code': '8481.80.50', 'Country of origin': 'Japan', Category: category, 'Column 1 rate': rate, 'Entry date': entry });

describe('{ "output", "if" }: an output under other parameter values', () => {
  let rb: Rulebook;
  before(async () => {
    rb = await rulebookWith(edit(realRulebookFiles(), 'subjects.json', ANCHOR, outputAt20('{ "t1.allInRate": 0.2 }')).files);
  });

  it('gives the output the rules would set with the parameter changed, beside the run\'s own', async () => {
    const r = await outputsOf(rb, line('general', '2.5%', '2025-10-01'));
    assert.equal(r.outputs.totalRate, 0.15);
    assert.equal(r.outputs.totalRateAt20, 0.2);
  });

  it('reads the run\'s own output when the run already has that value', async () => {
    const r = await outputsOf(rb, line('general', '2.5%', '2025-10-01'), { set: { 't1.allInRate': 0.2 } });
    assert.deepEqual([r.outputs.totalRate, r.outputs.totalRateAt20], [0.2, 0.2]);
    const lower = await outputsOf(rb, line('general', '2.5%', '2025-10-01'), { set: { 't1.allInRate': 0.1 } });
    assert.deepEqual([lower.outputs.totalRate, lower.outputs.totalRateAt20], [0.1, 0.2]);
  });

  it('keeps the run\'s scenario: a zero-rated generic stays zero-rated at 20%', async () => {
    const generic = line('generic-pharmaceutical', '0%', '2025-10-01');
    const base = await outputsOf(rb, generic);
    assert.deepEqual([base.outputs.totalRate, base.outputs.totalRateAt20], [0.15, 0.2]);
    const scenario = rb.scenarios.get('zero-rate-generics')!;
    const r = await outputsOf(rb, generic, { scenario: { name: scenario.name, definition: scenario.definition } });
    assert.deepEqual([r.outputs.totalRate, r.outputs.totalRateAt20], [0, 0]);
  });

  it('outside the parameter\'s dates the value is what the rules give there (no rate before 2025-08-07: the baseline)', async () => {
    const r = await outputsOf(rb, line('general', '2.5%', '2025-08-06'));
    assert.deepEqual([r.outputs.totalRate, r.outputs.totalRateAt20], [0.125, 0.125]);
  });

  it('the checker names an unknown parameter, a value of the wrong kind, and an "if" outside output formulas', async () => {
    const messages = async (files: RulebookFile[]) => (await loadRulebook(FOLDER, files)).issues.filter((i) => i.severity === 'error').map((i) => i.message);
    const unknown = await messages(edit(realRulebookFiles(), 'subjects.json', ANCHOR, outputAt20('{ "t1.allInRat": 0.2 }')).files);
    assert.equal(unknown.length, 1, unknown.join('\n'));
    assert.match(unknown[0]!, /There is no parameter "t1\.allInRat".*Did you mean "t1\.allInRate"\?/);
    const wrongKind = await messages(edit(realRulebookFiles(), 'subjects.json', ANCHOR, outputAt20('{ "t1.allInRate": "twenty" }')).files);
    assert.deepEqual(wrongKind, ['t1.allInRate is a rate, but this is text.']);
    const computed = await messages(edit(realRulebookFiles(), 'rules/tariffs-scope.json', '"withdrawalLimit": {', '"rateAt20": { "subject": "tariffLine", "type": "rate", "title": "x", "clause": { "source": "EO 14345", "section": "§2" }, "value": { "output": "totalRate", "if": { "t1.allInRate": 0.2 } } },\n    "withdrawalLimit": {').files);
    assert.ok(computed.some((m) => m.includes('can only be used in a subject\'s output formulas')), computed.join('\n'));
  });
});
