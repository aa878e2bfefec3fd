/**
 * End to end at scale, in headless Chromium: a generated table of 10,000 project rows opened in
 * the standalone page. The grid is virtualised: the DOM holds a bounded number of rows however
 * far one scrolls, the keyboard reaches the last row (scrolled into view), an edit far down
 * re-evaluates that row (its status as the CLI gives for the edited row), and the edited value is
 * still there after scrolling away and back.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../support/fixtures';
import { projectsCsv } from '../support/generatedProjects';
import { DIST, ensureDist, launchChromium, SCREENSHOTS } from './browser';
import { serveFolder, type StaticServer } from './staticServer';

const N = 10_000;
const AS_OF = '2026-06-30';
const MAX_DOM_ROWS = 200;
const CSV = projectsCsv(N);
const LINES = CSV.trimEnd().split('\n');
const HEADERS = LINES[0]!.split(',');

/** The CLI's statuses (the subject's words) for some rows of the generated table, each possibly edited. */
function cliStatuses(rows: string[][]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cw-big-'));
  try {
    const file = join(dir, 'rows.csv');
    writeFileSync(file, [HEADERS.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'clausewise.js'), 'evaluate', file, '--as-of', AS_OF, '--format', 'json'], { encoding: 'utf8' });
    return (JSON.parse(out) as { rows: { subjectStatus: string }[] }).rows.map((r) => r.subjectStatus);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('standalone page with 10,000 rows (end to end)', function () {
  this.timeout(60_000);
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async function () {
    this.timeout(300_000);
    ensureDist();
    server = await serveFolder(DIST);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}taskpane.html`);
    await page.waitForSelector('#cw-open-sample');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const domRows = (): Promise<number> => page.$$eval('tbody tr[role="row"]', (rows) => rows.length);
  const settled = (): Promise<unknown> => page.waitForFunction(() => document.getElementById('app')?.dataset.busy !== 'true', null, { timeout: 240_000 });
  const active = (): Promise<{ row: number; col: number; header: string | undefined }> =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { row: Number(el.dataset.row), col: Number(el.dataset.col), header: el.dataset.header };
    });
  /** Whether the row's cell in the column is inside the scroller's viewport, below the sticky header. */
  const inView = (row: number, header: string): Promise<boolean> =>
    page.evaluate(([r, h]) => {
      const scroller = document.querySelector<HTMLElement>('[data-grid-scroller]')!.getBoundingClientRect();
      const head = document.querySelector('thead tr')!.getBoundingClientRect();
      const cell = document.querySelector(`td[data-row="${r}"][data-header="${h}"]`)?.getBoundingClientRect();
      return !!cell && cell.top >= head.bottom - 0.5 && cell.bottom <= scroller.bottom + 0.5 && cell.left >= scroller.left - 0.5 && cell.right <= scroller.right + 0.5;
    }, [row, header] as const);
  /** Wait for the grid to have redrawn after a scroll (the scroll event, then a frame). */
  const frame = (): Promise<unknown> => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

  it('opens the table: the grid says it has 10,000 rows and holds only those in view', async () => {
    await page.setInputFiles('#cw-file-input', { name: 'projects.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.waitForFunction(() => document.querySelector('#cw-file')?.textContent === 'projects.csv' && document.querySelector('td[data-row="0"]') !== null);
    assert.equal(await page.getAttribute('table[role="grid"]', 'aria-rowcount'), String(N + 1));
    assert.equal(await page.getAttribute('tbody tr[data-row="0"]', 'aria-rowindex'), '2');
    const count = await domRows();
    assert.ok(count > 10 && count < MAX_DOM_ROWS, `${count} rows in the DOM`);
    // The scroll height is the whole table's.
    const heights = await page.evaluate(() => ({
      scroll: document.querySelector('[data-grid-scroller]')!.scrollHeight,
      row: document.querySelector('tbody tr[role="row"]')!.getBoundingClientRect().height,
    }));
    assert.ok(heights.scroll >= N * heights.row, JSON.stringify(heights));
  });

  it('evaluates all rows', async function () {
    this.timeout(300_000);
    await page.fill('#cw-as-of', AS_OF);
    await page.click('#cw-evaluate');
    await page.waitForSelector('td[data-row="0"][data-field="status"] .cw-chip', { timeout: 240_000 });
    await settled();
    const first = LINES.slice(1, 4).map((l) => l.split(','));
    const shown = await page.$$eval('tbody td[data-field="status"]', (cells) => cells.slice(0, 3).map((c) => c.textContent ?? ''));
    assert.deepEqual(shown, cliStatuses(first));
    assert.match((await page.textContent('.cw-summary')) ?? '', /10,?000 rows as of 2026-06-30/);
  });

  it('the DOM row count stays bounded while scrolling, and the rows in view are the right ones', async () => {
    await page.hover('[data-grid-scroller]');
    for (let k = 0; k < 8; k++) {
      await page.mouse.wheel(0, 2400);
      await frame();
      assert.ok((await domRows()) < MAX_DOM_ROWS, `${await domRows()} rows in the DOM after ${k + 1} wheel turns`);
    }
    for (const fraction of [0.25, 0.5, 0.999, 1, 0.1, 0]) {
      await page.evaluate((f) => {
        const s = document.querySelector<HTMLElement>('[data-grid-scroller]')!;
        s.scrollTop = f * (s.scrollHeight - s.clientHeight);
      }, fraction);
      await frame();
      const seen = await page.evaluate(() => {
        const s = document.querySelector<HTMLElement>('[data-grid-scroller]')!.getBoundingClientRect();
        const under = document.elementFromPoint(s.left + 60, s.top + s.height / 2)?.closest('tr');
        return { index: Number(under?.getAttribute('aria-rowindex')), row: Number(under?.dataset.row), number: under?.querySelector('th')?.textContent };
      });
      const count = await domRows();
      assert.ok(count < MAX_DOM_ROWS, `${count} rows in the DOM at ${fraction}`);
      // The row drawn mid-viewport is a real row, numbered as in the table.
      assert.ok(Number.isInteger(seen.row) && seen.row >= 0 && seen.row < N, JSON.stringify(seen));
      assert.equal(seen.index, seen.row + 2);
      assert.equal(seen.number, String(seen.row + 1));
    }
  });

  it('the keyboard reaches the last row and back, scrolling the active cell into view', async () => {
    await page.click('td[data-row="0"][data-header="Project"]');
    await page.keyboard.press('ControlOrMeta+End');
    let at = await active();
    assert.equal(at.row, N - 1);
    assert.equal(at.col, HEADERS.length + 0 + (await page.$$eval('thead th.cw-col--result', (t) => t.length)) - 1);
    await page.keyboard.press('Home');
    at = await active();
    assert.deepEqual([at.row, at.header], [N - 1, 'Project']);
    assert.equal(await inView(N - 1, 'Project'), true);
    assert.equal(await page.textContent(`tr[data-row="${N - 1}"] th`), String(N));
    assert.ok((await domRows()) < MAX_DOM_ROWS);
    // Page Up moves a viewport's worth, and the cell stays in view.
    await page.keyboard.press('PageUp');
    at = await active();
    assert.ok(at.row < N - 10 && at.row > N - 40, `row ${at.row} after Page Up`);
    assert.equal(await inView(at.row, 'Project'), true);
    await page.keyboard.press('ControlOrMeta+Home');
    at = await active();
    assert.deepEqual([at.row, at.col], [0, 0]);
    assert.equal(await inView(0, 'Project'), true);
    assert.equal(await page.evaluate(() => document.querySelector('[data-grid-scroller]')!.scrollTop), 0);
  });

  it('focus stays in the grid when its cell scrolls out of the DOM; an arrow key brings it back', async () => {
    await page.click('td[data-row="2"][data-header="Stage"]');
    await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>('[data-grid-scroller]')!;
      s.scrollTop = s.scrollHeight / 2;
    });
    await frame();
    assert.equal(await page.$('td[data-row="2"]'), null);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'grid');
    await page.keyboard.press('ArrowDown');
    const at = await active();
    assert.deepEqual([at.row, at.header], [3, 'Stage']);
    assert.equal(await inView(3, 'Stage'), true);
  });

  it('an edit far down re-evaluates that row; the edited value survives scrolling away and back', async () => {
    // A selected project near the end, reached by keyboard, whose status a new funded date changes (the CLI says which).
    const stage = HEADERS.indexOf('Stage');
    const notice = HEADERS.indexOf('Selection notice date');
    let row = N - 5;
    while (!(LINES[row + 1]!.split(',')[stage] === 'selected' && LINES[row + 1]!.split(',')[notice])) row -= 1;
    assert.ok(row > N - 40, `a selected project near the end (row ${row + 1})`);
    const original = LINES[row + 1]!.split(',');
    const col = HEADERS.indexOf('Funded date');
    const candidates = ['2026-01-06', '2026-06-29', ''].filter((v) => v !== original[col]);
    const statuses = cliStatuses([original, ...candidates.map((v) => original.map((x, i) => (i === col ? v : x)))]);
    const pick = candidates.findIndex((_, i) => statuses[i + 1] !== statuses[0]);
    assert.ok(pick >= 0, `a funded date that changes row ${row + 1}'s status: ${JSON.stringify({ original, statuses })}`);
    const value = candidates[pick]!;
    const expected = statuses[pick + 1]!;

    await page.click('td[data-row="0"][data-header="Funded date"]');
    await page.keyboard.press('ControlOrMeta+End');
    for (let k = 0; k < N - 1 - row; k++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    for (let k = 0; k < col; k++) await page.keyboard.press('ArrowRight');
    assert.deepEqual(await active(), { row, col, header: 'Funded date' });
    const status = `td[data-row="${row}"][data-field="status"]`;
    assert.equal(await page.textContent(status), statuses[0]);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+A');
    if (value) await page.keyboard.type(value);
    else await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [status, expected] as const);
    await settled();
    const cell = `td[data-row="${row}"][data-header="Funded date"]`;
    assert.equal(await page.textContent(cell), value);
    await page.screenshot({ path: join(SCREENSHOTS, 'standalone-1280-10000-rows.png') });

    // Away (the row leaves the DOM) and back by keyboard.
    await page.keyboard.press('ControlOrMeta+Home');
    assert.equal(await page.$(cell), null);
    await page.keyboard.press('ControlOrMeta+End');
    for (let k = 0; k < N - 1 - row; k++) await page.keyboard.press('ArrowUp');
    assert.equal(await page.textContent(cell), value);
    assert.equal(await page.$eval(cell, (c) => c.classList.contains('cw-cell--edited')), true);
    assert.equal(await page.textContent(status), expected);
    // And by scrolling: away to the top, back to the end.
    await page.evaluate(() => { document.querySelector<HTMLElement>('[data-grid-scroller]')!.scrollTop = 0; });
    await frame();
    assert.equal(await page.$(cell), null);
    await page.evaluate(() => {
      const s = document.querySelector<HTMLElement>('[data-grid-scroller]')!;
      s.scrollTop = s.scrollHeight;
    });
    await frame();
    assert.equal(await page.textContent(cell), value);
    assert.equal(await page.textContent(status), expected);
    // The other rows kept the CLI's statuses.
    const neighbours = [row - 1, row + 1];
    const shown = await Promise.all(neighbours.map((r) => page.textContent(`td[data-row="${r}"][data-field="status"]`)));
    assert.deepEqual(shown, cliStatuses(neighbours.map((r) => LINES[r + 1]!.split(','))));
  });

  it('raised no script errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
