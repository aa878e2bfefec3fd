/**
 * A table of input rows as read from a CSV file, a worksheet or (later) an Excel range,
 * before any typing: the header row, then each data row's raw cells.
 */
import type { IsoDate } from './dates';

/**
 * One cell as the reader found it. Readers turn spreadsheet date cells into `{ date }`;
 * everything else stays as typed in (text) or as stored (numbers, booleans). An Excel error
 * value such as #N/A is `{ error: '#N/A' }`. Empty cells are `null`.
 */
export type RawCell = string | number | boolean | { date: IsoDate } | { error: string } | null;

export interface TableRow {
  /** 1-based data row number: the first row under the header is 1. */
  row: number;
  /** 1-based row number in the sheet or line number in the file, for messages. */
  sourceRow: number;
  cells: RawCell[];
}

export interface Table {
  /** The file the rows came from, as the user named it. */
  source: string;
  /** Worksheet name for workbooks; undefined for CSV. */
  sheet?: string;
  /** 1-based sheet row (or file line) holding the headers. */
  headerRow: number;
  headers: string[];
  rows: TableRow[];
  /** Workbooks saved with the 1904 date system store date serials from 1904-01-01. */
  date1904: boolean;
}

/** A table before its rows: what a reader knows once it has read the header (rows then follow one by one). */
export type TableHead = Omit<Table, 'rows'>;

/** Spreadsheet column letters for a 0-based column index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Where a cell is, in the words a user would look for it: `Projects!C5` or `line 5, field 3`. */
export function cellReference(table: Pick<Table, 'sheet'>, sourceRow: number, columnIndex: number): string {
  if (table.sheet !== undefined) {
    const sheet = /^[A-Za-z0-9_]+$/.test(table.sheet) ? table.sheet : `'${table.sheet.replace(/'/g, "''")}'`;
    return `${sheet}!${columnLetters(columnIndex)}${sourceRow}`;
  }
  return `line ${sourceRow}, field ${columnIndex + 1}`;
}

/** A cell shown back to the user in a message. */
export function showCell(cell: RawCell): string {
  if (cell === null) return 'an empty cell';
  if (typeof cell === 'object') return 'date' in cell ? cell.date : cell.error;
  return JSON.stringify(cell);
}

/** A one-row table of these header → cell pairs, as a worksheet (or a test case) would give it. */
export function oneRowTable(source: string, cells: ReadonlyArray<readonly [string, RawCell]>): Table {
  return {
    source, headerRow: 1, date1904: false,
    headers: cells.map(([h]) => h),
    rows: [{ row: 1, sourceRow: 2, cells: cells.map(([, c]) => c) }],
  };
}
