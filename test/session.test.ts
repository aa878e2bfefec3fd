/**
 * The app session the task pane and the standalone page share: evaluation with a remembered
 * column mapping, totals such as money at risk, what-if overrides, row re-evaluation and the
 * structured explanation.
 */
import assert from 'node:assert/strict';
import { applyMapping, mappingOf, Session } from '../src/app/session';
import { makeBundle, readBundle } from '../src/core/rulebook/bundle';
import { loadRulebook } from '../src/core/rulebook/load';
import { readRulebookFiles } from '../src/io/rulebookFolder';
import type { Table } from '../src/core/table';
import { RULEBOOK_DIR } from './support/fixtures';

function projects(): Table {
  const headers = ['Project name', 'Stage', 'Selection notice date', 'Funded date', 'Size', 'Comment'];
  const rows: (string | number | null)[][] = [
    ['Alpha', 'selected', '2026-02-17', null, '2.1 billion', 'x'],
    ['Beta', 'funded', '2026-02-17', '2026-04-10', 33e9, null],
    ['Gamma', 'selected', '2026-03-19', null, '40bn', null],
    ['Delta', 'candidate', null, null, '100 billion', null],
  ];
  return { source: 'test', headerRow: 1, headers, date1904: false, rows: rows.map((cells, i) => ({ row: i + 1, sourceRow: i + 2, cells })) };
}

async function open(asOf = '2026-04-30'): Promise<Session> {
  const opened = await Session.open('us-japan-2025', await readRulebookFiles(RULEBOOK_DIR), asOf);
  assert.ok(opened.ok);
  return opened.session;
}

describe('app session', () => {
  it('matches by headers, evaluates, and totals the money at risk per status', async () => {
    const session = await open();
    const table = projects();
    const matched = session.match(table);
    assert.ok(matched.ok);
    assert.equal(matched.match.subject.name, 'project');
    const { results, report } = await session.evaluate(table, matched.match);
    assert.deepEqual(results.map((r) => r.status), ['breach', 'compliant', 'pending', 'not-applicable']);
    const totals = Object.fromEntries(report.summary.totals.map((t) => [t.title, t.value]));
    assert.equal(totals['Amount of projects in breach'], 2.1e9);
    assert.equal(totals['Amount of projects pending'], 40e9);
  });

  it('an edited mapping is applied and can be remembered and re-applied', async () => {
    const session = await open();
    const table = projects();
    const matched = session.match(table);
    assert.ok(matched.ok);
    const mapping = mappingOf(matched.match, table.headers);
    assert.equal(mapping.project, 'Project name');
    assert.equal(mapping.amount, 'Size');
    // The user says "Size" is not the amount: the amount totals become 0 with the rows counted as having no value.
    const edited = { ...mapping, amount: null };
    const rematched = session.match(table, { subject: 'project', mapping: edited });
    assert.ok(rematched.ok);
    assert.equal(rematched.match.indexOf.has('amount'), false);
    assert.ok(rematched.match.unmatched.includes('Size'));
    const { report } = await session.evaluate(table, rematched.match);
    const breach = report.summary.totals.find((t) => t.title === 'Amount of projects in breach');
    assert.deepEqual([breach?.value, breach?.rowsWithoutValue], [0, 1]);
    // A header no longer in the table maps to nothing rather than to a wrong column.
    const stale = applyMapping(rematched.match.subject, table.headers, { ...mapping, stage: 'Phase' });
    assert.equal(stale.indexOf.has('stage'), false);
    assert.deepEqual(stale.missingRequired.map((c) => c.name), ['stage']);
  });

  it('what-if overrides change results and the parameter view; a bad one changes nothing', async () => {
    const session = await open('2026-04-15');
    const table = projects();
    const matched = session.match(table);
    assert.ok(matched.ok);
    assert.deepEqual(session.setOverrides({ set: { 'fundingPeriod.days': 'many' } }).length, 1);
    assert.equal(session.parameters().find((p) => p.name === 'fundingPeriod.days')?.value, 45);
    assert.deepEqual(session.setOverrides({ set: { 'fundingPeriod.calendar': 'JP' } }), []);
    const view = session.parameters().find((p) => p.name === 'fundingPeriod.calendar');
    assert.deepEqual([view?.value, view?.overridden], ['JP', true]);
    const { results } = await session.evaluate(table, matched.match);
    assert.equal(results[0]?.outputs.fundingDeadline, '2026-04-23');
  });

  it('re-evaluates only the rows asked for, and explains a row with its clauses', async () => {
    const session = await open();
    const table = projects();
    const matched = session.match(table);
    assert.ok(matched.ok);
    table.rows[0]!.cells[3] = '2026-04-20';
    const changed = await session.evaluateRows(table, matched.match, [0]);
    assert.deepEqual([...changed.keys()], [0]);
    assert.equal(changed.get(0)?.status, 'compliant');
    const explanation = await session.explain(table, matched.match, 0);
    assert.ok(explanation);
    const applied = explanation.rules.filter((r) => r.applies).map((r) => r.id);
    assert.deepEqual(applied, ['I3.funded-by-deadline']);
    const rule = explanation.rules.find((r) => r.id === 'I3.funded-by-deadline');
    assert.match(rule?.clause ?? '', /^MOU /);
    assert.ok(rule?.conditions.some((c) => c.text.includes('fundedByAsOf (2026-04-20)') && c.result === true));
  });
});

describe('rulebook bundle (one file for the task pane)', () => {
  it('keeps every file\'s text, so the loaded rulebook has the folder\'s digest', async () => {
    const files = await readRulebookFiles(RULEBOOK_DIR);
    const text = JSON.stringify(makeBundle('us-japan-2025', files));
    const read = readBundle(text, 'x.json');
    assert.ok(read.ok);
    const [fromFolder, fromBundle] = await Promise.all([loadRulebook('us-japan-2025', files), loadRulebook(read.folder, read.files)]);
    assert.equal(fromBundle.rulebook?.digest, fromFolder.rulebook?.digest);
    assert.match(fromBundle.rulebook?.digest ?? '', /^[0-9a-f]{64}$/);
  });

  it('says what is wrong with a file that is not a bundle', async () => {
    const notJson = readBundle('{', 'r.json');
    assert.ok(!notJson.ok && notJson.problem.includes('not a JSON file'));
    const other = readBundle('{"rules": []}', 'r.json');
    assert.ok(!other.ok && other.problem.includes('not a Clausewise rulebook file'));
    const escape = readBundle('{"clausewiseRulebook": 1, "files": {"../x.json": "{}"}}', 'r.json');
    assert.ok(!escape.ok && escape.problem.includes('../x.json'));
  });
});
