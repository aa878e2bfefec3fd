/**
 * Excel workbooks (.xlsx, .xlsm) to Tables, via exceljs. Bytes in, no file system, so this
 * also runs in a browser.
 *
 * Two exceljs habits are corrected here:
 * - exceljs only recognises the 1904 date system when the workbook says `date1904="1"`;
 *   LibreOffice and some other writers say `date1904="true"`, which exceljs reads as the 1900
 *   system, shifting every date by four years and a day. The flag is read from the workbook
 *   XML directly (jszip, which exceljs itself uses to unzip).
 * - exceljs turns any number whose format contains a letter such as m, d, y, h, s or b into a
 *   Date, even when the letter is an escaped literal (`0.0,,\M` shows 2.1 million as 2.1M).
 *   Such cells are turned back into their number.
 * Dates exceljs produces are mapped back to their serial and then through
 * `fromSpreadsheetSerial`, which also gets 1900-01-01 … 1900-02-28 right (exceljs is a day off).
 */
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { fromSpreadsheetSerial, type IsoDate } from '../core/dates';
import type { RawCell, Table, TableRow } from '../core/table';

/** A loaded workbook: its sheet names and a reader for each sheet's table. */
export interface WorkbookTables {
  /** Worksheet names in workbook order (hidden sheets included). */
  sheets: string[];
  /** The workbook counts date serials from 1904-01-01. */
  date1904: boolean;
  /**
   * The table on `sheet` (matched exactly, else ignoring case), or on the first visible sheet
   * when no name is given. Throws an Error with a user-facing message for an unknown or empty sheet.
   */
  read(sheet?: string): Table;
}

/** Load an .xlsx/.xlsm workbook from its bytes; `source` is the file name shown in messages. */
export async function readWorkbookTables(data: ArrayBuffer | Uint8Array, source: string): Promise<WorkbookTables> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (isOleContainer(bytes)) {
    throw new Error(`${source} is an old-format Excel 97-2003 workbook or is password-protected: open it in Excel and save it as an .xlsx workbook without a password.`);
  }
  const workbook = new ExcelJS.Workbook();
  let declared1904: boolean | undefined;
  try {
    declared1904 = await declaresDate1904(bytes);
    // exceljs's typings say Buffer; at run time it hands the bytes to JSZip, which takes any Uint8Array.
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    throw new Error(`${source} could not be read as an Excel workbook${detail}: open it in Excel and save it again as .xlsx.`);
  }
  const excelJs1904 = workbook.properties?.date1904 === true;
  const date1904 = declared1904 ?? excelJs1904;
  const worksheets = workbook.worksheets;
  const context: CellContext = { excelJs1904, date1904 };

  return {
    sheets: worksheets.map((ws) => ws.name),
    date1904,
    read(sheet?: string): Table {
      const ws = sheet === undefined ? firstVisible(worksheets) : findSheet(worksheets, sheet);
      if (!ws) {
        const names = worksheets.map((w) => `"${w.name}"`).join(', ');
        throw new Error(sheet === undefined
          ? `${source} has no worksheets: add a sheet with a header row and one row per item.`
          : `${source} has no sheet named "${sheet}": its sheets are ${names}.`);
      }
      return sheetTable(ws, source, context);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sheets

function firstVisible(worksheets: ExcelJS.Worksheet[]): ExcelJS.Worksheet | undefined {
  return worksheets.find((ws) => ws.state === 'visible' || ws.state === undefined) ?? worksheets[0];
}

function findSheet(worksheets: ExcelJS.Worksheet[], name: string): ExcelJS.Worksheet | undefined {
  return worksheets.find((ws) => ws.name === name)
    ?? worksheets.find((ws) => ws.name.toLowerCase() === name.toLowerCase());
}

/** The sheet's header row (its first non-empty row) and the non-empty rows under it. */
function sheetTable(ws: ExcelJS.Worksheet, source: string, context: CellContext): Table {
  let header: { sourceRow: number; headers: string[] } | undefined;
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(rawCell(row.getCell(c), context));
    if (cells.every(isBlank)) return;
    if (!header) {
      const headers = cells.map(headerText);
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      header = { sourceRow: rowNumber, headers };
      return;
    }
    rows.push({ row: rows.length + 1, sourceRow: rowNumber, cells: fitToWidth(cells, header.headers.length) });
  });
  if (!header) {
    throw new Error(`The sheet "${ws.name}" in ${source} is empty: put the column headers in its first row and one item per row below.`);
  }
  return {
    source,
    sheet: ws.name,
    headerRow: header.sourceRow,
    headers: header.headers,
    rows,
    date1904: context.date1904,
  };
}

function isBlank(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

function headerText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return 'date' in cell ? cell.date : cell.error;
}

/** Padded with empty cells to the header width; empty cells beyond it dropped, filled ones kept. */
function fitToWidth(cells: RawCell[], width: number): RawCell[] {
  const out = cells.slice();
  while (out.length > width && isBlank(out[out.length - 1] ?? null)) out.pop();
  while (out.length < width) out.push(null);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cells

interface CellContext {
  /** The date system exceljs assumed when it built Date values. */
  excelJs1904: boolean;
  /** The date system the workbook really uses. */
  date1904: boolean;
}

/**
 * One exceljs cell as a RawCell. The covered cells of a merged range are empty, as in Excel
 * (only the top-left cell holds the value). A formula gives its saved result; a formula saved
 * without a result (as some generators write them) is empty.
 */
function rawCell(cell: ExcelJS.Cell, context: CellContext): RawCell {
  if (cell.isMerged && cell.master !== cell) return null;
  return rawValue(cell.value, cell.numFmt, context);
}

function rawValue(value: ExcelJS.CellValue, numFmt: string | undefined, context: CellContext): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return dateValue(value, numFmt, context);
  if ('error' in value) return { error: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    return rawValue(value.result ?? null, numFmt, context);
  }
  if ('richText' in value) return richText(value.richText) || null;
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text === '' ? null : text;
    if (text && typeof text === 'object' && 'richText' in text) {
      return richText((text as ExcelJS.CellRichTextValue).richText) || null;
    }
    return value.hyperlink || null;
  }
  return null;
}

function richText(runs: ExcelJS.RichText[]): string {
  return runs.map((run) => run.text).join('');
}

const MS_PER_DAY_PARTS = [24, 3600, 1000] as const;
const UNIX_EPOCH_SERIAL = 25569; // 1970-01-01 in the 1900 system
const SERIAL_1904_OFFSET = 1462; // days from 1900-system serials to 1904-system serials

/**
 * A Date exceljs built from a number cell: the civil date of its serial in the workbook's real
 * date system, or the number itself when the cell's format is not a date format after all
 * (or the serial is not a date, like 60 in the 1900 system).
 */
function dateValue(value: Date, numFmt: string | undefined, context: CellContext): RawCell {
  const serial = serialOf(value, context.excelJs1904);
  if (numFmt !== undefined && !isDateFormat(numFmt)) return serial;
  const minuteSerial = Math.round(serial * 1440) / 1440;
  const whole = Math.floor(minuteSerial);
  const [first, last] = context.date1904 ? [0, 2_957_003] : [1, 2_958_465];
  if (whole < first || whole > last || (!context.date1904 && whole === 60)) return serial;
  const date: IsoDate = fromSpreadsheetSerial(minuteSerial, context.date1904);
  return { date };
}

/**
 * The stored number behind a Date made by exceljs's `excelToDate`: the shortest decimal that
 * exceljs would turn into the same millisecond (so 2.1 comes back as 2.1, not 2.0999999999).
 */
function serialOf(value: Date, excelJs1904: boolean): number {
  const ms = value.getTime();
  const offset = excelJs1904 ? SERIAL_1904_OFFSET : 0;
  const toMs = (serial: number): number =>
    Math.round((serial - UNIX_EPOCH_SERIAL + offset) * MS_PER_DAY_PARTS[0] * MS_PER_DAY_PARTS[1] * MS_PER_DAY_PARTS[2]);
  const approx = ms / (MS_PER_DAY_PARTS[0] * MS_PER_DAY_PARTS[1] * MS_PER_DAY_PARTS[2]) + UNIX_EPOCH_SERIAL - offset;
  for (let digits = 1; digits <= 17; digits++) {
    const candidate = Number(approx.toPrecision(digits));
    if (toMs(candidate) === ms) return candidate;
  }
  return approx;
}

/**
 * True when an Excel number format shows a date or time: a y, m, d, h, s, e, g or b code
 * outside quoted text, [brackets], backslash escapes and _x / *x spacing, and not General.
 */
export function isDateFormat(format: string): boolean {
  const codes = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[_*]./g, '')
    .replace(/General/gi, '')
    .replace(/E[+-]/gi, '');
  return /[ymdhsegb]/i.test(codes);
}

// ---------------------------------------------------------------------------------------------
// Workbook-level facts exceljs gets wrong

/** Excel 97-2003 workbooks and encrypted .xlsx files are OLE compound files, not zips. */
function isOleContainer(bytes: Uint8Array): boolean {
  const signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return signature.every((b, i) => bytes[i] === b);
}

/**
 * Whether xl/workbook.xml declares the 1904 date system (`date1904="1"` or `"true"`);
 * undefined when the part cannot be found, leaving the decision to exceljs.
 */
async function declaresDate1904(bytes: Uint8Array): Promise<boolean | undefined> {
  const zip = await JSZip.loadAsync(bytes);
  const part = zip.file('xl/workbook.xml') ?? zip.file(/^\/?xl\/workbook\.xml$/i)[0];
  if (!part) return undefined;
  const xml = await part.async('string');
  const props = /<(?:[\w.-]+:)?workbookPr\b[^>]*>/.exec(xml);
  if (!props) return false;
  const flag = /\sdate1904\s*=\s*["']([^"']*)["']/.exec(props[0]);
  return flag !== null && (flag[1] === '1' || flag[1]?.toLowerCase() === 'true');
}
