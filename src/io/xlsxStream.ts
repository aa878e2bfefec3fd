/**
 * An .xlsx/.xlsm worksheet read as a stream (Node only), through exceljs's streaming reader
 * (ExcelJS.stream.xlsx.WorkbookReader), which unzips the file entry by entry and keeps
 * worksheets stored before the shared strings in temporary files rather than in memory.
 *
 * The cells are those of xlsx.ts's whole-workbook reader, with the same corrections: the
 * workbook's styles are repaired with `repairNumberFormats` and its date system read with
 * `workbookDate1904` before anything else sees them, the worksheet XML is read into the values
 * exceljs's whole-workbook reader would give (sheetXml.ts), and xlsx.ts's `rawValue` and
 * `SheetRowReader` make the raw cells and rows. Two differences, as the sheet is read once from
 * the top: the covered cells of a merged range are read as they are stored (Excel stores them
 * empty), and a hyperlink on a cell with no text shows as that cell's value, not the link's address.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as ExcelJS from 'exceljs';
import type { TableRow } from '../core/table';
import { SharedStringsXml, SheetXml, type SaxEvent, type SheetXmlContext } from './sheetXml';
import type { TableStream } from './tableStream';
import { emptySheet, excelJsDate, isDateFormatAsExcelJs, isOleContainer, noSuchSheet, pickSheet, rawValue, repairNumberFormats, SheetRowReader, workbookDate1904, type CellContext } from './xlsx';
import { fileProblem } from './readTable';

/** exceljs's SAX helper (utils/parse-sax): an async iterable of text in, batches of events out. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseSax = require('exceljs/lib/utils/parse-sax') as (chunks: AsyncIterable<string>) => AsyncIterable<SaxEvent[]>;

/** The parts of exceljs's WorkbookReader this module uses or replaces (exceljs 4.4). */
interface ReaderInternals {
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  properties?: { model?: { date1904?: boolean } };
  sharedStrings?: unknown[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  [Symbol.asyncIterator](): AsyncGenerator<unknown>;
}

/** A worksheet part as the patched reader gives it: its number in xl/worksheets/sheetN.xml and its bytes. */
interface SheetPart {
  sheetNo: number;
  bytes: AsyncIterable<Buffer>;
}

const ROWS_PER_PIECE = 500;

export async function openWorkbookStream(path: string, sheet?: string): Promise<TableStream> {
  await checkSignature(path);
  const damaged = (error: unknown): Error => new Error(
    `${path} could not be read as an Excel workbook (it may be damaged, or not really an .xlsx file): open it in Excel and save it again as .xlsx.`,
    { cause: error },
  );

  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore',
  }) as unknown as ReaderInternals;
  const state = patchReader(reader);
  const parts = reader[Symbol.asyncIterator]() as AsyncGenerator<SheetPart>;
  let spooled: string | undefined;
  const cleanUp = async (): Promise<void> => {
    input.destroy();
    if (spooled) await rm(spooled, { recursive: true, force: true });
  };

  try {
    // Find the sheet: named as asked (exactly, else ignoring case), else the first visible one.
    let target: { name: string; bytes: AsyncIterable<Buffer> } | undefined;
    let wanted: string | undefined;
    for (;;) {
      let next: IteratorResult<SheetPart>;
      try {
        next = await parts.next();
      } catch (error) {
        throw damaged(error);
      }
      if (next.done) break;
      const sheets = worksheetsOf(reader);
      if (wanted === undefined) {
        const found = pickSheet(sheets, sheet);
        if (!found) throw noSuchSheet(path, sheets.map((s) => s.name), sheet);
        wanted = found.name;
      }
      const part = next.value;
      if (sheets.find((s) => s.sheetNo === part.sheetNo)?.name !== wanted) {
        (part.bytes as Partial<Readable>).destroy?.();
        continue;
      }
      if (state.stylesRead) {
        target = { name: wanted, bytes: part.bytes };
        break;
      }
      // Styles come later in this file: keep the sheet on disk until they are read.
      spooled = await mkdtemp(join(tmpdir(), 'clausewise-sheet-'));
      const file = join(spooled, 'sheet.xml');
      await pipeline(Readable.from(part.bytes), createWriteStream(file));
      target = { name: wanted, bytes: createReadStream(file) };
      try {
        // The rest of the file: styles, shared strings (other sheets are skipped).
        for (let rest = await parts.next(); !rest.done; rest = await parts.next()) (rest.value.bytes as Partial<Readable>).destroy?.();
      } catch (error) {
        throw damaged(error);
      }
      break;
    }
    if (!target) throw noSuchSheet(path, worksheetsOf(reader).map((s) => s.name), sheet);

    const context: CellContext = { excelJs1904: reader.properties?.model?.date1904 === true, date1904: state.date1904 ?? reader.properties?.model?.date1904 === true };
    const xmlContext: SheetXmlContext = {
      sharedStrings: state.sharedStrings,
      isDateStyle: (id) => isDateFormatAsExcelJs(reader.styles.getStyleModel(id)?.numFmt),
      toDate: (serial) => excelJsDate(serial, context.excelJs1904),
    };
    const sheetXml = new SheetXml(xmlContext);
    const rowReader = new SheetRowReader();
    const name = target.name;

    async function* pieces(bytes: AsyncIterable<Buffer>): AsyncGenerator<TableRow[]> {
      let batch: TableRow[] = [];
      try {
        for await (const events of parseSax(decoded(bytes))) {
          for (const row of sheetXml.take(events)) {
            const cells = row.values.length ? Array.from(row.values, (v) => rawValue(v ?? null, context)) : [];
            const taken = rowReader.take(row.number, cells);
            if (taken) batch.push(taken);
          }
          if (batch.length >= ROWS_PER_PIECE) {
            yield batch;
            batch = [];
          }
        }
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('internal:')) throw error;
        throw damaged(error);
      }
      if (batch.length) yield batch;
    }

    const iterator = pieces(target.bytes);
    const early: TableRow[][] = [];
    while (!rowReader.header) {
      const next = await iterator.next();
      if (next.done) break;
      early.push(next.value);
    }
    const header = rowReader.header;
    if (!header) throw emptySheet(path, name);
    return {
      head: { source: path, sheet: name, headerRow: header.sourceRow, headers: header.headers, date1904: context.date1904 },
      rows: (async function* () {
        try {
          yield* early.splice(0);
          yield* iterator;
        } finally {
          await cleanUp();
        }
      })(),
      readFraction: () => undefined,
      close: () => void cleanUp(),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** UTF-8 bytes as text, characters split between pieces kept whole. */
async function* decoded(bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const piece of bytes) yield decoder.decode(piece, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The workbook's worksheets in workbook order, with the number of the part holding each. */
function worksheetsOf(reader: ReaderInternals): { name: string; state?: string; sheetNo: number }[] {
  const rels = reader.workbookRels ?? [];
  return (reader.model?.sheets ?? []).flatMap((s) => {
    const target = rels.find((r) => r.Id === s.rId)?.Target.replace(/^\//, '').replace(/^xl\//, '');
    const sheetNo = /^worksheets\/sheet(\d+)\.xml$/.exec(target ?? '')?.[1];
    return sheetNo === undefined ? [] : [{ name: s.name, state: s.state, sheetNo: Number(sheetNo) }];
  });
}

interface PatchState {
  stylesRead: boolean;
  date1904: boolean | undefined;
  sharedStrings: ExcelJS.CellValue[];
}

/**
 * exceljs's reader with its workbook, styles, shared-strings and worksheet steps replaced: the
 * workbook and styles parts are read whole (they are small), corrected, and handed to exceljs's
 * own parsing; shared strings are read as the whole-workbook reader reads them; worksheets are
 * given as their bytes, for sheetXml.ts.
 */
function patchReader(reader: ReaderInternals): PatchState {
  for (const step of ['_parseWorkbook', '_parseStyles', '_parseSharedStrings', '_parseWorksheet'] as const) {
    if (typeof reader[step] !== 'function') throw new Error(`internal: exceljs's WorkbookReader has no ${step}; this version of exceljs is not supported`);
  }
  const state: PatchState = { stylesRead: false, date1904: undefined, sharedStrings: [] };
  const parseWorkbook = reader._parseWorkbook.bind(reader);
  const parseStyles = reader._parseStyles.bind(reader);
  reader._parseWorkbook = async (entry) => {
    const xml = await textOf(entry);
    state.date1904 = workbookDate1904(xml);
    await parseWorkbook(Readable.from([xml]));
  };
  reader._parseStyles = async (entry) => {
    const xml = await textOf(entry);
    await parseStyles(Readable.from([repairNumberFormats(xml) ?? xml]));
    state.stylesRead = true;
  };
  reader._parseSharedStrings = async function* (entry) {
    const strings = new SharedStringsXml();
    for await (const events of parseSax(decoded(entry))) strings.take(events);
    state.sharedStrings = strings.strings;
    reader.sharedStrings = strings.strings;
  };
  reader._parseWorksheet = function* (bytes, sheetNo) {
    yield { eventType: 'worksheet', value: { sheetNo: Number(sheetNo), bytes } satisfies SheetPart };
  };
  return state;
}

async function textOf(entry: AsyncIterable<Buffer | string>): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const piece of entry) text += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
  return text + decoder.decode();
}

/** An OLE file (.xls, or an encrypted .xlsx) or not a zip at all: said before exceljs is asked. */
async function checkSignature(path: string): Promise<void> {
  let handle;
  const bytes = new Uint8Array(8);
  try {
    handle = await open(path, 'r');
    await handle.read(bytes, 0, 8, 0);
  } catch (error) {
    throw fileProblem(error, path);
  } finally {
    await handle?.close();
  }
  if (isOleContainer(bytes)) {
    throw new Error(`${path} is an old-format Excel 97-2003 workbook or is password-protected: open it in Excel and save it as an .xlsx workbook without a password.`);
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new Error(`${path} could not be read as an Excel workbook (it may be damaged, or not really an .xlsx file): open it in Excel and save it again as .xlsx.`);
  }
}
