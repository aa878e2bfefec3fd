/// <reference types="office-js" />
/**
 * Reading the rows to evaluate from the open workbook: the Excel table (ListObject) the selection
 * is in, else the first Excel table on the sheet, else the sheet's used range (values only) with its
 * first non-empty row as the header. The cells are read in row chunks, exactly one
 * `context.sync()` per chunk, each well under Excel's request limits (see chunks.ts).
 *
 * Everything goes through the `context` passed in (an `Excel.RequestContext` from `Excel.run`);
 * nothing here refers to the global `Excel` or `Office`, so it runs against a stand-in in tests.
 */
import type { RawCell, Table, TableRow } from '../core/table';
import { type Rect } from './a1';
import { isBlank, fitToWidth, headerText, rawCellFromExcel } from './cells';
import { batchRuns, DEFAULT_MAX_CELLS_PER_READ, DEFAULT_PAYLOAD_BUDGET_BYTES, DEFAULT_READ_BYTES_PER_CELL, planReadChunks, runsOf, type ReadChunkOptions } from './chunks';
import { queueOwnedBlock } from './ownership';

/** Where the table is on its sheet. Rows and columns are 0-based, as in Excel's Range.rowIndex. */
export interface TableAddress {
  sheetName: string;
  /** The header row. */
  firstRow: number;
  firstColumn: number;
  /** From the header row to the table's last row, the header row included. */
  rowCount: number;
  /** Every column of the table (or used range), also any beyond the last header. */
  columnCount: number;
  /** The Excel table (ListObject) the rows came from, if any. */
  tableName?: string;
}

export interface ReadTableOptions {
  /** The worksheet to read (exact name, else ignoring case); the active sheet when left out. */
  sheetName?: string;
  /**
   * The workbook counts dates from 1904 (Excel for Mac's old default). The Excel JavaScript API
   * does not tell; the add-in may ask the user or keep the 1900 default.
   */
  date1904?: boolean;
  /** The file name shown in messages; the workbook's name when left out. */
  source?: string;
  chunk?: ReadChunkOptions;
}

export type ReadTableResult =
  | { ok: true; table: Table; address: TableAddress; chunks: number }
  | { ok: false; problem: string };

const GEOMETRY = ['rowIndex', 'columnIndex', 'rowCount', 'columnCount'];
const CELL_PROPERTIES = ['values', 'numberFormat', 'valueTypes'];

interface Located {
  sheet: Excel.Worksheet;
  /** Which Excel table, if any, and whether its header row shows. */
  tableName?: string;
  tableHeaders?: boolean;
  used?: Rect;
  owned?: Rect;
}

/** The table to evaluate, with where it is. Sync count: 2 to find it (3 for an Excel table), then one per chunk. */
export async function readTableFromSheet(context: Excel.RequestContext, options: ReadTableOptions = {}): Promise<ReadTableResult> {
  const workbook = context.workbook;
  workbook.load('name');
  const sheets = workbook.worksheets;
  sheets.load('items/name');
  const active = sheets.getActiveWorksheet();
  active.load('name');
  await context.sync();

  let sheetName = active.name;
  if (options.sheetName !== undefined) {
    const wanted = options.sheetName;
    const found = sheets.items.find((s) => s.name === wanted) ?? sheets.items.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!found) {
      return { ok: false, problem: `This workbook has no sheet named "${wanted}": its sheets are ${sheets.items.map((s) => `"${s.name}"`).join(', ')}.` };
    }
    sheetName = found.name;
  }
  const source = options.source ?? (workbook.name || 'this workbook');

  let located: Located;
  try {
    located = await locate(context, sheetName, true);
  } catch {
    // The selection is not a range (a chart, a shape): find the table without it.
    located = await locate(context, sheetName, false);
  }

  let rect: Rect;
  let headerFixed = false;
  if (located.tableName !== undefined) {
    if (located.tableHeaders === false) {
      return { ok: false, problem: `The Excel table "${located.tableName}" on sheet ${sheetName} has its header row hidden: show it (Table Design > Header Row) so Clausewise can match its columns.` };
    }
    const table = located.sheet.tables.getItem(located.tableName);
    const header = table.getHeaderRowRange();
    header.load(GEOMETRY);
    const body = table.getDataBodyRange();
    body.load(GEOMETRY);
    await context.sync();
    rect = { row: header.rowIndex, column: header.columnIndex, rowCount: body.rowIndex + body.rowCount - header.rowIndex, columnCount: header.columnCount };
    headerFixed = true;
  } else if (located.used) {
    rect = located.used;
  } else {
    return { ok: false, problem: emptySheet(sheetName, source) };
  }
  rect = withoutResultBlock(rect, located.owned);

  const chunks = planReadChunks(rect.rowCount, rect.columnCount, options.chunk);
  const date1904 = options.date1904 ?? false;
  let header: { sheetRow: number; headers: string[] } | undefined;
  const rows: TableRow[] = [];
  for (const chunk of chunks) {
    const range = located.sheet.getRangeByIndexes(rect.row + chunk.rowOffset, rect.column, chunk.rowCount, rect.columnCount);
    range.load(CELL_PROPERTIES);
    await context.sync();
    const cells = rawRows(range, date1904);
    cells.forEach((row, i) => {
      const sheetRow = rect.row + chunk.rowOffset + i;
      if (!header) {
        if (!headerFixed && row.every(isBlank)) return;
        const headers = row.map(headerText);
        while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
        header = { sheetRow, headers };
        return;
      }
      if (row.every(isBlank)) return;
      rows.push({ row: rows.length + 1, sourceRow: sheetRow + 1, cells: fitToWidth(row, header.headers.length) });
    });
  }
  if (!header || header.headers.length === 0) return { ok: false, problem: emptySheet(sheetName, source) };

  const address: TableAddress = {
    sheetName,
    firstRow: header.sheetRow,
    firstColumn: rect.column,
    rowCount: rect.row + rect.rowCount - header.sheetRow,
    columnCount: rect.columnCount,
    ...(located.tableName !== undefined ? { tableName: located.tableName } : {}),
  };
  const table: Table = { source, sheet: sheetName, headerRow: header.sheetRow + 1, headers: header.headers, rows, date1904 };
  return { ok: true, table, address, chunks: chunks.length };
}

/** One sync: the sheet's Excel tables, the selection's, its used range and the add-in's result block. */
async function locate(context: Excel.RequestContext, sheetName: string, withSelection: boolean): Promise<Located> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const tables = sheet.tables;
  tables.load('items/name,items/showHeaders');
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load(GEOMETRY);
  const owned = queueOwnedBlock(sheet, () => sheetName);
  let selected: { sheet: Excel.Worksheet; tables: Excel.TableScopedCollection } | undefined;
  if (withSelection) {
    const range = context.workbook.getSelectedRange();
    const selectionSheet = range.worksheet;
    selectionSheet.load('name');
    const selectionTables = range.getTables(false);
    selectionTables.load('items/name,items/showHeaders');
    selected = { sheet: selectionSheet, tables: selectionTables };
  }
  await context.sync();

  const pick = (selected && selected.sheet.name === sheetName ? selected.tables.items[0] : undefined) ?? tables.items[0];
  return {
    sheet,
    ...(pick ? { tableName: pick.name, tableHeaders: pick.showHeaders } : {}),
    ...(used.isNullObject ? {} : { used: { row: used.rowIndex, column: used.columnIndex, rowCount: used.rowCount, columnCount: used.columnCount } }),
    ...(owned() ? { owned: owned()! } : {}),
  };
}

/**
 * The table's cells left of the add-in's own result block: the used range takes in the block once
 * written, and an Excel table may have grown into it (Excel extends a table over values written
 * next to it), but the results are never input.
 */
function withoutResultBlock(rect: Rect, owned: Rect | undefined): Rect {
  if (!owned || owned.column <= rect.column || owned.column > rect.column + rect.columnCount - 1) return rect;
  const overlapsRows = owned.row <= rect.row + rect.rowCount - 1 && owned.row + owned.rowCount - 1 >= rect.row;
  return overlapsRows ? { ...rect, columnCount: owned.column - rect.column } : rect;
}

function rawRows(range: Excel.Range, date1904: boolean): RawCell[][] {
  const values = range.values;
  const formats = range.numberFormat;
  const types = range.valueTypes;
  return values.map((row, r) => row.map((value, c) => rawCellFromExcel(value, formats[r]?.[c], types[r]?.[c], date1904)));
}

function emptySheet(sheetName: string, source: string): string {
  return `The sheet "${sheetName}" in ${source} is empty: put the column headers in its first row and one item per row below.`;
}

export interface ReadRowsOptions {
  date1904?: boolean;
  chunk?: ReadChunkOptions;
}

/**
 * The current cells of some rows of a table read before (by index into `table.rows`), for
 * re-evaluating only those rows: contiguous sheet rows are read as one range, and the ranges are
 * batched under the read budget, one `context.sync()` per batch. Returns the rows in the order of
 * `rowIndexes`, with their row numbers unchanged.
 */
export async function readRows(
  context: Excel.RequestContext,
  table: Table,
  address: TableAddress,
  rowIndexes: readonly number[],
  options: ReadRowsOptions = {},
): Promise<TableRow[]> {
  const sheet = context.workbook.worksheets.getItem(address.sheetName);
  const sheetRowOf = (index: number): number => {
    const row = table.rows[index];
    if (!row) throw new RangeError(`No data row at index ${index} (the table has ${table.rows.length})`);
    return row.sourceRow - 1;
  };
  const wanted = rowIndexes.map(sheetRowOf);
  const perCell = options.chunk?.bytesPerCell ?? DEFAULT_READ_BYTES_PER_CELL;
  const budget = Math.min(
    options.chunk?.budgetBytes ?? DEFAULT_PAYLOAD_BUDGET_BYTES,
    (options.chunk?.maxCellsPerRead ?? DEFAULT_MAX_CELLS_PER_READ) * perCell,
  );
  const cellsBySheetRow = new Map<number, RawCell[]>();
  for (const batch of batchRuns(runsOf(wanted), () => address.columnCount * perCell, budget)) {
    const ranges = batch.map((run) => {
      const range = sheet.getRangeByIndexes(run.start, address.firstColumn, run.count, address.columnCount);
      range.load(CELL_PROPERTIES);
      return { run, range };
    });
    await context.sync();
    for (const { run, range } of ranges) {
      rawRows(range, options.date1904 ?? table.date1904).forEach((cells, i) => cellsBySheetRow.set(run.start + i, cells));
    }
  }
  return rowIndexes.map((index) => {
    const row = table.rows[index]!;
    return { row: row.row, sourceRow: row.sourceRow, cells: fitToWidth(cellsBySheetRow.get(row.sourceRow - 1) ?? [], table.headers.length) };
  });
}
