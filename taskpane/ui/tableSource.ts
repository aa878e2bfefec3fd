/**
 * A workbook or CSV file opened on the standalone page, read in the browser (the file itself is
 * never changed): its sheets, and a fresh Table for the sheet chosen — the grid edits that copy.
 */
import { parseCsv } from '../../src/core/csv';
import type { Table } from '../../src/core/table';
import { readWorkbookTables } from '../../src/io/xlsx';

export interface OpenedFile {
  name: string;
  sheets: string[];
  /** A new Table for a sheet (CSV files have one, named after the file). */
  read(sheet: string): Table;
}

export async function openFile(name: string, bytes: ArrayBuffer): Promise<OpenedFile> {
  if (/\.(csv|txt|tsv)$/i.test(name)) {
    const text = new TextDecoder('utf-8').decode(bytes);
    const parsed = parseCsv(text, name);
    if (!parsed.ok) throw new Error(parsed.problem);
    const json = JSON.stringify(parsed.table);
    return { name, sheets: [name], read: () => JSON.parse(json) as Table };
  }
  if (!/\.(xlsx|xlsm)$/i.test(name)) {
    throw new Error(`${name} is not a workbook Clausewise reads: open an .xlsx, .xlsm or .csv file.`);
  }
  const workbook = await readWorkbookTables(bytes, name);
  return { name, sheets: workbook.sheets, read: (sheet) => workbook.read(sheet) };
}
