/**
 * Excel workbooks (.xlsx, .xlsm) to Tables, via exceljs. Bytes in, no file system, so this
 * also runs in a browser.
 *
 * exceljs's own reading is corrected in three ways, from the workbook's XML (unzipped with
 * jszip, which exceljs itself uses):
 * - exceljs only recognises the 1904 date system when the workbook says `date1904="1"`;
 *   LibreOffice and some other writers say `date1904="true"`, which exceljs reads as the 1900
 *   system, shifting every date by four years and a day. The flag is read from the XML.
 * - exceljs drops the backslashes from number formats and then takes any format with a letter
 *   such as M, d, y, h, s or b for a date format, so a number shown with `$0.0,,\M` ($2.1M) or
 *   `0\ \b\p` (25 bp) would come back as a Date (an Invalid Date beyond about 100 million).
 *   Conversely it misses dates formatted `YYYY` or with East Asian built-in formats (ids 27-36
 *   and 50-58). Such formats are rewritten in styles.xml before exceljs reads the workbook.
 * - exceljs's Dates for serials 1-59 are a day early (it ignores Excel's phantom 1900-02-29).
 *   Dates are mapped back to their serial and through `fromSpreadsheetSerial` instead.
 */
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { fromSpreadsheetSerial, type IsoDate } from '../core/dates';
import type { RawCell, Table, TableRow } from '../core/table';
import { isDateFormat } from '../core/numberFormats';

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
  let prepared: PreparedWorkbook;
  try {
    prepared = await prepareWorkbook(bytes);
    // exceljs's typings say Buffer; at run time it hands the bytes to JSZip, which takes any Uint8Array.
    await workbook.xlsx.load(prepared.bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new Error(
      `${source} could not be read as an Excel workbook (it may be damaged, or not really an .xlsx file): open it in Excel and save it again as .xlsx.`,
      { cause: error },
    );
  }
  const excelJs1904 = workbook.properties?.date1904 === true;
  const date1904 = prepared.date1904 ?? excelJs1904;
  const worksheets = workbook.worksheets;
  const context: CellContext = { excelJs1904, date1904 };

  return {
    sheets: worksheets.map((ws) => ws.name),
    date1904,
    read(sheet?: string): Table {
      const ws = pickSheet(worksheets, sheet);
      if (!ws) throw noSuchSheet(source, worksheets.map((w) => w.name), sheet);
      return sheetTable(ws, source, context);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sheets

/** The sheet named `sheet` (matched exactly, else ignoring case), or the first visible one when no name is given. */
export function pickSheet<T extends { name: string; state?: string }>(sheets: readonly T[], sheet?: string): T | undefined {
  if (sheet === undefined) return sheets.find((ws) => ws.state === 'visible' || ws.state === undefined) ?? sheets[0];
  return sheets.find((ws) => ws.name === sheet) ?? sheets.find((ws) => ws.name.toLowerCase() === sheet.toLowerCase());
}

/** The message for a workbook without worksheets, or without the one asked for. */
export function noSuchSheet(source: string, names: readonly string[], sheet?: string): Error {
  return new Error(sheet === undefined
    ? `${source} has no worksheets: add a sheet with a header row and one row per item.`
    : `${source} has no sheet named "${sheet}": its sheets are ${names.map((n) => `"${n}"`).join(', ')}.`);
}

/** The message for a sheet with no header row. */
export function emptySheet(source: string, sheet: string): Error {
  return new Error(`The sheet "${sheet}" in ${source} is empty: put the column headers in its first row and one item per row below.`);
}

/** The sheet's header row (its first non-empty row) and the non-empty rows under it. */
function sheetTable(ws: ExcelJS.Worksheet, source: string, context: CellContext): Table {
  const reader = new SheetRowReader();
  const rows: TableRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const taken = reader.take(rowNumber, rowCells(row, context));
    if (taken) rows.push(taken);
  });
  const header = reader.header;
  if (!header) throw emptySheet(source, ws.name);
  return {
    source,
    sheet: ws.name,
    headerRow: header.sourceRow,
    headers: header.headers,
    rows,
    date1904: context.date1904,
  };
}

/**
 * A sheet's rows, in order, made into a table: the first non-empty row is the header, each
 * later non-empty row a data row, padded or trimmed to the header's width.
 */
export class SheetRowReader {
  header: { sourceRow: number; headers: string[] } | undefined;
  private count = 0;

  /** The data row for sheet row `rowNumber`, or undefined for the header and empty rows. */
  take(rowNumber: number, cells: RawCell[]): TableRow | undefined {
    if (cells.every(isBlank)) return undefined;
    if (!this.header) {
      const headers = cells.map(headerText);
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      this.header = { sourceRow: rowNumber, headers };
      return undefined;
    }
    return { row: ++this.count, sourceRow: rowNumber, cells: fitToWidth(cells, this.header.headers.length) };
  }
}

/** The raw cells of an exceljs row (from the whole-workbook or the streaming reader), from column A. */
export function rowCells(row: ExcelJS.Row, context: CellContext): RawCell[] {
  const cells: RawCell[] = [];
  for (let c = 1; c <= row.cellCount; c++) cells.push(rawCell(row.getCell(c), context));
  return cells;
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

export interface CellContext {
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
  return rawValue(cell.value, context);
}

export function rawValue(value: ExcelJS.CellValue, context: CellContext): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return dateValue(value, context);
  if ('error' in value) return { error: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    return rawValue(value.result ?? null, context);
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

const MS_PER_DAY = 86_400_000;
const UNIX_EPOCH_SERIAL = 25569; // 1970-01-01 in the 1900 system
const SERIAL_1904_OFFSET = 1462; // days from 1900-system serials to 1904-system serials

/**
 * A Date exceljs built from a date-formatted number: the civil date of that serial in the
 * workbook's real date system, or the number itself when it is not a date (a time of day
 * alone, or 60, the phantom 1900-02-29). A number too large for a JavaScript Date shows as
 * ##### in Excel too.
 */
function dateValue(value: Date, context: CellContext): RawCell {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return { error: '#####' };
  // The inverse of exceljs's excelToDate, in the date system exceljs assumed.
  const serial = ms / MS_PER_DAY + UNIX_EPOCH_SERIAL - (context.excelJs1904 ? SERIAL_1904_OFFSET : 0);
  const minuteSerial = Math.round(serial * 1440) / 1440;
  const whole = Math.floor(minuteSerial);
  const [first, last] = context.date1904 ? [0, 2_957_003] : [1, 2_958_465];
  if (whole < first || whole > last || (!context.date1904 && whole === 60)) return minuteSerial;
  const date: IsoDate = fromSpreadsheetSerial(minuteSerial, context.date1904);
  return { date };
}


// ---------------------------------------------------------------------------------------------
// Workbook-level facts exceljs gets wrong

/** Excel 97-2003 workbooks and encrypted .xlsx files are OLE compound files, not zips. */
export function isOleContainer(bytes: Uint8Array): boolean {
  const signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return signature.every((b, i) => bytes[i] === b);
}

interface PreparedWorkbook {
  /** The workbook, with styles.xml repaired when exceljs would misread its number formats. */
  bytes: Uint8Array;
  /** From xl/workbook.xml; undefined when that part is missing, leaving it to exceljs. */
  date1904: boolean | undefined;
}

/** Read the date system and repair the number formats before exceljs sees the workbook. */
async function prepareWorkbook(bytes: Uint8Array): Promise<PreparedWorkbook> {
  const zip = await JSZip.loadAsync(bytes);
  const part = (name: string): JSZip.JSZipObject | undefined =>
    zip.file(name) ?? zip.file(new RegExp(`^/?${name.replace(/[./]/g, '\\$&')}$`, 'i'))[0];

  const workbookXml = await part('xl/workbook.xml')?.async('string');
  const date1904 = workbookXml === undefined ? undefined : workbookDate1904(workbookXml);

  const styles = part('xl/styles.xml');
  const repaired = styles && repairNumberFormats(await styles.async('string'));
  if (!styles || repaired === undefined) return { bytes, date1904 };
  zip.file(styles.name, repaired);
  // DEFLATE like the original, so jszip copies the untouched parts without recompressing them.
  return { bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), date1904 };
}

/** Whether xl/workbook.xml says the 1904 date system, as `1` or as `true`. */
export function workbookDate1904(workbookXml: string): boolean {
  const props = /<(?:[\w.-]+:)?workbookPr\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
  const flag = /\sdate1904\s*=\s*["']([^"']*)["']/.exec(props)?.[1]?.trim().toLowerCase();
  return flag === '1' || flag === 'true';
}

/** Built-in format ids that show dates in East Asian editions of Excel; exceljs has no code for them. */
const LOCALE_DATE_FORMAT_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * styles.xml with each custom number format that exceljs would misjudge replaced by one it
 * judges as Excel does (`General` or `yyyy-mm-dd`; only the date-or-not distinction matters
 * for reading), and the East Asian built-in date formats defined; undefined when nothing changes.
 */
export function repairNumberFormats(xml: string): string | undefined {
  let out = xml.replace(
    /(<numFmt\b[^>]*?\sformatCode\s*=\s*)(["'])(.*?)\2/g,
    (tag, head: string, quote: string, code: string) => {
      const format = decodeXmlText(code);
      const isDate = isDateFormat(format);
      if (isDate === excelJsSeesDate(format)) return tag;
      return `${head}${quote}${isDate ? 'yyyy-mm-dd' : 'General'}${quote}`;
    },
  );
  const defined = new Set([...out.matchAll(/<numFmt\b[^>]*?\snumFmtId\s*=\s*["'](\d+)["']/g)].map((m) => Number(m[1])));
  const cellXfs = /<cellXfs\b[\s\S]*?<\/cellXfs>/.exec(out)?.[0] ?? '';
  const missing = new Set([...cellXfs.matchAll(/\snumFmtId\s*=\s*["'](\d+)["']/g)]
    .map((m) => Number(m[1]))
    .filter((id) => LOCALE_DATE_FORMAT_IDS.has(id) && !defined.has(id)));
  if (missing.size > 0) {
    const entries = [...missing].map((id) => `<numFmt numFmtId="${id}" formatCode="yyyy-mm-dd"/>`).join('');
    if (/<numFmts\b(?:[^>]*[^/>])?>/.test(out)) out = out.replace(/<numFmts\b(?:[^>]*[^/>])?>/, (open) => open + entries);
    else if (/<numFmts\b[^>]*\/>/.test(out)) out = out.replace(/<numFmts\b[^>]*\/>/, `<numFmts>${entries}</numFmts>`);
    else out = out.replace(/<styleSheet\b[^>]*>/, (open) => `${open}<numFmts>${entries}</numFmts>`);
  }
  return out === xml ? undefined : out;
}

/** exceljs's own test (utils.isDateFmt) applied to the format as exceljs stores it, backslashes dropped. */
function excelJsSeesDate(format: string): boolean {
  return isDateFormatAsExcelJs(format.replace(/[\\](.)/g, '$1'));
}

/** exceljs's utils.isDateFmt: whether exceljs makes a Date of a number in this format (as exceljs stores it). */
export function isDateFormatAsExcelJs(stored: string | undefined): boolean {
  if (!stored) return false;
  return /[ymdhMsb]/.test(stored.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** exceljs's utils.excelToDate: the Date exceljs makes of a date serial, in the date system it assumes. */
export function excelJsDate(serial: number, excelJs1904: boolean): Date {
  // The same arithmetic, in the same order, as exceljs: the Date must be the one its whole-workbook reader makes.
  return new Date(Math.round((serial - 25569 + (excelJs1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[name] ?? whole;
  });
}
