/**
 * The Office.js adapters (src/excel) against the Excel stand-in (test/support/excelStandIn.ts),
 * which applies queued commands only on sync, refuses property reads before load + sync, enforces
 * the 5 MB and 5,000,000-cell limits and records every sync. Evaluations use the real rulebook.
 */
import assert from 'node:assert/strict';
import { toSpreadsheetSerial } from '../src/core/dates';
import { Evaluator, type RowResult } from '../src/core/engine/evaluator';
import type { SubjectMatch } from '../src/core/match';
import { resultColumns } from '../src/core/resultGrid';
import { loadRulebook } from '../src/core/rulebook/load';
import type { Rulebook, Subject } from '../src/core/rulebook/model';
import type { Table } from '../src/core/table';
import { a1, describeCells, parseA1, subtract } from '../src/excel/a1';
import { excelText, excelValue, rawCellFromExcel } from '../src/excel/cells';
import { isDateFormat } from '../src/core/numberFormats';
import {
  batchRuns, DEFAULT_PAYLOAD_BUDGET_BYTES, estimateJsonBytes, EXCEL_PAYLOAD_LIMIT_BYTES, planReadChunks, planWriteChunks, readRowsPerChunk, runsOf,
} from '../src/excel/chunks';
import { attachLiveWhatIf, classifyChange, LatestWinsQueue, LiveWhatIf, liveTableOf, type LiveTable, type Timers } from '../src/excel/liveWhatIf';
import {
  clearMapping, loadMapping, loadRulebookChoice, mappingKey, parseRulebookXml, rulebookXml, saveMapping, saveRulebookChoice, SETTINGS_NAMESPACE,
} from '../src/excel/mappingStore';
import { RESULTS_NAME } from '../src/excel/ownership';
import { readRows, readTableFromSheet, type TableAddress } from '../src/excel/readTable';
import { planResultBlock, resultGrid, STATUS_FILLS, writeResults, writeRows, type ResultBlock } from '../src/excel/writeResults';
import { ExcelStandIn, type CellValue } from './support/excelStandIn';
import { FOLDER, realRulebookFiles } from './support/fixtures';

const serial = (iso: string): number => toSpreadsheetSerial(iso);
const dateCell = (iso: string, format = 'm/d/yyyy'): { value: number; format: string } => ({ value: serial(iso), format });
const PROJECT_HEADERS = ['Project', 'Stage', 'Selection notice date', 'Funded date'];
const AS_OF = '2026-06-30';

let rulebook: Rulebook;
let evaluator: Evaluator;
let project: Subject;

before(async () => {
  const loaded = await loadRulebook(FOLDER, realRulebookFiles());
  assert.ok(loaded.rulebook, 'the bundled rulebook loads');
  rulebook = loaded.rulebook;
  const prepared = Evaluator.prepare(rulebook);
  if (!prepared.ok) assert.fail(prepared.problems.join('; '));
  evaluator = prepared.evaluator;
  project = rulebook.subjects.get('project')!;
});

/** Syncs made by `body`, and what it returned. */
async function counting<T>(standIn: ExcelStandIn, body: () => Promise<T>): Promise<{ result: T; syncs: typeof standIn.syncs }> {
  const before = standIn.syncs.length;
  const result = await body();
  return { result, syncs: standIn.syncs.slice(before) };
}

/** A Projects sheet: headers in row 1, one project per row (notice 2026-02-17; funded dates as given). */
function projectsSheet(funded: (string | null)[], options: { sheet?: string } = {}): ExcelStandIn {
  const sheet = options.sheet ?? 'Projects';
  const standIn = new ExcelStandIn({ workbookName: 'Deals.xlsx', sheets: [sheet, 'Notes'] });
  standIn.setCells(sheet, 'A1', [
    PROJECT_HEADERS,
    ...funded.map((f, i) => [`Project ${i + 1}`, 'selected', dateCell('2026-02-17'), f === null ? null : dateCell(f)]),
  ]);
  return standIn;
}

async function readOk(standIn: ExcelStandIn, options: Parameters<typeof readTableFromSheet>[1] = {}): Promise<{ table: Table; address: TableAddress }> {
  const read = await standIn.run((ctx) => readTableFromSheet(ctx, options));
  if (!read.ok) assert.fail(read.problem);
  return read;
}

function matchOf(table: Table): SubjectMatch {
  const m = evaluator.match(table);
  if (!m.ok) assert.fail(m.problem);
  return m.match;
}

async function evaluateAll(table: Table): Promise<RowResult[]> {
  return evaluator.evaluateTable(table, matchOf(table), AS_OF);
}

async function writeOk(standIn: ExcelStandIn, table: Table, address: TableAddress, results: readonly RowResult[]): Promise<ResultBlock> {
  const out = await standIn.run((ctx) => writeResults(ctx, { table, address, subject: project, results }));
  if (!out.ok) assert.fail(out.problem);
  return out.block;
}

/** A made-up result (for large tables): every output filled, one long finding. */
function fakeResult(i: number, findingLength = 300): RowResult {
  // Each contract status with a project word standing for it (subjects.json).
  const statuses = [['compliant', 'funded'], ['pending', 'awaiting-funding'], ['breach', 'overdue'], ['not-applicable', 'not-selected'], ['invalid', 'invalid']] as const;
  const [status, subjectStatus] = statuses[i % 5]!;
  return {
    row: i + 1, key: `Project ${i + 1}`, subject: 'project', status, subjectStatus,
    outputs: {
      fundingDeadline: '2026-04-21', earliestFundingDate: null, businessDaysRemaining: i % 45, daysLate: null,
      reinstatementTriggered: false, reinstatementRight: 'not-triggered', usCashFlowShare: 0.5, usCashFlowToDate: 1_000_000 + i, japanCashFlowToDate: 1_000_000,
    },
    findings: [{ rule: 'I3.awaiting-funding', clause: 'MOU Funding of selected projects', outcome: 'pending', subjectStatus: 'awaiting-funding', message: `Row ${i}: ${'x'.repeat(findingLength)}` }],
    errors: [],
  };
}

// ---------------------------------------------------------------------------------------------

describe('Excel adapters: the stand-in behaves like Excel', () => {
  it('refuses property reads before load and sync, and applies writes only on sync', async () => {
    const standIn = projectsSheet([null]);
    const ctx = standIn.context();
    const range = ctx.workbook.worksheets.getItem('Projects').getRange('A1:B2');
    assert.throws(() => range.values, /PropertyNotLoaded/);
    range.load('values');
    assert.throws(() => range.values, /PropertyNotLoaded/, 'loaded only once synced');
    await ctx.sync();
    assert.deepEqual(range.values, [['Project', 'Stage'], ['Project 1', 'selected']]);

    const target = ctx.workbook.worksheets.getItem('Projects').getRange('F1');
    target.values = [['new']];
    assert.equal(standIn.value('Projects', 'F1'), '', 'not written before sync');
    await ctx.sync();
    assert.equal(standIn.value('Projects', 'F1'), 'new');

    const missing = ctx.workbook.worksheets.getItemOrNullObject('Nope');
    assert.throws(() => missing.isNullObject, /PropertyNotLoaded/);
    await ctx.sync();
    assert.equal(missing.isNullObject, true);
    ctx.workbook.worksheets.getItem('Nope').load('name');
    await assert.rejects(ctx.sync(), /ItemNotFound/);
  });

  it('resolves ranges as Excel does: by indexes, resized, offset, one cell, the used range', async () => {
    const standIn = projectsSheet([null, null]);
    standIn.setFormat('Notes', 'C3', '0%');
    const ctx = standIn.context();
    const sheet = ctx.workbook.worksheets.getItem('Projects');
    const base = sheet.getRangeByIndexes(1, 0, 2, 2);
    const ranges = [base, base.getResizedRange(1, 2), base.getOffsetRange(1, 1), base.getCell(1, 1), sheet.getUsedRange(true), ctx.workbook.worksheets.getItem('Notes').getUsedRange(false)];
    for (const r of ranges) r.load('address');
    const usedValues = ctx.workbook.worksheets.getItem('Notes').getUsedRangeOrNullObject(true);
    await ctx.sync();
    assert.deepEqual(ranges.map((r) => r.address), ['Projects!A2:B3', 'Projects!A2:D4', 'Projects!B3:C4', 'Projects!B3', 'Projects!A1:D3', 'Notes!C3']);
    assert.equal(usedValues.isNullObject, true, 'formatting alone is not a value');
  });

  it('takes values as typed (apostrophe keeps text) and rejects a request over 5 MB', async () => {
    const standIn = projectsSheet([]);
    await standIn.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Notes').getRange('A1:F1').values = [['=1+1', "'=1+1", '2026-01-05', '15%', 'TRUE', "'0101.21"]];
      await ctx.sync();
    });
    assert.equal(standIn.cell('Notes', 'A1')?.formula, '=1+1');
    assert.equal(standIn.value('Notes', 'B1'), '=1+1');
    assert.deepEqual(standIn.cell('Notes', 'C1'), { value: serial('2026-01-05'), format: 'yyyy-mm-dd' });
    assert.equal(standIn.value('Notes', 'D1'), 0.15);
    assert.equal(standIn.value('Notes', 'E1'), true);
    assert.equal(standIn.value('Notes', 'F1'), '0101.21');

    const big = Array.from({ length: 6000 }, () => ['y'.repeat(1000)]);
    await assert.rejects(standIn.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Notes').getRange('A1:A6000').values = big;
      await ctx.sync();
    }), /RequestPayloadSizeLimitExceeded/);
    assert.equal(standIn.value('Notes', 'A2'), '', 'nothing of a refused request is applied');
  });
});

describe('Excel adapters: chunk plans (pure)', () => {
  it('reads in equal chunks sized from the column count, capped in cells', () => {
    assert.equal(readRowsPerChunk(4), Math.floor(DEFAULT_PAYLOAD_BUDGET_BYTES / (4 * 200)));
    assert.equal(readRowsPerChunk(1, { bytesPerCell: 1 }), 1_000_000, 'capped at a million cells per read');
    const plan = planReadChunks(20_001, 4);
    assert.deepEqual(plan.map((c) => c.rowCount), [5242, 5242, 5242, 4275]);
    assert.deepEqual(plan.map((c) => c.rowOffset), [0, 5242, 10484, 15726]);
    assert.deepEqual(planReadChunks(0, 4), []);
  });

  it('never underestimates a value in JSON, and sizes write chunks from the values', () => {
    for (const v of ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab\u0001', 'é€😀 日本', 12.5, -3e-7, true, false, null]) {
      const utf8 = Buffer.byteLength(JSON.stringify(v), 'utf8');
      assert.ok(estimateJsonBytes(v) >= utf8, `${JSON.stringify(v)}: ${estimateJsonBytes(v)} < ${utf8}`);
    }
    const rows = Array.from({ length: 1000 }, (_, i) => [i, 'z'.repeat(10_000)]);
    const plan = planWriteChunks(rows);
    assert.ok(plan.length >= 3);
    assert.equal(plan.reduce((n, c) => n + c.rowCount, 0), 1000);
    for (const c of plan) assert.ok(JSON.stringify(rows.slice(c.rowOffset, c.rowOffset + c.rowCount)).length <= DEFAULT_PAYLOAD_BUDGET_BYTES);
  });

  it('groups rows into runs and runs into batches under a budget', () => {
    assert.deepEqual(runsOf([9, 3, 4, 5, 4, 12]), [{ start: 3, count: 3 }, { start: 9, count: 1 }, { start: 12, count: 1 }]);
    assert.deepEqual(batchRuns(runsOf([1, 2, 3, 7]), () => 10, 25), [[{ start: 1, count: 2 }], [{ start: 3, count: 1 }, { start: 7, count: 1 }]]);
  });

  it('addresses: parse, describe cells, subtract', () => {
    assert.deepEqual(parseA1("'My ''x'' sheet'!$H$2:$H$9"), { row: 1, column: 7, rowCount: 8, columnCount: 1, sheet: "My 'x' sheet" });
    assert.deepEqual(parseA1('3:5'), { row: 2, column: 0, rowCount: 3, columnCount: 16_384 });
    assert.equal(parseA1('#REF!'), undefined);
    const cells = [{ row: 1, column: 7 }, { row: 2, column: 7 }, { row: 1, column: 8 }, { row: 2, column: 8 }, { row: 5, column: 7 }];
    assert.deepEqual(describeCells(cells).map(a1), ['H2:I3', 'H6']);
    assert.deepEqual(subtract({ row: 0, column: 0, rowCount: 5, columnCount: 3 }, { row: 0, column: 0, rowCount: 3, columnCount: 3 }), [{ row: 3, column: 0, rowCount: 2, columnCount: 3 }]);
  });
});

describe('Excel adapters: cells', () => {
  it('tells date formats from number formats (the rule the .xlsx reader shares)', () => {
    for (const f of ['m/d/yyyy', 'yyyy-mm-dd', '[$-409]mmmm d, yyyy;@', 'h:mm', 'dd/mm/yy']) assert.equal(isDateFormat(f), true, f);
    for (const f of ['General', '0%', '0.00%', '#,##0', '$0.0,,\\M', '0\\ \\b\\p', '"Day" 0', '0.00E+00', '[Red]0.00', '@']) assert.equal(isDateFormat(f), false, f);
  });

  it('turns Excel values into raw cells', () => {
    assert.deepEqual(rawCellFromExcel(serial('2026-02-17'), 'm/d/yyyy', 'Double'), { date: '2026-02-17' });
    assert.deepEqual(rawCellFromExcel(serial('2026-02-17') - 1462, 'm/d/yyyy', 'Double', true), { date: '2026-02-17' });
    assert.equal(rawCellFromExcel(0.15, '0%', 'Double'), 0.15);
    assert.equal(rawCellFromExcel(60, 'm/d/yyyy', 'Double'), 60, '1900-02-29 never existed');
    assert.equal(rawCellFromExcel(0.5, 'h:mm', 'Double'), 0.5, 'a time alone is no date');
    assert.deepEqual(rawCellFromExcel('#N/A', 'General', 'Error'), { error: '#N/A' });
    assert.equal(rawCellFromExcel('#N/A', 'General', 'String'), '#N/A', 'text that looks like an error stays text');
    assert.equal(rawCellFromExcel('', 'General', 'Empty'), null);
    assert.equal(rawCellFromExcel(true, 'General', 'Boolean'), true);
  });

  it('writes text that Excel would reinterpret with an apostrophe, and dates as serials', () => {
    assert.equal(excelText('breach'), 'breach');
    assert.equal(excelText('[I3 · MOU] late'), '[I3 · MOU] late');
    for (const t of ['=HYPERLINK("x")', '+1', '-5 days', '2026-01-05', '15%', 'TRUE', 'Jan 5', '#N/A', ' padded', '0101.21']) assert.equal(excelText(t), `'${t}`, t);
    assert.equal(excelText('y'.repeat(40_000)).length, 32_766);
    assert.equal(excelValue('2026-04-21', 'date'), serial('2026-04-21'));
    assert.equal(excelValue(null, 'date'), '');
  });
});

describe('Excel adapters: reading the table', () => {
  it('reads the used range: the first non-empty row as header, dates, percentages and errors typed', async () => {
    const standIn = new ExcelStandIn({ workbookName: 'Lines.xlsx', sheets: ['Lines'] });
    standIn.setCells('Lines', 'B3', [
      ['HTS code', 'Entry date', 'Column 1 rate', 'Customs value (USD)', 'Note', null],
      ['8471.30.01', dateCell('2025-09-16'), { value: 0.025, format: '0.0%' }, { value: 2_100_000, format: '#,##0' }, { value: '#N/A', error: true }],
      [null, null, null, null, '   '],
      ['0101.21.00', dateCell('2026-02-24', 'yyyy-mm-dd'), { value: 0, format: '0%' }, 1500.5, true],
      ['9903.01.01', { value: 46_000.75, format: 'm/d/yyyy h:mm' }, 'Free', null, '#N/A'],
    ]);
    const { result: read, syncs } = await counting(standIn, () => standIn.run((ctx) => readTableFromSheet(ctx)));
    if (!read.ok) assert.fail(read.problem);
    assert.deepEqual(read.table, {
      source: 'Lines.xlsx',
      sheet: 'Lines',
      headerRow: 3,
      headers: ['HTS code', 'Entry date', 'Column 1 rate', 'Customs value (USD)', 'Note'],
      date1904: false,
      rows: [
        { row: 1, sourceRow: 4, cells: ['8471.30.01', { date: '2025-09-16' }, 0.025, 2_100_000, { error: '#N/A' }] },
        { row: 2, sourceRow: 6, cells: ['0101.21.00', { date: '2026-02-24' }, 0, 1500.5, true] },
        { row: 3, sourceRow: 7, cells: ['9903.01.01', { date: '2025-12-09' }, 'Free', null, '#N/A'] },
      ],
    });
    assert.deepEqual(read.address, { sheetName: 'Lines', firstRow: 2, firstColumn: 1, rowCount: 5, columnCount: 5 });
    assert.equal(syncs.length, 2 + 1, 'two to find the table, one for its only chunk');
  });

  it('prefers the Excel table the selection is in, then the first Excel table, to the used range', async () => {
    const standIn = new ExcelStandIn({ sheets: ['Data'] });
    standIn.setCells('Data', 'A1', [['Loose', 'Cells'], [1, 2], [3, 4]]);
    standIn.setCells('Data', 'E3', [['Project', 'Stage'], ['Alpha', 'selected'], ['Beta', 'declined']]);
    standIn.setCells('Data', 'E10', [['HTS code', 'Category'], ['8471.30.01', 'general']]);
    standIn.addTable('Data', 'Deals', 'E3:F5');
    standIn.addTable('Data', 'Lines', 'E10:F11');

    const { result: first, syncs } = await counting(standIn, () => readOk(standIn));
    assert.deepEqual(first.table.headers, ['Project', 'Stage']);
    assert.deepEqual(first.table.rows.map((r) => r.sourceRow), [4, 5]);
    assert.deepEqual(first.address, { sheetName: 'Data', firstRow: 2, firstColumn: 4, rowCount: 3, columnCount: 2, tableName: 'Deals' });
    assert.equal(syncs.length, 2 + 1 + 1, 'two to find it, one for the Excel table geometry, one chunk');

    standIn.select('Data', 'F11');
    const selected = await readOk(standIn);
    assert.equal(selected.address.tableName, 'Lines');
    assert.deepEqual(selected.table.rows[0]!.cells, ['8471.30.01', 'general']);

    standIn.selectChart();
    assert.equal((await readOk(standIn)).address.tableName, 'Deals', 'a chart selected: the first table');
  });

  it('reads 20,000 rows in chunks of one sync each, every response under the limit', async function () {
    this.timeout(60_000);
    const n = 20_000;
    const standIn = projectsSheet(Array.from({ length: n }, (_, i) => (i % 3 === 0 ? '2026-04-10' : null)));
    const { result: read, syncs } = await counting(standIn, () => readOk(standIn));
    const chunks = planReadChunks(n + 1, 4);
    assert.equal(chunks.length, 4);
    assert.equal(syncs.length, 2 + chunks.length);
    for (const s of syncs) assert.ok(s.responseBytes < EXCEL_PAYLOAD_LIMIT_BYTES);
    assert.deepEqual(syncs.slice(2).map((s) => s.cellsRead), chunks.map((c) => c.rowCount * 4));
    assert.equal(read.table.rows.length, n);
    assert.deepEqual(read.table.rows[n - 1], { row: n, sourceRow: n + 1, cells: [`Project ${n}`, 'selected', { date: '2026-02-17' }, null] });
  });

  it('names the sheets when asked for one that does not exist; finds one ignoring case', async () => {
    const standIn = projectsSheet([null]);
    const read = await standIn.run((ctx) => readTableFromSheet(ctx, { sheetName: 'Lines' }));
    assert.deepEqual(read, { ok: false, problem: 'This workbook has no sheet named "Lines": its sheets are "Projects", "Notes".' });
    assert.equal((await readOk(standIn, { sheetName: 'projects' })).table.sheet, 'Projects');
    const empty = await standIn.run((ctx) => readTableFromSheet(ctx, { sheetName: 'Notes' }));
    assert.equal(empty.ok, false);
  });

  it('re-reads only given rows for live what-if', async () => {
    const standIn = projectsSheet([null, null, null, null]);
    const { table, address } = await readOk(standIn);
    standIn.setCells('Projects', 'D3', [[dateCell('2026-04-10')]]);
    standIn.setCells('Projects', 'D5', [[dateCell('2026-05-01')]]);
    const { result: rows, syncs } = await counting(standIn, () => standIn.run((ctx) => readRows(ctx, table, address, [3, 1])));
    assert.deepEqual(rows.map((r) => [r.row, r.sourceRow, r.cells[3]]), [[4, 5, { date: '2026-05-01' }], [2, 3, { date: '2026-04-10' }]]);
    assert.equal(syncs.length, 1, 'two ranges, one batch');
    assert.equal(syncs[0]!.cellsRead, 2 * 4, 'only those rows');
  });
});

describe('Excel adapters: writing results', () => {
  it('writes 3 rows: one sync to find the old block, one to check the cells, one to write; formats per column; 4 status rules', async () => {
    const standIn = projectsSheet([null, '2026-04-10', '2026-05-01']);
    const { table, address } = await readOk(standIn);
    const results = await evaluateAll(table);
    const columns = resultColumns(project);
    const { result: out, syncs } = await counting(standIn, () => standIn.run((ctx) => writeResults(ctx, { table, address, subject: project, results })));
    if (!out.ok) assert.fail(out.problem);
    assert.deepEqual(out.syncs, { locate: 1, check: 1, write: 1 });
    assert.equal(syncs.length, 3);

    // The block: E1 across, header row included.
    assert.deepEqual({ ...out.block, columns: undefined, sheetRows: undefined }, {
      sheetName: 'Projects', firstRow: 0, firstColumn: 4, rowCount: 4, columnCount: columns.length, columns: undefined, sheetRows: undefined, date1904: false,
    });
    const last = String.fromCharCode(65 + 4 + columns.length - 1);
    assert.deepEqual(standIn.values('Projects', `E1:${last}1`)[0], columns.map((c) => c.title));
    // The status column holds the subject's words.
    assert.deepEqual(standIn.values('Projects', 'E2:E4').flat(), results.map((r) => r.subjectStatus));
    const deadline = columns.findIndex((c) => c.field === 'fundingDeadline');
    const deadlineCell = `${String.fromCharCode(69 + deadline)}2`;
    assert.deepEqual(standIn.cell('Projects', deadlineCell), { value: serial(results[0]!.outputs.fundingDeadline as string), format: 'yyyy-mm-dd' });
    assert.equal(standIn.cell('Projects', 'E1')?.bold, true);

    // Calculation and screen updating suspended for the write; number formats one per column.
    const write = syncs[2]!;
    assert.deepEqual(write.valueWrites, [`Projects!E1:${last}4`]);
    assert.equal(write.calcSuspended && write.screenSuspended, true);
    const formats = standIn.numberFormatAssignments.filter((f) => f.sync === write.index);
    assert.equal(formats.length, columns.length, 'one assignment per column');
    assert.ok(formats.every((f) => f.cells === 3), 'each over the column\'s 3 data rows');

    // One formula rule per coloured status, on the status column's data rows, relative to its first cell;
    // each true for the project words standing for that status, in the order subjects.json lists them.
    const rules = standIn.conditionalFormatsOn('Projects');
    assert.equal(rules.length, Object.keys(STATUS_FILLS).length);
    assert.equal(rules.length, 4);
    for (const rule of rules) {
      assert.deepEqual(rule.rect, { row: 1, column: 4, rowCount: 3, columnCount: 1 });
      assert.equal(rule.type, 'Custom');
    }
    assert.deepEqual(
      rules.map((r) => [(r.rule as { formula: string }).formula, r.fill]).sort(),
      [
        ['=OR(E2="overdue",E2="funded-late")', STATUS_FILLS.breach],
        ['=OR(E2="declined",E2="dates-to-check",E2="date-missing",E2="awaiting-funding")', STATUS_FILLS.pending],
        ['=E2="funded"', STATUS_FILLS.compliant],
        ['=E2="invalid"', STATUS_FILLS.invalid],
      ].sort(),
    );
    // Ownership recorded.
    assert.deepEqual(standIn.namesOn('Projects').map((n) => [n.name, a1(n.rect)]), [[RESULTS_NAME, `E1:${last}4`]]);
    // The statuses written are the ones evaluated: notice 2026-02-17, deadline 2026-04-21 (45 US business days);
    // unfunded at 2026-06-30, funded 2026-04-10, funded 2026-05-01.
    assert.deepEqual(results.map((r) => r.status), ['breach', 'compliant', 'breach']);
    assert.deepEqual(results.map((r) => r.subjectStatus), ['overdue', 'funded', 'funded-late']);
  });

  it('writes 20,000 rows in chunks under the limit, one sync each, suspended, formats per column, 4 rules', async function () {
    this.timeout(60_000);
    const n = 20_000;
    const standIn = projectsSheet(Array.from({ length: n }, () => null));
    const { table, address } = await readOk(standIn);
    const results = table.rows.map((_, i) => fakeResult(i));
    const block = planResultBlock(table, address, project);
    const grid = resultGrid(block, results);
    const writeChunks = planWriteChunks(grid);
    const checkChunks = planReadChunks(n + 1, block.columnCount, { bytesPerCell: 100 });
    assert.ok(writeChunks.length >= 2, 'the block is too large for one request');

    const { result: out, syncs } = await counting(standIn, () => standIn.run((ctx) => writeResults(ctx, { table, address, subject: project, results })));
    if (!out.ok) assert.fail(out.problem);
    assert.deepEqual(out.syncs, { locate: 1, check: checkChunks.length, write: writeChunks.length });
    assert.equal(syncs.length, 1 + checkChunks.length + writeChunks.length, 'exactly one sync per chunk');

    const writes = syncs.slice(1 + checkChunks.length);
    assert.deepEqual(writes.map((s) => s.valueWrites.length), writeChunks.map(() => 1), 'one range of values per write sync');
    for (const s of syncs) {
      assert.ok(s.requestBytes < EXCEL_PAYLOAD_LIMIT_BYTES && s.responseBytes < EXCEL_PAYLOAD_LIMIT_BYTES, `sync ${s.index}: ${s.requestBytes} / ${s.responseBytes}`);
      assert.equal(s.valueWrites.length > 0, s.calcSuspended && s.screenSuspended, `sync ${s.index}: suspended exactly when writing`);
    }
    for (const s of writes) assert.ok(s.requestBytes <= DEFAULT_PAYLOAD_BUDGET_BYTES, `write sync ${s.index} within the 4 MB budget: ${s.requestBytes}`);

    const formats = standIn.numberFormatAssignments.filter((f) => writes.some((w) => w.index === f.sync));
    assert.equal(formats.length, block.columnCount, `${formats.length} number format assignments for ${block.columnCount} columns and ${n} rows`);
    assert.ok(formats.every((f) => f.cells === n));
    assert.equal(standIn.conditionalFormatsOn('Projects').length, 4);
    assert.equal(standIn.value('Projects', `E${n + 1}`), results[n - 1]!.subjectStatus);
    assert.equal(standIn.cell('Projects', `F${n + 1}`)?.format, 'yyyy-mm-dd');
  });

  it('refuses when cells it would write hold data, naming them, and writes nothing at all', async () => {
    const standIn = projectsSheet([null, '2026-04-10', '2026-05-01', null, null, null, null, null]);
    const { table, address } = await readOk(standIn);
    const results = await evaluateAll(table);
    const user: [string, CellValue][] = [['F3', 'x'], ['F4', 'note'], ['F5', 7], ['F6', 'y'], ['F7', 'z'], ['F8', 'w'], ['F9', 'v'], ['H2', true]];
    for (const [at, v] of user) standIn.setCells('Projects', at, [[v]]);
    standIn.setCells('Projects', 'G9', [[{ value: 3, formula: '=1+2' }]]);
    standIn.setCells('Projects', 'G10', [['below the block: not in the way']]);
    const before = standIn.snapshot('Projects');
    const syncsBefore = standIn.syncs.length;

    const out = await standIn.run((ctx) => writeResults(ctx, { table, address, subject: project, results }));
    assert.deepEqual(out, {
      ok: false,
      problem: 'Cells H2, F3:F9, G9 on sheet Projects already hold data (first: H2 = TRUE); Clausewise will not overwrite them. Move that data or insert columns.',
      conflicts: ['H2', 'F3:F9', 'G9'],
    });
    assert.deepEqual(standIn.snapshot('Projects'), before, 'the grid is unchanged');
    for (const [at, v] of user) assert.equal(standIn.value('Projects', at), v, `${at} unchanged`);
    assert.equal(standIn.cell('Projects', 'G9')?.formula, '=1+2');
    assert.ok(standIn.syncs.slice(syncsBefore).every((s) => s.valueWrites.length === 0), 'no sync wrote anything');
    assert.deepEqual(standIn.namesOn('Projects'), []);
    assert.deepEqual(standIn.conditionalFormatsOn('Projects'), []);
    assert.deepEqual(standIn.numberFormatAssignments, []);
  });

  it('one cell in the way: says so in the singular', async () => {
    const standIn = projectsSheet([null]);
    const { table, address } = await readOk(standIn);
    standIn.setCells('Projects', 'G2', [['keep me']]);
    const out = await standIn.run((ctx) => writeResults(ctx, { table, address, subject: project, results: [fakeResult(0)] }));
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.problem, 'Cell G2 on sheet Projects already holds data ("keep me"); Clausewise will not overwrite it. Move that data or insert columns.');
  });

  it('rewrites its own block: no check reads, the same 4 rules, one name; re-reading ignores the block', async () => {
    const standIn = projectsSheet([null, '2026-04-10', '2026-05-01']);
    const first = await readOk(standIn);
    await writeOk(standIn, first.table, first.address, await evaluateAll(first.table));

    standIn.setCells('Projects', 'D2', [[dateCell('2026-03-02')]]);
    const again = await readOk(standIn);
    assert.deepEqual(again.table.headers, PROJECT_HEADERS, 'the result columns are not read as input');
    assert.deepEqual(again.address, first.address);
    const results = await evaluateAll(again.table);
    const { result: out, syncs } = await counting(standIn, () => standIn.run((ctx) => writeResults(ctx, { table: again.table, address: again.address, subject: project, results })));
    if (!out.ok) assert.fail(out.problem);
    assert.deepEqual(out.syncs, { locate: 1, check: 0, write: 1 });
    assert.equal(syncs.length, 2);
    assert.equal(standIn.value('Projects', 'E2'), 'funded');
    assert.equal(standIn.conditionalFormatsOn('Projects').length, 4);
    assert.equal(standIn.namesOn('Projects').length, 1);
  });

  it('a grown table checks only the new cells; a shrunk one clears its old rows', async () => {
    const standIn = projectsSheet([null, null, null]);
    const first = await readOk(standIn);
    await writeOk(standIn, first.table, first.address, await evaluateAll(first.table));
    const width = resultColumns(project).length;

    standIn.setCells('Projects', 'A5', [['Project 4', 'selected', dateCell('2026-02-17'), null], ['Project 5', 'selected', dateCell('2026-02-17'), null]]);
    const grown = await readOk(standIn);
    const { result: out, syncs } = await counting(standIn, () => standIn.run((ctx) => writeResults(ctx, { table: grown.table, address: grown.address, subject: project, results: grown.table.rows.map((_, i) => fakeResult(i)) })));
    assert.ok(out.ok);
    assert.deepEqual(out.ok && out.syncs, { locate: 1, check: 1, write: 1 });
    assert.equal(syncs[1]!.cellsRead, 2 * width, 'only the two new rows were checked');

    for (const row of [5, 6]) for (let c = 0; c < 4; c++) standIn.setCells('Projects', `${String.fromCharCode(65 + c)}${row}`, [[{ value: '' }]]);
    const last = String.fromCharCode(68 + width);
    const shrunk = await readOk(standIn);
    assert.equal(shrunk.table.rows.length, 3);
    assert.equal(shrunk.address.rowCount, 6, 'the old result rows still hold values, so the used range still reaches them');
    await writeOk(standIn, shrunk.table, shrunk.address, shrunk.table.rows.map((_, i) => fakeResult(i)));
    assert.deepEqual(standIn.values('Projects', 'E5:F6'), [['', ''], ['', '']], 'results of rows that are no longer data rows are emptied');

    const settled = await readOk(standIn);
    assert.equal(settled.address.rowCount, 4);
    await writeOk(standIn, settled.table, settled.address, settled.table.rows.map((_, i) => fakeResult(i)));
    assert.deepEqual(standIn.namesOn('Projects').map((n) => a1(n.rect)), [`E1:${last}4`]);
    assert.deepEqual(standIn.snapshot('Projects').filter(([at]) => /^[E-P][56]$/.test(at)), [], 'the rows left over are cleared, formats included');
    assert.equal(standIn.conditionalFormatsOn('Projects').length, 4);
    assert.deepEqual(standIn.conditionalFormatsOn('Projects')[0]!.rect, { row: 1, column: 4, rowCount: 3, columnCount: 1 });
  });

  it('refuses when the sheet has no room for the result columns', async () => {
    const standIn = new ExcelStandIn({ sheets: ['Wide'] });
    standIn.setCells('Wide', 'XFA1', [PROJECT_HEADERS, ['Alpha', 'selected', dateCell('2026-02-17'), null]]);
    const { table, address } = await readOk(standIn);
    const out = await standIn.run((ctx) => writeResults(ctx, { table, address, subject: project, results: [fakeResult(0)] }));
    assert.equal(out.ok, false);
    assert.match(!out.ok ? out.problem : '', /^There is no room on sheet Wide for the 12 result columns/);
    assert.equal(standIn.syncs.length, 3, 'nothing sent after reading');
  });

  it('keeps text as text: results that look like formulas, dates or numbers', async () => {
    const standIn = projectsSheet([null]);
    const { table, address } = await readOk(standIn);
    const result = fakeResult(0);
    result.errors = [{ message: '=cmd|\' /C calc\'!A0' } as RowResult['errors'][number]];
    const block = await writeOk(standIn, table, address, [result]);
    const errorsColumn = String.fromCharCode(65 + block.firstColumn + block.columns.findIndex((c) => c.field === 'errors'));
    const cell = standIn.cell('Projects', `${errorsColumn}2`);
    assert.equal(cell?.formula, undefined);
    assert.equal(cell?.value, "=cmd|' /C calc'!A0");
  });

  it('writeRows rewrites only the given rows, contiguous rows as one range, one sync', async () => {
    const standIn = projectsSheet([null, null, null, null, null]);
    const { table, address } = await readOk(standIn);
    const block = await writeOk(standIn, table, address, table.rows.map((_, i) => fakeResult(i)));
    const before = standIn.snapshot('Projects');
    const updated = [fakeResult(3), fakeResult(0), fakeResult(1)].map((r) => ({ ...r, status: 'breach' as const, subjectStatus: 'overdue' }));
    const { result: out, syncs } = await counting(standIn, () => standIn.run((ctx) => writeRows(ctx, block, [3, 0, 1], updated)));
    assert.equal(out.syncs, 1);
    assert.equal(syncs.length, 1);
    const last = String.fromCharCode(64 + block.firstColumn + block.columnCount);
    assert.deepEqual(out.ranges, [`E2:${last}3`, `E5:${last}5`]);
    assert.deepEqual(syncs[0]!.valueWrites, [`Projects!E2:${last}3`, `Projects!E5:${last}5`]);
    assert.equal(syncs[0]!.calcSuspended && syncs[0]!.screenSuspended, true);
    const changed = standIn.snapshot('Projects').filter(([at, c]) => JSON.stringify(before.find(([b]) => b === at)?.[1]) !== JSON.stringify(c)).map(([at]) => at);
    assert.deepEqual(changed, ['E2', 'E3', 'E5'], 'only the status cells of data rows 1, 2 and 4 changed');
  });
});

// ---------------------------------------------------------------------------------------------

describe('Excel adapters: live what-if, what a change means (pure)', () => {
  const live: LiveTable = {
    address: { sheetName: 'Projects', firstRow: 0, firstColumn: 0, rowCount: 6, columnCount: 4 },
    sheetRows: [1, 2, 3, 5], // row 5 (sheet row 5, index 4) is blank
    block: { row: 0, column: 4, rowCount: 6, columnCount: 12 },
  };

  it('maps edited cells to table rows', () => {
    assert.deepEqual(classifyChange({ address: 'D4', triggerSource: 'Unknown' }, live), { kind: 'rows', rowIndexes: [2] });
    assert.deepEqual(classifyChange({ address: 'A2:B3' }, live), { kind: 'rows', rowIndexes: [0, 1] });
    assert.deepEqual(classifyChange({ address: 'C6, A2' }, live), { kind: 'rows', rowIndexes: [0, 3] });
  });

  it('ignores its own writes, its result block and cells outside the table', () => {
    assert.deepEqual(classifyChange({ address: 'D4', triggerSource: 'ThisLocalAddin' }, live), { kind: 'ignored', reason: 'own-write' });
    assert.deepEqual(classifyChange({ address: 'E2:P2' }, live), { kind: 'ignored', reason: 'result-block' });
    assert.deepEqual(classifyChange({ address: 'Q3' }, live), { kind: 'ignored', reason: 'outside-table' });
    assert.deepEqual(classifyChange({ address: 'A9' }, { ...live, address: { ...live.address, rowCount: 10 } }, [{ row: 8, column: 0, rowCount: 1, columnCount: 4 }]), { kind: 'ignored', reason: 'own-write' });
    assert.deepEqual(classifyChange({ address: 'D2:F2' }, live), { kind: 'rows', rowIndexes: [0] }, 'the part outside the block counts');
  });

  it('asks for a full re-read when the table changes shape', () => {
    assert.equal(classifyChange({ address: 'B1' }, live).kind, 'structure');
    assert.equal(classifyChange({ address: 'A7' }, live).kind, 'structure');
    assert.equal(classifyChange({ address: 'A5' }, live).kind, 'structure', 'a blank row filled in');
    assert.equal(classifyChange({ address: '3:3', changeType: 'RowInserted' }, live).kind, 'structure');
    assert.deepEqual(classifyChange({ address: '40:40', changeType: 'RowDeleted' }, live), { kind: 'ignored', reason: 'outside-table' });
  });
});

/** Timers a test fires by hand. */
function manualTimers(): Timers & { fire(): void; armed: number } {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    set(callback) {
      pending.set(next, callback);
      return next++;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
    fire() {
      const all = [...pending.values()];
      pending.clear();
      for (const f of all) f();
    },
    get armed() {
      return pending.size;
    },
  };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Excel adapters: live what-if, the latest-wins queue (pure)', () => {
  it('runs once for edits made before it starts, once more for edits made while it runs, never two at once', async () => {
    const timers = manualTimers();
    const calls: number[][] = [];
    const gates: { resolve(): void }[] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const queue = new LatestWinsQueue(async (rows) => {
      calls.push(rows);
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      concurrent -= 1;
    }, { timers });

    queue.schedule([3]);
    queue.schedule([1]);
    assert.equal(timers.armed, 1);
    timers.fire();
    await tick();
    assert.deepEqual(calls, [[1, 3]]);
    for (const rows of [[2], [3], [2], [5]]) queue.schedule(rows);
    assert.equal(timers.armed, 0, 'no second timer while running');
    gates[0]!.resolve();
    await tick();
    assert.deepEqual(calls, [[1, 3], [2, 3, 5]], 'the union, right after');
    gates[1]!.resolve();
    await queue.idle();
    assert.equal(queue.runs, 2);
    assert.equal(maxConcurrent, 1);
  });

  it('goes on after a failed evaluation, reporting it', async () => {
    const timers = manualTimers();
    const errors: unknown[] = [];
    let n = 0;
    const queue = new LatestWinsQueue(async () => {
      n += 1;
      if (n === 1) throw new Error('boom');
    }, { timers, onError: (e) => errors.push(e) });
    queue.schedule([1]);
    timers.fire();
    await queue.idle();
    queue.schedule([2]);
    timers.fire();
    await queue.idle();
    assert.equal(n, 2);
    assert.equal(errors.length, 1);
  });
});

describe('Excel adapters: live what-if in the workbook', () => {
  interface Live {
    standIn: ExcelStandIn;
    controller: LiveWhatIf;
    evaluated: number[][];
    maxConcurrent: () => number;
    block: ResultBlock;
    table: Table;
    detach(): Promise<void>;
    quiet(): Promise<void>;
  }

  /** The add-in's loop: read, evaluate, write, then re-evaluate edited rows as the app would. */
  async function liveSheet(funded: (string | null)[], options: { triggerSource?: boolean; onStructureChange?: (reason: string) => void } = {}): Promise<Live> {
    const standIn = projectsSheet(funded);
    standIn.triggerSource = options.triggerSource ?? true;
    const { table, address } = await readOk(standIn);
    const match = matchOf(table);
    const block = await writeOk(standIn, table, address, await evaluator.evaluateTable(table, match, AS_OF));
    await standIn.settle(); // the events of that first write arrive before anything listens
    const evaluated: number[][] = [];
    let concurrent = 0;
    let max = 0;
    const controller: LiveWhatIf = new LiveWhatIf({
      table: liveTableOf(table, address, block),
      reevaluate: async (rowIndexes) => {
        evaluated.push(rowIndexes);
        concurrent += 1;
        max = Math.max(max, concurrent);
        try {
          await standIn.run(async (ctx) => {
            const rows = await readRows(ctx, table, address, rowIndexes);
            const results: RowResult[] = [];
            for (const row of rows) results.push((await evaluator.traceRow(table, match, row, AS_OF)).result);
            await controller.whileWriting(() => writeRows(ctx, block, rowIndexes, results));
          });
        } finally {
          concurrent -= 1;
        }
      },
      ...(options.onStructureChange ? { onStructureChange: options.onStructureChange } : {}),
    });
    const attached = await standIn.run((ctx) => attachLiveWhatIf(ctx, 'Projects', controller));
    return {
      standIn, controller, evaluated, maxConcurrent: () => max, block, table, detach: attached.detach,
      async quiet() {
        for (let i = 0; i < 20; i++) {
          await standIn.settle();
          await controller.idle();
        }
      },
    };
  }

  it('an edit in row 3 re-evaluates row 3 only, and its own writes do not trigger another evaluation', async () => {
    const live = await liveSheet([null, null, null, null]);
    const before = live.standIn.snapshot('Projects');
    assert.deepEqual(live.standIn.values('Projects', 'E4:E4'), [['overdue']]);
    live.standIn.userEdit('Projects', 'D4', [['2026-04-10']]);
    await live.quiet();
    assert.deepEqual(live.evaluated, [[2]], 'data row 3 (index 2) only, once');
    assert.equal(live.standIn.value('Projects', 'E4'), 'funded');
    const changed = live.standIn.snapshot('Projects').filter(([at, c]) => JSON.stringify(before.find(([b]) => b === at)?.[1]) !== JSON.stringify(c)).map(([at]) => at);
    assert.ok(changed.every((at) => /^[A-Z]+4$/.test(at)), `only row 4 changed: ${changed.join(' ')}`);
    const ownEvents = live.controller.log.filter((l) => l.args.triggerSource === 'ThisLocalAddin');
    assert.ok(ownEvents.length >= 1, 'the write raised a change event');
    assert.ok(ownEvents.every((l) => l.decision.kind === 'ignored'));
    await live.detach();
    assert.equal(live.standIn.handlerCount, 0);
  });

  it('an edit inside the result block is ignored', async () => {
    const live = await liveSheet([null, null]);
    live.standIn.userEdit('Projects', 'F2', [['typed over a result']]);
    await live.quiet();
    assert.deepEqual(live.evaluated, []);
    assert.deepEqual(live.controller.log.at(-1)?.decision, { kind: 'ignored', reason: 'result-block' });
  });

  it('on a host without triggerSource, its own writes are still not taken for edits (address filter)', async () => {
    const live = await liveSheet([null, null, null], { triggerSource: false });
    live.standIn.userEdit('Projects', 'D2', [['2026-04-10']]);
    await live.quiet();
    assert.deepEqual(live.evaluated, [[0]]);
    assert.equal(live.standIn.value('Projects', 'E2'), 'funded');
    assert.ok(live.controller.log.some((l) => l.args.triggerSource === undefined && l.decision.kind === 'ignored' && l.decision.reason === 'result-block'));
  });

  it('5 fast successive edits end in the state of the last one, with at most 2 evaluations, never concurrent', async () => {
    const live = await liveSheet([null, null, null]);
    const edits = ['2026-05-01', '2026-03-02', '2026-06-30', '2026-04-30', '2026-04-10'];
    live.standIn.userEdit('Projects', 'D3', [[edits[0]!]]);
    while (live.evaluated.length === 0) await tick(); // the first evaluation is under way
    for (const date of edits.slice(1)) live.standIn.userEdit('Projects', 'D3', [[date]]);
    await live.quiet();
    assert.ok(live.evaluated.length >= 1 && live.evaluated.length <= 2, `${live.evaluated.length} evaluations`);
    assert.equal(live.maxConcurrent(), 1);
    assert.ok(live.evaluated.every((rows) => rows.length === 1 && rows[0] === 1));

    // The block row equals a fresh evaluation of the last edit.
    const fresh = projectsSheet([null, edits.at(-1)!, null]);
    const read = await readOk(fresh);
    const expected = resultGrid(planResultBlock(read.table, read.address, project), await evaluateAll(read.table))[2];
    const last = String.fromCharCode(64 + live.block.firstColumn + live.block.columnCount);
    assert.deepEqual(live.standIn.values('Projects', `E3:${last}3`)[0], expected);
    assert.equal(live.standIn.value('Projects', 'E3'), 'funded');
  });

  it('a new row or a header edit asks for a full re-read instead', async () => {
    const reasons: string[] = [];
    const live = await liveSheet([null, null], { onStructureChange: (r) => reasons.push(r) });
    live.standIn.userEdit('Projects', 'A4', [['Project 3']]);
    live.standIn.userEdit('Projects', 'B1', [['Phase']]);
    await live.quiet();
    assert.deepEqual(live.evaluated, []);
    assert.deepEqual(reasons, ['rows were added below the table (A4)', 'the header row was edited (B1)']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Excel adapters: mapping and rulebook stored in the workbook', () => {
  it('saves and loads a column mapping per table', async () => {
    const standIn = projectsSheet([null]);
    const key = mappingKey({ sheetName: 'Projects' });
    assert.equal(key, 'sheet:Projects');
    assert.equal(mappingKey({ sheetName: 'Projects', tableName: 'Deals' }), 'table:Deals');
    assert.equal(await standIn.run((ctx) => loadMapping(ctx, key)), undefined);
    const mapping = { subject: 'project', columns: { project: 'Project', stage: 'Stage', selectionNoticeDate: 'Notice', fundedDate: null } };
    const { syncs } = await counting(standIn, () => standIn.run((ctx) => saveMapping(ctx, key, mapping)));
    assert.equal(syncs.length, 1);
    assert.deepEqual(await standIn.run((ctx) => loadMapping(ctx, key)), mapping);
    await standIn.run((ctx) => clearMapping(ctx, key));
    assert.equal(await standIn.run((ctx) => loadMapping(ctx, key)), undefined);
  });

  it('saves the rulebook the user loaded in a custom XML part and loads it back exactly', async () => {
    const standIn = projectsSheet([null]);
    const files: Record<string, string> = Object.fromEntries(realRulebookFiles().map((f) => [f.path, f.text]));
    files['notes/odd.json'] = '{ "a": "<&>\\"\'", "crlf": "x" }\r\n\ttab — é 日本 😀\r\n';
    files['notes/control.json'] = 'bell \u0007 and NUL-free';
    const choice = { kind: 'workbook' as const, name: 'My "US–Japan" <variant>', files };
    const { syncs } = await counting(standIn, () => standIn.run((ctx) => saveRulebookChoice(ctx, choice)));
    assert.equal(syncs.length, 2);
    assert.equal(standIn.xmlParts.length, 1);
    assert.equal(standIn.xmlParts[0]!.namespaceUri, SETTINGS_NAMESPACE);
    const loaded = await standIn.run((ctx) => loadRulebookChoice(ctx));
    assert.deepEqual(loaded, choice);

    // Saving again replaces the part; choosing the bundled rulebook removes it.
    await standIn.run((ctx) => saveRulebookChoice(ctx, choice));
    assert.equal(standIn.xmlParts.length, 1);
    await standIn.run((ctx) => saveRulebookChoice(ctx, { kind: 'bundled', id: rulebook.manifest.id }));
    assert.equal(standIn.xmlParts.length, 0);
    assert.deepEqual(await standIn.run((ctx) => loadRulebookChoice(ctx)), { kind: 'bundled', id: rulebook.manifest.id });
  });

  it('reads the XML back however the host re-serialises it', () => {
    const xml = rulebookXml({ name: 'n', files: { 'a.json': 'one\r\ntwo & <three>' } });
    assert.deepEqual(parseRulebookXml(xml), { name: 'n', files: { 'a.json': 'one\r\ntwo & <three>' } });
    const reserialised = `<?xml version="1.0"?>\n<ns0:clausewise xmlns:ns0='${SETTINGS_NAMESPACE}'><ns0:rulebook name='n'><ns0:file path='a.json'><![CDATA[x < y]]> &amp; z</ns0:file><ns0:file path='empty.json'/></ns0:rulebook></ns0:clausewise>`;
    assert.deepEqual(parseRulebookXml(reserialised), { name: 'n', files: { 'a.json': 'x < y & z', 'empty.json': '' } });
  });
});
