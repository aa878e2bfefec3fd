/**
 * Reading a table from a file on disk (Node only): CSV or text by UTF-8 (or UTF-16 with a
 * byte-order mark), Excel workbooks through `readWorkbookTables`.
 * Errors carry complete sentences for the user; they are printed as they are.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseCsv } from '../core/csv';
import type { Table } from '../core/table';
import { readWorkbookTables } from './xlsx';

const CSV_EXTENSIONS = new Set(['.csv', '.txt']);
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm']);

/** The table in the file at `path`; `sheet` picks a worksheet of a workbook (first visible one by default). */
export async function readTableFile(path: string, sheet?: string): Promise<Table> {
  const kind = tableFileKind(path, sheet);
  const bytes = await readBytes(path);
  if (kind === 'workbook') return (await readWorkbookTables(bytes, path)).read(sheet);
  const result = parseCsv(decodeText(bytes, path), path);
  if (!result.ok) throw new Error(result.problem);
  return result.table;
}

/** Whether the file at `path` is read as CSV text or as a workbook, by its extension; an Error for any other kind. */
export function tableFileKind(path: string, sheet?: string): 'csv' | 'workbook' {
  const extension = extname(path).toLowerCase();
  const isCsv = CSV_EXTENSIONS.has(extension);
  if (!isCsv && !WORKBOOK_EXTENSIONS.has(extension)) {
    const kind = extension === '.xls' ? 'an old-format Excel 97-2003 workbook (.xls)' : extension === '' ? 'a file without an extension' : `a ${extension} file`;
    throw new Error(`${path} is ${kind}, which Clausewise cannot read: save it as an Excel workbook (.xlsx) or as CSV UTF-8 (.csv).`);
  }
  if (isCsv && sheet !== undefined) {
    throw new Error(`${path} is a CSV file, which has no sheets: leave out the sheet name "${sheet}".`);
  }
  return isCsv ? 'csv' : 'workbook';
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw fileProblem(error, path);
  }
}

/** An error opening or reading the input file, as a message for the user. */
export function fileProblem(error: unknown, path: string): Error {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return new Error(`There is no file at ${path}: check the name and the folder.`);
  if (code === 'EISDIR') return new Error(`${path} is a folder, not a file: name the CSV or Excel file inside it.`);
  if (code === 'EACCES' || code === 'EPERM') return new Error(`${path} cannot be opened: you do not have permission to read it.`);
  return new Error(`${path} cannot be read: ${error instanceof Error ? error.message : String(error)}.`);
}

/**
 * CSV bytes as text: UTF-16 when the file starts with a UTF-16 byte-order mark (Excel's
 * "Unicode Text"), otherwise UTF-8, refusing other encodings rather than garbling them.
 */
function decodeText(bytes: Uint8Array, path: string): string {
  try {
    return csvTextDecoder(bytes).decode(bytes);
  } catch {
    throw notUtf8(path);
  }
}

/** The text decoder for CSV bytes starting with `first` (UTF-16 by its byte-order mark, else strict UTF-8). */
export function csvTextDecoder(first: Uint8Array): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  return new TextDecoder('utf-8', { fatal: true });
}

/** The message for CSV bytes that are not UTF-8. */
export function notUtf8(path: string): Error {
  return new Error(`${path} is not saved as UTF-8 text: in Excel use Save As and choose "CSV UTF-8 (Comma delimited) (*.csv)".`);
}
