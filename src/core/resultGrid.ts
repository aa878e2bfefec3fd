/**
 * The results as a grid: the input's columns as they were, then Status, the subject's outputs,
 * Findings and Errors — one grid row per input row. CSV, the .xlsx output and (later) the
 * add-in's result block are all written from this grid.
 */
import type { FactValue } from './columns';
import type { RowResult } from './engine/evaluator';
import { formatValue, type DisplayType } from './format';
import type { Subject } from './rulebook/model';
import { showCell, type RawCell, type Table, type TableRow } from './table';

export interface ResultColumn {
  title: string;
  /** `status`, an output name, `findings` or `errors`. */
  field: string;
  type: DisplayType;
}

export function resultColumns(subject: Subject): ResultColumn[] {
  return [
    { title: 'Status', field: 'status', type: 'text' },
    ...Object.entries(subject.definition.outputs).map(([name, o]) => ({ title: o.title, field: name, type: o.type })),
    { title: 'Findings', field: 'findings', type: 'text' },
    { title: 'Errors', field: 'errors', type: 'text' },
  ];
}

/** `[I3.funded-late · MOU Funding] Funded on … ; [...]` */
export function findingsText(result: RowResult): string {
  return result.findings.map((f) => `[${f.rule} · ${f.clause}] ${f.message}`).join('\n');
}

/** The typed value of a result cell (dates as ISO text, rates as fractions). */
export function resultValue(result: RowResult, column: ResultColumn): FactValue {
  switch (column.field) {
    case 'status':
      return result.subjectStatus;
    case 'findings':
      return findingsText(result);
    case 'errors':
      return result.errors.map((e) => e.message).join('\n');
    default:
      return result.outputs[column.field] ?? null;
  }
}

/** A result cell as text for CSV: rates as fractions, so the file reads back as typed values. */
export function resultText(result: RowResult, column: ResultColumn): string {
  const v = resultValue(result, column);
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return numberText(v);
  return v;
}

/** Numbers as CSV text, remembered: a table's rows share a handful of rates and amounts. */
const numberTexts = new Map<number, string>();

function numberText(v: number): string {
  // Whole numbers of up to 12 digits are exactly what the 12-significant-digit formatting gives.
  if (Number.isInteger(v) && Math.abs(v) < 1e12) return String(v === 0 ? 0 : v);
  let text = numberTexts.get(v);
  if (text === undefined) {
    text = formatValue(v, 'number').replace(/,/g, '');
    if (numberTexts.size >= 4096) numberTexts.clear();
    numberTexts.set(v, text);
  }
  return text;
}

export function rawCellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'object' ? showCell(cell) : String(cell);
}

function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The input table with its result columns, as CSV text (RFC 4180, CRLF line ends). */
export function resultsCsv(table: Table, subject: Subject, results: readonly RowResult[]): string {
  const columns = resultColumns(subject);
  let text = resultsCsvHeader(table, columns);
  table.rows.forEach((row, i) => (text += resultsCsvLine(table, columns, row, results[i])));
  return text;
}

/** The header line of resultsCsv, its CRLF included. */
export function resultsCsvHeader(table: Pick<Table, 'headers'>, columns: readonly ResultColumn[]): string {
  return [...table.headers, ...columns.map((c) => c.title)].map(csvField).join(',') + '\r\n';
}

/** One row's line of resultsCsv, its CRLF included: the input cells as read, then the results. */
export function resultsCsvLine(table: Pick<Table, 'headers'>, columns: readonly ResultColumn[], row: TableRow, result: RowResult | undefined): string {
  const inputs = table.headers.map((_, c) => csvField(rawCellText(row.cells[c])));
  const outputs = columns.map((c) => csvField(result ? resultText(result, c) : ''));
  return [...inputs, ...outputs].join(',') + '\r\n';
}
