/**
 * Excel cell values as Clausewise reads and writes them. Pure: no Office objects.
 *
 * Reading: what `Range.values`, `numberFormat` and `valueTypes` give for a cell becomes a
 * RawCell, the way the .xlsx reader (src/io/xlsx.ts) turns workbook cells into RawCells: a number
 * shown with a date format is `{ date }`, an error value is `{ error }`, an empty cell is null.
 * Date formats are recognised by src/core/numberFormats.ts, the rule the .xlsx reader uses too.
 *
 * Writing: Excel treats a string written to `Range.values` as if typed: `=…` becomes a formula,
 * `2026-05-01` a date, `15%` a number, `TRUE` a boolean. Text that could be read as anything but
 * text is written with a leading apostrophe, which Excel takes as "this is text" and does not keep
 * in the value.
 */
import { fromSpreadsheetSerial, isIsoDate, toSpreadsheetSerial } from '../core/dates';
import type { RawCell } from '../core/table';
import { isDateFormat } from '../core/numberFormats';

/** Excel's own limit on the characters in one cell. */
export const EXCEL_MAX_CELL_CHARS = 32_767;


/** Serials Excel shows as dates: 1 (1900-01-01) to 2,958,465 (9999-12-31); 0 to 2,957,003 in the 1904 system. */
function serialToDate(serial: number, date1904: boolean): RawCell {
  const whole = Math.floor(Math.round(serial * 1440) / 1440);
  const [first, last] = date1904 ? [0, 2_957_003] : [1, 2_958_465];
  // A time of day alone (serial below 1), 1900-02-29 (serial 60, a day that never was) and
  // numbers past 9999 stay numbers, as in the .xlsx reader.
  if (whole < first || whole > last || (!date1904 && whole === 60)) return serial;
  return { date: fromSpreadsheetSerial(whole, date1904) };
}

/** One cell as read through the API. */
export function rawCellFromExcel(value: unknown, numberFormat: unknown, valueType: unknown, date1904 = false): RawCell {
  if (valueType === 'Error') return { error: String(value) };
  if (value === null || value === undefined || value === '' || valueType === 'Empty') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return isDateFormat(numberFormat) ? serialToDate(value, date1904) : value;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  return null;
}

export function isBlank(cell: RawCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A header cell as a header name. */
export function headerText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return 'date' in cell ? cell.date : cell.error;
}

/** Padded with empty cells to the header width; empty cells beyond it dropped, filled ones kept. */
export function fitToWidth(cells: RawCell[], width: number): RawCell[] {
  const out = cells.slice();
  while (out.length > width && isBlank(out[out.length - 1])) out.pop();
  while (out.length < width) out.push(null);
  return out;
}

const MONTH_START = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,]*\d/i;

/**
 * Text as written to `Range.values` so that Excel keeps it as this very text. Text starting with
 * a letter (other than TRUE/FALSE or a month-first date such as "Jan 5") or with "[" is safe as
 * it is; anything else (digits, signs, "=", "#", "'", a space…) gets the apostrophe. Text longer
 * than a cell holds is cut, ending in "…".
 */
export function excelText(text: string): string {
  if (text === '') return '';
  const cut = text.length > EXCEL_MAX_CELL_CHARS - 1 ? `${text.slice(0, EXCEL_MAX_CELL_CHARS - 2)}…` : text;
  const safe = (/^[A-Za-z]/.test(cut) && !/^(true|false)$/i.test(cut.trim()) && !MONTH_START.test(cut)) || cut.startsWith('[');
  return safe ? cut : `'${cut}`;
}

/** What to write to a result cell: '' clears the cell (null in a values array would leave it unchanged). */
export type ExcelCellValue = string | number | boolean;

/** A result value for `Range.values`: dates as serials (shown through the column's date format). */
export function excelValue(value: string | number | boolean | null | undefined, type: string, date1904 = false): ExcelCellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? value : '';
  if (typeof value === 'boolean') return value;
  if (type === 'date' && isIsoDate(value)) return toSpreadsheetSerial(value, date1904);
  return excelText(value);
}
