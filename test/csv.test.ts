import assert from 'node:assert/strict';
import { parseCsv } from '../src/core/csv';
import type { Table } from '../src/core/table';

function table(text: string): Table {
  const result = parseCsv(text, 'data.csv');
  if (!result.ok) assert.fail(result.problem);
  return result.table;
}

function problem(text: string): string {
  const result = parseCsv(text, 'data.csv');
  if (result.ok) assert.fail('expected a problem');
  return result.problem;
}

describe('parseCsv', () => {
  it('reads a header and rows of raw text, empty fields as null', () => {
    const t = table('Name,Rate,Value\nWidgets,2.5%,"1,200"\nGadgets,,7\n');
    assert.equal(t.sheet, undefined);
    assert.deepEqual(t, {
      source: 'data.csv',
      headerRow: 1,
      headers: ['Name', 'Rate', 'Value'],
      rows: [
        { row: 1, sourceRow: 2, cells: ['Widgets', '2.5%', '1,200'] },
        { row: 2, sourceRow: 3, cells: ['Gadgets', null, '7'] },
      ],
      date1904: false,
    });
  });

  it('unescapes doubled quotes and keeps commas inside quotes', () => {
    const t = table('A,B\n"He said ""hi""","x, y"\n');
    assert.deepEqual(t.rows[0]?.cells, ['He said "hi"', 'x, y']);
  });

  it('keeps line breaks inside quotes and numbers the following records by their first line', () => {
    const t = table('Name,Note\r\nA,"line one\r\nline two\nline three"\r\nB,plain\r\n');
    assert.deepEqual(t.rows.map((r) => [r.row, r.sourceRow, r.cells]), [
      [1, 2, ['A', 'line one\r\nline two\nline three']],
      [2, 5, ['B', 'plain']],
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends, and a last line without one', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const t = table(`A,B${eol}1,2${eol}3,4`);
      assert.deepEqual(t.rows.map((r) => [r.sourceRow, r.cells]), [[2, ['1', '2']], [3, ['3', '4']]], JSON.stringify(eol));
    }
  });

  it('strips a UTF-8 byte-order mark', () => {
    const t = table('\uFEFFName,Rate\nA,1\n');
    assert.deepEqual(t.headers, ['Name', 'Rate']);
  });

  it('detects semicolon and tab delimiters from the header line', () => {
    const semi = table('Name;Value\n"A;B";1,5\n');
    assert.deepEqual(semi.headers, ['Name', 'Value']);
    assert.deepEqual(semi.rows[0]?.cells, ['A;B', '1,5']);

    const tab = table('Name\tValue, in USD\nA\t1,200\n');
    assert.deepEqual(tab.headers, ['Name', 'Value, in USD']);
    assert.deepEqual(tab.rows[0]?.cells, ['A', '1,200']);

    const tie = table('Name;Value, in USD\nA;1\n');
    assert.deepEqual(tie.headers, ['Name', 'Value, in USD']);
  });

  it('ignores delimiters inside quoted headers when detecting', () => {
    const t = table('"a,b,c";d\n1;2\n');
    assert.deepEqual(t.headers, ['a,b,c', 'd']);
  });

  it('honours an Excel sep= line', () => {
    const t = table('sep=;\nA;B\n1;2\n');
    assert.equal(t.headerRow, 2);
    assert.deepEqual(t.rows[0], { row: 1, sourceRow: 3, cells: ['1', '2'] });
  });

  it('reads a single-column file', () => {
    const t = table('Name\nA\nB\n');
    assert.deepEqual(t.rows.map((r) => r.cells), [['A'], ['B']]);
  });

  it('takes the first non-empty line as the header and skips empty records', () => {
    const t = table('\n  \n,,\nName,Value\nA,1\n\n,,\n"",\nB,2\n');
    assert.equal(t.headerRow, 4);
    assert.deepEqual(t.headers, ['Name', 'Value']);
    assert.deepEqual(t.rows.map((r) => [r.row, r.sourceRow, r.cells]), [
      [1, 5, ['A', '1']],
      [2, 9, ['B', '2']],
    ]);
  });

  it('trims header cells but leaves data cells as typed', () => {
    const t = table(' Name , Value \n A , 1 \n');
    assert.deepEqual(t.headers, ['Name', 'Value']);
    assert.deepEqual(t.rows[0]?.cells, [' A ', ' 1 ']);
  });

  it('pads short records with null and keeps extra fields', () => {
    const t = table('A,B,C\n1\n1,2,3,4\n1,2,3,, \n');
    assert.deepEqual(t.rows.map((r) => r.cells), [
      ['1', null, null],
      ['1', '2', '3', '4'],
      ['1', '2', '3'],
    ]);
  });

  it('tolerates spaces before an opening quote and after a closing one', () => {
    const t = table('A,B,C\n1, "x,y" ,3\n');
    assert.deepEqual(t.rows[0]?.cells, ['1', 'x,y', '3']);
  });

  it('keeps a quote in the middle of an unquoted field as typed', () => {
    const t = table('A,B\n5" pipe,2\n');
    assert.deepEqual(t.rows[0]?.cells, ['5" pipe', '2']);
  });

  it('reports an unterminated quote with the line and column where it opened', () => {
    assert.equal(
      problem('Name,Note\nA,ok\nB,x,"never closed\nmore text\n'),
      'In data.csv, the quotation mark opened on line 3, column 5 (field 3) is never closed: add the closing " or remove the opening one.',
    );
  });

  it('reports a file with no header', () => {
    assert.equal(problem(''), 'data.csv has no header row: its first line should name the columns.');
    assert.equal(problem('\uFEFF\n\n'), 'data.csv has no header row: its first line should name the columns.');
  });

  it('returns a table with no rows for a header-only file', () => {
    const t = table('A,B\n');
    assert.deepEqual(t.rows, []);
    assert.deepEqual(t.headers, ['A', 'B']);
  });
});
