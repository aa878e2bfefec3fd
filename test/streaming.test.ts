/**
 * Streaming evaluation: the CSV grammar read in pieces, the streaming readers and writers, and
 * `clausewise evaluate` evaluating in bounded chunks (in workers or not) with rows out = rows
 * in, in input order.
 */
import assert from 'node:assert/strict';
import { CsvTableReader, parseCsv, type CsvResult } from '../src/core/csv';

/** parseCsv's answer for `text` pushed to a CsvTableReader in the pieces cut at `cuts`. */
function chunkedCsv(text: string, cuts: readonly number[]): CsvResult {
  const reader = new CsvTableReader('data.csv');
  const rows = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    const step = reader.push(text.slice(from, cut));
    from = cut;
    if (!step.ok) return step;
    rows.push(...step.rows);
  }
  const last = reader.end();
  if (!last.ok) return last;
  const head = reader.head!;
  return { ok: true, table: { source: head.source, headerRow: head.headerRow, headers: head.headers, rows: [...rows, ...last.rows], date1904: head.date1904 } };
}

const TRICKY_CSV: Record<string, string> = {
  'quoted fields with CRLF, doubled quotes and a delimiter inside': 'Name,Note\r\nA,"line one\r\nline ""two""\nthree, four"\r\nB,plain\r\n',
  'lone CR line ends and a last line without one': 'A,B\r1,2\r3,"x\ry"\r4,5',
  'a byte-order mark, blank lines before the header and blank records': '\uFEFF\n  \n,,\nName,Value\nA,1\n\n,,\n"",\nB,2\n',
  'an Excel sep= line with CRLF': 'sep=;\r\nA;B\r\n"1;2";3\r\n',
  'semicolons detected from a quoted header with commas': '"a,b,c";d\r\n1;2\r\n"x;y";"z"\r\n',
  'tabs, with a tab not taken as leading space': 'Name\tValue, in USD\n\t1,200\n"q"\t 2\n',
  'spaces around quotes and text after a closing quote': 'A,B,C\n1, "x,y" ,3\n2,"a"b ,c\n',
  'short and long records': 'A,B,C\n1\n1,2,3,4\n1,2,3,, \n',
  'an unterminated quote': 'Name,Note\nA,ok\nB,x,"never closed\nmore text\n',
  'a header only': 'A,B\r\n',
  'nothing but a byte-order mark and line ends': '\uFEFF\r\n\r\n',
  'a one-column file': 'Name\nA\nB',
};

describe('CSV read in pieces', () => {
  for (const [name, text] of Object.entries(TRICKY_CSV)) {
    it(`equals the whole-text reading for every split of ${name}`, () => {
      const whole = parseCsv(text, 'data.csv');
      for (let a = 0; a <= text.length; a++) {
        assert.deepEqual(chunkedCsv(text, [a]), whole, `one cut at ${a}`);
        for (let b = a; b <= text.length; b++) assert.deepEqual(chunkedCsv(text, [a, b]), whole, `cuts at ${a} and ${b}`);
      }
      assert.deepEqual(chunkedCsv(text, Array.from({ length: text.length }, (_, i) => i)), whole, 'one character at a time');
    });
  }

  it('reads a cell of many lines longer than the re-reading limit, pushed in small pieces', () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `line ${i}, "quoted"`).join('\r\n');
    const text = `A,B\r\n1,"${long.replace(/"/g, '""')}"\r\n2,3\r\n`;
    const cuts = Array.from({ length: Math.floor(text.length / 997) }, (_, i) => (i + 1) * 997);
    const chunked = chunkedCsv(text, cuts);
    assert.deepEqual(chunked, parseCsv(text, 'data.csv'));
    assert.ok(chunked.ok && chunked.table.rows[0]!.cells[1] === long && chunked.table.rows[1]!.sourceRow === 20_002);
  });

  it('gives each row as soon as its line has ended, with its line number', () => {
    const reader = new CsvTableReader('data.csv');
    assert.deepEqual(reader.push('A,B\n1,"x\ny"\n2,'), { ok: true, rows: [{ row: 1, sourceRow: 2, cells: ['1', 'x\ny'] }] });
    assert.deepEqual(reader.head?.headers, ['A', 'B']);
    assert.deepEqual(reader.push('3\r'), { ok: true, rows: [] }); // the CR may be half of a CRLF
    assert.deepEqual(reader.push('\n'), { ok: true, rows: [{ row: 2, sourceRow: 4, cells: ['2', '3'] }] });
    assert.deepEqual(reader.end(), { ok: true, rows: [] });
  });

  it('reports an unterminated quote at the end with the line and column where it opened', () => {
    const reader = new CsvTableReader('data.csv');
    assert.equal(reader.push('A,B\n1,2\n3,"open\n').ok, true);
    assert.deepEqual(reader.end(), { ok: false, problem: 'In data.csv, the quotation mark opened on line 3, column 3 (field 2) is never closed: add the closing " or remove the opening one.' });
  });
});
