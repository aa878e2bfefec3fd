/**
 * The app session the task pane and the standalone page share: evaluation with a remembered
 * column mapping, totals such as money at risk, what-if overrides, row re-evaluation and the
 * structured explanation.
 */
import assert from 'node:assert/strict';
import { applyMapping, EvaluationCancelled, mappingOf, Session } from '../src/app/session';
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

function tariffLines(): Table {
  const headers = ['HTS code', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Customs value (USD)'];
  const rows: (string | number | null)[][] = [
    ['8471.30.01', 'Japan', 'general', 0.025, '2025-10-01', 10_000],
    ['8471.30.01', 'Japan', 'general', 0.025, '2026-08-01', 20_000],
    ['8471.30.01', 'China', 'general', 0.025, '2025-10-01', 7_000],
    ['8703.23.01', 'Japan', 'vehicle', 0.025, '2025-10-01', 40_000],
  ];
  return { source: 'test', headerRow: 1, headers, date1904: false, rows: rows.map((cells, i) => ({ row: i + 1, sourceRow: i + 2, cells })) };
}

async function open(asOf = '2026-04-30'): Promise<Session> {
  const opened = await Session.open('us-japan-2025', await readRulebookFiles(RULEBOOK_DIR), asOf);
  assert.ok(opened.ok);
  return opened.session;
}

describe('app session', () => {
  it('matches by headers, evaluates, and totals the money at risk per status word', async () => {
    const session = await open();
    const table = projects();
    const matched = session.match(table);
    assert.ok(matched.ok);
    assert.equal(matched.match.subject.name, 'project');
    const { results, report } = await session.evaluate(table, matched.match);
    // As of 2026-04-30: Alpha's deadline was 2026-04-21 (9 days late); Gamma's, 45 US business days after 2026-03-19, is 2026-05-21.
    assert.deepEqual(results.map((r) => r.status), ['breach', 'compliant', 'pending', 'not-applicable']);
    assert.deepEqual(results.map((r) => r.subjectStatus), ['overdue', 'funded', 'awaiting-funding', 'not-selected']);
    assert.deepEqual([results[0]?.outputs.daysLate, results[0]?.outputs.businessDaysRemaining], [9, null]);
    assert.deepEqual([results[2]?.outputs.fundingDeadline, results[2]?.outputs.businessDaysRemaining], ['2026-05-21', 15]);
    const totals = Object.fromEntries(report.summary.totals.map((t) => [t.title, [t.value, t.rows, t.rowsWithoutValue]]));
    assert.deepEqual(totals, {
      'Amount of projects overdue or funded late': [2.1e9, 1, 0],
      'Amount of projects declined (US remedy available)': [0, 0, 0],
      'Amount of projects whose dates need checking or are missing': [0, 0, 0],
      'Amount of projects awaiting funding': [40e9, 1, 0],
    });
    assert.deepEqual(report.summary.byStatus, { compliant: 1, pending: 1, breach: 1, 'not-applicable': 1, invalid: 0 });
    assert.deepEqual(report.summary.bySubjectStatus, {
      overdue: 1, 'funded-late': 0, declined: 0, 'dates-to-check': 0, 'date-missing': 0, 'awaiting-funding': 1, funded: 1,
      'outside-window': 0, 'not-selected': 1, 'not-applicable': 0, invalid: 0,
    });
  });

  it('totals the duty of tariff lines apart: rated lines, column-1-only lines of an unconfirmed regime, and the extra duty if benefits are withdrawn', async () => {
    const session = await open();
    const table = tariffLines();
    const matched = session.match(table);
    assert.ok(matched.ok);
    assert.equal(matched.match.subject.name, 'tariffLine');
    const { results, report } = await session.evaluate(table, matched.match);
    assert.deepEqual(results.map((r) => r.status), ['compliant', 'pending', 'not-applicable', 'compliant']);
    assert.deepEqual(results.map((r) => r.subjectStatus), ['rated', 'rate-unconfirmed', 'outside-agreement', 'rated']);
    // General 2.5% on 10,000 entered 2025-10-01: 15% all-in = 1,500; withdrawn, 2.5% + 25% = 2,750, so 1,250 more.
    // General 2.5% on 20,000 entered 2026-08-01: column 1 only = 500; a withdrawal reaches no line after 2026-02-23 other than autos: 0.
    // Vehicle 2.5% on 40,000 entered 2025-10-01: 15% all-in = 6,000; withdrawn, the 25% Section 232 duty returns: 11,000, so 5,000 more.
    // The line from China is outside the agreement: no rate, so no duty; a withdrawal of Japan's benefits does not reach it: 0.
    assert.deepEqual(results.map((r) => [r.outputs.duty, r.outputs.exposureIfReinstated]), [[1500, 1250], [500, 0], [null, 0], [6000, 5000]]);
    const totals = Object.fromEntries(report.summary.totals.map((t) => [t.title, [t.value, t.rows, t.rowsWithoutValue]]));
    assert.deepEqual(totals, {
      'Duty, rated lines (USD)': [7500, 2, 0],
      'Duty at column 1 only, regime unconfirmed (USD)': [500, 1, 0],
      'Extra duty if benefits are withdrawn (USD)': [6250, 4, 0],
    });
  });

  it('a Section 232 metals product pays 50% on its metal content, and a withdrawal does not reach it: extra duty 0 (CHANGES.md 1.1.0, D3 and D10)', async () => {
    // CHANGES.md 1.1.0: the extra duty of all-metal lines is 0 ("a withdrawal does not reach them; the finding says why"),
    // and exposureIfReinstated's description: "0 where a withdrawal does not reach the line; empty without a customs value".
    const session = await open();
    const table = tariffLines();
    table.rows = [{ row: 1, sourceRow: 2, cells: ['7208.51.00', 'Japan', 'steel', 0, '2025-10-01', 5_000] }];
    const matched = session.match(table);
    assert.ok(matched.ok);
    const { results, report } = await session.evaluate(table, matched.match);
    assert.deepEqual([results[0]?.status, results[0]?.subjectStatus], ['compliant', 'rated']);
    assert.deepEqual(results[0]?.findings.map((f) => f.rule), ['T8.metal-content-15-percent-rest']);
    assert.equal(results[0]?.outputs.duty, 2_500);
    assert.equal(results[0]?.outputs.exposureIfReinstated, 0);
    const exposure = report.summary.totals.find((t) => t.title === 'Extra duty if benefits are withdrawn (USD)');
    assert.deepEqual([exposure?.value, exposure?.rows, exposure?.rowsWithoutValue], [0, 1, 0]);
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
    const overdue = report.summary.totals.find((t) => t.title === 'Amount of projects overdue or funded late');
    assert.deepEqual([overdue?.value, overdue?.rowsWithoutValue], [0, 1]);
    const awaiting = report.summary.totals.find((t) => t.title === 'Amount of projects awaiting funding');
    assert.deepEqual([awaiting?.value, awaiting?.rowsWithoutValue], [0, 1]);
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

  it('evaluates a long table in slices, reporting progress, with every row in order; a cancelled signal stops it', async () => {
    const session = await open();
    const base = projects();
    const table: Table = { ...base, rows: Array.from({ length: 600 }, (_, i) => ({ ...base.rows[i % base.rows.length]!, row: i + 1, sourceRow: i + 2 })) };
    const matched = session.match(table);
    assert.ok(matched.ok);
    const progress: number[] = [];
    const { results } = await session.evaluate(table, matched.match, (done) => progress.push(done));
    assert.deepEqual(results.map((r) => r.row), table.rows.map((r) => r.row));
    assert.ok(progress.length >= 3 && progress.at(-1) === 600, JSON.stringify(progress));
    const controller = new AbortController();
    const run = session.evaluate(table, matched.match, (done) => { if (done >= 250) controller.abort(); }, controller.signal);
    await assert.rejects(run, EvaluationCancelled);
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
