/// <reference types="office-js" />
/**
 * Writing the results next to the table: Status, the subject's outputs, Findings and Errors
 * (resultColumns + resultValue, as in the CSV and .xlsx outputs), in the columns immediately to the
 * right of the table, from its header row down. The block belongs to the add-in: a sheet-scoped
 * name records it (ownership.ts), a re-run may overwrite it, and nothing else is ever written over.
 * Before writing, every cell of the target block outside the add-in's previous block is read; if any
 * holds something, nothing at all is written and the problem names the cells.
 *
 * Requests (see chunks.ts for the limits):
 * - 1 sync to find the previous block;
 * - 1 sync per read chunk of the target cells the add-in does not already own (none on a re-run
 *   over the same cells);
 * - 1 sync per write chunk. The first chunk also carries the ownership name, the number formats —
 *   one assignment per result column, over the whole column, never per cell — and the status
 *   colours. Before each chunk's sync, calculation and screen updating are suspended until that
 *   sync (Application.suspendApiCalculationUntilNextSync / suspendScreenUpdatingUntilNextSync).
 *   Note: Microsoft's performance article advises against calling suspendScreenUpdatingUntilNextSync
 *   repeatedly, as the window may flicker between syncs; with 4 MB chunks that is rare (20,000
 *   evaluated project rows are about 5 MB of results: two chunks).
 *
 * Status colours: a conditional format has exactly one format, so one rule can give one fill
 * colour, never four or five (a "custom" rule is one formula and one fill; a colour scale, icon set
 * or data bar only reads numbers, and the status is text). Distinct colours for the statuses
 * therefore need one rule each. The minimum is 4 rules: compliant, pending, breach and invalid
 * are filled; not-applicable keeps the sheet's own (no) fill, which is what "nothing to see" looks
 * like. The cells hold the subject's words (`overdue`, `funded-late`…), so each rule is a custom
 * formula true for the words that stand for its contract status (`=OR(E2="overdue",E2="funded-late")`,
 * relative to the first status cell; text comparison in Excel is case-insensitive), and all of them
 * apply to the status column as one range: at most four rules, whatever the vocabulary.
 */
import type { RowResult } from '../core/engine/evaluator';
import { resultColumns, resultValue, type ResultColumn } from '../core/resultGrid';
import type { Subject } from '../core/rulebook/model';
import type { Status } from '../core/rulebook/schema';
import { statusFormula, wordsByMeaning, type StatusVocabulary } from '../core/statuses';
import type { Table } from '../core/table';
import { a1, describeCells, MAX_COLUMNS, subtract, type Rect } from './a1';
import { excelText, excelValue, type ExcelCellValue } from './cells';
import {
  batchRuns, DEFAULT_PAYLOAD_BUDGET_BYTES, estimateRowBytes, planReadChunks, planWriteChunks, runsOf,
  type ReadChunkOptions, type WriteChunkOptions,
} from './chunks';
import { queueOwnedBlock, RESULTS_NAME, RESULTS_NAME_COMMENT } from './ownership';
import type { TableAddress } from './readTable';

/** The add-in's result block: where it is (0-based, header row included) and what it shows. */
export interface ResultBlock {
  sheetName: string;
  firstRow: number;
  firstColumn: number;
  rowCount: number;
  columnCount: number;
  columns: ResultColumn[];
  /** For each table row (by index into `table.rows`), its 0-based sheet row. */
  sheetRows: number[];
  date1904: boolean;
}

export interface WriteResultsInput {
  table: Table;
  address: TableAddress;
  subject: Subject;
  /** One per table row, in order (as Evaluator.evaluateTable returns them). */
  results: readonly RowResult[];
}

export interface WriteResultsOptions {
  chunk?: WriteChunkOptions;
  /** For reading the target cells before writing (formulas only, so 100 bytes per cell by default). */
  readChunk?: ReadChunkOptions;
  onProgress?: (rowsWritten: number, rowsTotal: number) => void;
}

export type WriteResultsOutcome =
  | { ok: true; block: ResultBlock; syncs: { locate: number; check: number; write: number } }
  | { ok: false; problem: string; conflicts: string[] };

/** Number formats by result column type; everything else is General. */
export const RESULT_NUMBER_FORMATS: Readonly<Record<string, string>> = { date: 'yyyy-mm-dd', rate: '0.0##%', money: '#,##0' };

/** Fill colours of the status cells (the .xlsx output's colours); not-applicable has none. */
export const STATUS_FILLS: Readonly<Record<string, string>> = {
  compliant: '#DFF6DD',
  pending: '#FFF4CE',
  breach: '#FDE7E9',
  invalid: '#F1DFFA',
};

const CHECK_BYTES_PER_CELL = 100;

/** Where the results go for a table, and which row of the block each table row is. Pure. */
export function planResultBlock(table: Table, address: TableAddress, subject: Subject): ResultBlock {
  const columns = resultColumns(subject);
  return {
    sheetName: address.sheetName,
    firstRow: address.firstRow,
    firstColumn: address.firstColumn + address.columnCount,
    rowCount: address.rowCount,
    columnCount: columns.length,
    columns,
    sheetRows: table.rows.map((r) => r.sourceRow - 1),
    date1904: table.date1904,
  };
}

export function blockRect(block: Pick<ResultBlock, 'firstRow' | 'firstColumn' | 'rowCount' | 'columnCount'>): Rect {
  return { row: block.firstRow, column: block.firstColumn, rowCount: block.rowCount, columnCount: block.columnCount };
}

/** One block row of results, as written to Range.values. */
export function resultRow(columns: readonly ResultColumn[], result: RowResult | undefined, date1904: boolean): ExcelCellValue[] {
  return columns.map((c) => (result ? excelValue(resultValue(result, c), c.type, date1904) : ''));
}

/** The whole block as written: the column titles, then one row per sheet row (empty for rows that are not data rows). Pure. */
export function resultGrid(block: ResultBlock, results: readonly RowResult[]): ExcelCellValue[][] {
  const resultBySheetRow = new Map<number, RowResult | undefined>();
  block.sheetRows.forEach((sheetRow, i) => resultBySheetRow.set(sheetRow, results[i]));
  const grid: ExcelCellValue[][] = [block.columns.map((c) => excelText(c.title))];
  for (let r = 1; r < block.rowCount; r++) grid.push(resultRow(block.columns, resultBySheetRow.get(block.firstRow + r), block.date1904));
  return grid;
}

/** Write every row's results; refuses, writing nothing, when other data is in the way. */
export async function writeResults(context: Excel.RequestContext, input: WriteResultsInput, options: WriteResultsOptions = {}): Promise<WriteResultsOutcome> {
  const block = planResultBlock(input.table, input.address, input.subject);
  const target = blockRect(block);
  if (block.firstColumn + block.columnCount > MAX_COLUMNS) {
    return { ok: false, problem: `There is no room on sheet ${block.sheetName} for the ${block.columnCount} result columns right of the table: Excel sheets end at column XFD. Move the table left.`, conflicts: [] };
  }
  const sheet = context.workbook.worksheets.getItem(block.sheetName);

  // 1. The add-in's previous block on this sheet.
  const owned = queueOwnedBlock(sheet, () => block.sheetName);
  await context.sync();
  const previous = owned();

  // 2. Every target cell the add-in does not own must be empty.
  const conflicts: { row: number; column: number; shown: string }[] = [];
  let checkSyncs = 0;
  for (const strip of subtract(target, previous)) {
    for (const chunk of planReadChunks(strip.rowCount, strip.columnCount, { bytesPerCell: CHECK_BYTES_PER_CELL, ...options.readChunk })) {
      const range = sheet.getRangeByIndexes(strip.row + chunk.rowOffset, strip.column, chunk.rowCount, strip.columnCount);
      range.load('formulas');
      await context.sync();
      checkSyncs += 1;
      range.formulas.forEach((row, i) => row.forEach((f: unknown, j) => {
        if (f !== '' && f !== null && f !== undefined) conflicts.push({ row: strip.row + chunk.rowOffset + i, column: strip.column + j, shown: showValue(f) });
      }));
    }
  }
  if (conflicts.length) {
    const areas = describeCells(conflicts).map(a1);
    return { ok: false, problem: conflictProblem(block.sheetName, areas, conflicts), conflicts: areas };
  }

  // 3. Write, chunk by chunk.
  const grid = resultGrid(block, input.results);
  const chunks = planWriteChunks(grid, options.chunk);
  const dataRows = block.rowCount - 1;
  let written = 0;
  for (const [k, chunk] of chunks.entries()) {
    if (k === 0) {
      if (previous) {
        sheet.names.getItem(RESULTS_NAME).delete();
        rangeOf(sheet, previous).conditionalFormats.clearAll();
        for (const leftover of subtract(previous, target)) rangeOf(sheet, leftover).clear('All');
      }
      const whole = rangeOf(sheet, target);
      whole.conditionalFormats.clearAll();
      sheet.names.add(RESULTS_NAME, whole, RESULTS_NAME_COMMENT);
      rangeOf(sheet, { ...target, rowCount: 1 }).format.font.bold = true;
      if (dataRows > 0) {
        block.columns.forEach((column, c) => {
          const range = sheet.getRangeByIndexes(block.firstRow + 1, block.firstColumn + c, dataRows, 1);
          range.numberFormat = [[RESULT_NUMBER_FORMATS[column.type] ?? 'General']];
        });
        addStatusColours(sheet.getRangeByIndexes(block.firstRow + 1, block.firstColumn, dataRows, 1), a1({ row: block.firstRow + 1, column: block.firstColumn, rowCount: 1, columnCount: 1 }), input.subject.statuses);
      }
    }
    const range = sheet.getRangeByIndexes(block.firstRow + chunk.rowOffset, block.firstColumn, chunk.rowCount, block.columnCount);
    range.values = grid.slice(chunk.rowOffset, chunk.rowOffset + chunk.rowCount);
    context.application.suspendApiCalculationUntilNextSync();
    context.application.suspendScreenUpdatingUntilNextSync();
    await context.sync();
    written += chunk.rowCount;
    options.onProgress?.(written, grid.length);
  }
  return { ok: true, block, syncs: { locate: 1, check: checkSyncs, write: chunks.length } };
}

/**
 * One formula rule per status colour (see the module comment): each is true for the subject's
 * words that stand for that contract status, so `overdue` and `funded-late` share breach's fill.
 */
function addStatusColours(statusCells: Excel.Range, firstCell: string, vocabulary: StatusVocabulary): void {
  const words = wordsByMeaning(vocabulary);
  for (const [status, colour] of Object.entries(STATUS_FILLS)) {
    const these = words.get(status as Status);
    if (!these?.length) continue;
    const rule = statusCells.conditionalFormats.add('Custom');
    rule.custom.rule.formula = `=${statusFormula(firstCell, these)}`;
    rule.custom.format.fill.color = colour;
  }
}

function rangeOf(sheet: Excel.Worksheet, rect: Rect): Excel.Range {
  return sheet.getRangeByIndexes(rect.row, rect.column, rect.rowCount, rect.columnCount);
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

function conflictProblem(sheetName: string, areas: string[], cells: readonly { row: number; column: number; shown: string }[]): string {
  const first = cells.reduce((a, b) => (b.row < a.row || (b.row === a.row && b.column < a.column) ? b : a));
  const firstText = `${a1({ row: first.row, column: first.column, rowCount: 1, columnCount: 1 })} = ${first.shown}`;
  if (cells.length === 1) {
    return `Cell ${areas[0]} on sheet ${sheetName} already holds data (${first.shown}); Clausewise will not overwrite it. Move that data or insert columns.`;
  }
  const listed = areas.length > 10 ? `${areas.slice(0, 10).join(', ')} and ${areas.length - 10} more ranges` : areas.join(', ');
  return `Cells ${listed} on sheet ${sheetName} already hold data (first: ${firstText}); Clausewise will not overwrite them. Move that data or insert columns.`;
}

export interface WriteRowsOptions {
  budgetBytes?: number;
}

/**
 * Rewrite the results of some rows only (live what-if): `results[i]` is the new result of table row
 * `rowIndexes[i]`. Contiguous sheet rows are written as one range; ranges are batched under the
 * payload budget, one `context.sync()` per batch, calculation and screen updating suspended before
 * each. Returns the number of syncs and the ranges written (A1, no sheet).
 */
export async function writeRows(
  context: Excel.RequestContext,
  block: ResultBlock,
  rowIndexes: readonly number[],
  results: readonly RowResult[],
  options: WriteRowsOptions = {},
): Promise<{ syncs: number; ranges: string[] }> {
  if (rowIndexes.length !== results.length) throw new RangeError(`writeRows: ${rowIndexes.length} row indexes but ${results.length} results`);
  const rowBySheetRow = new Map<number, ExcelCellValue[]>();
  rowIndexes.forEach((index, i) => {
    const sheetRow = block.sheetRows[index];
    if (sheetRow === undefined) throw new RangeError(`writeRows: no data row at index ${index} (the block has ${block.sheetRows.length})`);
    rowBySheetRow.set(sheetRow, resultRow(block.columns, results[i], block.date1904));
  });
  const sheet = context.workbook.worksheets.getItem(block.sheetName);
  const batches = batchRuns(runsOf(rowBySheetRow.keys()), (p) => estimateRowBytes(rowBySheetRow.get(p)!), options.budgetBytes ?? DEFAULT_PAYLOAD_BUDGET_BYTES);
  const ranges: string[] = [];
  for (const batch of batches) {
    for (const run of batch) {
      const rect = { row: run.start, column: block.firstColumn, rowCount: run.count, columnCount: block.columnCount };
      const values: ExcelCellValue[][] = [];
      for (let p = run.start; p < run.start + run.count; p++) values.push(rowBySheetRow.get(p)!);
      rangeOf(sheet, rect).values = values;
      ranges.push(a1(rect));
    }
    context.application.suspendApiCalculationUntilNextSync();
    context.application.suspendScreenUpdatingUntilNextSync();
    await context.sync();
  }
  return { syncs: batches.length, ranges };
}
