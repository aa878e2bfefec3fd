/**
 * End to end, in real headless Chromium (found by ./browser.ts, driven by playwright-core): the
 * built dist/ served on 127.0.0.1, the task pane page running standalone (outside Office,
 * Office.onReady gives host null). Opens the sample, evaluates, edits cells by keyboard with live
 * re-evaluation, changes what-ifs, downloads the result workbook and reads it back with exceljs,
 * checks the 320 px layout and keyboard use, and saves screenshots to build/screenshots/.
 *
 * dist/ is built first (webpack, development mode) when it is missing or older than its sources
 * (browser.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeBundle } from '../../src/core/rulebook/bundle';
import { readRulebookFiles } from '../../src/io/rulebookFolder';
import { REPO_ROOT, RULEBOOK_DIR } from '../support/fixtures';
import { DIST, ensureDist, launchChromium, SCREENSHOTS } from './browser';
import { serveFolder, type StaticServer } from './staticServer';

const SAMPLE = join(REPO_ROOT, 'samples', 'us-japan-2025.xlsx');
const AS_OF = '2026-04-30';
const PROJECT_STATUSES = ['funded', 'funded-late', 'overdue', 'awaiting-funding', 'awaiting-funding', 'not-selected'];

/** The statuses (in the subject's words) the CLI gives for a sheet of the sample as of AS_OF. */
function cliStatuses(sheet: string): string[] {
  const out = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'clausewise.js'), 'evaluate', SAMPLE, '--sheet', sheet, '--as-of', AS_OF, '--format', 'json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { rows: { subjectStatus: string }[] }).rows.map((r) => r.subjectStatus);
}

describe('standalone page in headless Chromium (end to end)', function () {
  this.timeout(30_000);
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    this.timeout(300_000);
    ensureDist();
    server = await serveFolder(DIST);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'en-US' });
    page = await newPage(context);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(ctx: BrowserContext): Promise<Page> {
    const p = await ctx.newPage();
    p.on('pageerror', (error) => pageErrors.push(error.message));
    await p.goto(`${server.url}taskpane.html`);
    await p.waitForSelector('#cw-open-sample');
    return p;
  }

  /** Wait until no evaluation is running or queued. */
  async function settled(p: Page = page): Promise<void> {
    await p.waitForFunction(() => document.getElementById('app')?.dataset.busy !== 'true');
  }

  async function openSample(p: Page = page): Promise<void> {
    await p.click('#cw-open-sample');
    await p.waitForFunction(() => document.querySelector('#cw-file')?.textContent === 'us-japan-2025.xlsx' && document.querySelector('td[data-row="0"]') !== null);
    await settled(p);
  }

  async function evaluate(p: Page = page, asOf = AS_OF): Promise<void> {
    await p.fill('#cw-as-of', asOf);
    const before = await p.$$eval('td[data-field="status"]', (cells) => cells.length);
    await p.click('#cw-evaluate');
    if (before === 0) await p.waitForSelector('td[data-field="status"] .cw-chip');
    await settled(p);
  }

  async function statuses(p: Page = page): Promise<string[]> {
    return p.$$eval('tbody td[data-field="status"]', (cells) => cells.map((c) => c.textContent ?? ''));
  }

  async function cellText(row: number, header: string): Promise<string> {
    return page.$eval(`td[data-row="${row}"][data-header="${header}"]`, (c) => c.textContent ?? '');
  }

  /** Type a new value into a cell by keyboard: focus it, Enter to edit, type, Enter to commit. */
  async function editCell(row: number, header: string, value: string): Promise<void> {
    await page.focus(`td[data-row="${row}"][data-header="${header}"]`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }

  it('has the title and the visible heading "Clausewise", and runs standalone', async () => {
    assert.equal(await page.title(), 'Clausewise');
    assert.equal((await page.textContent('h1'))?.trim(), 'Clausewise');
    assert.equal(await page.getAttribute('#app', 'data-mode'), 'standalone');
  });

  it('opens the sample with one click: the grid shows the Projects rows', async () => {
    await openSample();
    assert.equal(await page.inputValue('#cw-sheet'), 'Projects');
    assert.deepEqual(await page.$$eval('#cw-sheet option', (o) => o.map((x) => x.textContent)), ['Projects', 'Tariff lines', 'About']);
    assert.equal(await page.$$eval('tbody tr[role="row"]', (rows) => rows.length), 6);
    assert.match(await cellText(0, 'Project'), /^Portsmouth, Ohio/);
    assert.equal(await cellText(2, 'Funded date'), '');
    // An ARIA grid with a label, rows and grid cells.
    assert.match((await page.getAttribute('table[role="grid"]', 'aria-label')) ?? '', /Projects: 6 rows/);
    assert.ok(await page.$$eval('[role="grid"] [role="gridcell"]', (c) => c.length) >= 6 * 8);
  });

  it('evaluates as of 2026-04-30 with the same statuses as the CLI, coloured, with the summary', async () => {
    await evaluate();
    const shown = await statuses();
    assert.deepEqual(shown, PROJECT_STATUSES);
    assert.deepEqual(shown, cliStatuses('Projects'));
    const colours = await page.$$eval('tbody td[data-field="status"] .cw-chip', (chips) => chips.map((c) => getComputedStyle(c).backgroundColor));
    assert.equal(colours[0], 'rgb(223, 246, 221)'); // funded means compliant #dff6dd
    assert.equal(colours[1], 'rgb(253, 231, 233)'); // funded-late means breach #fde7e9
    assert.equal(colours[3], 'rgb(255, 244, 206)'); // awaiting-funding means pending #fff4ce
    const chips = await page.$$eval('.cw-summary .cw-chip', (c) => c.map((x) => x.textContent));
    assert.deepEqual(chips, ['1 overdue', '1 funded-late', '2 awaiting-funding', '1 funded', '1 not-selected']);
    assert.equal(await page.getAttribute('.cw-summary .cw-chip[data-word="overdue"]', 'title'), 'Overdue: not funded by the deadline');
    const summary = (await page.textContent('.cw-summary')) ?? '';
    assert.match(summary, /Amount of projects overdue or funded late\s*US\$2,700,000,000/);
    assert.match(summary, /Amount of projects awaiting funding\s*US\$73,000,000,000/);
    await page.screenshot({ path: join(SCREENSHOTS, 'standalone-1280.png'), fullPage: true });
  });

  it('explains the selected row, with the rules applied, conditions and clause citations', async () => {
    await page.click('td[data-row="2"][data-header="Project"]');
    await page.waitForFunction(() => /^Row 3:/.test(document.querySelector('.cw-explanation__title')?.textContent ?? ''));
    const text = (await page.textContent('.cw-explanation')) ?? '';
    assert.match(text, /Synthetic industrial diamond grit/);
    assert.match(text, /Rules that apply \(1\)/);
    assert.match(text, /funding was due by 2026-04-21/);
    assert.match(text, /Clause: MOU/);
    assert.equal(await page.textContent('.cw-explanation__head .cw-chip'), 'overdue');
    assert.match(text, /Overdue: not funded by the deadline/);
    assert.ok(await page.$$eval('.cw-explanation .cw-cond', (c) => c.length) > 0);
    // Screen readers hear a one-line summary, not the whole explanation on every row moved to.
    assert.match((await page.textContent('.cw-explanation [role="status"]')) ?? '', /^Row 3: Synthetic industrial diamond grit.*, overdue; 1 rule applies\.$/);
    assert.equal(await page.$$eval('.cw-explanation, .cw-explanation__content', (els) => els.filter((e) => e.hasAttribute('aria-live')).length), 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'standalone-1280-explained.png'), fullPage: true });
  });

  it('editing a cell by keyboard re-evaluates its row; the other rows stay', async () => {
    await editCell(2, 'Funded date', '2026-04-20');
    await page.waitForFunction(() => document.querySelector('td[data-row="2"][data-field="status"]')?.textContent === 'funded');
    await settled();
    assert.equal(await cellText(2, 'Funded date'), '2026-04-20');
    assert.deepEqual(await statuses(), ['funded', 'funded-late', 'funded', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    // The summary follows, and the explanation of the (still selected) row too.
    assert.deepEqual(await page.$$eval('.cw-summary .cw-chip', (c) => c.map((x) => x.textContent)), ['1 funded-late', '2 awaiting-funding', '2 funded', '1 not-selected']);
    await page.waitForFunction(() => document.querySelector('.cw-explanation__head .cw-chip')?.textContent === 'funded');
    // The edited cell is marked; focus is back on it, so editing goes on by keyboard.
    assert.equal(await page.$eval('td[data-row="2"][data-header="Funded date"]', (c) => c.classList.contains('cw-cell--edited')), true);
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.header), 'Funded date');
    // Escape cancels an edit.
    await page.keyboard.press('F2');
    await page.keyboard.type('9999');
    await page.keyboard.press('Escape');
    assert.equal(await cellText(2, 'Funded date'), '2026-04-20');
    // Arrow keys move between cells.
    await page.keyboard.press('ArrowUp');
    assert.deepEqual(await page.evaluate(() => [(document.activeElement as HTMLElement).dataset.row, (document.activeElement as HTMLElement).dataset.header]), ['1', 'Funded date']);
  });

  it('fast successive edits end in the state of the last one', async () => {
    // Row 2 (Texas GulfLink, deadline 2026-04-21): funded-late after the deadline, funded on or before it.
    for (const v of ['2026-04-10', '2026-05-02', '2026-04-01', '2026-06-30', '2026-04-19']) await editCell(1, 'Funded date', v);
    await settled();
    assert.equal(await cellText(1, 'Funded date'), '2026-04-19');
    assert.equal((await statuses())[1], 'funded');
    // A burst in one task, each edit through the grid's keyboard handling, while the first
    // re-evaluation is still running: only the last edit's state may remain.
    await page.evaluate((values) => {
      const key = (target: Element, k: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
      for (const value of values) {
        const cell = document.querySelector<HTMLElement>('td[data-row="1"][data-header="Funded date"]')!;
        cell.focus();
        key(cell, 'Enter');
        const editor = cell.querySelector('input')!;
        editor.value = value;
        key(editor, 'Enter');
      }
    }, ['2026-04-15', '2026-05-20', '2026-04-11', '2026-04-30']);
    await settled();
    assert.equal(await cellText(1, 'Funded date'), '2026-04-30');
    assert.equal((await statuses())[1], 'funded-late');
    assert.equal(await page.textContent('td[data-row="1"][data-field="daysLate"]'), '9');
    assert.deepEqual(await page.$$eval('.cw-summary .cw-chip', (c) => c.map((x) => x.textContent)), ['1 funded-late', '2 awaiting-funding', '2 funded', '1 not-selected']);
  });

  it('a scenario and a parameter change the results; resetting brings them back', async () => {
    await openSample();
    await evaluate();
    await page.selectOption('#cw-scenario', 'calendar-days');
    // 45 calendar days after 2026-02-17 end on 2026-04-03: Portsmouth, funded 2026-04-14, is late.
    await page.waitForFunction(() => document.querySelector('td[data-row="0"][data-field="status"]')?.textContent === 'funded-late');
    await settled();
    assert.deepEqual(await statuses(), cliStatusesWith(['--scenario', 'calendar-days']));
    await page.click('text=Reset all what-ifs');
    await page.waitForFunction(() => document.querySelector('td[data-row="0"][data-field="status"]')?.textContent === 'funded');
    await settled();
    assert.deepEqual(await statuses(), PROJECT_STATUSES);

    await page.click('#cw-parameters > summary');
    const days = '[data-param="fundingPeriod.days"] input';
    assert.equal(await page.inputValue(days), '45');
    await page.fill(days, 'many');
    await page.press(days, 'Enter');
    await page.waitForSelector('[data-param="fundingPeriod.days"] .cw-problem:not([hidden])');
    assert.deepEqual(await statuses(), PROJECT_STATUSES);
    await page.fill(days, '60');
    await page.press(days, 'Enter');
    await page.waitForFunction(() => document.querySelector('td[data-row="1"][data-field="status"]')?.textContent === 'funded');
    await settled();
    assert.deepEqual(await statuses(), ['funded', 'funded', 'awaiting-funding', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    assert.deepEqual(await statuses(), cliStatusesWith(['--set', 'fundingPeriod.days=60']));
    assert.equal(await page.isHidden('[data-param="fundingPeriod.days"] .cw-problem'), true);
    await page.click('text=Reset all what-ifs');
    await settled();
    await page.waitForFunction(() => document.querySelector('td[data-row="1"][data-field="status"]')?.textContent === 'funded-late');
  });

  function cliStatusesWith(extra: string[]): string[] {
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'clausewise.js'), 'evaluate', SAMPLE, '--sheet', 'Projects', '--as-of', AS_OF, '--format', 'json', ...extra], { encoding: 'utf8' });
    return (JSON.parse(out) as { rows: { subjectStatus: string }[] }).rows.map((r) => r.subjectStatus);
  }

  it('downloads the result workbook; read back, its Results sheet has the statuses shown, edits included', async () => {
    await openSample();
    await evaluate();
    await editCell(2, 'Funded date', '2026-04-20');
    await page.waitForFunction(() => document.querySelector('td[data-row="2"][data-field="status"]')?.textContent === 'funded');
    await settled();
    const shown = await statuses();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cw-download')]);
    assert.equal(download.suggestedFilename(), 'us-japan-2025-Projects-results.xlsx');
    const path = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const results = workbook.getWorksheet('Results');
    assert.ok(results, 'a Results sheet');
    const header = (results.getRow(1).values as unknown[]).map((v) => (v === undefined || v === null ? '' : String(v)));
    const statusColumn = header.indexOf('Status');
    assert.ok(statusColumn > 0, `a Status column in ${header.join(', ')}`);
    const read: string[] = [];
    for (let r = 2; r <= results.rowCount; r++) read.push(String(results.getRow(r).getCell(statusColumn).value));
    assert.deepEqual(read, shown);
    assert.deepEqual(read, ['funded', 'funded-late', 'funded', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    // The opened file is not changed: the sample still gives the CLI's original statuses.
    assert.deepEqual(cliStatuses('Projects'), PROJECT_STATUSES);
  });

  it('the tariff sheet evaluates too, as the CLI does', async () => {
    await page.selectOption('#cw-sheet', 'Tariff lines');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[role="row"]').length === 38);
    await page.click('#cw-evaluate');
    await page.waitForSelector('td[data-field="status"] .cw-chip');
    await settled();
    assert.deepEqual(await statuses(), cliStatuses('Tariff lines'));
    assert.match((await page.textContent('.cw-summary')) ?? '', /Duty, rated lines \(USD\)/);
    // A clause whose source has an address is a link to it (row 2: a car entered 2025-09-16, EO 14345 §4).
    await page.click('td[data-row="1"][data-header="HTS code"]');
    await page.waitForFunction(() => /^Row 2:/.test(document.querySelector('.cw-explanation__title')?.textContent ?? ''));
    const links = await page.$$eval('.cw-rule--applied .cw-clause a', (a) => a.map((x) => x.getAttribute('href')));
    assert.ok(links.length > 0 && links.every((href) => /^https:\/\//.test(href ?? '')), JSON.stringify(links));
    await page.screenshot({ path: join(SCREENSHOTS, 'standalone-1280-tariffs.png'), fullPage: false });
  });

  it('loads a rulebook file (problems listed as file:line:column, nothing changed) or folder, and goes back to the bundled one', async () => {
    await page.selectOption('#cw-sheet', 'Projects');
    await evaluate();
    const files = await readRulebookFiles(RULEBOOK_DIR);
    // A mistake in parameters.json: the funding period's length as text.
    const parameters = files.find((f) => f.path === 'parameters.json')!;
    const at = parameters.text.indexOf('"value": 45');
    assert.ok(at > 0);
    const line = parameters.text.slice(0, at).split('\n').length;
    const broken = files.map((f) => (f === parameters ? { ...f, text: f.text.replace('"value": 45', '"value": "45 days"') } : f));
    await page.click('#cw-rulebook > summary');
    await page.setInputFiles('#cw-rulebook-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(makeBundle('us-japan-2025', broken))) });
    await page.waitForSelector('.cw-problems:not([hidden])');
    const problems = (await page.textContent('.cw-problems')) ?? '';
    assert.match(problems, /broken\.json has \d+ problems?; the rulebook in use is unchanged/);
    assert.ok(problems.includes(`us-japan-2025/parameters.json:${line}:`), problems);
    assert.match((await page.textContent('.cw-rulebook-info')) ?? '', /bundled with Clausewise/);

    const edited = files.map((f) => (f === parameters ? { ...f, text: f.text.replace('"value": 45', '"value": 60') } : f));
    await page.setInputFiles('#cw-rulebook-file', { name: 'sixty-days.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(makeBundle('sixty-days', edited))) });
    await page.waitForFunction(() => /loaded from sixty-days\.json/.test(document.querySelector('.cw-rulebook-info')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('td[data-row="1"][data-field="status"]')?.textContent === 'funded');
    await settled();
    assert.deepEqual(await statuses(), ['funded', 'funded', 'awaiting-funding', 'awaiting-funding', 'awaiting-funding', 'not-selected']);
    assert.equal(await page.isHidden('.cw-problems'), true);

    await page.setInputFiles('#cw-rulebook-folder', RULEBOOK_DIR);
    await page.waitForFunction(() => /loaded from folder us-japan-2025/.test(document.querySelector('.cw-rulebook-info')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('td[data-row="1"][data-field="status"]')?.textContent === 'funded-late');
    await settled();
    assert.deepEqual(await statuses(), PROJECT_STATUSES);
    await page.click('text=Use the bundled rulebook');
    await page.waitForFunction(() => /bundled with Clausewise/.test(document.querySelector('.cw-rulebook-info')?.textContent ?? ''));
    await settled();
    assert.deepEqual(await statuses(), PROJECT_STATUSES);
  });

  it('opens a CSV file the user picks; an unreadable cell makes only its row invalid, saying which cell', async () => {
    const csv = [
      'Project name,Stage,Selection notice date,Funded date,Size',
      'Alpha,selected,2026-02-17,,2.1 billion',
      'Beta,funded,2026-02-17,2026-04-10,$33bn',
      'Gamma,selected,17 Feb 2026?,,40bn',
    ].join('\r\n');
    await page.setInputFiles('#cw-file-input', { name: 'projects.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => document.querySelector('#cw-file')?.textContent === 'projects.csv' && document.querySelectorAll('tbody tr[role="row"]').length === 3);
    assert.equal(await page.$eval('#cw-sheet', (s) => (s as HTMLSelectElement).disabled), true);
    await page.click('#cw-evaluate');
    await page.waitForSelector('td[data-field="status"] .cw-chip');
    await settled();
    assert.deepEqual(await statuses(), ['overdue', 'funded', 'invalid']);
    assert.match((await page.getAttribute('td[data-row="2"][data-field="errors"]', 'title')) ?? '', /line 4, field 3/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#cw-download')]);
    assert.equal(download.suggestedFilename(), 'projects-results.xlsx');
    // Not a workbook: said so, and the open table stays.
    await page.setInputFiles('#cw-file-input', { name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
    await page.waitForSelector('.cw-message--error');
    assert.match((await page.textContent('.cw-message')) ?? '', /notes\.docx is not a workbook Clausewise reads/);
    assert.equal(await page.$$eval('tbody tr[role="row"]', (r) => r.length), 3);
  });

  it('works 320 px wide: no page overflow outside the grid, which scrolls itself; Evaluate visible', async () => {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'en-US' });
    try {
      const p = await newPage(narrow);
      const evaluateBox = await p.locator('#cw-evaluate').boundingBox();
      assert.ok(evaluateBox && evaluateBox.x >= 0 && evaluateBox.x + evaluateBox.width <= 320 && evaluateBox.y + evaluateBox.height <= 640, `Evaluate in view: ${JSON.stringify(evaluateBox)}`);
      await openSample(p);
      await evaluate(p);
      assert.deepEqual(await statuses(p), PROJECT_STATUSES);
      const layout = await p.evaluate(() => {
        const scroller = document.querySelector<HTMLElement>('[data-grid-scroller]')!;
        const overflowing = Array.from(document.querySelectorAll<HTMLElement>('body *'))
          .filter((el) => !scroller.contains(el) && el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5 && el.getClientRects().length > 0)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return {
          pageWidth: document.documentElement.scrollWidth,
          viewport: document.documentElement.clientWidth,
          gridScrolls: scroller.scrollWidth > scroller.clientWidth,
          gridRight: scroller.getBoundingClientRect().right,
          overflowing,
        };
      });
      assert.ok(layout.pageWidth <= layout.viewport, `page ${layout.pageWidth}px wide in a ${layout.viewport}px viewport`);
      assert.deepEqual(layout.overflowing, []);
      assert.equal(layout.gridScrolls, true);
      assert.ok(layout.gridRight <= layout.viewport);
      // The status column stays in view at the grid's right edge.
      const status = await p.locator('td[data-row="0"][data-field="status"]').boundingBox();
      assert.ok(status && status.x + status.width <= 320, `status cell in view: ${JSON.stringify(status)}`);
      await p.screenshot({ path: join(SCREENSHOTS, 'standalone-320.png'), fullPage: false });
      await p.click('td[data-row="1"][data-header="Project"]');
      await p.waitForFunction(() => /^Row 2:/.test(document.querySelector('.cw-explanation__title')?.textContent ?? ''));
      await p.screenshot({ path: join(SCREENSHOTS, 'standalone-320-full.png'), fullPage: true });
    } finally {
      await narrow.close();
    }
  });

  it('keyboard only: Tab reaches "Open the sample" and "Evaluate", Enter activates them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    try {
      const p = await newPage(ctx);
      const tabTo = async (selector: string): Promise<void> => {
        for (let i = 0; i < 40; i++) {
          await p.keyboard.press('Tab');
          if (await p.evaluate((sel) => document.activeElement?.matches(sel) === true, selector)) return;
        }
        assert.fail(`Tab never reached ${selector}`);
      };
      await tabTo('#cw-open-sample');
      const ring = await p.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      assert.equal(ring, 'solid', 'a visible focus outline');
      await p.keyboard.press('Enter');
      await p.waitForSelector('td[data-row="5"]');
      await settled(p);
      await tabTo('#cw-evaluate');
      await p.keyboard.press('Enter');
      await p.waitForSelector('td[data-field="status"] .cw-chip');
      await settled(p);
      assert.equal((await statuses(p)).length, 6);
      // Into the grid with Tab: one tab stop (its first cell), then arrow keys.
      await tabTo('[role="gridcell"]');
      assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.col), '0');
      await p.keyboard.press('ArrowRight');
      assert.equal(await p.evaluate(() => (document.activeElement as HTMLElement).dataset.col), '1');
    } finally {
      await ctx.close();
    }
  });

  it('raised no script errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
