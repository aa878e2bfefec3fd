/**
 * A1 addresses and rectangles of cells, for the Excel adapters. Pure: no Office objects.
 * Rows and columns are 0-based here (as Excel's Range.rowIndex / columnIndex are); the A1 text
 * a user reads is 1-based.
 */
import { columnLetters } from '../core/table';

/** A block of cells on one sheet: 0-based first row and column, and its size. */
export interface Rect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

/** Excel's grid: 1,048,576 rows by 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** 0-based column index of letters: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** `H4` or `H2:H9` (no sheet, no $). */
export function a1(rect: Rect): string {
  const first = `${columnLetters(rect.column)}${rect.row + 1}`;
  if (rect.rowCount === 1 && rect.columnCount === 1) return first;
  return `${first}:${columnLetters(rect.column + rect.columnCount - 1)}${rect.row + rect.rowCount}`;
}

/** A sheet name as Excel writes it inside a reference: quoted unless plainly a name. */
export function quoteSheetName(name: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) && !/^[Rr]\d*[Cc]\d*$/.test(name);
  return plain ? name : `'${name.replace(/'/g, "''")}'`;
}

/** `Projects!H2:H9`, `'My sheet'!A1`. */
export function sheetAddress(sheetName: string, rect: Rect): string {
  return `${quoteSheetName(sheetName)}!${a1(rect)}`;
}

/** The sheet part of `'My ''x'' sheet'!A1:B2` (unquoted), and the A1 part. */
export function splitSheet(address: string): { sheet?: string; ref: string } {
  const bang = address.lastIndexOf('!');
  if (bang < 0) return { ref: address };
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: address.slice(bang + 1) };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d+)$/;

/**
 * One area of an A1 reference: `H4`, `$H$2:$H$9`, whole columns `A:C`, whole rows `3:5`, with or
 * without a sheet. Undefined for anything else (#REF!, a name, several areas).
 */
export function parseA1(address: string): (Rect & { sheet?: string }) | undefined {
  const { sheet, ref } = splitSheet(address.trim());
  const parts = ref.split(':');
  const from = parts[0] ?? '';
  const to = parts[1] ?? from;
  if (parts.length > 2 || from === '') return undefined;
  let rect: Rect | undefined;
  const c1 = CELL.exec(from);
  const c2 = CELL.exec(to);
  if (c1 && c2) {
    const r1 = Number(c1[2]) - 1;
    const r2 = Number(c2[2]) - 1;
    const k1 = columnIndex(c1[1]!);
    const k2 = columnIndex(c2[1]!);
    rect = { row: Math.min(r1, r2), column: Math.min(k1, k2), rowCount: Math.abs(r2 - r1) + 1, columnCount: Math.abs(k2 - k1) + 1 };
  } else if (COLUMN.test(from) && COLUMN.test(to)) {
    const k1 = columnIndex(COLUMN.exec(from)![1]!);
    const k2 = columnIndex(COLUMN.exec(to)![1]!);
    rect = { row: 0, column: Math.min(k1, k2), rowCount: MAX_ROWS, columnCount: Math.abs(k2 - k1) + 1 };
  } else if (ROW.test(from) && ROW.test(to)) {
    const r1 = Number(ROW.exec(from)![1]) - 1;
    const r2 = Number(ROW.exec(to)![1]) - 1;
    rect = { row: Math.min(r1, r2), column: 0, rowCount: Math.abs(r2 - r1) + 1, columnCount: MAX_COLUMNS };
  }
  if (!rect || rect.row < 0 || rect.column < 0) return undefined;
  return sheet === undefined ? rect : { ...rect, sheet };
}

/** Every area of a reference list such as `A1:B2, D4` (the form a multi-area change can take). */
export function parseAreas(address: string): Rect[] | undefined {
  const areas: Rect[] = [];
  for (const part of splitAreas(address)) {
    const rect = parseA1(part);
    if (!rect) return undefined;
    areas.push({ row: rect.row, column: rect.column, rowCount: rect.rowCount, columnCount: rect.columnCount });
  }
  return areas.length ? areas : undefined;
}

/** Split on commas that are not inside a quoted sheet name. */
function splitAreas(address: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of address) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

export function lastRow(r: Rect): number {
  return r.row + r.rowCount - 1;
}

export function lastColumn(r: Rect): number {
  return r.column + r.columnCount - 1;
}

export function intersect(a: Rect, b: Rect): Rect | undefined {
  const row = Math.max(a.row, b.row);
  const column = Math.max(a.column, b.column);
  const endRow = Math.min(lastRow(a), lastRow(b));
  const endColumn = Math.min(lastColumn(a), lastColumn(b));
  if (endRow < row || endColumn < column) return undefined;
  return { row, column, rowCount: endRow - row + 1, columnCount: endColumn - column + 1 };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return inner.row >= outer.row && inner.column >= outer.column && lastRow(inner) <= lastRow(outer) && lastColumn(inner) <= lastColumn(outer);
}

/** `a` without the cells of `b`: up to four rectangles (above, below, left, right). */
export function subtract(a: Rect, b: Rect | undefined): Rect[] {
  const overlap = b && intersect(a, b);
  if (!overlap) return [a];
  const out: Rect[] = [];
  if (overlap.row > a.row) out.push({ row: a.row, column: a.column, rowCount: overlap.row - a.row, columnCount: a.columnCount });
  if (lastRow(overlap) < lastRow(a)) {
    out.push({ row: lastRow(overlap) + 1, column: a.column, rowCount: lastRow(a) - lastRow(overlap), columnCount: a.columnCount });
  }
  if (overlap.column > a.column) {
    out.push({ row: overlap.row, column: a.column, rowCount: overlap.rowCount, columnCount: overlap.column - a.column });
  }
  if (lastColumn(overlap) < lastColumn(a)) {
    out.push({ row: overlap.row, column: lastColumn(overlap) + 1, rowCount: overlap.rowCount, columnCount: lastColumn(a) - lastColumn(overlap) });
  }
  return out;
}

/**
 * Cells given one by one, described as few rectangles as possible for a message: runs of rows
 * in each column, then runs that span the same rows in neighbouring columns joined. Ordered by
 * top row, then left column.
 */
export function describeCells(cells: readonly { row: number; column: number }[]): Rect[] {
  const byColumn = new Map<number, number[]>();
  for (const c of cells) {
    const rows = byColumn.get(c.column) ?? [];
    rows.push(c.row);
    byColumn.set(c.column, rows);
  }
  const runs: Rect[] = [];
  for (const column of [...byColumn.keys()].sort((x, y) => x - y)) {
    const rows = [...new Set(byColumn.get(column))].sort((x, y) => x - y);
    let start = rows[0]!;
    let prev = start;
    for (const r of rows.slice(1).concat([Number.NaN])) {
      if (r === prev + 1) {
        prev = r;
        continue;
      }
      runs.push({ row: start, column, rowCount: prev - start + 1, columnCount: 1 });
      start = r;
      prev = r;
    }
  }
  // Join a run to the rectangle just left of it when they cover the same rows.
  const joined: Rect[] = [];
  for (const run of runs) {
    const left = joined.find((r) => r.row === run.row && r.rowCount === run.rowCount && lastColumn(r) + 1 === run.column);
    if (left) left.columnCount += 1;
    else joined.push({ ...run });
  }
  return joined.sort((x, y) => x.row - y.row || x.column - y.column);
}
