/**
 * Streaming evaluation: the CSV grammar read in pieces, the streaming readers and writers, and
 * `clausewise evaluate` evaluating in bounded chunks (in workers or not) with rows out = rows
 * in, in input order.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { CsvTableReader, parseCsv, type CsvResult } from '../src/core/csv';
import { Evaluator, type RowResult } from '../src/core/engine/evaluator';
import type { SubjectMatch } from '../src/core/match';
import { buildReport } from '../src/core/report';
import { rawCellText, resultsCsv } from '../src/core/resultGrid';
import type { Rulebook } from '../src/core/rulebook/model';
import { computeTotals } from '../src/core/summaries';
import type { Table, TableRow } from '../src/core/table';
import { parseArgs } from '../src/cli/args';
import { DEFAULT_TUNING, evaluateInChunks, type Tuning } from '../src/cli/chunkedEvaluation';
import { evaluateCommand } from '../src/cli/commands/evaluate';
import { Exit, type Io } from '../src/cli/context';
import { progressMeter } from '../src/cli/terminal';
import { readTableFile } from '../src/io/readTable';
import { loadRulebookFolder } from '../src/io/rulebookFolder';
import { openTableStream } from '../src/io/tableStream';
import { readWorkbookTables } from '../src/io/xlsx';
import { resultsWorkbook } from '../src/io/writeXlsx';
import { REPO_ROOT, RULEBOOK_DIR } from './support/fixtures';

/** parseCsv's answer for `text` pushed to a CsvTableReader in the pieces cut at `cuts`. */
function chunkedCsv(text: string, cuts: readonly number[]): CsvResult {
  const reader = new CsvTableReader('data.csv');
  const rows = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    const step = reader.push(text.slice(from, cut));
    from = cut;
    if (!step.ok) return step;
    rows.push(...step.rows);
  }
  const last = reader.end();
  if (!last.ok) return last;
  const head = reader.head!;
  return { ok: true, table: { source: head.source, headerRow: head.headerRow, headers: head.headers, rows: [...rows, ...last.rows], date1904: head.date1904 } };
}

const TRICKY_CSV: Record<string, string> = {
  'quoted fields with CRLF, doubled quotes and a delimiter inside': 'Name,Note\r\nA,"line one\r\nline ""two""\nthree, four"\r\nB,plain\r\n',
  'lone CR line ends and a last line without one': 'A,B\r1,2\r3,"x\ry"\r4,5',
  'a byte-order mark, blank lines before the header and blank records': '\uFEFF\n  \n,,\nName,Value\nA,1\n\n,,\n"",\nB,2\n',
  'an Excel sep= line with CRLF': 'sep=;\r\nA;B\r\n"1;2";3\r\n',
  'semicolons detected from a quoted header with commas': '"a,b,c";d\r\n1;2\r\n"x;y";"z"\r\n',
  'tabs, with a tab not taken as leading space': 'Name\tValue, in USD\n\t1,200\n"q"\t 2\n',
  'spaces around quotes and text after a closing quote': 'A,B,C\n1, "x,y" ,3\n2,"a"b ,c\n',
  'short and long records': 'A,B,C\n1\n1,2,3,4\n1,2,3,, \n',
  'an unterminated quote': 'Name,Note\nA,ok\nB,x,"never closed\nmore text\n',
  'a header only': 'A,B\r\n',
  'nothing but a byte-order mark and line ends': '\uFEFF\r\n\r\n',
  'a one-column file': 'Name\nA\nB',
};

describe('CSV read in pieces', () => {
  for (const [name, text] of Object.entries(TRICKY_CSV)) {
    it(`equals the whole-text reading for every split of ${name}`, () => {
      const whole = parseCsv(text, 'data.csv');
      for (let a = 0; a <= text.length; a++) {
        assert.deepEqual(chunkedCsv(text, [a]), whole, `one cut at ${a}`);
        for (let b = a; b <= text.length; b++) assert.deepEqual(chunkedCsv(text, [a, b]), whole, `cuts at ${a} and ${b}`);
      }
      assert.deepEqual(chunkedCsv(text, Array.from({ length: text.length }, (_, i) => i)), whole, 'one character at a time');
    });
  }

  it('reads a cell of many lines longer than the re-reading limit, pushed in small pieces', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `line ${i}, "quoted"`).join('\r\n');
    const text = `A,B\r\n1,"${long.replace(/"/g, '""')}"\r\n2,3\r\n`;
    const cuts = Array.from({ length: Math.floor(text.length / 997) }, (_, i) => (i + 1) * 997);
    const chunked = chunkedCsv(text, cuts);
    assert.deepEqual(chunked, parseCsv(text, 'data.csv'));
    assert.ok(chunked.ok && chunked.table.rows[0]!.cells[1] === long && chunked.table.rows[1]!.sourceRow === 20_002);
  });

  it('reads a CSV file as a stream as readTableFile reads it: UTF-8 split between pieces, UTF-16, not UTF-8', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clausewise-stream-csv-'));
    try {
      const text = `Name,Note\r\n${Array.from({ length: 30_000 }, (_, i) => `Zoë ${i},"漢字, ""${i}"""`).join('\r\n')}\r\n`;
      const utf8 = join(dir, 'utf8.csv');
      writeFileSync(utf8, text);
      const utf16 = join(dir, 'utf16.txt');
      writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      for (const path of [utf8, utf16]) {
        const stream = await openTableStream(path);
        const rows: TableRow[] = [];
        for await (const piece of stream.rows) rows.push(...piece);
        assert.deepEqual({ ...stream.head, rows }, await readTableFile(path));
        assert.equal(rows.length, 30_000);
      }
      const latin1 = join(dir, 'latin1.csv');
      writeFileSync(latin1, Buffer.from('Name\r\nZo\xeb\r\n', 'latin1'));
      const stream = await openTableStream(latin1).catch((e: Error) => e);
      const failure = stream instanceof Error ? stream : await (async () => { for await (const _ of stream.rows) { /* read */ } })().catch((e: Error) => e);
      assert.equal((failure as Error).message, `${latin1} is not saved as UTF-8 text: in Excel use Save As and choose "CSV UTF-8 (Comma delimited) (*.csv)".`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives each row as soon as its line has ended, with its line number', () => {
    const reader = new CsvTableReader('data.csv');
    assert.deepEqual(reader.push('A,B\n1,"x\ny"\n2,'), { ok: true, rows: [{ row: 1, sourceRow: 2, cells: ['1', 'x\ny'] }] });
    assert.deepEqual(reader.head?.headers, ['A', 'B']);
    assert.deepEqual(reader.push('3\r'), { ok: true, rows: [] }); // the CR may be half of a CRLF
    assert.deepEqual(reader.push('\n'), { ok: true, rows: [{ row: 2, sourceRow: 4, cells: ['2', '3'] }] });
    assert.deepEqual(reader.end(), { ok: true, rows: [] });
  });

  it('reports an unterminated quote at the end with the line and column where it opened', () => {
    const reader = new CsvTableReader('data.csv');
    assert.equal(reader.push('A,B\n1,2\n3,"open\n').ok, true);
    assert.deepEqual(reader.end(), { ok: false, problem: 'In data.csv, the quotation mark opened on line 3, column 3 (field 2) is never closed: add the closing " or remove the opening one.' });
  });
});

// ---------------------------------------------------------------------------------------------
// The streaming .xlsx reader against the whole-workbook reader

async function streamedTable(path: string, sheet?: string): Promise<Table> {
  const stream = await openTableStream(path, sheet);
  const rows: TableRow[] = [];
  for await (const piece of stream.rows) rows.push(...piece);
  const { source, headerRow, headers, date1904 } = stream.head;
  return { source, ...(stream.head.sheet === undefined ? {} : { sheet: stream.head.sheet }), headerRow, headers, rows, date1904 };
}

async function wholeTable(path: string, sheet?: string): Promise<Table> {
  return (await readWorkbookTables(readFileSync(path), path)).read(sheet);
}


// ---------------------------------------------------------------------------------------------
// `clausewise evaluate` in chunks, with and without workers

const AS_OF = '2026-04-30';
const SAMPLE = join(REPO_ROOT, 'samples', 'us-japan-2025.xlsx');

/** The sample's tariff lines repeated to `n` rows, every 7th with an entry date that is not a date, every 11th with no category. */
async function tariffCsv(n: number): Promise<string> {
  const sample = await wholeTable(SAMPLE, 'Tariff lines');
  const entry = sample.headers.indexOf('Entry date');
  const category = sample.headers.indexOf('Category');
  const field = (t: string): string => (/[",\r\n]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const lines = [sample.headers.map(field).join(',')];
  for (let i = 0; i < n; i++) {
    const cells = sample.rows[i % sample.rows.length]!.cells.map((c) => rawCellText(c));
    if (i % 7 === 6) cells[entry] = 'not a date';
    if (i % 11 === 10) cells[category] = '';
    lines.push(cells.map(field).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

interface Captured {
  code: number;
  out: string;
  err: string;
}

async function evaluate(argv: string[], tuning: Tuning = DEFAULT_TUNING): Promise<Captured> {
  const captured = { out: '', err: '' };
  const io: Io = { out: (t) => (captured.out += t.endsWith('\n') ? t : `${t}\n`), err: (t) => (captured.err += `${t}\n`) };
  let code: number;
  try {
    code = await evaluateCommand(parseArgs(['evaluate', ...argv, '--as-of', AS_OF, '--quiet']), io, tuning);
  } catch (err) {
    if (!(err instanceof Exit)) throw err;
    code = err.code;
    captured.err += err.message;
  }
  return { code, ...captured };
}

/** The table evaluated whole, as `evaluate` did before it streamed: readTableFile, evaluateTable. */
async function evaluatedWhole(path: string, sheet?: string): Promise<{ table: Table; match: SubjectMatch; results: RowResult[]; rulebook: Rulebook }> {
  const rulebook = (await loadRulebookFolder(RULEBOOK_DIR)).rulebook!;
  const prepared = Evaluator.prepare(rulebook, {});
  if (!prepared.ok) assert.fail(prepared.problems.join(' '));
  const table = await readTableFile(path, sheet);
  const matched = prepared.evaluator.match(table);
  if (!matched.ok) assert.fail(matched.problem);
  return { table, match: matched.match, results: await prepared.evaluator.evaluateTable(table, matched.match, AS_OF), rulebook };
}

/** What a person sees of a workbook: each sheet's cells (an empty text as an empty cell), formats, alignment, widths, frozen panes, conditional formats. */
async function workbookContent(path: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const rows: unknown[] = [];
    ws.eachRow((row, n) => {
      const cells = Array.from({ length: row.cellCount }, (_, c) => {
        const cell = row.getCell(c + 1);
        return [cell.value === '' ? null : cell.value, cell.numFmt ?? null, cell.alignment ?? null, cell.font?.bold ?? false];
      });
      while (cells.length && cells.at(-1)![0] === null) cells.pop();
      rows.push([n, cells]);
    });
    return { name: ws.name, views: ws.views, widths: (ws.columns ?? []).map((c) => c.width), conditional: (ws as unknown as { conditionalFormattings?: unknown }).conditionalFormattings, rows };
  });
}

describe('evaluate in chunks', function () {
  this.timeout(120_000);
  let dir: string;
  let lines: string;
  const N = 230;
  const TINY_CHUNKS_WITH_WORKERS: Tuning = { chunkRows: 7, workers: 2, workerThreshold: 0, evaluateWhileWorkersStart: false };
  const ONE_THREAD: Tuning = { chunkRows: 2_000, workers: 0, workerThreshold: Infinity };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clausewise-stream-cli-'));
    lines = join(dir, 'lines.csv');
    writeFileSync(lines, await tariffCsv(N));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every row, invalid ones included, in input order, with workers on: the same CSV as the whole table evaluated at once', async () => {
    const withWorkers = join(dir, 'workers.csv');
    const oneThread = join(dir, 'one-thread.csv');
    const a = await evaluate([lines, '--out', withWorkers], TINY_CHUNKS_WITH_WORKERS);
    const b = await evaluate([lines, '--out', oneThread], ONE_THREAD);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    const whole = await evaluatedWhole(lines);
    const expected = resultsCsv(whole.table, whole.match.subject, whole.results);
    assert.equal(readFileSync(withWorkers, 'utf8'), expected);
    assert.equal(readFileSync(oneThread, 'utf8'), expected);
    const parsed = parseCsv(expected, 'x.csv');
    if (!parsed.ok) assert.fail(parsed.problem);
    assert.equal(parsed.table.rows.length, N);
    const status = parsed.table.headers.indexOf('Status');
    assert.equal(parsed.table.rows.filter((r) => r.cells[status] === 'invalid').length, whole.results.filter((r) => r.status === 'invalid').length);
    assert.ok(whole.results.filter((r) => r.status === 'invalid').length >= N / 7 - 1);
    assert.match(a.err, new RegExp(`Wrote ${N} rows \\(`));
  });

  it('evaluates chunks in the workers and gives their results back in input order', async () => {
    const whole = await evaluatedWhole(lines);
    const rulebook = whole.rulebook;
    const prepared = Evaluator.prepare(rulebook, {});
    if (!prepared.ok) assert.fail(prepared.problems.join(' '));
    const source = await openTableStream(lines);
    const written: { rows: TableRow[]; results: RowResult[] }[] = [];
    const outcome = await evaluateInChunks(source.rows, {
      evaluator: prepared.evaluator, match: whole.match, asOf: AS_OF,
      setup: { rulebookFolder: RULEBOOK_DIR, digest: rulebook.digest, overrides: {}, asOf: AS_OF, head: source.head, subject: whole.match.subject.name },
      tuning: { chunkRows: 7, workers: 3, workerThreshold: 0, evaluateWhileWorkersStart: false },
      write: async (rows, results) => {
        written.push({ rows, results });
      },
    });
    assert.deepEqual(outcome, { rows: N, chunksInWorkers: Math.ceil(N / 7) });
    assert.deepEqual(written.flatMap((w) => w.rows), whole.table.rows);
    assert.deepEqual(written.flatMap((w) => w.results), whole.results);
  });

  it('writes the JSON report as the whole table evaluated at once gives it, summary and totals included', async () => {
    const out = join(dir, 'report.json');
    const r = await evaluate([lines, '--out', out], TINY_CHUNKS_WITH_WORKERS);
    assert.equal(r.code, 0, r.err);
    const whole = await evaluatedWhole(lines);
    const report = buildReport({
      rulebook: whole.rulebook, asOf: AS_OF, overrides: {}, file: lines, subject: whole.match.subject.name, headerRow: whole.table.headerRow,
      unmatchedHeaders: whole.match.unmatched, rows: whole.results, totals: computeTotals(whole.table, whole.match, whole.results),
    });
    assert.equal(readFileSync(out, 'utf8'), `${JSON.stringify(report, null, 2)}\n`);
  });

  it('writes an .xlsx workbook with every row in order, its findings and the counts', async () => {
    const out = join(dir, 'results.xlsx');
    const r = await evaluate([lines, '--out', out], TINY_CHUNKS_WITH_WORKERS);
    assert.equal(r.code, 0, r.err);
    const whole = await evaluatedWhole(lines);
    const book = await readWorkbookTables(readFileSync(out), out);
    assert.deepEqual(book.sheets, ['Results', 'Findings', 'Run']);
    const results = book.read('Results');
    assert.equal(results.rows.length, N);
    const status = results.headers.indexOf('Status');
    assert.deepEqual(results.rows.map((row) => row.cells[status]), whole.results.map((x) => x.subjectStatus));
    assert.deepEqual(results.rows.map((row) => row.cells.slice(0, whole.table.headers.length).map(rawCellText)), whole.table.rows.map((row) => row.cells.map(rawCellText)));
    assert.equal(book.read('Findings').rows.length, whole.results.reduce((n, x) => n + x.findings.length, 0));
    const run = new Map(book.read('Run').rows.map((row) => [row.cells[0], row.cells[1]]));
    assert.equal(run.get('Rows invalid'), String(whole.results.filter((x) => x.status === 'invalid').length));
  });

  it('writes the .xlsx workbook resultsWorkbook builds in memory: the same cells, formats, widths and colours', async () => {
    const out = join(dir, 'same-as-whole.xlsx');
    assert.equal((await evaluate([lines, '--out', out], TINY_CHUNKS_WITH_WORKERS)).code, 0);
    const whole = await evaluatedWhole(lines);
    const report = buildReport({
      rulebook: whole.rulebook, asOf: AS_OF, overrides: {}, file: lines, subject: whole.match.subject.name, headerRow: whole.table.headerRow,
      unmatchedHeaders: whole.match.unmatched, rows: whole.results, totals: computeTotals(whole.table, whole.match, whole.results),
    });
    const inMemory = join(dir, 'in-memory.xlsx');
    writeFileSync(inMemory, await resultsWorkbook(whole.table, whole.match.subject, report));
    assert.deepEqual(await workbookContent(out), await workbookContent(inMemory));
  });

  it('reads an .xlsx input as a stream: the same CSV as before on the sample workbook', async () => {
    for (const sheet of ['Tariff lines', 'Projects']) {
      const out = join(dir, `sample-${sheet}.csv`);
      const r = await evaluate([SAMPLE, '--sheet', sheet, '--out', out], TINY_CHUNKS_WITH_WORKERS);
      assert.equal(r.code, 0, r.err);
      const whole = await evaluatedWhole(SAMPLE, sheet);
      assert.equal(readFileSync(out, 'utf8'), resultsCsv(whole.table, whole.match.subject, whole.results), sheet);
    }
  });

  it('a CSV problem found late: exit 2 with the line, and no output file, partial or not', async () => {
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, `${await tariffCsv(50)}8703.23.01,"never closed,Japan\r\n`);
    const out = join(dir, 'broken-results.csv');
    const r = await evaluate([broken, '--out', out], { chunkRows: 7, workers: 0, workerThreshold: Infinity });
    assert.equal(r.code, 2);
    assert.match(r.err, /the quotation mark opened on line 52, column 12 \(field 2\) is never closed/);
    assert.match(r.err, /Nothing was written to /);
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('broken-results')), []);
  });

  it('refuses an unknown engine or a number of workers that is not one, naming the choices', async () => {
    await assert.rejects(evaluate([lines, '--engine', 'fast']), { message: /--engine fast is not an engine: use --engine compiled \(the default\) or --engine json-rules-engine/ });
    await assert.rejects(evaluate([lines, '--workers', 'many']), { message: /--workers many is not a number of threads/ });
  });

  it('--engine json-rules-engine gives the same CSV as the compiled engine', async () => {
    const a = join(dir, 'compiled.csv');
    const b = join(dir, 'reference.csv');
    assert.equal((await evaluate([lines, '--out', a, '--engine', 'compiled'], TINY_CHUNKS_WITH_WORKERS)).code, 0);
    assert.equal((await evaluate([lines, '--out', b, '--engine', 'json-rules-engine'], TINY_CHUNKS_WITH_WORKERS)).code, 0);
    assert.equal(readFileSync(b, 'utf8'), readFileSync(a, 'utf8'));
  });
});

describe('progress meter', () => {
  function fakeTty(): { stream: NodeJS.WriteStream; written: string[] } {
    const written: string[] = [];
    return { stream: { isTTY: true, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream, written };
  }

  it('shows rows, rows per second and, when the share read is known, a bar and the time left; wiped at the end', () => {
    const { stream, written } = fakeTty();
    let now = 0;
    let fraction = 0.25;
    const meter = progressMeter({ stream, fraction: () => fraction, now: () => now });
    now = 2000;
    meter.update(5000);
    assert.equal(written.at(-1), '\r\x1b[K  [██████                  ] 25% · evaluating: 5,000 rows · 2,500 rows/s · about 6 s left');
    now = 2050;
    fraction = 0.3;
    meter.update(6000);
    assert.equal(written.length, 1, 'at most ten times a second');
    meter.end();
    assert.equal(written.at(-1), '\r\x1b[K');
  });

  it('draws nothing with --quiet or when stderr is not a terminal', () => {
    const quiet = fakeTty();
    const m1 = progressMeter({ stream: quiet.stream, quiet: true, now: () => 5000 });
    m1.update(10);
    m1.end();
    const pipe = { isTTY: false, write: () => assert.fail('wrote to a pipe') } as unknown as NodeJS.WriteStream;
    const m2 = progressMeter({ stream: pipe, now: () => 5000 });
    m2.update(10);
    m2.end();
    assert.deepEqual(quiet.written, []);
  });
});
