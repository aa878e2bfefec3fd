/**
 * `clausewise evaluate FILE`: every row's status, figures and findings, as a terminal table,
 * JSON, CSV or a new .xlsx workbook.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { RowResult } from '../../core/engine/evaluator';
import { formatMoney, formatValue } from '../../core/format';
import type { SubjectMatch } from '../../core/match';
import { reportHead, StatusCounts, type Report } from '../../core/report';
import { RunningTotals } from '../../core/summaries';
import type { Table, TableRow } from '../../core/table';
import { CsvResultsWriter } from '../../io/csvResults';
import { JsonReportWriter } from '../../io/jsonReport';
import { fileOutput, streamOutput } from '../../io/output';
import type { ResultsWriter } from '../../io/resultsWriter';
import { WorkbookResultsWriter } from '../../io/writeXlsxStream';
import { single, UsageError, type ParsedArgs } from '../args';
import { DEFAULT_TUNING, evaluateInChunks, type Tuning } from '../chunkedEvaluation';
import { asOfFrom, Exit, loadOrExit, matchOrExit, preparedRun, processIo, rulebookFolder, tableStreamFrom, type Io } from '../context';
import { paintStatus, progressMeter, renderTable, terminalStyle, type Column, type Style } from '../terminal';

const FORMATS = ['table', 'json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

/**
 * The rows are read, evaluated and written a chunk at a time (chunkedEvaluation.ts), so a table
 * of any length is evaluated in bounded memory; only the terminal table, which lays out every
 * row at once, keeps them all. `tuning` is for tests and benchmarks.
 */
export async function evaluateCommand(args: ParsedArgs, io: Io, tuning: Tuning = DEFAULT_TUNING): Promise<number> {
  const file = args.positional[0];
  const out = single(args, 'out');
  const format = (single(args, 'format') ?? (out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : out?.toLowerCase().endsWith('.csv') ? 'csv' : out?.toLowerCase().endsWith('.json') ? 'json' : 'table')) as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${format} is not a format: use table, json, csv or xlsx.`);
  if (format === 'xlsx' && !out) throw new UsageError('--format xlsx writes a workbook: name it with --out results.xlsx.');
  if (out && file && resolve(out) === resolve(file)) throw new Exit(2, `--out ${out} is the input file; Clausewise never writes over your data. Choose another file name.`);
  if (out) checkWritable(out, args.flags.has('force'));
  const workers = workersFrom(args, tuning.workers);

  const folder = rulebookFolder(args);
  const rulebook = await loadOrExit(folder, io);
  const { evaluator, overrides, engine } = await preparedRun(args, rulebook, io);
  const { asOf, isDefault } = asOfFrom(args);
  const source = await tableStreamFrom(file, args);
  const head = source.head;
  let writer: ResultsWriter | undefined;
  try {
    const match = matchOrExit(evaluator, head, args, io);
    const kept: { rows: TableRow[]; results: RowResult[] } | undefined = format === 'table' ? { rows: [], results: [] } : undefined;
    const output = out ? fileOutput(out) : streamOutput(io === processIo ? process.stdout : ioStream(io));
    writer = format === 'csv' ? new CsvResultsWriter(head, match.subject, output)
      : format === 'json' ? await JsonReportWriter.open(output)
        : format === 'xlsx' ? await WorkbookResultsWriter.open(head, match.subject, output)
          : undefined;
    const counts = new StatusCounts(match.subject.statuses);
    const totals = new RunningTotals(head, match);
    const meter = progressMeter({ quiet: args.flags.has('quiet'), fraction: source.readFraction });
    const { rows: rowsDone } = await evaluateInChunks(source.rows, {
      evaluator, match, asOf,
      setup: { rulebookFolder: resolve(folder), digest: rulebook.digest, overrides, engine, asOf, head, subject: match.subject.name },
      tuning: { ...tuning, workers },
      write: async (rows, results) => {
        counts.add(results);
        totals.add(rows, results);
        if (kept) {
          kept.rows.push(...rows);
          kept.results.push(...results);
        }
        await writer?.write(rows, results);
      },
      progress: (done) => meter.update(done),
    });
    meter.end();
    const report = reportHead({
      rulebook, asOf, overrides: evaluator.overrides, file: head.source, sheet: head.sheet, subject: match.subject.name,
      headerRow: head.headerRow, unmatchedHeaders: match.unmatched,
    }, counts.summary(totals.totals()));
    if (kept) {
      const table: Table = { ...head, rows: kept.rows };
      const text = tableText({ ...report, rows: kept.results }, table, match, isDefault, terminalStyle(process.stdout, args.flags.has('no-color')));
      if (out) await output.write(text);
      else io.out(text);
      await output.commit();
    } else {
      await writer!.finish(report);
    }
    if (out) io.err(`Wrote ${rowsDone} rows (${summaryLine(report)}) to ${out}.`);
  } catch (err) {
    source.close();
    await writer?.abort().catch(() => undefined);
    if (err instanceof Exit || err instanceof UsageError || (err as Error).message?.startsWith('internal:')) throw err;
    // A problem met while reading (a CSV quote never closed, a damaged workbook) or writing.
    const message = (err as Error).message;
    throw new Exit(2, out && !message.startsWith('Could not write') ? `${message} Nothing was written to ${out}.` : message);
  }
  return 0;
}

/** `--workers N`: how many worker threads may evaluate a large table (0: none, every row on the main thread). */
function workersFrom(args: ParsedArgs, fallback: number): number {
  const given = single(args, 'workers');
  if (given === undefined) return fallback;
  if (!/^\d+$/.test(given)) throw new UsageError(`--workers ${given} is not a number of threads: give a whole number, 0 to evaluate on the main thread only, for example --workers 4.`);
  return Number(given);
}

/** The command's own output stream written through `io.out` (when the command runs inside another program). */
function ioStream(io: Io): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      io.out(chunk.toString());
      done();
    },
  });
}

/** Before any work: the output's folder must exist and the file must not be one we would overwrite by surprise. */
function checkWritable(out: string, force: boolean): void {
  const folder = dirname(resolve(out));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Exit(2, `--out ${out}: the folder ${folder} does not exist. Create it or choose another place.`);
  if (!existsSync(out)) return;
  if (statSync(out).isDirectory()) throw new Exit(2, `--out ${out} is a folder: name a file inside it, such as ${out.replace(/\/+$/, '')}/results.xlsx.`);
  if (!force) throw new Exit(2, `${out} already exists; Clausewise does not overwrite files. Choose another name, or add --force to replace it.`);
}

/** `30 rated, 1 rate-unconfirmed, 5 outside-agreement`: the subject's words, in its order. */
export function summaryLine(report: Pick<Report, 'summary'>): string {
  const parts = Object.entries(report.summary.bySubjectStatus).filter(([, n]) => n > 0).map(([word, n]) => `${n} ${word}`);
  return parts.join(', ') || 'no rows';
}

function firstFinding(r: RowResult): string {
  if (r.errors.length) return r.errors.map((e) => e.message).join(' ');
  const f = r.findings.find((x) => x.subjectStatus === r.subjectStatus) ?? r.findings[0];
  return f ? `${f.message} [${f.clause}]` : '';
}

export function tableText(report: Report, table: Table, match: SubjectMatch, asOfIsDefault: boolean, style: Style): string {
  const subject = match.subject;
  const outputs = Object.entries(subject.definition.outputs);
  const columns: Column[] = [
    { title: 'Row', priority: 90, align: 'right' },
    { title: subject.columns.find((c) => c.name === subject.definition.key)?.header ?? 'Key', priority: 100 },
    { title: 'Status', priority: 100 },
    ...outputs.map(([, o], i) => ({ title: o.title, priority: 50 - i, align: (o.type === 'date' || o.type === 'text' ? 'left' : 'right') as Column['align'] })),
    { title: 'Why', priority: 80, flexible: true },
  ];
  const cells = report.rows.map((r) => [
    String(r.row),
    formatValue(r.key, 'text'),
    r.subjectStatus,
    ...outputs.map(([name, o]) => formatValue(r.outputs[name] ?? null, o.type)),
    firstFinding(r),
  ]);
  const overrides = Object.keys(report.overrides).length ? JSON.stringify(report.overrides) : 'none';
  const head = [
    `Clausewise — ${report.rulebook.id} ${report.rulebook.version} (digest ${report.rulebook.digest.slice(0, 12)})`,
    `Input: ${table.source}${table.sheet ? `, sheet "${table.sheet}"` : ''} — ${report.rows.length} ${subject.name} rows`,
    `As of ${report.asOf}${asOfIsDefault ? ' (today; set another date with --as-of)' : ''} · what-if overrides: ${overrides}`,
    '',
  ];
  const body = renderTable(columns, cells, style, (row, col, text) => (col === 2 ? paintStatus(report.rows[row]!.status, text, style) : text));
  const totals = report.summary.totals.map((t) => `${t.title}: ${formatMoney(t.value)}${t.rowsWithoutValue ? ` (${t.rowsWithoutValue} of ${t.rows} rows had no value)` : ''}`);
  return [...head, body, '', `${report.rows.length} rows: ${summaryLine(report)}.`, ...totals].join('\n');
}
