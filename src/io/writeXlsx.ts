/**
 * The results as a new .xlsx workbook: a Results sheet (the input columns as read, then Status,
 * outputs, Findings and Errors, typed and formatted), a Findings sheet (one row per finding with
 * its clause) and a Run sheet (rulebook, digest, as-of date, overrides). Never written over the input.
 *
 * The layout of each sheet is here, for both writers: `resultsWorkbook` below builds the whole
 * workbook in memory (the task pane's download, in a browser), writeXlsxStream.ts writes it as the
 * rows come (the CLI, for tables of any length).
 */
import ExcelJS from 'exceljs';
import type { RowResult } from '../core/engine/evaluator';
import type { Subject } from '../core/rulebook/model';
import type { Report } from '../core/report';
import { resultColumns, resultValue, type ResultColumn } from '../core/resultGrid';
import type { Status } from '../core/rulebook/schema';
import { statusFormula, wordsByMeaning } from '../core/statuses';
import type { RawCell, Table, TableHead, TableRow } from '../core/table';

const FORMATS: Partial<Record<string, string>> = { rate: '0.0##%', money: '#,##0.##', date: 'yyyy-mm-dd', number: '#,##0.##' };
const STATUS_FILLS: Record<string, string> = {
  compliant: 'FFDFF6DD', pending: 'FFFFF4CE', breach: 'FFFDE7E9', 'not-applicable': 'FFF3F2F1', invalid: 'FFF1DFFA',
};
export const RESULTS_VIEWS: Partial<ExcelJS.WorksheetView>[] = [{ state: 'frozen', ySplit: 1 }];
export const FINDINGS_HEADERS = ['Row', 'Key', 'Rule', 'Clause', 'Outcome', 'Message'];
const FINDINGS_WIDTHS = [6, 30, 28, 40, 14, 100];

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function inputValue(cell: RawCell | undefined): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'object') return 'date' in cell ? utcDate(cell.date) : cell.error;
  return cell;
}

/** The Results sheet's columns: input columns' widths, then each result column's width, format and wrapping. */
export function layOutResults(sheet: ExcelJS.Worksheet, head: TableHead, columns: readonly ResultColumn[]): void {
  head.headers.forEach((h, c) => (sheet.getColumn(c + 1).width = Math.max(10, Math.min(40, h.length + 4))));
  const first = head.headers.length + 1;
  columns.forEach((column, k) => {
    const format = FORMATS[column.type];
    const col = sheet.getColumn(first + k);
    if (format) col.numFmt = format;
    const text = column.field === 'findings' || column.field === 'errors';
    col.width = text ? 80 : Math.max(12, column.title.length + 2);
    if (text) col.alignment = { wrapText: true, vertical: 'top' };
  });
}

export function resultsHeader(head: TableHead, columns: readonly ResultColumn[]): string[] {
  return [...head.headers, ...columns.map((c) => c.title)];
}

/** One Results row: the input cells as read, then the typed results (dates as dates). */
export function resultsRow(head: TableHead, columns: readonly ResultColumn[], row: TableRow, result: RowResult | undefined): ExcelJS.CellValue[] {
  const values: ExcelJS.CellValue[] = head.headers.map((_, c) => inputValue(row.cells[c]));
  for (const column of columns) {
    const v = result ? resultValue(result, column) : null;
    values.push(column.type === 'date' && typeof v === 'string' ? utcDate(v) : v);
  }
  return values;
}

/** The Status column coloured by meaning, over `rows` data rows. */
export function statusColours(sheet: ExcelJS.Worksheet, head: TableHead, subject: Subject, rows: number): void {
  if (!rows) return;
  const letter = sheet.getColumn(head.headers.length + 1).letter;
  const words = wordsByMeaning(subject.statuses);
  sheet.addConditionalFormatting({
    ref: `${letter}2:${letter}${rows + 1}`,
    rules: Object.entries(STATUS_FILLS).flatMap(([status, color]) => {
      const these = words.get(status as Status);
      return these?.length ? [{ type: 'expression' as const, formulae: [statusFormula(`${letter}2`, these)], style: { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: color } } } }] : [];
    }).map((rule, i) => ({ ...rule, priority: i + 1 })),
  });
}

export function layOutFindings(sheet: ExcelJS.Worksheet): void {
  FINDINGS_WIDTHS.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
}

/** A row's Findings rows: row number, key, rule, clause, outcome, message. */
export function findingRows(result: RowResult): ExcelJS.CellValue[][] {
  return result.findings.map((f) => [result.row, result.key, f.rule, f.clause, f.subjectStatus, f.message]);
}

/** The Run sheet: what was evaluated, against which rulebook, as of when, and the counts. */
export function runFacts(report: Omit<Report, 'rows'>, subject: Subject): [string, string][] {
  return [
    ['Rulebook', `${report.rulebook.id} ${report.rulebook.version}`],
    ['Rulebook digest (SHA-256)', report.rulebook.digest],
    ['As of', report.asOf],
    ['Overrides', Object.keys(report.overrides).length ? JSON.stringify(report.overrides) : 'none'],
    ['Input', `${report.input.file}${report.input.sheet ? ` — sheet ${report.input.sheet}` : ''}`],
    ['Subject', report.input.subject],
    ...Object.entries(report.summary.bySubjectStatus).filter(([, n]) => n > 0).map(([s, n]) => [`Rows ${s}${subject.statuses.meaning(s) === s ? '' : ` (${subject.statuses.meaning(s)})`}`, String(n)] as [string, string]),
  ];
}

export function layOutRun(sheet: ExcelJS.Worksheet): void {
  sheet.getColumn(1).width = 28;
  sheet.getColumn(2).width = 80;
}

/** The whole workbook at once, in memory (no file system, so this also runs in a browser). */
export async function resultsWorkbook(table: Table, subject: Subject, report: Report): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Clausewise';
  const sheet = wb.addWorksheet('Results', { views: RESULTS_VIEWS });
  const columns = resultColumns(subject);
  layOutResults(sheet, table, columns);
  sheet.addRow(resultsHeader(table, columns));
  sheet.getRow(1).font = { bold: true };
  table.rows.forEach((row, i) => sheet.addRow(resultsRow(table, columns, row, report.rows[i])));
  statusColours(sheet, table, subject, table.rows.length);

  const findings = wb.addWorksheet('Findings', { views: RESULTS_VIEWS });
  layOutFindings(findings);
  findings.addRow(FINDINGS_HEADERS);
  findings.getRow(1).font = { bold: true };
  for (const r of report.rows) for (const f of findingRows(r)) findings.addRow(f);

  const run = wb.addWorksheet('Run');
  layOutRun(run);
  for (const m of runFacts(report, subject)) run.addRow(m);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
