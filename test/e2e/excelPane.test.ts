/**
 * The task pane in Excel mode, end to end in headless Chromium: the built page with office.js
 * replaced by excelHost.ts (Office.onReady says host Excel; Excel.run runs on the in-memory
 * workbook of test/support/excelStandIn.ts, which keeps Excel's sync protocol and change events).
 * The workbook holds the sample's Projects sheet. A 320 px wide pane: it finds and matches the
 * table, evaluates and writes the result block beside it, re-evaluates edited rows live, explains
 * the selected row, remembers the mapping and the rulebook in the workbook, and refuses to write
 * over a user's cell, saying where.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import webpack from 'webpack';
import { toSpreadsheetSerial } from '../../src/core/dates';
import { makeBundle } from '../../src/core/rulebook/bundle';
import type { RawCell } from '../../src/core/table';
import { readRulebookFiles } from '../../src/io/rulebookFolder';
import { readWorkbookTables } from '../../src/io/xlsx';
import { REPO_ROOT, RULEBOOK_DIR } from '../support/fixtures';
import { DIST, ensureDist, launchChromium, SCREENSHOTS } from './browser';
import { serveFolder, type StaticServer } from './staticServer';

const HOST_BUNDLE = join(REPO_ROOT, 'build', 'e2e', 'excelHost.js');
const PROJECT_STATUSES = ['funded', 'funded-late', 'overdue', 'awaiting-funding', 'awaiting-funding', 'not-selected'];

type SetupCell = string | number | boolean | { value: number; format: string } | null;

/** Bundle excelHost (tsc's CommonJS output) for the browser. */
async function bundleHost(): Promise<string> {
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    target: 'web',
    entry: join(REPO_ROOT, 'build', 'test', 'e2e', 'excelHost.js'),
    output: { path: join(REPO_ROOT, 'build', 'e2e'), filename: 'excelHost.js' },
    infrastructureLogging: { level: 'error' },
  });
  await new Promise<void>((resolve, reject) => compiler.run((error, stats) => {
    if (error || stats?.hasErrors()) reject(error ?? new Error(stats?.toString('errors-only')));
    else compiler.close(() => resolve());
  }));
  return readFileSync(HOST_BUNDLE, 'utf8');
}

/** The sample's Projects sheet as cells typed into Excel: dates as date serials shown yyyy-mm-dd. */
async function projectsSheet(): Promise<SetupCell[][]> {
  const workbook = await readWorkbookTables(readFileSync(join(REPO_ROOT, 'samples', 'us-japan-2025.xlsx')), 'us-japan-2025.xlsx');
  const table = workbook.read('Projects');
  const cell = (c: RawCell): SetupCell => {
    if (c === null) return null;
    if (typeof c === 'object') return 'date' in c ? { value: toSpreadsheetSerial(c.date), format: 'yyyy-mm-dd' } : c.error;
    return c;
  };
  return [table.headers, ...table.rows.map((r) => r.cells.map(cell))];
}

describe('task pane in Excel mode, in headless Chromium (end to end)', function () {
  this.timeout(30_000);
  let server: StaticServer;
  let browser: Browser;
  let host: string;
  let cells: SetupCell[][];
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    this.timeout(300_000);
    ensureDist();
    [host, cells] = await Promise.all([bundleHost(), projectsSheet()]);
    server = await serveFolder(DIST);
    browser = await launchChromium();
    page = await openPane();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A new pane (its own context) on a workbook holding the Projects sheet, plus `extra` cells. */
  async function openPane(extra: { address: string; value: string }[] = [], tables: { name: string; address: string }[] = []): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 320, height: 720 }, locale: 'en-US' });
    const p = await context.newPage();
    p.on('pageerror', (error) => pageErrors.push(error.message));
    await context.route('**/office.js', (route) => route.fulfill({ contentType: 'text/javascript', body: host }));
    await p.addInitScript((setup) => {
      (window as unknown as { __excelSetup: unknown }).__excelSetup = setup;
    }, { workbookName: 'Projects.xlsx', sheet: 'Projects', cells, extra, tables, select: 'B2' });
    await p.goto(`${server.url}taskpane.html`);
    await p.waitForFunction(() => /rows of project/.test(document.getElementById('cw-table-info')?.textContent ?? ''));
    return p;
  }

  /** The cells of the sheet, after every pending event and handler has run. */
  async function sheetValues(address: string, p: Page = page): Promise<unknown[][]> {
    return p.evaluate(async (a) => {
      const x = (window as unknown as { excelHost: { settle(): Promise<void>; values(a: string): unknown[][] } }).excelHost;
      await x.settle();
      return x.values(a);
    }, address);
  }

  async function settled(p: Page = page): Promise<void> {
    await p.waitForFunction(() => document.getElementById('app')?.dataset.busy !== 'true');
    await sheetValues('A1', p);
  }

  async function statusColumn(p: Page = page): Promise<unknown[]> {
    return (await sheetValues('I2:I7', p)).map((r) => r[0]);
  }

  /** Poll until the status column is as expected (live updates arrive through events). */
  async function waitForStatuses(expected: string[], p: Page = page): Promise<void> {
    const deadline = Date.now() + 10_000;
    let got: unknown[] = [];
    while (Date.now() < deadline) {
      got = await statusColumn(p);
      if (JSON.stringify(got) === JSON.stringify(expected)) return;
      await p.waitForTimeout(50);
    }
    assert.deepEqual(got, expected);
  }

  /** A setting's value as stored (the stand-in keeps settings as JSON, and the store writes JSON text). */
  function setting(stored: string | undefined): unknown {
    let value: unknown = stored === undefined ? {} : JSON.parse(stored);
    if (typeof value === 'string') value = JSON.parse(value);
    return value;
  }

  async function userEdit(address: string, value: string): Promise<void> {
    await page.evaluate(([a, v]) => (window as unknown as { excelHost: { userEdit(a: string, v: string[][]): void } }).excelHost.userEdit(a!, [[v!]]), [address, value]);
  }

  it('starts in Excel mode, finds the table and matches it to a subject by its headers', async () => {
    assert.equal(await page.getAttribute('#app', 'data-mode'), 'excel');
    assert.equal(await page.title(), 'Clausewise');
    assert.equal(await page.textContent('#cw-table-info'), 'Projects!A1:H7: 6 rows of project.');
    await page.click('#cw-columns > summary');
    assert.equal(await page.inputValue('#cw-subject'), 'project');
    assert.equal(await page.inputValue('select[data-column="fundedDate"]'), 'Funded date');
    await page.click('#cw-columns > summary');
  });

  it('Evaluate writes Status, outputs and Findings beside the table, statuses coloured; shows the summary', async () => {
    await page.fill('#cw-as-of', '2026-04-30');
    await page.click('#cw-evaluate');
    await page.waitForSelector('.cw-summary .cw-chip');
    await settled();
    const block = await sheetValues('I1:K1');
    assert.deepEqual(block[0], ['Status', 'Funding deadline', 'Earliest funding date']);
    assert.deepEqual(await statusColumn(), PROJECT_STATUSES);
    assert.ok(await page.evaluate(() => (window as unknown as { excelHost: { conditionalFormats(): number } }).excelHost.conditionalFormats()) >= 1);
    assert.deepEqual(await page.$$eval('.cw-summary .cw-chip', (c) => c.map((x) => x.textContent)), ['1 overdue', '1 funded-late', '2 awaiting-funding', '1 funded', '1 not-selected']);
    assert.match((await page.textContent('#cw-live-info')) ?? '', /Results in Projects!I1:\w+7, owned by Clausewise/);
    await page.screenshot({ path: join(SCREENSHOTS, 'excel-pane-320.png'), fullPage: false });
  });

  it('editing an input cell re-evaluates its row; the add-in\'s own writes do not retrigger', async () => {
    await userEdit('G4', '2026-04-20');
    await waitForStatuses(['funded', 'funded-late', 'funded', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    await page.waitForFunction(() => document.querySelector('.cw-summary')?.textContent?.includes('2 funded') === true);
    const syncs = (): Promise<number> => page.evaluate(async () => {
      const x = (window as unknown as { excelHost: { settle(): Promise<void>; syncs(): number } }).excelHost;
      await x.settle();
      return x.syncs();
    });
    const before = await syncs();
    await page.waitForTimeout(300);
    assert.equal(await syncs(), before, 'no further requests: the results written raised no re-evaluation');
  });

  it('fast successive edits end in the state of the last one', async () => {
    await page.evaluate(() => {
      const x = (window as unknown as { excelHost: { userEdit(a: string, v: string[][]): void } }).excelHost;
      for (const v of ['2026-04-10', '2026-05-02', '2026-04-01', '2026-06-30', '2026-04-30']) x.userEdit('G3', [[v]]);
    });
    await waitForStatuses(['funded', 'funded-late', 'funded', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    await settled();
    assert.deepEqual((await sheetValues('M3'))[0], [9]); // days late, from the last edit
  });

  it('the selected row is explained, with its clause', async () => {
    await page.evaluate(() => (window as unknown as { excelHost: { select(a: string): Promise<void> } }).excelHost.select('B4'));
    await page.waitForFunction(() => /^Row 3:/.test(document.querySelector('.cw-explanation__title')?.textContent ?? ''));
    const text = (await page.textContent('.cw-explanation')) ?? '';
    assert.match(text, /Projects!A4:H4/);
    assert.match(text, /Funded on 2026-04-20, on or before the deadline of 2026-04-21/);
    assert.match(text, /Clause: MOU/);
    await page.screenshot({ path: join(SCREENSHOTS, 'excel-pane-320-explained.png'), fullPage: true });
  });

  it('an edited mapping is remembered in the workbook and applied', async () => {
    await page.click('#cw-columns > summary');
    await page.selectOption('select[data-column="amount"]', { label: '(none)' });
    await page.waitForFunction(() => /0 rows? without a value|without a value/.test(document.querySelector('.cw-summary')?.textContent ?? ''));
    await settled();
    const settings = await page.evaluate(() => (window as unknown as { excelHost: { settings(): Record<string, string> } }).excelHost.settings());
    const stored = setting(settings['clausewise.mapping:sheet:Projects']) as { subject?: string; columns?: Record<string, string | null> };
    assert.equal(stored.subject, 'project');
    assert.equal(stored.columns?.amount, null);
    assert.match((await page.textContent('.cw-mapping')) ?? '', /chosen by you and remembered/);
    await page.click('text=Match automatically');
    await page.waitForFunction(() => /Matched automatically/.test(document.querySelector('.cw-mapping')?.textContent ?? ''));
    await settled();
    const after = await page.evaluate(() => (window as unknown as { excelHost: { settings(): Record<string, string> } }).excelHost.settings());
    assert.equal(after['clausewise.mapping:sheet:Projects'], undefined);
    await page.click('#cw-columns > summary');
  });

  it('a rulebook the user loads is stored in the workbook, and used', async () => {
    const files = await readRulebookFiles(RULEBOOK_DIR);
    const edited = files.map((f) => (f.path === 'parameters.json' ? { ...f, text: f.text.replace('"value": 45', '"value": 60') } : f));
    await page.click('#cw-rulebook > summary');
    await page.setInputFiles('#cw-rulebook-file', { name: 'sixty-days.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(makeBundle('sixty-days', edited))) });
    await page.waitForFunction(() => /loaded from sixty-days\.json/.test(document.querySelector('.cw-rulebook-info')?.textContent ?? ''));
    await waitForStatuses(['funded', 'funded', 'funded', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    const stored = await page.evaluate(() => {
      const x = (window as unknown as { excelHost: { settings(): Record<string, string>; xmlParts(): number } }).excelHost;
      return { setting: x.settings()['clausewise.rulebook'], parts: x.xmlParts() };
    });
    assert.equal(stored.parts, 1);
    assert.equal((setting(stored.setting) as { kind?: string }).kind, 'workbook');
    await page.click('text=Use the bundled rulebook');
    await waitForStatuses(['funded', 'funded-late', 'funded', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    assert.equal(await page.evaluate(() => (window as unknown as { excelHost: { xmlParts(): number } }).excelHost.xmlParts()), 0);
  });

  it('never writes over a user\'s cell: it stops and says where', async () => {
    // An Excel table A1:H7, and a note of the user's where the result block would go.
    const p = await openPane([{ address: 'K5', value: 'my note' }], [{ name: 'Projects', address: 'A1:H7' }]);
    assert.equal(await p.textContent('#cw-table-info'), 'Excel table Projects, Projects!A1:H7: 6 rows of project.');
    try {
      await p.fill('#cw-as-of', '2026-04-30');
      await p.click('#cw-evaluate');
      await p.waitForSelector('.cw-message--error');
      const message = (await p.textContent('.cw-message')) ?? '';
      assert.match(message, /K5/);
      assert.match(message, /will not overwrite/);
      assert.deepEqual((await sheetValues('I1:T7', p)).flat().filter((v) => v !== ''), ['my note']);
      await p.screenshot({ path: join(SCREENSHOTS, 'excel-pane-320-refused.png'), fullPage: false });
    } finally {
      await p.context().close();
    }
  });

  it('raised no script errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
