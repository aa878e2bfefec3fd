/**
 * Parameter reach (checkParameterReach.ts): a warning, at file:line:column, when a rule can apply on
 * dates where a parameter it reads has no value — the parameter starts after the rule, or stops
 * before it — read directly or through computed values; none for "at" reads, explicit null
 * periods, or rules without an effective.from (for the start). Built on a small rulebook in memory.
 */
import assert from 'node:assert/strict';
import { PARAMETER_GAP } from '../src/core/rulebook/checkParameterReach';
import type { Issue } from '../src/core/rulebook/issues';
import { loadRulebook, type LoadResult, type RulebookFile } from '../src/core/rulebook/load';
import { position } from './support/fixtures';

const FOLDER = 'mini';
const cite = { source: 'EO', section: '§1' };

interface Value { from: string; to?: string; value: unknown }

const typeOf = (v: unknown) => (typeof v === 'boolean' ? 'boolean' : typeof v === 'string' ? 'date' : 'rate');

/** A one-subject rulebook: `tariffLine` rows dated by their entry date, parameters and rules as given. */
function rulebookFiles(options: {
  parameters: Record<string, Value[]>;
  rules: unknown[];
  computed?: Record<string, unknown>;
  scenarios?: Record<string, unknown>;
}): RulebookFile[] {
  const parameters = Object.fromEntries(Object.entries(options.parameters).map(([name, values]) => [name, {
    title: name, description: `The parameter ${name}.`, type: typeOf(values.find((v) => v.value !== null)?.value),
    values: values.map((v) => ({ ...v, citation: cite })),
  }]));
  const computed = Object.fromEntries(Object.entries(options.computed ?? {}).map(([name, value]) => [name, {
    subject: 'tariffLine', type: 'boolean', title: name, clause: cite, value,
  }]));
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return [
    { path: 'rulebook.json', text: json({ id: 'mini', title: 'Mini', version: '1.0.0', sources: { EO: { title: 'An order' } } }) },
    { path: 'subjects.json', text: json({ subjects: { tariffLine: {
      title: 'Tariff line', key: 'line', date: 'entryDate',
      columns: { line: { header: 'Line', type: 'text' }, entryDate: { header: 'Entry date', type: 'date' }, category: { header: 'Category', type: 'text' } },
      outputs: { totalRate: { type: 'rate', title: 'Total rate' } },
    } } }) },
    { path: 'parameters.json', text: json({ parameters }) },
    { path: 'rules/r.json', text: json({ ...(options.computed ? { computed } : {}), rules: options.rules }) },
    ...Object.entries(options.scenarios ?? {}).map(([name, s]) => ({ path: `scenarios/${name}.json`, text: json({ title: name, description: name, ...(s as object) }) })),
  ];
}

const rule = (id: string, effective: { from?: string; to?: string } | undefined, conditions: unknown, extra: Record<string, unknown> = {}) => ({
  id, title: id, subject: 'tariffLine', clause: cite, ...(effective ? { effective } : {}), conditions, outcome: 'compliant', message: 'Applies.', ...extra,
});
const switchOn = (param: string) => ({ all: [{ param, operator: 'equal', value: true }] });

const gaps = (r: LoadResult): Issue[] => r.issues.filter((i) => i.code === PARAMETER_GAP);
const where = (i: Issue) => `${i.file}:${i.line}:${i.column} ${JSON.stringify(i.path)} ${i.message}`;

async function load(files: RulebookFile[]): Promise<LoadResult> {
  const result = await loadRulebook(FOLDER, files);
  assert.deepEqual(result.issues.filter((i) => i.severity === 'error').map(where), [], 'the test rulebook must have no error');
  assert.ok(result.rulebook, 'warnings never stop a rulebook from loading');
  return result;
}

/** 1-based position of the `nth` occurrence of `token` in the file at `path`. */
function at(files: RulebookFile[], path: string, token: string, nth = 0): { line: number; column: number } {
  const text = files.find((f) => f.path === path)!.text;
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(token, offset + 1);
  assert.ok(offset >= 0, `${token} not in ${path}`);
  return position(text, offset);
}

describe('parameter reach warnings (a rule applying where a parameter has no value)', () => {
  it('a rule effective from 2025-08-07 reading a parameter that starts 2025-09-04: one warning at the rule\'s effective.from', async () => {
    const files = rulebookFiles({
      parameters: { 't4.genericsZeroRated': [{ from: '2025-09-04', value: false }] },
      rules: [rule('T4.zero-rated', { from: '2025-08-07', to: '2026-02-23' }, switchOn('t4.genericsZeroRated'))],
    });
    const result = await load(files);
    const found = gaps(result);
    assert.equal(found.length, 1, found.map(where).join('\n'));
    const w = found[0]!;
    assert.equal(w.severity, 'warning');
    assert.equal(w.file, `${FOLDER}/rules/r.json`);
    assert.deepEqual(w.path, ['rules', 0, 'effective', 'from']);
    assert.deepEqual({ line: w.line, column: w.column }, at(files, 'rules/r.json', '"from": "2025-08-07"'));
    for (const words of [
      'The rule "T4.zero-rated" applies from 2025-08-07', 'the parameter "t4.genericsZeroRated" it reads has a value only from 2025-09-04',
      'For rows with an entry date from 2025-08-07 to 2025-09-03 the rule sees an empty value',
      'a scenario or --set that changes "t4.genericsZeroRated" does not reach them',
      "Start the parameter's first value on 2025-08-07", 'or start the rule on 2025-09-04',
      'add a period { "from": "2025-08-07", "to": "2025-09-03", "value": null, … } to the parameter',
    ]) assert.ok(w.message.includes(words), `message lacks ${JSON.stringify(words)}: ${w.message}`);
  });

  it('the same through a computed value, and through a computed value that reads another', async () => {
    const files = rulebookFiles({
      parameters: { a: [{ from: '2025-09-04', value: false }], b: [{ from: '2025-09-04', value: false }] },
      computed: {
        aOn: { choose: [{ when: switchOn('a'), then: true }], otherwise: false },
        bOn: { coalesce: [{ fact: 'bInner' }] },
        bInner: { choose: [{ when: switchOn('b'), then: true }], otherwise: false },
      },
      rules: [
        rule('R.direct-computed', { from: '2025-08-07' }, { all: [{ fact: 'aOn', operator: 'equal', value: true }] }),
        rule('R.output-computed', { from: '2025-08-07' }, { all: [{ fact: 'category', operator: 'equal', value: 'x' }] }, { outputs: { totalRate: { choose: [{ when: { fact: 'bOn', operator: 'equal', value: true }, then: 0 }], otherwise: 0.1 } } }),
      ],
    });
    const found = gaps(await load(files));
    assert.deepEqual(found.map((i) => i.path), [['rules', 0, 'effective', 'from'], ['rules', 1, 'effective', 'from']], found.map(where).join('\n'));
    assert.ok(found[0]!.message.includes('the parameter "a" it reads (through the computed value "aOn") has a value only from 2025-09-04'), found[0]!.message);
    assert.ok(found[1]!.message.includes('the parameter "b" it reads (through the computed values "bOn" → "bInner") has a value only from 2025-09-04'), found[1]!.message);
  });

  it('a parameter shown in the message ({param:name}) counts as read', async () => {
    const files = rulebookFiles({
      parameters: { rate: [{ from: '2025-09-04', value: 0.15 }] },
      rules: [rule('R.message', { from: '2025-08-07' }, { all: [{ fact: 'category', operator: 'equal', value: 'x' }] }, { message: 'Rate {param:rate}.' })],
    });
    assert.equal(gaps(await load(files)).length, 1);
  });

  it('no warning when the parameter starts on the rule\'s date or before it', async () => {
    for (const from of ['2025-08-07', '2025-01-01']) {
      const files = rulebookFiles({
        parameters: { s: [{ from, value: false }] },
        rules: [rule('R', { from: '2025-08-07', to: '2026-02-23' }, switchOn('s'))],
      });
      assert.deepEqual(gaps(await load(files)).map(where), [], `parameter from ${from}`);
    }
  });

  it('no warning when the gap is written as an explicit null period', async () => {
    const files = rulebookFiles({
      parameters: { s: [{ from: '2025-08-07', to: '2025-09-03', value: null }, { from: '2025-09-04', value: false }] },
      rules: [rule('R', { from: '2025-08-07' }, switchOn('s'))],
    });
    assert.deepEqual(gaps(await load(files)).map(where), []);
  });

  it('no warning for a parameter read with "at" (but the "at" expression itself is read at the row\'s date)', async () => {
    const atFixed = rulebookFiles({
      parameters: { rate: [{ from: '2025-09-04', value: 0.15 }] },
      rules: [rule('R', { from: '2025-08-07' }, { all: [{ fact: 'category', operator: 'equal', value: 'x' }] }, { outputs: { totalRate: { param: 'rate', at: '2025-09-04' } } })],
    });
    assert.deepEqual(gaps(await load(atFixed)).map(where), []);
    const atComputed = rulebookFiles({
      parameters: { s: [{ from: '2025-09-04', value: false }] },
      computed: { sOnLater: { coalesce: [{ param: 's', at: '2025-09-04' }] } },
      rules: [rule('R', { from: '2025-08-07' }, { all: [{ fact: 'sOnLater', operator: 'equal', value: true }] })],
    });
    assert.deepEqual(gaps(await load(atComputed)).map(where), []);
    const atFromParam = rulebookFiles({
      parameters: { rate: [{ from: '2025-09-04', value: 0.15 }], day: [{ from: '2025-09-04', value: '2025-09-04' }] },
      rules: [rule('R', { from: '2025-08-07' }, { all: [{ fact: 'category', operator: 'equal', value: 'x' }] }, { outputs: { totalRate: { param: 'rate', at: { param: 'day' } } } })],
    });
    const found = gaps(await load(atFromParam));
    assert.equal(found.length, 1, found.map(where).join('\n'));
    assert.ok(found[0]!.message.includes('the parameter "day" it reads'), found[0]!.message);
  });

  it('no start warning for a rule without effective.from (its conditions decide its reach)', async () => {
    const files = rulebookFiles({
      parameters: { s: [{ from: '2025-09-04', value: false }] },
      rules: [rule('R.no-dates', undefined, switchOn('s')), rule('R.to-only', { to: '2026-01-01' }, switchOn('s'))],
    });
    assert.deepEqual(gaps(await load(files)).map(where), []);
  });

  it('a rule that ends before the parameter starts: the whole rule is in the gap, and starting the rule later is not offered', async () => {
    const files = rulebookFiles({
      parameters: { s: [{ from: '2025-09-04', value: false }] },
      rules: [rule('R', { from: '2025-08-07', to: '2025-08-31' }, switchOn('s'))],
    });
    const [w] = gaps(await load(files));
    assert.ok(w && w.message.includes('from 2025-08-07 to 2025-08-31 the rule sees an empty value'), w?.message);
    assert.ok(!w.message.includes('start the rule on'), w.message);
  });

  describe('the end', () => {
    const stops: Value[] = [{ from: '2025-01-01', to: '2026-02-23', value: 0.15 }];

    it('a rule with no "to" reading a parameter whose values stop: at the parameter\'s last "to"', async () => {
      const files = rulebookFiles({ parameters: { rate: stops }, rules: [rule('R', { from: '2025-08-07' }, { all: [{ param: 'rate', operator: 'greaterThan', value: 0 }] })] });
      const found = gaps(await load(files));
      assert.equal(found.length, 1, found.map(where).join('\n'));
      const w = found[0]!;
      assert.equal(w.file, `${FOLDER}/parameters.json`);
      assert.deepEqual(w.path, ['parameters', 'rate', 'values', 0, 'to']);
      assert.deepEqual({ line: w.line, column: w.column }, at(files, 'parameters.json', '"to": "2026-02-23"'));
      for (const words of ['The rule "R" has no end date', 'has no value after 2026-02-23', 'from 2026-02-24 on the rule sees an empty value', 'or end the rule on 2026-02-23', '{ "from": "2026-02-24", "value": null, … }']) {
        assert.ok(w.message.includes(words), `message lacks ${JSON.stringify(words)}: ${w.message}`);
      }
    });

    it('a rule ending after the parameter: at the rule\'s effective.to; none when the rule ends with it or an open null period follows', async () => {
      const late = rulebookFiles({ parameters: { rate: stops }, rules: [rule('R', { from: '2025-08-07', to: '2026-03-31' }, { all: [{ param: 'rate', operator: 'greaterThan', value: 0 }] })] });
      const found = gaps(await load(late));
      assert.deepEqual(found.map((i) => i.path), [['rules', 0, 'effective', 'to']]);
      assert.deepEqual({ line: found[0]!.line, column: found[0]!.column }, at(late, 'rules/r.json', '"to": "2026-03-31"'));
      assert.ok(found[0]!.message.includes('from 2026-02-24 to 2026-03-31 the rule sees an empty value'), found[0]!.message);

      const same = rulebookFiles({ parameters: { rate: stops }, rules: [rule('R', { from: '2025-08-07', to: '2026-02-23' }, { all: [{ param: 'rate', operator: 'greaterThan', value: 0 }] })] });
      assert.deepEqual(gaps(await load(same)).map(where), []);
      const nullAfter = rulebookFiles({ parameters: { rate: [...stops, { from: '2026-02-24', value: null }] }, rules: [rule('R', { from: '2025-08-07' }, { all: [{ param: 'rate', operator: 'greaterThan', value: 0 }] })] });
      assert.deepEqual(gaps(await load(nullAfter)).map(where), []);
    });
  });

  describe('scenarios', () => {
    const base = { s: [{ from: '2025-09-04', value: false }] };
    const rules = [rule('R.one', { from: '2025-08-07' }, switchOn('s')), rule('R.two', { from: '2025-08-07' }, switchOn('s'))];

    it('a scenario that sets the parameter: one warning at its "set" entry naming the rules it does not reach', async () => {
      const files = rulebookFiles({ parameters: base, rules, scenarios: { 'switch-on': { set: { s: true } } } });
      const found = gaps(await load(files)).filter((i) => i.file === `${FOLDER}/scenarios/switch-on.json`);
      assert.equal(found.length, 1, found.map(where).join('\n'));
      const w = found[0]!;
      assert.deepEqual(w.path, ['set', 's']);
      assert.deepEqual({ line: w.line, column: w.column }, at(files, 'scenarios/switch-on.json', '"s"'));
      for (const words of ['This scenario changes "s"', 'start only on 2025-09-04', 'the rules "R.one" and "R.two"', 'from 2025-08-07 to 2025-09-03', 'this scenario does not reach them']) {
        assert.ok(w.message.includes(words), `message lacks ${JSON.stringify(words)}: ${w.message}`);
      }
    });

    it('a scenario with its own "values": warns when they start after the rule, not when they cover it', async () => {
      const later = rulebookFiles({ parameters: base, rules, scenarios: { own: { values: { s: [{ from: '2025-09-10', value: true, citation: cite }] } } } });
      const found = gaps(await load(later)).filter((i) => i.file === `${FOLDER}/scenarios/own.json`);
      assert.deepEqual(found.map((i) => i.path), [['values', 's', 0, 'from']], found.map(where).join('\n'));
      assert.ok(found[0]!.message.includes("this scenario's values for it start only on 2025-09-10"), found[0]!.message);

      const covering = rulebookFiles({ parameters: base, rules, scenarios: { own: { values: { s: [{ from: '2025-08-07', value: true, citation: cite }] } } } });
      assert.deepEqual(gaps(await load(covering)).filter((i) => i.file === `${FOLDER}/scenarios/own.json`).map(where), []);
    });
  });

  it('warnings come after errors, in position order', async () => {
    const files = rulebookFiles({
      parameters: { s: [{ from: '2025-09-04', value: false }] },
      rules: [rule('R', { from: '2025-08-07' }, switchOn('s')), rule('R.bad', undefined, { all: [{ fact: 'categry', operator: 'equal', value: 'x' }] })],
    });
    const result = await loadRulebook(FOLDER, files);
    assert.equal(result.rulebook, undefined);
    assert.deepEqual(result.issues.map((i) => i.severity), ['error', 'warning'], result.issues.map(where).join('\n'));
  });
});
