/**
 * CSV text to a Table (RFC 4180): quoted fields with "" escapes and embedded line breaks,
 * CRLF, LF or CR line ends, an optional UTF-8 byte-order mark, and a comma, semicolon or tab
 * delimiter detected from the header line. Cells stay raw text; typing happens later.
 */
import type { RawCell, Table, TableHead, TableRow } from './table';

export type CsvResult = { ok: true; table: Table } | { ok: false; problem: string };

/** Rows read from one piece of CSV text, or the problem that stops the file. */
export type CsvStep = { ok: true; rows: TableRow[] } | { ok: false; problem: string };

const DELIMITERS = [',', ';', '\t'] as const;

/** One record as read: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parse CSV `text` read from `source` (the file name shown in messages). The first non-empty
 * line is the header; records whose cells are all empty are skipped. An Excel `sep=;` first
 * line, when present, names the delimiter.
 */
export function parseCsv(text: string, source: string): CsvResult {
  const reader = new CsvTableReader(source);
  const first = reader.push(text);
  if (!first.ok) return first;
  const last = reader.end();
  if (!last.ok) return last;
  const head = reader.head;
  if (!head) throw new Error('internal: a CSV read to its end without a problem has a header');
  const { source: from, headerRow, headers, date1904 } = head;
  return { ok: true, table: { source: from, headerRow, headers, rows: [...first.rows, ...last.rows], date1904 } };
}

/**
 * The same reading as parseCsv for text that arrives in pieces (a file read as a stream):
 * `push` each piece as it comes, then `end`. Rows come out in file order as soon as they are
 * complete, each with the line it starts on; `head` (source, header row, headers) is known
 * from the first row on. Splitting the text anywhere gives the same rows and problems.
 */
export class CsvTableReader {
  private readonly records = new CsvRecordReader();
  private header: TableHead | undefined;
  private rowCount = 0;
  private failed = false;

  constructor(private readonly source: string) {}

  /** The table without its rows, once the header line has been read. */
  get head(): TableHead | undefined {
    return this.header;
  }

  push(text: string): CsvStep {
    return this.rows(this.records.push(text), false);
  }

  end(): CsvStep {
    return this.rows(this.records.end(), true);
  }

  private rows(step: RecordStep, final: boolean): CsvStep {
    if (this.failed) throw new Error('internal: CSV text pushed after a problem');
    if ('problem' in step) {
      this.failed = true;
      return { ok: false, problem: `In ${this.source}, ${step.problem}` };
    }
    const rows: TableRow[] = [];
    for (const record of step.records) {
      if (!record.fields.some((f) => f.trim() !== '')) continue;
      if (!this.header) {
        this.header = { source: this.source, headerRow: record.line, headers: record.fields.map((f) => f.trim()), date1904: false };
        continue;
      }
      rows.push({ row: ++this.rowCount, sourceRow: record.line, cells: toCells(record.fields, this.header.headers.length) });
    }
    if (final && !this.header) {
      this.failed = true;
      return { ok: false, problem: `${this.source} has no header row: its first line should name the columns.` };
    }
    return { ok: true, rows };
  }
}

/** Fields as cells: '' → null, padded with null to the header width; blank extras at the end dropped. */
function toCells(fields: string[], width: number): RawCell[] {
  const cells: RawCell[] = fields.map((f) => (f === '' ? null : f));
  while (cells.length > width && (fields[cells.length - 1] ?? '').trim() === '') cells.pop();
  while (cells.length < width) cells.push(null);
  return cells;
}

/** Characters of an unfinished record beyond which it is read again only once the text has doubled. */
const LONG_RECORD = 1 << 16;

type RecordStep = { records: CsvRecord[] } | { problem: string };

/**
 * Records from CSV text in pieces. Text is kept from the start of the first record not yet
 * complete; a record is complete once its line end is read (and, for a CR, the character after
 * it, which may be the LF of a CRLF). Nothing after a complete record changes how it reads, so
 * the records are those of the whole text however it is split.
 */
class CsvRecordReader {
  private text = '';
  /** The line the kept text starts on. */
  private line = 1;
  private delimiter: string | undefined;
  private bomChecked = false;
  /**
   * Length the kept text must reach before another try, so that one very long record (a
   * cell of many lines) is not read again for every piece: 0 for records of ordinary size.
   */
  private retryAt = 0;

  push(piece: string): RecordStep {
    // The kept text is an unfinished record; it cannot end before a line break (or, after a
    // CR, any character) arrives.
    const mayEnd = this.text === '' || this.text.endsWith('\r') || piece.includes('\n') || piece.includes('\r');
    this.text += piece;
    return this.read(false, mayEnd);
  }

  end(): RecordStep {
    return this.read(true, true);
  }

  private read(final: boolean, mayEnd: boolean): RecordStep {
    if (!this.bomChecked && this.text.length > 0) {
      this.bomChecked = true;
      if (this.text.startsWith('\uFEFF')) this.text = this.text.slice(1);
    }
    if (this.delimiter === undefined) {
      if (!this.readPreamble(final)) return { records: [] };
    } else if (!final && (!mayEnd || this.text.length < this.retryAt)) {
      return { records: [] };
    }
    const parsed = readRecords(this.text, this.line, this.delimiter ?? ',', final);
    if ('problem' in parsed) return parsed;
    this.text = this.text.slice(parsed.consumed);
    this.line = parsed.line;
    this.retryAt = this.text.length > LONG_RECORD ? this.text.length * 2 : 0;
    return { records: parsed.records };
  }

  /** The `sep=` line and the delimiter, once enough text is in to decide them as the whole text would. */
  private readPreamble(final: boolean): boolean {
    // `sep=;` then CRLF is 7 characters: with that many, the line is known.
    if (!final && this.text.length < 7) return false;
    const sep = /^sep=(.)(?:\r\n|\r|\n|$)/i.exec(this.text);
    const start = sep ? sep[0].length : 0;
    const delimiter = sep?.[1] ?? detectDelimiter(this.text, start, final);
    if (delimiter === undefined) return false;
    this.delimiter = delimiter;
    this.text = this.text.slice(start);
    this.line = sep ? 2 : 1;
    return true;
  }
}

/**
 * The delimiter used most often outside quotes on the first line that has any content
 * (comma when there is none, as in a one-column file); undefined when that line has not
 * ended yet and more text may come (`final` false).
 */
function detectDelimiter(text: string, start: number, final: boolean): string | undefined {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let seenContent = false;
  let ended = final;
  for (let i = start; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      inQuotes = !inQuotes;
      seenContent = true;
    } else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (seenContent) {
        ended = true;
        break;
      }
      for (const d of DELIMITERS) counts.set(d, 0); // a line of bare delimiters is not the header
    } else if (!inQuotes && counts.has(ch)) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    } else if (ch.trim() !== '') {
      seenContent = true;
    }
  }
  if (!ended) return undefined;
  // On a tie the rarer character in header text wins: tab, then semicolon, then comma.
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) >= (counts.get(best) ?? 0) && (counts.get(d) ?? 0) > 0) best = d;
  return best;
}

/**
 * Split the text into records, tracking the line each starts on. With `final` false the text
 * may continue: reading stops before the first record whose end is not in the text yet, and
 * `consumed` and `line` say where that record starts.
 */
function readRecords(
  text: string, startLine: number, delimiter: string, final: boolean,
): { records: CsvRecord[]; consumed: number; line: number } | { problem: string } {
  const records: CsvRecord[] = [];
  let line = startLine;
  let lineStart = 0; // index of the first character of the current line
  let i = 0;
  const n = text.length;

  records: while (i < n) {
    const recordStart = i;
    const recordLine = line;
    const record: CsvRecord = { line, fields: [] };
    // One record: fields until an unquoted line end or the end of the text.
    for (;;) {
      // Leading spaces before an opening quote are tolerated (`a, "b,c"`).
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t') && text[j] !== delimiter) j++;
      let field = '';
      if (text[j] === '"') {
        const openLine = line;
        const openColumn = j - lineStart + 1;
        const openField = record.fields.length + 1;
        i = j + 1;
        for (;;) {
          if (i >= n) {
            if (!final) {
              i = recordStart;
              line = recordLine;
              break records;
            }
            return {
              problem: `the quotation mark opened on line ${openLine}, column ${openColumn} (field ${openField}) is never closed: add the closing " or remove the opening one.`,
            };
          }
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\r' || ch === '\n') {
            const width = ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
            field += text.slice(i, i + width);
            i += width;
            line++;
            lineStart = i;
            continue;
          }
          field += ch;
          i++;
        }
        // Anything after the closing quote up to the delimiter is kept as typed.
        const end = nextBreak(text, i, delimiter);
        field += text.slice(i, end).replace(/^[ \t]+$/, '');
        i = end;
      } else {
        const end = nextBreak(text, i, delimiter);
        field = text.slice(i, end);
        i = end;
      }
      record.fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    // At a line end or the end of the text; a CR last may be the first half of a CRLF.
    if (!final && (i >= n || (text[i] === '\r' && i + 1 >= n))) {
      i = recordStart;
      line = recordLine;
      break;
    }
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
    }
    records.push(record);
  }
  return { records, consumed: i, line };
}

/** Index of the next delimiter or line break at or after `from` (or the end of the text). */
function nextBreak(text: string, from: number, delimiter: string): number {
  let k = from;
  while (k < text.length) {
    const ch = text[k];
    if (ch === delimiter || ch === '\n' || ch === '\r') break;
    k++;
  }
  return k;
}
