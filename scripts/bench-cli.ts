/**
 * `clausewise evaluate` end to end on large generated files, as a user runs it (a child process):
 * rows per second, peak memory (the child's maximum resident set, from /usr/bin/time -f %M),
 * and a check that rows out = rows in, in input order. Goals: 1,000,000 tariff lines CSV → CSV
 * at 200,000 rows/s or more in under 300 MB; 100,000 lines .xlsx → .xlsx.
 *
 * Usage (after npm run build): node build/scripts/bench-cli.js [--rows 1000000] [--xlsx-rows 100000]
 *   [--engine compiled|json-rules-engine] [--workers N] [--only csv|xlsx] [--threshold]
 * --threshold times CSV → CSV on the main thread alone against the worker pool started at once
 * (--workers N threads, default 2) at several sizes, the
 * measurement behind WORKER_THRESHOLD in src/cli/chunkedEvaluation.ts.
 *
 * The rows are bench/generateRows.ts's tariff lines (every category and regime, cells typed the
 * ways users type them, a few percent unreadable, so invalid rows are counted too), evaluated as
 * of its GENERATED_AS_OF. Deterministic: the same rows every run.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { CsvTableReader } from '../src/core/csv';
import { rawCellText } from '../src/core/resultGrid';
import type { RawCell, TableRow } from '../src/core/table';
import { openTableStream } from '../src/io/tableStream';
import { GENERATED_AS_OF, generateTariffLines } from '../bench/generateRows';

const REPO = resolve(__dirname, '..', '..');
const CLI = join(REPO, 'bin', 'clausewise.js');
const AS_OF = GENERATED_AS_OF;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

interface Lines {
  headers: string[];
  /** Row i of the generated table (0-based). */
  row(i: number): RawCell[];
}

/** bench/generateRows.ts's tariff lines (realistic, deterministic, a few percent unreadable). */
function tariffLines(n: number): Lines {
  const table = generateTariffLines(n, 2);
  return { headers: table.headers, row: (i) => table.rows[i]!.cells };
}

function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function writeCsv(path: string, lines: Lines, n: number): Promise<void> {
  const out = createWriteStream(path);
  let text = `${lines.headers.map(csvField).join(',')}\r\n`;
  for (let i = 0; i < n; i++) {
    text += `${lines.row(i).map((c) => csvField(rawCellText(c))).join(',')}\r\n`;
    if (text.length > 1 << 16 || i === n - 1) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end();
  await once(out, 'close');
}

async function writeXlsx(path: string, lines: Lines, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('Tariff lines');
  ws.addRow(lines.headers).commit();
  for (let i = 0; i < n; i++) {
    ws.addRow(lines.row(i).map((c) => (c !== null && typeof c === 'object' ? ('date' in c ? new Date(`${c.date}T00:00:00Z`) : c.error) : c))).commit();
  }
  ws.commit();
  await wb.commit();
}

interface Run {
  seconds: number;
  peakMb: number;
  stderr: string;
}

/**
 * `clausewise evaluate ARGS` in a child process; with `tuning`, the same command started through
 * evaluateCommand with that tuning (to start workers below the threshold, for --threshold).
 */
function runCli(args: string[], tuning?: { chunkRows: number; workers: number; workerThreshold: number }): Run {
  const argv = ['evaluate', ...args, '--as-of', AS_OF, '--quiet', '--force'];
  const driver = `const { parseArgs } = require(${JSON.stringify(join(REPO, 'build', 'src', 'cli', 'args.js'))});
const { processIo } = require(${JSON.stringify(join(REPO, 'build', 'src', 'cli', 'context.js'))});
const { evaluateCommand } = require(${JSON.stringify(join(REPO, 'build', 'src', 'cli', 'commands', 'evaluate.js'))});
evaluateCommand(parseArgs(${JSON.stringify(argv)}), processIo, ${JSON.stringify(tuning)}).then((code) => { process.exitCode = code; }, (e) => { console.error(e.message); process.exitCode = 1; });`;
  const command = tuning ? ['-e', driver] : [CLI, ...argv];
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...command], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  const lines = r.stderr.trim().split('\n');
  const kb = Number(lines.pop());
  if (r.status !== 0 || !Number.isFinite(kb)) throw new Error(`clausewise exited ${r.status}:\n${r.stderr}`);
  return { seconds, peakMb: kb / 1024, stderr: lines.join('\n') };
}

/** Every output row's input cells against the generated row, in order; returns the rows counted. */
async function checkOutput(rows: AsyncIterable<TableRow[]>, lines: Lines, width: number, n: number): Promise<number> {
  let i = 0;
  for await (const piece of rows) {
    for (const row of piece) {
      const want = lines.row(i).map((c) => rawCellText(c));
      const got = row.cells.slice(0, width).map((c) => rawCellText(c));
      if (want.join('\u0001') !== got.join('\u0001')) throw new Error(`output row ${i + 1} is not input row ${i + 1}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      i++;
    }
  }
  if (i !== n) throw new Error(`${n} rows in, ${i} out`);
  return i;
}

async function* csvRows(path: string): AsyncGenerator<TableRow[]> {
  const reader = new CsvTableReader(path);
  for await (const piece of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const step = reader.push(piece as string);
    if (!step.ok) throw new Error(step.problem);
    yield step.rows;
  }
  const last = reader.end();
  if (!last.ok) throw new Error(last.problem);
  yield last.rows;
}

function report(label: string, n: number, run: Run, extra = ''): void {
  console.log(`${label}: ${n.toLocaleString('en-US')} rows in ${run.seconds.toFixed(1)} s = ${Math.round(n / run.seconds).toLocaleString('en-US')} rows/s, peak RSS ${Math.round(run.peakMb)} MB${extra}`);
}

async function main(): Promise<void> {
  const n = Number(option('rows') ?? 1_000_000);
  const nx = Number(option('xlsx-rows') ?? 100_000);
  const only = option('only');
  const pass = [...(option('engine') ? ['--engine', option('engine')!] : []), ...(option('workers') ? ['--workers', option('workers')!] : [])];
  const dir = mkdtempSync(join(tmpdir(), 'clausewise-bench-'));
  const lines = tariffLines(Math.max(n, nx, 200_000));
  try {
    if (process.argv.includes('--threshold')) {
      for (const size of [2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000]) {
        const input = join(dir, `lines-${size}.csv`);
        await writeCsv(input, lines, size);
        const best = (workers: number): number => Math.min(...[1, 2, 3].map(() => runCli([input, '--out', join(dir, 'out.csv'), ...pass.filter((a, i) => a !== '--workers' && pass[i - 1] !== '--workers')], { chunkRows: 2_000, workers, workerThreshold: 0 }).seconds));
        const one = best(0);
        const pool = best(Number(option('workers') ?? 2));
        console.log(`${size.toLocaleString('en-US').padStart(8)} rows: one thread ${one.toFixed(2)} s, workers ${pool.toFixed(2)} s (${pool < one ? 'workers faster' : 'one thread faster'})`);
      }
      return;
    }
    if (only !== 'xlsx') {
      const input = join(dir, 'lines.csv');
      const output = join(dir, 'results.csv');
      await writeCsv(input, lines, n);
      console.log(`generated ${input} (${(statSync(input).size / 1e6).toFixed(0)} MB)`);
      const run = runCli([input, '--out', output, ...pass]);
      const counted = await checkOutput(csvRows(output), lines, lines.headers.length, n);
      report('CSV → CSV', n, run, `; ${counted.toLocaleString('en-US')} rows out, in order`);
    }
    if (only !== 'csv') {
      const input = join(dir, 'lines.xlsx');
      const output = join(dir, 'results.xlsx');
      await writeXlsx(input, lines, nx);
      console.log(`generated ${input} (${(statSync(input).size / 1e6).toFixed(0)} MB)`);
      const run = runCli([input, '--out', output, ...pass]);
      const results = await openTableStream(output, 'Results');
      const counted = await checkOutput(results.rows, lines, lines.headers.length, nx);
      report('.xlsx → .xlsx', nx, run, `; ${counted.toLocaleString('en-US')} rows out, in order`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
