/**
 * `clausewise evaluate FILE`: every row's status, figures and findings, as a terminal table,
 * JSON, CSV or a new .xlsx workbook.
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { RowResult } from '../../core/engine/evaluator';
import { formatValue } from '../../core/format';
import type { SubjectMatch } from '../../core/match';
import { buildReport, type Report } from '../../core/report';
import { computeTotals } from '../../core/summaries';
import { formatMoney } from '../../core/format';
import { resultsCsv } from '../../core/resultGrid';
import type { Table } from '../../core/table';
import { resultsWorkbook } from '../../io/writeXlsx';
import { single, UsageError, type ParsedArgs } from '../args';
import { asOfFrom, evaluatorFor, Exit, loadOrExit, matchOrExit, rulebookFolder, tableFrom, type Io } from '../context';
import { paintStatus, progressBar, renderTable, terminalStyle, type Column, type Style } from '../terminal';

const FORMATS = ['table', 'json', 'csv', 'xlsx'] as const;
type Format = (typeof FORMATS)[number];

export async function evaluateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const file = args.positional[0];
  const out = single(args, 'out');
  const format = (single(args, 'format') ?? (out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : out?.toLowerCase().endsWith('.csv') ? 'csv' : out?.toLowerCase().endsWith('.json') ? 'json' : 'table')) as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format ${format} is not a format: use table, json, csv or xlsx.`);
  if (format === 'xlsx' && !out) throw new UsageError('--format xlsx writes a workbook: name it with --out results.xlsx.');
  if (out && file && resolve(out) === resolve(file)) throw new Exit(2, `--out ${out} is the input file; Clausewise never writes over your data. Choose another file name.`);
  if (out) checkWritable(out, args.flags.has('force'));

  const rulebook = await loadOrExit(rulebookFolder(args), io);
  const evaluator = await evaluatorFor(args, rulebook, io);
  const { asOf, isDefault } = asOfFrom(args);
  const table = await tableFrom(file, args);
  const match = matchOrExit(evaluator, table, args, io);

  const bar = progressBar(table.rows.length);
  const rows = await evaluator.evaluateTable(table, match, asOf, (done) => bar.tick(done));
  bar.end();
  if (rows.length !== table.rows.length) throw new Error(`internal: ${table.rows.length} rows in, ${rows.length} out`);
  const report = buildReport({
    rulebook, asOf, overrides: evaluator.overrides, file: table.source, sheet: table.sheet, subject: match.subject.name,
    headerRow: table.headerRow, unmatchedHeaders: match.unmatched, rows, totals: computeTotals(table, match, rows),
  });

  let text: string | Uint8Array;
  switch (format) {
    case 'json':
      text = `${JSON.stringify(report, null, 2)}\n`;
      break;
    case 'csv':
      text = resultsCsv(table, match.subject, rows);
      break;
    case 'xlsx':
      text = await resultsWorkbook(table, match.subject, report);
      break;
    default:
      text = tableText(report, table, match, isDefault, terminalStyle(process.stdout, args.flags.has('no-color')));
  }
  if (out) {
    try {
      await writeFile(out, text);
    } catch (err) {
      throw new Exit(2, `Could not write ${out}: ${(err as Error).message}. Nothing was written; choose another --out.`);
    }
    io.err(`Wrote ${rows.length} rows (${summaryLine(report)}) to ${out}.`);
  } else {
    io.out(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  }
  return 0;
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
export function summaryLine(report: Report): string {
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
