/**
 * The results as a new .xlsx workbook: a Results sheet (the input columns as read, then Status,
 * outputs, Findings and Errors, typed and formatted), a Findings sheet (one row per finding with
 * its clause) and a Run sheet (rulebook, digest, as-of date, overrides). Never written over the input.
 */
import ExcelJS from 'exceljs';
import type { Subject } from '../core/rulebook/model';
import type { Report } from '../core/report';
import { resultColumns, resultValue } from '../core/resultGrid';
import type { Status } from '../core/rulebook/schema';
import { statusFormula, wordsByMeaning } from '../core/statuses';
import type { RawCell, Table } from '../core/table';

const FORMATS: Partial<Record<string, string>> = { rate: '0.0##%', money: '#,##0.##', date: 'yyyy-mm-dd', number: '#,##0.##' };
const STATUS_FILLS: Record<string, string> = {
  compliant: 'FFDFF6DD', pending: 'FFFFF4CE', breach: 'FFFDE7E9', 'not-applicable': 'FFF3F2F1', invalid: 'FFF1DFFA',
};

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function inputValue(cell: RawCell | undefined): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'object') return 'date' in cell ? utcDate(cell.date) : cell.error;
  return cell;
}

export async function resultsWorkbook(table: Table, subject: Subject, report: Report): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Clausewise';
  const sheet = wb.addWorksheet('Results', { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = resultColumns(subject);
  sheet.addRow([...table.headers, ...columns.map((c) => c.title)]);
  sheet.getRow(1).font = { bold: true };
  table.rows.forEach((row, i) => {
    const result = report.rows[i];
    const values: ExcelJS.CellValue[] = table.headers.map((_, c) => inputValue(row.cells[c]));
    for (const column of columns) {
      const v = result ? resultValue(result, column) : null;
      values.push(column.type === 'date' && typeof v === 'string' ? utcDate(v) : v);
    }
    sheet.addRow(values);
  });
  const first = table.headers.length + 1;
  columns.forEach((column, k) => {
    const format = FORMATS[column.type];
    const col = sheet.getColumn(first + k);
    if (format) col.numFmt = format;
    col.width = column.field === 'findings' || column.field === 'errors' ? 80 : Math.max(12, column.title.length + 2);
    if (column.field === 'findings' || column.field === 'errors') col.alignment = { wrapText: true, vertical: 'top' };
  });
  table.headers.forEach((h, c) => (sheet.getColumn(c + 1).width = Math.max(10, Math.min(40, h.length + 4))));
  if (table.rows.length) {
    const letter = sheet.getColumn(first).letter;
    const words = wordsByMeaning(subject.statuses);
    sheet.addConditionalFormatting({
      ref: `${letter}2:${letter}${table.rows.length + 1}`,
      rules: Object.entries(STATUS_FILLS).flatMap(([status, color]) => {
        const these = words.get(status as Status);
        return these?.length ? [{ type: 'expression' as const, formulae: [statusFormula(`${letter}2`, these)], style: { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: color } } } }] : [];
      }).map((rule, i) => ({ ...rule, priority: i + 1 })),
    });
  }

  const findings = wb.addWorksheet('Findings', { views: [{ state: 'frozen', ySplit: 1 }] });
  findings.addRow(['Row', 'Key', 'Rule', 'Clause', 'Outcome', 'Message']);
  findings.getRow(1).font = { bold: true };
  for (const r of report.rows) for (const f of r.findings) findings.addRow([r.row, r.key, f.rule, f.clause, f.subjectStatus, f.message]);
  [6, 30, 28, 40, 14, 100].forEach((w, i) => (findings.getColumn(i + 1).width = w));

  const run = wb.addWorksheet('Run');
  const meta: [string, string][] = [
    ['Rulebook', `${report.rulebook.id} ${report.rulebook.version}`],
    ['Rulebook digest (SHA-256)', report.rulebook.digest],
    ['As of', report.asOf],
    ['Overrides', Object.keys(report.overrides).length ? JSON.stringify(report.overrides) : 'none'],
    ['Input', `${report.input.file}${report.input.sheet ? ` — sheet ${report.input.sheet}` : ''}`],
    ['Subject', report.input.subject],
    ...Object.entries(report.summary.bySubjectStatus).filter(([, n]) => n > 0).map(([s, n]) => [`Rows ${s}${subject.statuses.meaning(s) === s ? '' : ` (${subject.statuses.meaning(s)})`}`, String(n)] as [string, string]),
  ];
  for (const m of meta) run.addRow(m);
  run.getColumn(1).width = 28;
  run.getColumn(2).width = 80;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
