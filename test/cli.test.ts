/**
 * The `clausewise` command as a user runs it: `node bin/clausewise.js …` in a child process from
 * the repository root, on CSV and .xlsx files written to a temporary folder. Checks exit codes,
 * what is printed (never a stack trace), the files written, and that rules/ is never modified.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { parseCsv } from '../src/core/csv';
import type { Report } from '../src/core/report';
import { hashTree, position, REPO_ROOT, RULEBOOK_DIR } from './support/fixtures';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function clausewise(...args: string[]): Run {
  const r = spawnSync(process.execPath, ['bin/clausewise.js', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '400', CLAUSEWISE_DEBUG: '' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace, whatever went wrong. */
function noStack(r: Run): void {
  assert.ok(!/\n\s+at /.test(r.stderr) && !r.stderr.includes('    at '), `stack trace in stderr:\n${r.stderr}`);
  assert.ok(!r.stdout.includes('    at '), `stack trace in stdout:\n${r.stdout}`);
}

function expectExit(r: Run, code: number): void {
  assert.equal(r.status, code, `exit ${r.status}, expected ${code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  noStack(r);
}

const AS_OF = '2026-04-15';
// Row statuses as of 2026-04-15: deadline 2026-04-21 for the 2026-02-17 notices (45 US business days, no holiday
// between), 2026-03-11 for 2026-01-05 (MLK Day 01-19 and Presidents' Day 02-16 skipped), so Epsilon is 35 days late.
const PROJECTS_CSV = [
  'Project,Stage,Selection notice date,Funded date',
  'Alpha,selected,2026-02-17,',
  'Beta,funded,2026-02-17,2026-04-10',
  'Gamma,candidate,,',
  'Delta,declined,2026-02-17,',
  'Epsilon,selected,2026-01-05,',
  'Zeta,selected,not a date,',
].join('\n') + '\n';
// Each row's status in the subject's words (what the table, CSV and workbook show) and the JSON-contract status it stands for.
const EXPECTED_SUBJECT_STATUS = ['awaiting-funding', 'funded', 'not-selected', 'declined', 'overdue', 'invalid'];
const EXPECTED_STATUS = ['pending', 'compliant', 'not-applicable', 'pending', 'breach', 'invalid'];
const SUMMARY_WORDS = '1 overdue, 1 declined, 1 awaiting-funding, 1 funded, 1 not-selected, 1 invalid';

describe('clausewise CLI (bin/clausewise.js)', function () {
  this.timeout(120_000);
  let dir: string;
  let projects: string;
  let rulesBefore: Record<string, string>;

  before(() => {
    assert.ok(existsSync(join(REPO_ROOT, 'build', 'src', 'cli', 'main.js')), 'the CLI must be built (npx tsc -p .)');
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'clausewise-cli-')));
    projects = join(dir, 'projects.csv');
    writeFileSync(projects, PROJECTS_CSV);
    rulesBefore = hashTree(RULEBOOK_DIR);
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
    // Nothing the CLI did, with any option, changed a rule file.
    assert.deepEqual(hashTree(RULEBOOK_DIR), rulesBefore);
  });

  describe('evaluate', () => {
    it('prints a table with every status, the as-of date and a summary; exit 0', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF);
      expectExit(r, 0);
      assert.ok(r.stdout.includes(`As of ${AS_OF} · what-if overrides: none`), r.stdout);
      assert.ok(r.stdout.includes('— 6 project rows'), r.stdout);
      const lines = r.stdout.split('\n');
      for (const [i, name] of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'].entries()) {
        const line = lines.find((l) => new RegExp(`^\\s*${i + 1}\\s+${name}\\s`).test(l));
        assert.ok(line, `no table line for ${name}:\n${r.stdout}`);
        assert.ok(line.includes(` ${EXPECTED_SUBJECT_STATUS[i]} `), `${name} should be ${EXPECTED_SUBJECT_STATUS[i]}: ${line}`);
      }
      assert.ok(r.stdout.includes(`6 rows: ${SUMMARY_WORDS}.`), r.stdout);
      // One total per summary of the subject; the file has no Amount column, so every counted row has no value.
      for (const total of ['Amount of projects overdue or funded late', 'Amount of projects declined (US remedy available)', 'Amount of projects awaiting funding']) {
        assert.ok(r.stdout.includes(`${total}: US$0 (1 of 1 rows had no value)`), `${total} not in:\n${r.stdout}`);
      }
      // No row has dates to check or missing: a total over no rows.
      assert.ok(r.stdout.includes('Amount of projects whose dates need checking or are missing: US$0\n'), r.stdout);
      assert.ok(r.stdout.includes('2026-04-21'));
    });

    it('says when the as-of date is today by default', () => {
      const r = clausewise('evaluate', projects);
      expectExit(r, 0);
      assert.ok(r.stdout.includes('(today; set another date with --as-of)'), r.stdout);
    });

    it('--format json prints the report contract', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'json');
      expectExit(r, 0);
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.rulebook.id, 'us-japan-2025');
      assert.match(report.rulebook.digest, /^[0-9a-f]{64}$/);
      assert.equal(report.asOf, AS_OF);
      assert.deepEqual(report.overrides, {});
      assert.deepEqual(report.rows.map((x) => x.status), EXPECTED_STATUS);
      assert.deepEqual(report.rows.map((x) => x.subjectStatus), EXPECTED_SUBJECT_STATUS);
      assert.deepEqual(report.summary.byStatus, { compliant: 1, pending: 2, breach: 1, 'not-applicable': 1, invalid: 1 });
      assert.deepEqual(report.summary.bySubjectStatus, {
        overdue: 1, 'funded-late': 0, declined: 1, 'dates-to-check': 0, 'date-missing': 0, 'awaiting-funding': 1, funded: 1,
        'outside-window': 0, 'not-selected': 1, 'not-applicable': 0, invalid: 1,
      });
      assert.deepEqual(report.rows.map((x) => x.row), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(report.rows.map((x) => x.key), ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta']);
      for (const row of report.rows) {
        assert.deepEqual(Object.keys(row).sort(), ['errors', 'findings', 'key', 'outputs', 'row', 'status', 'subject', 'subjectStatus']);
        for (const f of row.findings) assert.deepEqual(Object.keys(f).sort(), ['clause', 'message', 'outcome', 'rule', 'subjectStatus']);
      }
      // No earliest-date reading and no cash flow in these rows: those outputs are empty.
      const noCashFlow = { earliestFundingDate: null, usCashFlowShare: null, usCashFlowToDate: null, japanCashFlowToDate: null };
      // Alpha: 4 business days after 2026-04-15 up to the deadline (04-16, 04-17, 04-20, 04-21).
      assert.deepEqual(report.rows[0]!.outputs, { fundingDeadline: '2026-04-21', businessDaysRemaining: 4, daysLate: 0, reinstatementTriggered: false, reinstatementRight: 'not-triggered', ...noCashFlow });
      // Delta, declined: the US remedy is triggered (reinstatementTriggered keeps its 1.0.0 meaning).
      assert.deepEqual(report.rows[3]!.outputs, { fundingDeadline: '2026-04-21', businessDaysRemaining: null, daysLate: null, reinstatementTriggered: true, reinstatementRight: 'triggered', ...noCashFlow });
      // Epsilon, overdue: no business days remaining once the deadline has passed (empty, not 0); daysLate says how late.
      assert.deepEqual(report.rows[4]!.outputs, { fundingDeadline: '2026-03-11', businessDaysRemaining: null, daysLate: 35, reinstatementTriggered: false, reinstatementRight: 'arguably-triggered', ...noCashFlow });
      assert.deepEqual(report.rows[4]!.findings.map((f) => [f.rule, f.outcome, f.subjectStatus]), [['I3.unfunded-after-deadline', 'breach', 'overdue']]);
      assert.deepEqual(report.rows[3]!.findings.map((f) => [f.rule, f.outcome, f.subjectStatus]), [['I4.declined', 'pending', 'declined']]);
      assert.equal(report.rows[5]!.errors[0]!.cell, 'line 7, field 3');
      assert.ok(report.rows[5]!.errors[0]!.message.includes('"not a date"'));
      // Reproducible: the same command prints the same bytes.
      assert.equal(clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'json').stdout, r.stdout);
    });

    it('--format csv --out writes the input columns then the results, rows out = rows in', () => {
      const out = join(dir, 'results.csv');
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'csv', '--out', out);
      expectExit(r, 0);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.includes(`Wrote 6 rows (${SUMMARY_WORDS}) to ${out}.`), r.stderr);
      const parsed = parseCsv(readFileSync(out, 'utf8'), out);
      if (!parsed.ok) assert.fail(parsed.problem);
      const t = parsed.table;
      assert.deepEqual(t.headers, [
        'Project', 'Stage', 'Selection notice date', 'Funded date', 'Status', 'Funding deadline', 'Earliest funding date', 'Business days remaining', 'Days late',
        'Reinstatement right triggered', 'US reinstatement right', 'US share of the next dollar of cash flow', 'US share of cash flow to date (USD)', "Japan's share of cash flow to date (USD)",
        'Findings', 'Errors',
      ]);
      assert.equal(t.rows.length, 6);
      assert.deepEqual(t.rows.map((row) => row.cells[0]), ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta']);
      assert.deepEqual(t.rows.map((row) => row.cells[4]), EXPECTED_SUBJECT_STATUS);
      assert.deepEqual(t.rows[0]!.cells.slice(5, 14), ['2026-04-21', null, '4', '0', 'no', 'not-triggered', null, null, null]);
      assert.deepEqual(t.rows[4]!.cells.slice(5, 14), ['2026-03-11', null, null, '35', 'no', 'arguably-triggered', null, null, null]);
      assert.ok(String(t.rows[0]!.cells[14]).startsWith('[I3.awaiting-funding · MOU Funding of selected projects'));
      assert.ok(String(t.rows[5]!.cells[15]).includes('line 7, field 3 (Selection notice date)'));
    });

    it('--format xlsx --out writes a workbook with Results (Status column), Findings and Run sheets', async () => {
      const out = join(dir, 'results.xlsx');
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'xlsx', '--out', out);
      expectExit(r, 0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      assert.deepEqual(wb.worksheets.map((w) => w.name), ['Results', 'Findings', 'Run']);
      const results = wb.getWorksheet('Results')!;
      const header = (results.getRow(1).values as unknown[]).slice(1);
      const statusColumn = header.indexOf('Status') + 1;
      assert.equal(statusColumn, 5, JSON.stringify(header));
      assert.equal(results.rowCount, 7);
      const statuses = [2, 3, 4, 5, 6, 7].map((n) => results.getRow(n).getCell(statusColumn).value);
      assert.deepEqual(statuses, EXPECTED_SUBJECT_STATUS);
      const deadline = results.getRow(2).getCell(header.indexOf('Funding deadline') + 1).value;
      assert.ok(deadline instanceof Date, `deadline is ${String(deadline)}`);
      assert.equal(deadline.toISOString().slice(0, 10), '2026-04-21');
      const run = wb.getWorksheet('Run')!;
      const meta = new Map<string, unknown>();
      run.eachRow((row) => meta.set(String(row.getCell(1).value), row.getCell(2).value));
      assert.equal(meta.get('As of'), AS_OF);
      assert.match(String(meta.get('Rulebook digest (SHA-256)')), /^[0-9a-f]{64}$/);
      assert.equal(meta.get('Rows overdue (breach)'), '1');
      assert.equal(meta.get('Rows declined (pending)'), '1');
    });

    it('--format xlsx without --out is refused', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'xlsx');
      expectExit(r, 2);
      assert.ok(r.stderr.includes('--format xlsx writes a workbook: name it with --out'), r.stderr);
    });

    it('evaluates an .xlsx input with date cells, naming sheet cells in errors', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Tariff lines');
      ws.addRow(['HTS code', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Customs value (USD)']);
      ws.addRow(['8471.30.01', 'Japan', 'general', 0.149, new Date(Date.UTC(2025, 8, 1)), 1000]);
      ws.addRow(['8703.23.01', 'JPN', 'general', 0.2, new Date(Date.UTC(2025, 7, 6)), 1000]);
      ws.addRow(['9403.60.80', 'China', 'general', 0, new Date(Date.UTC(2025, 8, 1)), 1000]);
      ws.addRow(['4418.99.91', 'JP', 'general', 'n/a', new Date(Date.UTC(2025, 8, 1)), 1000]);
      const file = join(dir, 'tariffs.xlsx');
      await wb.xlsx.writeFile(file);
      const r = clausewise('evaluate', file, '--as-of', AS_OF, '--format', 'json');
      expectExit(r, 0);
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.input.sheet, 'Tariff lines');
      assert.deepEqual(report.rows.map((x) => x.status), ['compliant', 'compliant', 'not-applicable', 'invalid']);
      assert.deepEqual(report.rows.map((x) => x.subjectStatus), ['rated', 'rated', 'outside-agreement', 'invalid']);
      // 14.9% entered 2025-09-01 is topped up to 15%: duty 150 on 1000; withdrawn, column 1 + 25% = 39.9%, so 399 - 150 = 249 more.
      assert.deepEqual(report.rows[0]!.outputs, { additionalRate: 0.001, totalRate: 0.15, heading: '9903.02.73', exemptionHeading: null, duty: 150, exposureIfReinstated: 249 });
      // 20% entered 2025-08-06, before the 15% rule: the 10% EO 14257 baseline on top, 30%, duty 300; no withdrawal reaches it.
      assert.deepEqual(report.rows[1]!.findings.map((f) => f.rule), ['T1.entered-before-agreement']);
      assert.deepEqual(report.rows[1]!.outputs, { additionalRate: 0.1, totalRate: 0.3, heading: '9903.01.25', exemptionHeading: null, duty: 300, exposureIfReinstated: 0 });
      assert.deepEqual(report.rows[2]!.findings.map((f) => f.rule), ['T0.not-of-japanese-origin']);
      assert.equal(report.rows[2]!.outputs.totalRate, null);
      // [value, rows counted, rows without a value]: the exposure total counts every row; the line not of Japanese
      // origin has 0 (a withdrawal does not reach it), the invalid row no figure.
      const totals = Object.fromEntries(report.summary.totals.map((t) => [t.title, [t.value, t.rows, t.rowsWithoutValue]]));
      assert.deepEqual(totals, {
        'Duty, rated lines (USD)': [450, 2, 0],
        'Duty at column 1 only, regime unconfirmed (USD)': [0, 0, 0],
        'Extra duty if benefits are withdrawn (USD)': [249, 4, 1],
      });
      assert.equal(report.rows[3]!.errors[0]!.cell, "'Tariff lines'!D5");
    });

    it('refuses --out naming the input file (however it is spelt), exit 2, input untouched', () => {
      const before = readFileSync(projects, 'utf8');
      for (const out of [projects, join(dir, '..', basename(dir), 'projects.csv')]) {
        const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'csv', '--out', out);
        expectExit(r, 2);
        assert.ok(r.stderr.includes('is the input file; Clausewise never writes over your data'), r.stderr);
      }
      assert.equal(readFileSync(projects, 'utf8'), before);
    });

    it('refuses to overwrite an existing file without --force, exit 2; replaces it with --force', () => {
      const out = join(dir, 'existing.csv');
      writeFileSync(out, 'keep me\n');
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--out', out);
      expectExit(r, 2);
      assert.ok(r.stderr.includes(`${out} already exists`), r.stderr);
      assert.ok(r.stderr.includes('--force'), r.stderr);
      assert.equal(readFileSync(out, 'utf8'), 'keep me\n');
      const forced = clausewise('evaluate', projects, '--as-of', AS_OF, '--out', out, '--force');
      expectExit(forced, 0);
      assert.ok(readFileSync(out, 'utf8').startsWith('Project,Stage,Selection notice date,Funded date,Status,'));
    });

    it('--set changes the results for one run and is reported, without touching rules/', () => {
      const before = hashTree(RULEBOOK_DIR);
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'json', '--set', 'fundingPeriod.days=60');
      expectExit(r, 0);
      const report = JSON.parse(r.stdout) as Report;
      assert.deepEqual(report.overrides, { 'fundingPeriod.days': 60 });
      assert.equal(report.rows[0]!.outputs.fundingDeadline, '2026-05-12');
      assert.deepEqual(hashTree(RULEBOOK_DIR), before);
      // The next run without --set is back to the rulebook's 45 days.
      const plain = JSON.parse(clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'json').stdout) as Report;
      assert.equal(plain.rows[0]!.outputs.fundingDeadline, '2026-04-21');
    });

    it('--set appears in the table header', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--set', 'fundingPeriod.calendar=JP');
      expectExit(r, 0);
      assert.ok(r.stdout.includes('what-if overrides: {"fundingPeriod.calendar":"JP"}'), r.stdout);
      assert.ok(r.stdout.includes('2026-04-23'), r.stdout);
    });

    it('--scenario FILE applies a scenario file, without touching rules/', () => {
      const scenario = join(dir, 'sixty-calendar-days.json');
      writeFileSync(scenario, JSON.stringify({ title: 'Sixty calendar days', description: 'What if 60 calendar days?', set: { 'fundingPeriod.days': 60, 'fundingPeriod.dayType': 'calendar' } }, null, 2));
      const before = hashTree(RULEBOOK_DIR);
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'json', '--scenario', scenario);
      expectExit(r, 0);
      const report = JSON.parse(r.stdout) as Report;
      assert.deepEqual(report.overrides, { scenario, 'fundingPeriod.days': 60, 'fundingPeriod.dayType': 'calendar' });
      assert.equal(report.rows[0]!.outputs.fundingDeadline, '2026-04-18');
      assert.equal(report.rows[0]!.status, 'pending');
      assert.equal(report.rows[0]!.subjectStatus, 'awaiting-funding');
      assert.deepEqual(hashTree(RULEBOOK_DIR), before);
    });

    it('a scenario file with a problem: exit 2 with file:line:column', () => {
      const scenario = join(dir, 'bad-scenario.json');
      const text = '{\n  "title": "Bad",\n  "description": "x",\n  "sett": { "fundingPeriod.days": 60 }\n}\n';
      writeFileSync(scenario, text);
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--scenario', scenario);
      expectExit(r, 2);
      const at = position(text, text.indexOf('"sett"'));
      assert.ok(r.stderr.includes(`${scenario}:${at.line}:${at.column}`), r.stderr);
      assert.ok(r.stderr.includes('Did you mean "set"?'), r.stderr);
    });

    it('a scenario file with overlapping periods or an unlisted source: exit 2, nothing evaluated', () => {
      const scenario = join(dir, 'overlap-scenario.json');
      writeFileSync(scenario, JSON.stringify({
        title: 'Overlap', description: 'Two periods that overlap',
        values: { 'fundingPeriod.days': [
          { from: '2025-09-04', to: '2026-03-31', value: 45, citation: { source: 'MOU', section: 'x' } },
          { from: '2026-03-01', value: 60, citation: { source: 'MOUX', section: 'y' } },
        ] },
      }));
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--scenario', scenario);
      expectExit(r, 2);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.includes('the periods overlap'), r.stderr);
      assert.ok(r.stderr.includes('"MOUX", which rulebook.json does not list. Did you mean "MOU"?'), r.stderr);
    });

    it('an --out in a missing folder or naming a folder: exit 2 before evaluating, with a sentence', () => {
      const missing = clausewise('evaluate', projects, '--as-of', AS_OF, '--out', join(dir, 'no-such-folder', 'x.csv'));
      expectExit(missing, 2);
      assert.ok(missing.stderr.includes('does not exist'), missing.stderr);
      const folder = clausewise('evaluate', projects, '--as-of', AS_OF, '--format', 'csv', '--out', dir);
      expectExit(folder, 2);
      assert.ok(folder.stderr.includes('is a folder'), folder.stderr);
    });

    it('a bad --set value: exit 2, the problem in words, nothing evaluated, no stack trace', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--set', 'fundingPeriod.days=abc');
      expectExit(r, 2);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.includes('--set fundingPeriod.days=abc: fundingPeriod.days "abc" is not a number'), r.stderr);
      assert.ok(r.stderr.includes('nothing was evaluated'), r.stderr);
    });

    it('an unknown --set parameter: exit 2 with "Did you mean"', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--set', 'fundingPeriod.dys=60');
      expectExit(r, 2);
      assert.ok(r.stderr.includes('Did you mean "fundingPeriod.days"?'), r.stderr);
    });

    it('--set without "=": exit 2 with an example', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--set', 'fundingPeriod.days');
      expectExit(r, 2);
      assert.ok(r.stderr.includes('write --set name=value'), r.stderr);
    });

    it('an unknown option: exit 2', () => {
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--bogus');
      expectExit(r, 2);
      assert.ok(r.stderr.includes('Unknown option --bogus'), r.stderr);
    });

    it('an unknown command: exit 2', () => {
      const r = clausewise('evalute', projects);
      expectExit(r, 2);
    });

    it('a missing input file: exit 2, naming the path', () => {
      const missing = join(dir, 'no-such-file.csv');
      const r = clausewise('evaluate', missing, '--as-of', AS_OF);
      expectExit(r, 2);
      assert.ok(r.stderr.includes(`There is no file at ${missing}`), r.stderr);
    });

    it('a bad --as-of date: exit 2 with the expected form', () => {
      for (const bad of ['2026-04-1', '2026-02-30', '15/04/2026']) {
        const r = clausewise('evaluate', projects, '--as-of', bad);
        expectExit(r, 2);
        assert.ok(r.stderr.includes(`--as-of ${bad} is not a date: write it as YYYY-MM-DD`), r.stderr);
        assert.equal(r.stdout, '');
      }
    });

    it('a table whose headers match no subject: exit 2 naming the expected headers', () => {
      const other = join(dir, 'other.csv');
      writeFileSync(other, 'Item,Total\nx,1\n');
      const r = clausewise('evaluate', other, '--as-of', AS_OF);
      expectExit(r, 2);
      assert.ok(r.stderr.includes('does not match any subject'), r.stderr);
      assert.ok(r.stderr.includes('"Project"'), r.stderr);
    });
  });

  describe('explain', () => {
    it('--row 2 shows the facts, each condition with its actual value, and the clause', () => {
      const r = clausewise('explain', projects, '--row', '2', '--as-of', AS_OF);
      expectExit(r, 0);
      const out = r.stdout;
      for (const part of [
        'Row 2 of ', 'project "Beta"', `As of ${AS_OF} · effective date 2026-02-17`, 'Status: funded — Funded in time (compliant)',
        '✔ applies  I3.funded-by-deadline', 'clause: MOU Funding of selected projects (45 working days after the selection notice)',
        '✔ stage (funded) is one of [selected, funded]',
        '✔ fundedByAsOf (2026-04-10) is on or before fundingDeadline (2026-04-21)',
        '✘ does not apply  I4.declined', '✘ stage (funded) equals "declined"',
        'finding: Funded on 2026-04-10, on or before the deadline of 2026-04-21',
      ]) assert.ok(out.includes(part), `${JSON.stringify(part)} not in:\n${out}`);
      assert.match(out, /fundingDeadline\s+2026-04-21\s+\[MOU Funding of selected projects/);
    });

    it('a row that does not exist: exit 2 naming the rows there are', () => {
      const r = clausewise('explain', projects, '--row', '9', '--as-of', AS_OF);
      expectExit(r, 2);
      assert.ok(r.stderr.includes('There is no data row 9') && r.stderr.includes('rows 1 to 6'), r.stderr);
    });

    it('without --row: exit 2', () => {
      const r = clausewise('explain', projects, '--as-of', AS_OF);
      expectExit(r, 2);
      assert.ok(r.stderr.includes('--row N'), r.stderr);
    });
  });

  describe('validate', () => {
    it('the real rulebook is valid: exit 0', () => {
      const r = clausewise('validate');
      expectExit(r, 0);
      assert.match(r.stdout, /^rules\/us-japan-2025: valid — us-japan-2025 \d+\.\d+\.\d+, \d+ subjects, \d+ parameters, \d+ calendars, \d+ computed values, \d+ rules, \d+ test cases, \d+ scenarios\.$/m);
      assert.equal(r.stderr, '');
    });

    it('a broken copy: exit 2 with file:line:column of every problem', () => {
      const copy = join(dir, 'broken-rulebook');
      cpSync(RULEBOOK_DIR, copy, { recursive: true });
      const file = join(copy, 'rules', 'tariffs-t1-general.json');
      // The file's first "lessThan": T1.raised-to-all-in-rate's column 1 condition (rules[4], condition 6 in 1.1.0).
      const text = readFileSync(file, 'utf8').replace('"operator": "lessThan"', '"operator": "greaterThen"');
      writeFileSync(file, text);
      const params = join(copy, 'parameters.json');
      const ptext = readFileSync(params, 'utf8').replace('"value": "business",\n          "citation"', '"value": "busines",\n          "citation"');
      writeFileSync(params, ptext);
      const r = clausewise('validate', copy);
      expectExit(r, 2);
      assert.equal(r.stdout, '');
      const op = position(text, text.indexOf('"operator": "greaterThen"'));
      const pv = position(ptext, ptext.indexOf('"value": "busines"'));
      const lines = r.stderr.split('\n');
      assert.ok(lines[0]!.startsWith(`${copy}/parameters.json:${pv.line}:${pv.column}  parameters["fundingPeriod.dayType"].values[0].value  `), r.stderr);
      assert.ok(lines[1]!.startsWith(`${copy}/rules/tariffs-t1-general.json:${op.line}:${op.column}  rules[4].conditions.all[6].operator  "greaterThen" is not an operator. Did you mean "greaterThan"?`), r.stderr);
      assert.ok(r.stderr.includes('has 2 problems (listed above)'), r.stderr);
    });

    it('a folder with no rulebook.json: exit 2', () => {
      const empty = join(dir, 'empty-rulebook');
      cpSync(RULEBOOK_DIR, empty, { recursive: true });
      rmSync(join(empty, 'rulebook.json'));
      const r = clausewise('validate', empty);
      expectExit(r, 2);
      assert.ok(r.stderr.includes(`${empty}/rulebook.json:1:1`), r.stderr);
    });

    it('a folder that does not exist: exit 2 naming it', () => {
      const r = clausewise('validate', join(dir, 'nowhere'));
      expectExit(r, 2);
      assert.ok(r.stderr.includes(`There is no rulebook folder at ${join(dir, 'nowhere')}`), r.stderr);
    });

    it('evaluate with a broken --rulebook: exit 2, nothing evaluated', () => {
      const copy = join(dir, 'broken-for-evaluate');
      cpSync(RULEBOOK_DIR, copy, { recursive: true });
      const file = join(copy, 'subjects.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"key": "project",', '"key": "project"'));
      const r = clausewise('evaluate', projects, '--as-of', AS_OF, '--rulebook', copy);
      expectExit(r, 2);
      assert.equal(r.stdout, '');
      assert.ok(r.stderr.includes(`${copy}/subjects.json:`), r.stderr);
    });
  });

  describe('test', () => {
    it('runs the rulebook test cases and prints "N passed, M failed"', () => {
      const r = clausewise('test');
      expectExit(r, 0);
      const m = /^(\d+) passed, (\d+) failed$/m.exec(r.stdout);
      assert.ok(m, r.stdout);
      assert.equal(m[2], '0', r.stdout);
    });

    it('a failing test case is reported with what differed; exit 1', () => {
      const copy = join(dir, 'rulebook-with-tests');
      cpSync(RULEBOOK_DIR, copy, { recursive: true });
      rmSync(join(copy, 'tests'), { recursive: true, force: true });
      mkdirSync(join(copy, 'tests'));
      const tests = {
        tests: [
          { name: 'deadline right', asOf: '2026-04-01', row: { Project: 'A', Stage: 'selected', 'Selection notice date': '2026-02-17' }, expect: { status: 'awaiting-funding', outputs: { fundingDeadline: '2026-04-21' } } },
          { name: 'deadline wrong', asOf: '2026-04-01', row: { Project: 'A', Stage: 'selected', 'Selection notice date': '2026-02-17' }, expect: { outputs: { fundingDeadline: '2026-04-20' } } },
        ],
      };
      writeFileSync(join(copy, 'tests', 'mine.json'), JSON.stringify(tests, null, 2));
      const r = clausewise('test', copy);
      expectExit(r, 1);
      assert.match(r.stdout, /^1 passed, 1 failed$/m);
      assert.ok(r.stdout.includes('FAIL  deadline wrong'), r.stdout);
      assert.ok(r.stdout.includes('fundingDeadline: expected "2026-04-20", got "2026-04-21"'), r.stdout);
    });
  });

  describe('help', () => {
    it('help prints the usage; exit 0', () => {
      const r = clausewise('help');
      expectExit(r, 0);
      assert.ok(r.stdout.includes('clausewise evaluate FILE'), r.stdout);
      assert.ok(r.stdout.includes('Exit codes: 0 evaluated'), r.stdout);
    });
  });
});
