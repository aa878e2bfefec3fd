/**
 * Reading a table from a file on disk as a stream (Node only): the header first, then the rows
 * in file order, a piece at a time, so that a file of any length is read in bounded memory.
 * The same tables, cells and messages as readTableFile: CSV through the one CSV grammar
 * (CsvTableReader), workbooks through exceljs's streaming reader (xlsxStream.ts).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { CsvTableReader } from '../core/csv';
import type { TableHead, TableRow } from '../core/table';
import { csvTextDecoder, fileProblem, notUtf8, tableFileKind } from './readTable';
import { readTableFile } from './readTable';

export interface TableStream {
  head: TableHead;
  /** The rows in file order, in pieces as read; iterate once. Errors carry sentences for the user. */
  rows: AsyncIterable<TableRow[]>;
  /** How much of the input has been read, from 0 to 1, when that can be told (CSV: by bytes); undefined otherwise. */
  readFraction(): number | undefined;
  /** Stop reading early (after an error elsewhere) and release the file. */
  close(): void;
}

/** The table in the file at `path`, opened for reading as a stream; `sheet` picks a worksheet of a workbook. */
export async function openTableStream(path: string, sheet?: string): Promise<TableStream> {
  const kind = tableFileKind(path, sheet);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    size = info.size;
  } catch (error) {
    throw fileProblem(error, path);
  }
  return kind === 'csv' ? openCsvStream(path, size) : openWorkbookWhole(path, sheet);
}

/** Rows handed on from a workbook read whole, in pieces of this many. */
const WORKBOOK_PIECE_ROWS = 2000;

/**
 * A workbook, read whole by the workbook reader (src/io/xlsx.ts) and handed on in pieces. exceljs's
 * streaming reader was tried here and dropped: about one read in sixty of the sample workbook gave no
 * list of sheets (the workbook part went missing), and an unwanted sheet's temporary file could be
 * deleted while it was opening. A workbook holds at most 1,048,576 rows, so it fits in memory.
 */
async function openWorkbookWhole(path: string, sheet?: string): Promise<TableStream> {
  const table = await readTableFile(path, sheet);
  const { rows, ...head } = table;
  return {
    head,
    rows: (async function* () {
      for (let i = 0; i < rows.length; i += WORKBOOK_PIECE_ROWS) yield rows.slice(i, i + WORKBOOK_PIECE_ROWS);
    })(),
    readFraction: () => undefined,
    close: () => undefined,
  };
}

/** Bytes read from the CSV file in one go. */
const PIECE_BYTES = 1 << 16;

async function openCsvStream(path: string, size: number): Promise<TableStream> {
  const first = await firstBytes(path, 2);
  const decoder = csvTextDecoder(first);
  const file = createReadStream(path, { highWaterMark: PIECE_BYTES });
  const reader = new CsvTableReader(path);
  let bytesRead = 0;

  async function* pieces(): AsyncGenerator<TableRow[]> {
    const decode = (bytes?: Uint8Array): string => {
      try {
        return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
      } catch {
        throw notUtf8(path);
      }
    };
    try {
      for await (const bytes of file as AsyncIterable<Buffer>) {
        bytesRead += bytes.length;
        const step = reader.push(decode(bytes));
        if (!step.ok) throw new Error(step.problem);
        if (step.rows.length) yield step.rows;
      }
    } catch (error) {
      if ((error as { code?: unknown }).code !== undefined) throw fileProblem(error, path);
      throw error;
    }
    const pushed = reader.push(decode());
    if (!pushed.ok) throw new Error(pushed.problem);
    const last = reader.end();
    if (!last.ok) throw new Error(last.problem);
    const rows = [...pushed.rows, ...last.rows];
    if (rows.length) yield rows;
  }

  const iterator = pieces();
  // Read until the header is known; the rows read with it are given first.
  const early: TableRow[][] = [];
  while (!reader.head) {
    const next = await iterator.next();
    if (next.done) break;
    early.push(next.value);
  }
  const head = reader.head;
  if (!head) throw new Error(`internal: ${path} was read to its end without a header or a problem`);
  return {
    head,
    rows: (async function* () {
      yield* early.splice(0);
      yield* iterator;
    })(),
    readFraction: () => (size > 0 ? Math.min(1, bytesRead / size) : undefined),
    close: () => file.destroy(),
  };
}

async function firstBytes(path: string, count: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = new Uint8Array(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    throw fileProblem(error, path);
  } finally {
    await handle?.close();
  }
}
