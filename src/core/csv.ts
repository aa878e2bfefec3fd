/**
 * CSV text to a Table (RFC 4180): quoted fields with "" escapes and embedded line breaks,
 * CRLF, LF or CR line ends, an optional UTF-8 byte-order mark, and a comma, semicolon or tab
 * delimiter detected from the header line. Cells stay raw text; typing happens later.
 */
import type { RawCell, Table, TableRow } from './table';

export type CsvResult = { ok: true; table: Table } | { ok: false; problem: string };

const DELIMITERS = [',', ';', '\t'] as const;

/** One record as read: its fields and the 1-based line it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parse CSV `text` read from `source` (the file name shown in messages). The first non-empty
 * line is the header; records whose cells are all empty are skipped. An Excel `sep=;` first
 * line, when present, names the delimiter.
 */
export function parseCsv(text: string, source: string): CsvResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const sep = /^sep=(.)(?:\r\n|\r|\n|$)/i.exec(body);
  const start = sep ? sep[0].length : 0;
  const startLine = sep ? 2 : 1;
  const delimiter = sep?.[1] ?? detectDelimiter(body, start);
  const parsed = readRecords(body, start, startLine, delimiter);
  if ('problem' in parsed) return { ok: false, problem: `In ${source}, ${parsed.problem}` };

  const records = parsed.records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [header, ...data] = records;
  if (!header) return { ok: false, problem: `${source} has no header row: its first line should name the columns.` };

  const width = header.fields.length;
  const rows: TableRow[] = data.map((record, i) => ({
    row: i + 1,
    sourceRow: record.line,
    cells: toCells(record.fields, width),
  }));
  return {
    ok: true,
    table: {
      source,
      headerRow: header.line,
      headers: header.fields.map((f) => f.trim()),
      rows,
      date1904: false,
    },
  };
}

/** Fields as cells: '' → null, padded with null to the header width; blank extras at the end dropped. */
function toCells(fields: string[], width: number): RawCell[] {
  const cells: RawCell[] = fields.map((f) => (f === '' ? null : f));
  while (cells.length > width && (fields[cells.length - 1] ?? '').trim() === '') cells.pop();
  while (cells.length < width) cells.push(null);
  return cells;
}

/**
 * The delimiter used most often outside quotes on the first line that has any content
 * (comma when there is none, as in a one-column file).
 */
function detectDelimiter(text: string, start: number): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let seenContent = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '"') {
      inQuotes = !inQuotes;
      seenContent = true;
    } else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (seenContent) break;
      for (const d of DELIMITERS) counts.set(d, 0); // a line of bare delimiters is not the header
    } else if (!inQuotes && counts.has(ch)) {
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    } else if (ch.trim() !== '') {
      seenContent = true;
    }
  }
  // On a tie the rarer character in header text wins: tab, then semicolon, then comma.
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) >= (counts.get(best) ?? 0) && (counts.get(d) ?? 0) > 0) best = d;
  return best;
}

/** Split the text into records, tracking the line each starts on. */
function readRecords(
  text: string, start: number, startLine: number, delimiter: string,
): { records: CsvRecord[] } | { problem: string } {
  const records: CsvRecord[] = [];
  let line = startLine;
  let lineStart = start; // index of the first character of the current line
  let i = start;
  const n = text.length;

  while (i < n) {
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
    // At a line end or the end of the text.
    if (i < n) {
      i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
    }
    records.push(record);
  }
  return { records };
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
