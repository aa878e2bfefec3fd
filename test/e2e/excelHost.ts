/**
 * A pretend Excel for the task pane in Chromium: served in place of office.js by the Excel-mode
 * end-to-end test, it defines `Office` (onReady says host Excel) and `Excel.run` on the in-memory
 * workbook of test/support/excelStandIn.ts, which keeps Excel's request/sync protocol, its
 * limits and its change events. Bundled for the browser by the test (webpack) from its tsc output.
 *
 * The workbook is set up from `window.__excelSetup` (given by the test before the page loads), and
 * the test drives it through `window.excelHost`: a user typing into cells, selecting a cell, waiting
 * for events to settle, reading cells back.
 */
import { ExcelStandIn, type CellState, type CellValue } from '../support/excelStandIn';
import { parseA1 } from '../../src/excel/a1';

interface Setup {
  workbookName: string;
  sheet: string;
  /** Cells from A1 on: a value or a { value, format } object; null: empty. */
  cells: (CellValue | Partial<CellState> | null)[][];
  /** Extra cells, e.g. data in the way of the result block. */
  extra?: { address: string; value: CellValue }[];
  /** Excel tables (ListObjects): name and A1 range, header row included. */
  tables?: { name: string; address: string }[];
  select?: string;
}

interface Host {
  standIn: ExcelStandIn;
  userEdit(address: string, values: (CellValue | null)[][]): void;
  select(address: string): Promise<void>;
  settle(): Promise<void>;
  values(address: string): CellValue[][];
  settings(): Record<string, string>;
  xmlParts(): number;
  conditionalFormats(): number;
  handlers(): number;
  syncs(): number;
}

type SelectionHandler = (args: { address: string; worksheetId: string; type: string }) => Promise<unknown>;

const global = globalThis as unknown as {
  setImmediate?: (callback: () => void) => unknown;
  __excelSetup?: Setup;
  excelHost?: Host;
  Office?: unknown;
  Excel?: unknown;
};
// The stand-in delivers events "after the current turn" with setImmediate, which browsers lack.
global.setImmediate ??= (callback: () => void) => setTimeout(callback, 0);

const setup: Setup = global.__excelSetup ?? { workbookName: 'Book1.xlsx', sheet: 'Sheet1', cells: [] };
const standIn = new ExcelStandIn({ workbookName: setup.workbookName, sheets: [setup.sheet] });
standIn.setCells(setup.sheet, 'A1', setup.cells);
for (const e of setup.extra ?? []) standIn.setCells(setup.sheet, e.address, [[e.value]]);
for (const t of setup.tables ?? []) standIn.addTable(setup.sheet, t.name, t.address);
standIn.select(setup.sheet, setup.select ?? 'A1');

// Worksheet.onSelectionChanged, which the stand-in does not model: handlers kept here.
const selectionHandlers = new Set<SelectionHandler>();
const probe = standIn.context().workbook.worksheets.getItem(setup.sheet);
Object.defineProperty(Object.getPrototypeOf(probe), 'onSelectionChanged', {
  configurable: true,
  get(this: { context: { sync(): Promise<void> } }) {
    const context = this.context;
    return {
      add(handler: SelectionHandler) {
        selectionHandlers.add(handler);
        return { context, remove: () => selectionHandlers.delete(handler) };
      },
    };
  },
});

global.Office = {
  HostType: { Excel: 'Excel', Word: 'Word' },
  onReady(callback?: (info: { host: string; platform: string }) => void) {
    const info = { host: 'Excel', platform: 'OfficeOnline' };
    return Promise.resolve().then(() => {
      callback?.(info);
      return info;
    });
  },
};
global.Excel = {
  run: <T>(body: (context: Excel.RequestContext) => Promise<T>) => standIn.run(body),
};

global.excelHost = {
  standIn,
  userEdit: (address, values) => standIn.userEdit(setup.sheet, address, values),
  async select(address) {
    standIn.select(setup.sheet, address);
    const rect = parseA1(address);
    if (!rect) return;
    await Promise.all([...selectionHandlers].map((h) => h({ address, worksheetId: standIn.sheet(setup.sheet).id, type: 'WorksheetSelectionChanged' })));
  },
  settle: () => standIn.settle(),
  values: (address) => standIn.values(setup.sheet, address),
  settings: () => Object.fromEntries(standIn.settings),
  xmlParts: () => standIn.xmlParts.length,
  conditionalFormats: () => standIn.conditionalFormatsOn(setup.sheet).length,
  handlers: () => standIn.handlerCount,
  syncs: () => standIn.syncs.length,
};
