#!/usr/bin/env node
'use strict';
/**
 * `npm start`: evaluate the bundled sample workbook — both sheets, as of the sample's reference
 * date — and print the compliance tables. Needs no Excel.
 *
 * In a terminal (stdout is a TTY and CI is not "true") it then also builds the Excel add-in in
 * development mode when dist/ is missing or older than its sources, and serves dist/ on port
 * 3000 until Ctrl+C, printing the page's URL and how to sideload manifest.xml into Excel.
 * Otherwise (CI, output piped to a file) it exits after the tables.
 */
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'build', 'src', 'cli', 'main.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('Clausewise is not built yet: run "npm ci" (or "npm run build") first.\n');
  process.exit(2);
}
const { run } = require(cli);
const sample = path.relative(process.cwd(), path.join(root, 'samples', 'us-japan-2025.xlsx')) || 'samples/us-japan-2025.xlsx';
const asOf = process.env.CLAUSEWISE_AS_OF || '2026-04-30';
const interactive = Boolean(process.stdout.isTTY) && process.env.CI !== 'true';

const DIST = path.join(root, 'dist');
/** What the add-in bundle is built from. */
const SOURCES = ['src', 'taskpane', 'rules', 'assets', 'manifest.xml', 'webpack.config.js', 'package.json'];

/** The newest modification time (ms) among files under `p`. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why dist/ needs a development build, or '' when it is current. */
function staleReason() {
  const page = path.join(DIST, 'taskpane.html');
  if (!fs.existsSync(page)) return 'the add-in is not built yet';
  // Development builds carry office.js locally; a production build loads it from the Office CDN.
  if (!fs.existsSync(path.join(DIST, 'office.js'))) return 'dist/ holds a production build';
  const built = fs.statSync(page).mtimeMs;
  const changed = SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
  return changed ? 'its sources changed since the last build' : '';
}

function buildAddin() {
  const why = staleReason();
  if (!why) return true;
  process.stdout.write(`\nBuilding the Excel add-in (development) because ${why}…\n`);
  const webpack = require.resolve('webpack/bin/webpack.js', { paths: [root] });
  const result = spawnSync(process.execPath, [webpack, '--mode', 'development'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('The add-in build failed (above); the sample results are printed, but nothing is served.\n');
    return false;
  }
  return true;
}

(async () => {
  let code = 0;
  for (const sheet of ['Projects', 'Tariff lines']) {
    process.stdout.write(`\n$ clausewise evaluate ${sample} --sheet "${sheet}" --as-of ${asOf}\n\n`);
    code = Math.max(code, await run(['evaluate', sample, '--sheet', sheet, '--as-of', asOf]));
  }
  process.stdout.write(`\nThe sample's funded dates are illustrative (see its About sheet). Try another date or a what-if:\n` +
    `  npx clausewise evaluate ${sample} --sheet Projects --as-of 2026-05-22\n` +
    `  npx clausewise evaluate ${sample} --sheet Projects --as-of ${asOf} --set fundingPeriod.calendar=JP\n` +
    `  npx clausewise explain ${sample} --sheet Projects --row 2 --as-of ${asOf}\n`);
  process.exitCode = code;
  if (!interactive) return;

  if (!buildAddin()) {
    process.exitCode = 1;
    return;
  }
  process.stdout.write('\n');
  const { runServer } = require('./serve');
  try {
    await runServer({ dir: DIST, port: Number(process.env.PORT) || 3000, host: '127.0.0.1', allowHttps: true });
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
})();
