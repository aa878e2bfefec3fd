import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { coerceCell } from '../src/core/coerce';
import { readTableFile } from '../src/io/readTable';
import { isDateFormat } from '../src/core/numberFormats';
import { readWorkbookTables, repairNumberFormats } from '../src/io/xlsx';

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A workbook with every kind of cell the reader handles, on a sheet whose header is on row 2. */
async function sampleWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Projects');
  ws.getRow(2).values = ['Name', 'Entry date', 'Rate', 'Doubled', 'Product', 'Source', 'Check', 'Value', 'Flag', 'Due'];
  const row3 = ws.getRow(3);
  row3.values = [
    '  Widgets ',
    utc(2025, 9, 16),
    0.149,
    { formula: 'C3*2', result: 0.298 },
    { richText: [{ text: 'Auto ' }, { text: 'parts', font: { bold: true } }] },
    { text: 'USTR notice', hyperlink: 'https://ustr.gov/' },
    { error: '#N/A' },
    2100000,
    true,
    { formula: 'B3+30', result: utc(2025, 10, 16) },
  ];
  row3.getCell(3).numFmt = '0.0%';
  row3.getCell(8).numFmt = '$0.0,,\\M';
  row3.getCell(10).numFmt = 'yyyy-mm-dd';
  // Row 4 only has formatting: not a data row.
  ws.getCell('A4').numFmt = '0.00';
  ws.getCell('B4').value = '   ';
  ws.getRow(5).values = ['Gadgets', 45000, '14.9%', { formula: 'A1', result: undefined } as unknown as ExcelJS.CellValue];
  ws.getCell('K5').value = 'note beyond the header';
  ws.getRow(6).values = ['Merged', 'first'];
  ws.getRow(7).values = ['', 'second'];
  ws.mergeCells('A6:A7');
  const lists = wb.addWorksheet('Lists');
  lists.addRow(['Product kind']);
  lists.addRow(['auto-part']);
  return bytesOf(wb);
}

describe('readWorkbookTables', () => {
  it('lists the sheets and reads the first one by default', async () => {
    const book = await readWorkbookTables(await sampleWorkbook(), 'sample.xlsx');
    assert.deepEqual(book.sheets, ['Projects', 'Lists']);
    assert.equal(book.date1904, false);
    const t = book.read();
    assert.equal(t.source, 'sample.xlsx');
    assert.equal(t.sheet, 'Projects');
    assert.equal(t.headerRow, 2);
    assert.equal(t.date1904, false);
    assert.deepEqual(t.headers, ['Name', 'Entry date', 'Rate', 'Doubled', 'Product', 'Source', 'Check', 'Value', 'Flag', 'Due']);
  });

  it('turns each kind of cell into a raw cell', async () => {
    const t = (await readWorkbookTables(await sampleWorkbook(), 'sample.xlsx')).read('Projects');
    assert.deepEqual(t.rows[0], {
      row: 1,
      sourceRow: 3,
      cells: [
        '  Widgets ', // text as typed
        { date: '2025-09-16' }, // date cell
        0.149, // percent-formatted number: the stored fraction
        0.298, // formula: its saved result
        'Auto parts', // rich text: the runs joined
        'USTR notice', // hyperlink: its text
        { error: '#N/A' }, // error cell
        2100000, // number shown as $2.1M: exceljs calls it a date, it is not
        true,
        { date: '2025-10-16' }, // formula with a date result
      ],
    });
  });

  it('skips empty rows, numbers rows from the header, pads and keeps extra cells', async () => {
    const t = (await readWorkbookTables(await sampleWorkbook(), 'sample.xlsx')).read();
    assert.deepEqual(t.rows.map((r) => [r.row, r.sourceRow]), [[1, 3], [2, 5], [3, 6], [4, 7]]);
    assert.deepEqual(t.rows[1]?.cells, ['Gadgets', 45000, '14.9%', null, null, null, null, null, null, null, 'note beyond the header']);
  });

  it('leaves the covered cells of a merged range empty, as Excel does', async () => {
    const t = (await readWorkbookTables(await sampleWorkbook(), 'sample.xlsx')).read();
    assert.deepEqual(t.rows[2]?.cells.slice(0, 2), ['Merged', 'first']);
    assert.deepEqual(t.rows[3]?.cells.slice(0, 2), [null, 'second']);
  });

  it('reads another sheet by name, ignoring case when there is no exact match', async () => {
    const book = await readWorkbookTables(await sampleWorkbook(), 'sample.xlsx');
    const lists = book.read('lists');
    assert.equal(lists.sheet, 'Lists');
    assert.deepEqual(lists.headers, ['Product kind']);
    assert.deepEqual(lists.rows, [{ row: 1, sourceRow: 2, cells: ['auto-part'] }]);
  });

  it('names the available sheets when asked for one that does not exist', async () => {
    const book = await readWorkbookTables(await sampleWorkbook(), 'sample.xlsx');
    assert.throws(() => book.read('Projets'), {
      message: 'sample.xlsx has no sheet named "Projets": its sheets are "Projects", "Lists".',
    });
  });

  it('reads the first visible sheet by default', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('Lookup');
    hidden.state = 'hidden';
    hidden.addRow(['Code']);
    wb.addWorksheet('Data').addRow(['Name']);
    const t = (await readWorkbookTables(await bytesOf(wb), 'h.xlsx')).read();
    assert.equal(t.sheet, 'Data');
  });

  it('says so when a sheet is empty', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Blank');
    const book = await readWorkbookTables(await bytesOf(wb), 'blank.xlsx');
    assert.throws(() => book.read(), {
      message: 'The sheet "Blank" in blank.xlsx is empty: put the column headers in its first row and one item per row below.',
    });
  });

  it('accepts an ArrayBuffer as well as a Uint8Array', async () => {
    const bytes = await sampleWorkbook();
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const book = await readWorkbookTables(buffer, 'sample.xlsx');
    assert.deepEqual(book.sheets, ['Projects', 'Lists']);
  });

  describe('dates', () => {
    async function datesWorkbook(date1904: boolean): Promise<Uint8Array> {
      const wb = new ExcelJS.Workbook();
      wb.properties.date1904 = date1904;
      const ws = wb.addWorksheet('Dates');
      ws.addRow(['Date cell', 'Serial', 'Formatted serial']);
      ws.addRow([utc(2025, 9, 16), 44454, 44454]);
      ws.getCell('C2').numFmt = 'd-mmm-yyyy';
      return bytesOf(wb);
    }

    it('reads a 1904 workbook: date cells keep their civil date, serials count from 1904', async () => {
      const book = await readWorkbookTables(await datesWorkbook(true), 'mac.xlsx');
      assert.equal(book.date1904, true);
      const t = book.read();
      assert.equal(t.date1904, true);
      // 44454 days after 1904-01-01 is 2025-09-16.
      assert.deepEqual(t.rows[0]?.cells, [{ date: '2025-09-16' }, 44454, { date: '2025-09-16' }]);
      const serial = coerceCell(t.rows[0]?.cells[1] ?? null, { name: 'd', header: 'D', type: 'date' }, t);
      assert.deepEqual(serial, { ok: true, value: '2025-09-16' });
    });

    it('reads the same serial in a 1900 workbook as a date four years and a day later', async () => {
      const t = (await readWorkbookTables(await datesWorkbook(false), 'win.xlsx')).read();
      assert.equal(t.date1904, false);
      assert.deepEqual(t.rows[0]?.cells, [{ date: '2025-09-16' }, 44454, { date: '2021-09-15' }]);
    });

    it('recognises date1904="true" (LibreOffice), which exceljs reads as the 1900 system', async () => {
      const zip = await JSZip.loadAsync(await datesWorkbook(true));
      const xml = await zip.file('xl/workbook.xml')?.async('string') ?? '';
      assert.match(xml, /date1904="1"/);
      zip.file('xl/workbook.xml', xml.replace('date1904="1"', 'date1904="true"'));
      const bytes = await zip.generateAsync({ type: 'uint8array' });

      // What exceljs alone makes of it (documents why the reader checks the XML itself):
      const plain = new ExcelJS.Workbook();
      await plain.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof plain.xlsx.load>[0]);
      assert.equal(plain.properties.date1904, false);
      assert.deepEqual(plain.worksheets[0]?.getCell('A2').value, utc(2021, 9, 15));

      const book = await readWorkbookTables(bytes, 'libreoffice.xlsx');
      assert.equal(book.date1904, true);
      assert.deepEqual(book.read().rows[0]?.cells, [{ date: '2025-09-16' }, 44454, { date: '2025-09-16' }]);
    });

    it('gets the first two months of 1900 right and leaves the phantom 1900-02-29 a number', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Early');
      ws.addRow(['A', 'B', 'C', 'D']);
      ws.addRow([1, 59, 60, 61]);
      for (const c of [1, 2, 3, 4]) ws.getRow(2).getCell(c).numFmt = 'yyyy-mm-dd';
      const t = (await readWorkbookTables(await bytesOf(wb), 'early.xlsx')).read();
      assert.deepEqual(t.rows[0]?.cells, [{ date: '1900-01-01' }, { date: '1900-02-28' }, 60, { date: '1900-03-01' }]);
    });

    it('keeps numbers whose format only looks like a date to exceljs', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Formats');
      ws.addRow(['Millions', 'Basis points', 'Quoted', 'Time', 'Custom date']);
      ws.addRow([2123456789, 25, 33000000000, 0.5, 45916]);
      const formats = ['$#,##0.0,,\\M', '0\\ \\b\\p', '0.0,,,"bn"', 'h:mm', '[$-409]d mmmm yyyy;@'];
      formats.forEach((f, i) => { ws.getRow(2).getCell(i + 1).numFmt = f; });
      const t = (await readWorkbookTables(await bytesOf(wb), 'formats.xlsx')).read();
      // A time of day alone is no date: it stays the fraction of a day.
      assert.deepEqual(t.rows[0]?.cells, [2123456789, 25, 33000000000, 0.5, { date: '2025-09-16' }]);
    });

    it('reads dates in formats exceljs misses: upper-case codes and East Asian built-in ids', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Asia');
      ws.addRow(['Japanese built-in', 'Upper case']);
      ws.addRow([45916, 45916]);
      ws.getCell('A2').numFmt = 'yyyy-mm-dd';
      ws.getCell('B2').numFmt = 'DD/YYYY';
      const zip = await JSZip.loadAsync(await bytesOf(wb));
      const styles = await zip.file('xl/styles.xml')?.async('string') ?? '';
      // Make A2 use built-in format 57 (yyyy"年"m"月" in Japanese Excel), defined nowhere in the file.
      const japanese = styles
        .replace(/<numFmt numFmtId="164" formatCode="yyyy-mm-dd"\/>/, '')
        .replace(/(<cellXfs\b[\s\S]*?)numFmtId="164"/, '$1numFmtId="57"');
      assert.notEqual(japanese, styles);
      zip.file('xl/styles.xml', japanese);
      const bytes = await zip.generateAsync({ type: 'uint8array' });

      const plain = new ExcelJS.Workbook();
      await plain.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof plain.xlsx.load>[0]);
      assert.deepEqual((plain.worksheets[0]?.getRow(2).values as ExcelJS.CellValue[]).slice(1), [45916, 45916]);

      const t = (await readWorkbookTables(bytes, 'asia.xlsx')).read();
      assert.deepEqual(t.rows[0]?.cells, [{ date: '2025-09-16' }, { date: '2025-09-16' }]);
    });

    it('repairs only the number formats exceljs misjudges', () => {
      const head = '<styleSheet xmlns="x">';
      const xfs = '<cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>';
      const fine = `${head}<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>${xfs}`;
      assert.equal(repairNumberFormats(fine), undefined);
      assert.equal(
        repairNumberFormats(`${head}<numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;$&quot;#,##0.0,,\\M"/></numFmts>${xfs}`),
        `${head}<numFmts count="1"><numFmt numFmtId="164" formatCode="General"/></numFmts>${xfs}`,
      );
      assert.equal(
        repairNumberFormats(`${head}<cellXfs count="1"><xf numFmtId="31"/></cellXfs></styleSheet>`),
        `${head}<numFmts><numFmt numFmtId="31" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="1"><xf numFmtId="31"/></cellXfs></styleSheet>`,
      );
      assert.equal(
        repairNumberFormats(`${head}<numFmts count="0"></numFmts><cellXfs><xf numFmtId="58"/></cellXfs></styleSheet>`),
        `${head}<numFmts count="0"><numFmt numFmtId="58" formatCode="yyyy-mm-dd"/></numFmts><cellXfs><xf numFmtId="58"/></cellXfs></styleSheet>`,
      );
    });

    it('tells date formats from number formats', () => {
      for (const f of ['yyyy-mm-dd', 'd-mmm-yy', 'mm/dd/yyyy', '[$-411]ggge"年"m"月"d"日"', 'h:mm AM/PM', 'yyyy"年"m"月"d"日"']) {
        assert.equal(isDateFormat(f), true, f);
      }
      for (const f of ['General', '0.0%', '#,##0.00', '$#,##0.0,,\\M', '0\\ \\b\\p', '0.00E+00', '0.0,,"M"', '_(* #,##0_);_(* (#,##0)', '@']) {
        assert.equal(isDateFormat(f), false, f);
      }
    });
  });

  it('explains files that are not .xlsx workbooks', async () => {
    await assert.rejects(readWorkbookTables(new TextEncoder().encode('Name,Rate\n'), 'fake.xlsx'), {
      message: 'fake.xlsx could not be read as an Excel workbook (it may be damaged, or not really an .xlsx file): open it in Excel and save it again as .xlsx.',
    });
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await assert.rejects(readWorkbookTables(ole, 'old.xlsx'), /old\.xlsx is an old-format Excel 97-2003 workbook or is password-protected/);
  });
});

describe('readTableFile', () => {
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'clausewise-io-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads a CSV file', async () => {
    const path = join(dir, 'projects.csv');
    await writeFile(path, '\uFEFFName;Rate\r\nWidgets;2,5%\r\n', 'utf8');
    const t = await readTableFile(path);
    assert.equal(t.source, path);
    assert.deepEqual(t.headers, ['Name', 'Rate']);
    assert.deepEqual(t.rows, [{ row: 1, sourceRow: 2, cells: ['Widgets', '2,5%'] }]);
  });

  it('reads a UTF-16 text file with a byte-order mark (Excel "Unicode Text")', async () => {
    const path = join(dir, 'unicode.txt');
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tCountry\nA\t日本\n', 'utf16le')]));
    const t = await readTableFile(path);
    assert.deepEqual(t.rows[0]?.cells, ['A', '日本']);
  });

  it('refuses CSV text that is not UTF-8', async () => {
    const path = join(dir, 'shift-jis.csv');
    await writeFile(path, Buffer.from([0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x93, 0xfa, 0x96, 0x7b, 0x0a])); // Name / 日本 in Shift_JIS
    await assert.rejects(readTableFile(path), {
      message: `${path} is not saved as UTF-8 text: in Excel use Save As and choose "CSV UTF-8 (Comma delimited) (*.csv)".`,
    });
  });

  it('reports a CSV problem as an error', async () => {
    const path = join(dir, 'broken.csv');
    await writeFile(path, 'A,B\n1,"open\n');
    await assert.rejects(readTableFile(path), { message: `In ${path}, the quotation mark opened on line 2, column 3 (field 2) is never closed: add the closing " or remove the opening one.` });
  });

  it('reads a workbook, by sheet name or its first sheet', async () => {
    const path = join(dir, 'projects.xlsx');
    await writeFile(path, await sampleWorkbook());
    const first = await readTableFile(path);
    assert.equal(first.sheet, 'Projects');
    assert.equal(first.rows[0]?.cells[1] && typeof first.rows[0].cells[1] === 'object' && 'date' in first.rows[0].cells[1]
      ? first.rows[0].cells[1].date : undefined, '2025-09-16');
    const lists = await readTableFile(path, 'Lists');
    assert.deepEqual(lists.rows[0]?.cells, ['auto-part']);
    await assert.rejects(readTableFile(path, 'Nope'), {
      message: `${path} has no sheet named "Nope": its sheets are "Projects", "Lists".`,
    });
  });

  it('tells the user to save .xls and other formats as .xlsx or .csv', async () => {
    const path = join(dir, 'old.xls');
    await writeFile(path, 'whatever');
    await assert.rejects(readTableFile(path), {
      message: `${path} is an old-format Excel 97-2003 workbook (.xls), which Clausewise cannot read: save it as an Excel workbook (.xlsx) or as CSV UTF-8 (.csv).`,
    });
    await assert.rejects(readTableFile(join(dir, 'data.ods')), /data\.ods is a \.ods file, which Clausewise cannot read: save it as an Excel workbook \(\.xlsx\) or as CSV UTF-8 \(\.csv\)\./);
  });

  it('names the path of a missing file', async () => {
    const path = join(dir, 'missing.csv');
    await assert.rejects(readTableFile(path), { message: `There is no file at ${path}: check the name and the folder.` });
  });

  it('refuses a sheet name for a CSV file', async () => {
    const path = join(dir, 'projects.csv');
    await assert.rejects(readTableFile(path, 'Sheet1'), {
      message: `${path} is a CSV file, which has no sheets: leave out the sheet name "Sheet1".`,
    });
  });
});
