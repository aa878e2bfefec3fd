/**
 * The standalone page's what-if speed, in real headless Chromium (the browser the end-to-end tests
 * use): a generated table of N project rows (10,000 by default) opened as a CSV, evaluated, then
 *   - one-cell what-if: a funded date edited by keyboard, timed from the edit to its row's new
 *     result in the grid (User Timing measure `cw-edit`, taskpane/standalone.ts);
 *   - a parameter change: the as-of date changed, timed from the change to every row's result in
 *     the grid (`cw-evaluate`), and the grid's own part of it (`cw-grid-update`).
 * Each is repeated; the median is printed. Usage: node build/scripts/bench-page.js [--rows 10000] [--repeat 7]
 */
import type { Page } from 'playwright-core';
import { DIST, ensureDist, launchChromium } from '../test/e2e/browser';
import { serveFolder } from '../test/e2e/staticServer';
import { projectsCsv } from '../test/support/generatedProjects';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const N = option('rows', 10_000);
const REPEAT = option('repeat', 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measures(page: Page, name: string): Promise<number[]> {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((e) => e.duration), name);
}

async function waitForMeasure(page: Page, name: string, count: number): Promise<number> {
  await page.waitForFunction(([n, c]) => performance.getEntriesByName(n as string, 'measure').length >= (c as number), [name, count] as const, { timeout: 600_000 });
  return (await measures(page, name))[count - 1]!;
}

/** Scroll the grid as a user would until the row is in view (only rows in view are in the DOM). */
async function scrollToRow(page: Page, row: number): Promise<void> {
  await page.evaluate((r) => {
    const scroller = document.querySelector<HTMLElement>('[data-grid-scroller]')!;
    const height = document.querySelector('tbody tr[role="row"]')!.getBoundingClientRect().height;
    scroller.scrollTop = Math.max(0, (r - 3) * height);
  }, row);
  await page.waitForSelector(`td[data-row="${row}"]`);
}

async function main(): Promise<void> {
  ensureDist();
  const server = await serveFolder(DIST);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}taskpane.html`);
    await page.waitForSelector('#cw-open-sample');
    const opened = Date.now();
    await page.setInputFiles('#cw-file-input', { name: 'projects.csv', mimeType: 'text/csv', buffer: Buffer.from(projectsCsv(N)) });
    // The grid is virtualised: it tells its size in aria-rowcount (the header row included).
    await page.waitForFunction((n) => document.querySelector('table[role="grid"]')?.getAttribute('aria-rowcount') === String(n + 1) && document.querySelector('td[data-row="0"]') !== null, N, { timeout: 600_000 });
    const openSeconds = (Date.now() - opened) / 1000;
    await page.fill('#cw-as-of', '2026-06-30');
    await page.click('#cw-evaluate');
    const first = await waitForMeasure(page, 'cw-evaluate', 1);

    // One-cell what-if: a funded date typed into a row in the middle of the table, then Enter.
    const headers = await page.$$eval('thead th.cw-col--input', (ths) => ths.map((t) => t.textContent ?? ''));
    const col = headers.indexOf('Funded date');
    const edits: number[] = [];
    for (let k = 0; k < REPEAT; k++) {
      const row = Math.floor(N / 2) + k;
      await scrollToRow(page, row);
      await page.click(`td[data-row="${row}"][data-col="${col}"]`);
      await page.keyboard.type(k % 2 ? '2026-03-02' : '2026-09-30');
      await page.keyboard.press('Enter');
      edits.push(await waitForMeasure(page, 'cw-edit', k + 1));
    }

    // A parameter change: the as-of date, every row evaluated again.
    const whatIfs: number[] = [];
    for (let k = 0; k < REPEAT; k++) {
      await page.fill('#cw-as-of', k % 2 ? '2026-06-30' : '2026-07-31');
      await page.dispatchEvent('#cw-as-of', 'change');
      whatIfs.push(await waitForMeasure(page, 'cw-evaluate', k + 2));
    }
    const gridUpdates = (await measures(page, 'cw-grid-update')).slice(1);
    const domRows = await page.$$eval('tbody tr[role="row"]', (rows) => rows.length);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const ms = (x: number) => `${x.toFixed(x < 100 ? 1 : 0)} ms`;
    process.stdout.write(`Standalone page, headless Chromium, ${N.toLocaleString('en-US')} project rows (opened in ${openSeconds.toFixed(1)} s; first evaluation ${ms(first)})\n`);
    process.stdout.write(`  rows in the DOM: ${domRows} (virtualised grid)\n`);
    process.stdout.write(`  one-cell what-if, edit to updated row:   median ${ms(median(edits))}  (${edits.map(ms).join(', ')})  goal < 20 ms\n`);
    process.stdout.write(`  as-of date change, all rows re-evaluated: median ${ms(median(whatIfs))}  (${whatIfs.map(ms).join(', ')})  goal < 500 ms\n`);
    process.stdout.write(`    of which the grid's update (results in, rows in view redrawn): median ${ms(median(gridUpdates))}\n`);
  } finally {
    await browser.close();
    await server.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
