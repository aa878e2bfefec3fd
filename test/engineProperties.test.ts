/**
 * Property tests of the compiled engine against json-rules-engine, the reference: on random
 * rulebooks (test/support/generatedRulebooks.ts) and random rows, both engines give the same
 * results (status, outputs, findings with their messages, errors), the same facts and the same
 * condition-by-condition reports, and the compiled engine compiles every rule (no notes). Then
 * the fallback: a rule whose operator the compiler does not know is decided by json-rules-engine,
 * named in the notes, with json-rules-engine's answer.
 *
 * The seed is fixed so that a run is repeatable; fast-check prints it (and the shrunk
 * counterexample) on failure. CW_PROPERTY_SEED and CW_PROPERTY_RUNS explore other runs.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Evaluator, type RowTrace } from '../src/core/engine/evaluator';
import type { SubjectMatch } from '../src/core/match';
import { OPERATOR_NAMES } from '../src/core/operators';
import { COMPUTATIONS } from '../src/core/rulebook/expressions';
import type { Condition } from '../src/core/rulebook/expressions';
import { loadRulebook, type RulebookFile } from '../src/core/rulebook/load';
import type { Rulebook } from '../src/core/rulebook/model';
import type { Table } from '../src/core/table';
import { makeTable } from './support/fixtures';
import { putRawForms, rulebookArb, tableArb, type GeneratedRulebook } from './support/generatedRulebooks';

const SEED = Number(process.env.CW_PROPERTY_SEED ?? 20261204);
const RUNS = Number(process.env.CW_PROPERTY_RUNS ?? 1500);
const FALLBACK_RUNS = Math.max(1, Math.round(RUNS / 5));

function prepared(rulebook: Rulebook, engine: 'compiled' | 'json-rules-engine'): Evaluator {
  const p = Evaluator.prepare(rulebook, {}, { engine });
  if (!p.ok) assert.fail(p.problems.join('\n'));
  return p.evaluator;
}

/** What the generated cases covered, so that the property cannot pass on cases that test nothing. */
class Coverage {
  generated = 0;
  accepted = 0;
  rejections: string[] = [];
  rows = 0;
  readonly seen = new Map<string, number>();

  add(what: string): void {
    this.seen.set(what, (this.seen.get(what) ?? 0) + 1);
  }

  /** Every key, operator and shape the raw definitions use. */
  walk(node: unknown): void {
    if (Array.isArray(node)) {
      node.forEach((n) => this.walk(n));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    for (const group of ['all', 'any'] as const) {
      if (Array.isArray(o[group])) this.add(`${group} of ${Math.min((o[group] as unknown[]).length, 2)}`);
    }
    if (typeof o.operator === 'string') {
      this.add(`operator ${o.operator}`);
      if (!('value' in o)) this.add('no value');
      if ('param' in o) this.add('param on the left');
      const v = o.value;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) this.add('fact' in v ? 'fact as value' : 'param as value');
    }
    for (const key of Object.keys(o)) if (key in COMPUTATIONS) this.add(`computation ${key}`);
    if ('output' in o && 'if' in o) this.add('output if');
    if ('param' in o && 'at' in o) this.add('param at');
    if (o.dayType === 'business') this.add('business days');
    for (const v of Object.values(o)) this.walk(v);
  }

  result(trace: RowTrace): void {
    const r = trace.result;
    this.rows++;
    this.add(`status ${r.status}`);
    if (r.errors.some((e) => e.message.includes('both apply and set'))) this.add('output conflict');
    if (r.errors.some((e) => e.message.includes('while computing'))) this.add('evaluation error');
    if (r.errors.some((e) => e.cell !== undefined)) this.add('unreadable cell');
    if (r.findings.some((f) => f.outcome === 'note')) this.add('note finding');
    for (const rr of trace.ruleResults) this.add(rr.result ? 'rule fired' : 'rule not fired');
  }
}

/**
 * Every row, as of every date: the compiled evaluator (traced, at once, in bulk) gives what
 * json-rules-engine gives. `fallback` names the rules the compiler is expected not to compile.
 */
async function compareRows(rulebook: Rulebook, table: Table, asOfs: readonly string[], coverage: Coverage, fallback: readonly string[] = []): Promise<void> {
  const reference = prepared(rulebook, 'json-rules-engine');
  const compiled = prepared(rulebook, 'compiled');
  assert.deepStrictEqual(compiled.notes.map((n) => /^Rule (\S+) \(\S+\) is decided by json-rules-engine, not the compiled engine: ./.exec(n)?.[1] ?? n), [...fallback],
    fallback.length ? 'the notes name the rules json-rules-engine decides' : 'the compiler compiles every rule of a valid rulebook');
  assert.deepStrictEqual(reference.notes, []);
  const matched = compiled.match(table);
  if (!matched.ok) assert.fail(matched.problem);
  const match: SubjectMatch = matched.match;
  assert.equal(compiled.synchronous(match.subject), fallback.length === 0);
  for (const asOf of asOfs) {
    const expected: RowTrace[] = [];
    for (const row of table.rows) {
      const where = `row ${JSON.stringify(row.cells)} as of ${asOf}`;
      const ref = await reference.traceRow(table, match, row, asOf);
      const mine = await compiled.traceRow(table, match, row, asOf);
      assert.deepStrictEqual(mine.result, ref.result, `result, ${where}`);
      assert.deepStrictEqual(mine.ruleResults, ref.ruleResults, `rule reports, ${where}`);
      assert.deepStrictEqual([...mine.facts], [...ref.facts], `facts, ${where}`);
      assert.equal(mine.effectiveDate, ref.effectiveDate, `effective date, ${where}`);
      assert.deepStrictEqual(await compiled.evaluateRow(table, match, row, asOf), ref.result, `compiled evaluateRow, ${where}`);
      if (fallback.length === 0) assert.deepStrictEqual(compiled.evaluateRowNow(table, match, row, asOf), ref.result, `evaluateRowNow, ${where}`);
      else assert.throws(() => compiled.evaluateRowNow(table, match, row, asOf), /need json-rules-engine here/);
      assert.deepStrictEqual(await reference.evaluateRow(table, match, row, asOf), ref.result, `json-rules-engine evaluateRow, ${where}`);
      expected.push(ref);
      coverage.result(ref);
    }
    assert.deepStrictEqual(await compiled.evaluateRows(table, match, table.rows, asOf), expected.map((t) => t.result), `evaluateRows as of ${asOf}`);
    assert.deepStrictEqual(await compiled.evaluateTable(table, match, asOf), expected.map((t) => t.result), `evaluateTable as of ${asOf}`);
  }
}

const REQUIRED_COVERAGE = [
  ...OPERATOR_NAMES.map((o) => `operator ${o}`),
  ...Object.keys(COMPUTATIONS).map((c) => `computation ${c}`),
  'groups 0 deep', 'groups 1 deep', 'groups 2 deep', 'groups 3 deep', 'groups 4 deep', 'all of 0', 'all of 1', 'all of 2', 'any of 0', 'any of 1', 'any of 2', 'no value', 'param on the left', 'fact as value', 'param as value',
  'output if', 'param at', 'business days',
  'status compliant', 'status pending', 'status breach', 'status not-applicable', 'status invalid',
  'output conflict', 'evaluation error', 'unreadable cell', 'note finding', 'rule fired', 'rule not fired',
  ...['text', 'number', 'rate', 'money', 'date', 'enum', 'boolean', 'country'].map((t) => `column ${t}`),
  'subject date column', 'another key column', 'computed values out of order', 'subject statuses', 'defaultStatus', 'priority tie', 'different priorities', 'effective dates', 'parameter gap',
];

/** How many all / any / not groups deep a condition goes. */
function groupDepth(c: unknown): number {
  if (c === null || typeof c !== 'object') return 0;
  const o = c as Record<string, unknown>;
  if (Array.isArray(o.all)) return 1 + Math.max(0, ...o.all.map(groupDepth));
  if (Array.isArray(o.any)) return 1 + Math.max(0, ...o.any.map(groupDepth));
  if ('not' in o) return 1 + groupDepth(o.not);
  return 0;
}

function walkRulebook(g: GeneratedRulebook, coverage: Coverage): void {
  const s = g.skeleton;
  for (const r of g.raw.rules.values()) {
    coverage.walk([r.conditions, r.outputs]);
    coverage.add(`groups ${Math.min(groupDepth(r.conditions), 4)} deep`);
  }
  coverage.walk([...g.raw.computed.values(), ...g.raw.formulas.values()]);
  for (const c of s.columns) coverage.add(`column ${c.type}`);
  if (s.dateColumn) coverage.add('subject date column');
  if (s.key !== 'id') coverage.add('another key column');
  if (s.computed.some((c, i) => c.name !== `c${i + 1}`)) coverage.add('computed values out of order');
  if (s.statuses.words) coverage.add('subject statuses');
  if (s.statuses.defaultStatus) coverage.add('defaultStatus');
  const rules = JSON.parse(g.files.find((f) => f.path === 'rules/generated.json')!.text).rules as { priority?: number; effective?: unknown }[];
  const priorities = rules.map((r) => r.priority ?? 1);
  if (new Set(priorities).size < priorities.length) coverage.add('priority tie');
  if (new Set(priorities).size > 1) coverage.add('different priorities');
  if (rules.some((r) => r.effective)) coverage.add('effective dates');
  if (s.params.some((p) => p.values.some((v) => v.value === null) || p.values[0]!.from > '2025-01-01' || p.values[p.values.length - 1]!.to)) coverage.add('parameter gap');
}

describe('the compiled engine and json-rules-engine on generated rulebooks (property tests)', function () {
  this.timeout(600_000);

  it(`give the same results, facts and condition reports, with every rule compiled (seed ${SEED}, ${RUNS} rulebooks)`, async () => {
    const coverage = new Coverage();
    const cases = rulebookArb.chain((g) => tableArb(g.skeleton).map((t) => [g, t] as const));
    await fc.assert(
      fc.asyncProperty(cases, async ([g, { table, asOfs }]) => {
        coverage.generated++;
        const loaded = await loadRulebook('generated', g.files);
        if (!loaded.rulebook) {
          const errors = loaded.issues.filter((i) => i.severity === 'error').map((i) => `${i.file}:${i.line}:${i.column} ${i.message}`);
          if (coverage.rejections.length < 5) coverage.rejections.push(errors.join('\n'));
          fc.pre(false);
          return;
        }
        coverage.accepted++;
        putRawForms(loaded.rulebook, g);
        walkRulebook(g, coverage);
        await compareRows(loaded.rulebook, table, asOfs, coverage);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const rate = coverage.accepted / coverage.generated;
    console.log(`      ${coverage.accepted} of ${coverage.generated} generated rulebooks loaded (${(rate * 100).toFixed(1)}%), ${coverage.rows} rows compared`);
    assert.ok(rate >= 0.9, `only ${(rate * 100).toFixed(1)}% of generated rulebooks load; first rejections:\n${coverage.rejections.join('\n---\n')}`);
    if (process.env.CW_PROPERTY_COVERAGE) console.log([...coverage.seen].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
    const missing = REQUIRED_COVERAGE.filter((w) => !coverage.seen.has(w));
    assert.deepEqual(missing, [], `the generated cases never had: ${missing.join(', ')}`);
  });

  it(`decide a rule whose operator the compiler does not know (json-rules-engine's "not:" and "swap:" decorators) with json-rules-engine, and say so in the notes (${FALLBACK_RUNS} rulebooks)`, async () => {
    const coverage = new Coverage();
    const cases = rulebookArb.chain((g) => fc.tuple(fc.constant(g), tableArb(g.skeleton), fc.nat(), fc.constantFrom('not', 'swap')));
    await fc.assert(
      fc.asyncProperty(cases, async ([g, { table, asOfs }, pick, decorator]) => {
        const loaded = await loadRulebook('generated', g.files);
        fc.pre(loaded.rulebook !== undefined);
        const rulebook = loaded.rulebook!;
        putRawForms(rulebook, g);
        const withLeaf = rulebook.rules.filter((r) => firstLeaf(r.definition.conditions) !== undefined);
        fc.pre(withLeaf.length > 0);
        const rule = withLeaf[pick % withLeaf.length]!;
        const conditions = structuredClone(rule.definition.conditions) as Condition;
        const leaf = firstLeaf(conditions)!;
        leaf.operator = `${decorator}:${leaf.operator}`;
        rule.definition = { ...rule.definition, conditions };
        walkRulebook(g, coverage);
        await compareRows(rulebook, table, asOfs, coverage, [rule.definition.id]);
      }),
      { seed: SEED, numRuns: FALLBACK_RUNS },
    );
    for (const w of ['rule fired', 'rule not fired', 'status invalid', 'output if', 'output conflict', 'note finding']) assert.ok(coverage.seen.has(w), `the fallback cases never had: ${w}`);
  });
});

/** The first comparison in a condition (depth first), to be changed in place. */
function firstLeaf(c: Condition): { operator: string } | undefined {
  if ('all' in c) return c.all.map(firstLeaf).find((x) => x !== undefined);
  if ('any' in c) return c.any.map(firstLeaf).find((x) => x !== undefined);
  if ('not' in c) return firstLeaf(c.not);
  return c as { operator: string };
}

describe('a rule the compiler cannot compile is decided by json-rules-engine', () => {
  const files = (): RulebookFile[] => [
    { path: 'rulebook.json', text: JSON.stringify({ id: 'fallback', title: 'Fallback', version: '1.0.0', sources: { S: { title: 'Source' } } }) },
    { path: 'parameters.json', text: JSON.stringify({
      parameters: {
        cap: { title: 'Cap', description: 'The rate cap.', type: 'rate', values: [{ from: '2025-01-01', value: 0.15, citation: { source: 'S', section: '§1' } }] },
        origins: { title: 'Origins', description: 'Origins reached.', type: 'list', values: [{ from: '2025-01-01', value: ['JP', 'US'], citation: { source: 'S', section: '§1' } }] },
      },
    }) },
    {
      path: 'subjects.json',
      text: JSON.stringify({
        subjects: {
          line: {
            title: 'Lines', key: 'id',
            columns: { id: { header: 'ID', type: 'text', required: true }, rate: { header: 'Rate', type: 'rate' }, origin: { header: 'Origin', type: 'country' } },
            outputs: { duty: { type: 'rate', title: 'Duty' } },
          },
        },
      }),
    },
    {
      path: 'rules/lines.json',
      text: JSON.stringify({
        rules: [
          { id: 'L.japanese', title: 'Japanese', subject: 'line', clause: { source: 'S', section: '§1' }, conditions: { all: [{ fact: 'origin', operator: 'equal', value: 'JP' }] }, outcome: 'compliant', message: 'Japanese line at {rate}.', outputs: { duty: { param: 'cap' } } },
          { id: 'L.above-cap', title: 'Above the cap', subject: 'line', clause: { source: 'S', section: '§2' }, priority: 2, conditions: { all: [{ fact: 'rate', operator: 'lessThan', value: { param: 'cap' } }] }, outcome: 'breach', message: 'The rate {rate} is above {param:cap}.', outputs: { duty: { fact: 'rate' } } },
        ],
      }),
    },
  ];
  const rows = makeTable(['ID', 'Rate', 'Origin'], [['a', '20%', 'JP'], ['b', '10%', 'JP'], ['c', '20%', 'US'], ['d', '', 'Japan'], ['e', '15%', '']]);

  /** The rulebook with L.above-cap's conditions replaced (by ones the checker would refuse). */
  async function rulebookWith(conditions: Condition): Promise<Rulebook> {
    const loaded = await loadRulebook('fallback', files());
    assert.ok(loaded.rulebook, loaded.issues.map((i) => i.message).join('\n'));
    const rule = loaded.rulebook.rules.find((r) => r.definition.id === 'L.above-cap')!;
    rule.definition = { ...rule.definition, conditions };
    return loaded.rulebook;
  }
  const aboveCap = (operator: string): Condition => ({ all: [{ fact: 'rate', operator, value: { param: 'cap' } }] });

  it('an operator json-rules-engine knows (swap:lessThan, the cap below the rate): named in the notes, the same answers as json-rules-engine', async () => {
    const rulebook = await rulebookWith(aboveCap('swap:lessThan'));
    const compiled = prepared(rulebook, 'compiled');
    assert.deepStrictEqual(compiled.notes, ['Rule L.above-cap (line) is decided by json-rules-engine, not the compiled engine: the operator "swap:lessThan" is not one the compiler knows.']);
    await compareRows(rulebook, rows, ['2025-06-01'], new Coverage(), ['L.above-cap']);
    // json-rules-engine's decorator did decide it: the cap is less than the rate on rows a and c only.
    const matched = compiled.match(rows);
    if (!matched.ok) assert.fail(matched.problem);
    const results = await compiled.evaluateTable(rows, matched.match, '2025-06-01');
    assert.deepStrictEqual(results.map((r) => [r.key, r.subjectStatus, r.findings.map((f) => f.rule), r.errors.map((e) => e.message)]), [
      ['a', 'invalid', ['L.above-cap', 'L.japanese'], ['Rules L.above-cap and L.japanese both apply and set duty differently (0.2 and 0.15): make their conditions exclusive.']],
      ['b', 'compliant', ['L.japanese'], []],
      ['c', 'breach', ['L.above-cap'], []],
      ['d', 'compliant', ['L.japanese'], []],
      ['e', 'not-applicable', [], []],
    ]);
    assert.equal(results[2]!.findings[0]!.message, 'The rate 20% is above 15%.');
  });

  it('an operator neither engine knows: both engines reject the row with json-rules-engine\'s error', async () => {
    const rulebook = await rulebookWith(aboveCap('approximately'));
    const reference = prepared(rulebook, 'json-rules-engine');
    const compiled = prepared(rulebook, 'compiled');
    assert.deepStrictEqual(compiled.notes, ['Rule L.above-cap (line) is decided by json-rules-engine, not the compiled engine: the operator "approximately" is not one the compiler knows.']);
    const matched = compiled.match(rows);
    if (!matched.ok) assert.fail(matched.problem);
    const row = rows.rows[0]!;
    const referenceError = await reference.traceRow(rows, matched.match, row, '2025-06-01').then(() => undefined, (err: Error) => err);
    assert.ok(referenceError instanceof Error, 'json-rules-engine rejects the unknown operator');
    assert.match(referenceError.message, /Unknown operator: approximately/);
    for (const run of [() => compiled.traceRow(rows, matched.match, row, '2025-06-01'), () => compiled.evaluateRow(rows, matched.match, row, '2025-06-01'), () => compiled.evaluateRows(rows, matched.match, rows.rows, '2025-06-01')]) {
      await assert.rejects(run, (err: Error) => err.constructor === referenceError.constructor && err.message === referenceError.message);
    }
    assert.throws(() => compiled.evaluateRowNow(rows, matched.match, row, '2025-06-01'), /need json-rules-engine here/);
  });

  it('a "param:" fact written as a fact name: a parameter only when some condition of the subject names it with { param }, as json-rules-engine is handed it', async () => {
    const mentionsJapan: Condition = { all: [{ fact: 'param:origins', operator: 'contains', value: 'JP' } as never, { fact: 'origin', operator: 'equal', value: 'US' }] };
    // No condition names { param: "origins" }: json-rules-engine has no such fact, so the rule never applies.
    const alone = await rulebookWith(mentionsJapan);
    assert.deepStrictEqual(prepared(alone, 'compiled').notes, []);
    await compareRows(alone, rows, ['2025-06-01'], new Coverage(), []);
    const matchedAlone = prepared(alone, 'compiled').match(rows);
    if (!matchedAlone.ok) assert.fail(matchedAlone.problem);
    assert.ok((await prepared(alone, 'compiled').evaluateTable(rows, matchedAlone.match, '2025-06-01')).every((r) => !r.findings.some((f) => f.rule === 'L.above-cap')));
    // With { param: "origins" } named elsewhere, the fact is the parameter's value: row c (US) meets it.
    const named = await rulebookWith({ all: [{ param: 'origins', operator: 'isNotEmpty' }, ...(mentionsJapan as { all: Condition[] }).all] });
    await compareRows(named, rows, ['2025-06-01'], new Coverage(), []);
    const compiled = prepared(named, 'compiled');
    const matched = compiled.match(rows);
    if (!matched.ok) assert.fail(matched.problem);
    assert.deepStrictEqual((await compiled.evaluateTable(rows, matched.match, '2025-06-01')).map((r) => r.findings.some((f) => f.rule === 'L.above-cap')), [false, false, true, false, false]);
  });

  it('a { fact } value with a path (json-rules-engine reads the path into the fact): named in the notes, the same answers as json-rules-engine', async () => {
    const rulebook = await rulebookWith({ all: [{ param: 'origins', operator: 'isNotEmpty' }, { fact: 'origin', operator: 'equal', value: { fact: 'param:origins', path: '$[1]' } as never }] });
    const compiled = prepared(rulebook, 'compiled');
    assert.deepStrictEqual(compiled.notes, ['Rule L.above-cap (line) is decided by json-rules-engine, not the compiled engine: a condition\'s { "fact" } value has "path", which the compiler does not handle.']);
    await compareRows(rulebook, rows, ['2025-06-01'], new Coverage(), ['L.above-cap']);
    const matched = compiled.match(rows);
    if (!matched.ok) assert.fail(matched.problem);
    // The path picks US, the list's second item: the rule fires on row c only.
    assert.deepStrictEqual((await compiled.evaluateTable(rows, matched.match, '2025-06-01')).map((r) => r.findings.map((f) => f.rule)), [['L.japanese'], ['L.japanese'], ['L.above-cap'], ['L.japanese'], []]);
  });
});
