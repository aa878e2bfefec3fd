/// <reference types="office-js" />
/**
 * An in-memory stand-in for the Excel JavaScript API objects the adapters in src/excel use,
 * hand-written rather than built on office-addin-mock, because the tests are about what that mock
 * does not model: the request/sync protocol and its limits.
 *
 * What it enforces, like Excel:
 * - Proxy objects and batches. Method calls and property writes are queued and applied in order
 *   on `context.sync()`; nothing touches the grid before. A property read before `load()` and a
 *   `sync()` throws PropertyNotLoaded (a property the add-in itself set reads back, as in
 *   office.js); `items` of a collection, `isNullObject` and `ClientResult.value` likewise. An item
 *   that does not exist fails the sync (ItemNotFound) unless fetched with *OrNullObject.
 * - Values written are taken as typed: `=…` is a formula, numeric text a number, `15%` a
 *   percentage, an ISO date a date serial with a date format, TRUE/FALSE a boolean; a leading
 *   apostrophe keeps text as text. `null` in an array leaves the cell unchanged, '' clears it.
 *   Arrays must match the range's size, except a number format, which a 1×1 array or a single
 *   value sets on every cell (as Excel allows).
 * - Limits. Each sync's request payload (JSON length of values, number formats and formulas
 *   written, settings and XML stored) and response payload (JSON length of what was loaded) must
 *   stay under 5,000,000 bytes (RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded),
 *   and one load may read at most 5,000,000 cells.
 * - Events. Writes to cell contents raise Worksheet.onChanged for the range written, after the
 *   sync that made them (triggerSource "ThisLocalAddin", unless the stand-in plays an older host
 *   without triggerSource); `userEdit` plays a user typing, with triggerSource "Unknown".
 *
 * What it records, for the tests: every sync (request and response bytes, cells read, whether
 * calculation and screen updating were suspended for it, the operations it carried), every number
 * format assignment (range and cell count), the conditional formats, names, settings and custom
 * XML parts.
 */
import { a1, intersect, contains, parseA1, quoteSheetName, type Rect, MAX_ROWS, MAX_COLUMNS } from '../../src/excel/a1';
import { isIsoDate, toSpreadsheetSerial } from '../../src/core/dates';

// ---------------------------------------------------------------------------------------------
// State

export type CellValue = string | number | boolean;

export interface CellState {
  value: CellValue;
  formula?: string;
  format: string;
  error?: boolean;
  bold?: boolean;
}

export interface SheetState {
  id: string;
  name: string;
  cells: Map<number, CellState>;
}

export interface TableState {
  name: string;
  sheetId: string;
  /** Header row included. */
  rect: Rect;
  showHeaders: boolean;
}

export interface NameState {
  name: string;
  /** undefined: workbook scope. */
  scopeSheetId?: string;
  sheetId: string;
  rect: Rect;
  comment: string;
}

export interface ConditionalFormatState {
  id: string;
  sheetId: string;
  rect: Rect;
  type: string;
  rule?: unknown;
  fill?: string;
}

export interface SyncRecord {
  index: number;
  requestBytes: number;
  responseBytes: number;
  cellsRead: number;
  calcSuspended: boolean;
  screenSuspended: boolean;
  ops: string[];
  /** Ranges whose values or formulas this sync wrote (sheet-qualified A1). */
  valueWrites: string[];
  failed?: string;
}

export interface NumberFormatAssignment {
  sync: number;
  address: string;
  cells: number;
}

export interface ChangedEvent {
  address: string;
  changeType: string;
  source: string;
  triggerSource?: string;
  type: 'WorksheetChanged';
  worksheetId: string;
}

export class StandInError extends Error {
  constructor(readonly code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'RichApi.Error';
  }
}

const PAYLOAD_LIMIT = 5_000_000;
const READ_CELL_LIMIT = 5_000_000;
const key = (row: number, column: number): number => row * MAX_COLUMNS + column;
const json = (v: unknown): number => JSON.stringify(v)?.length ?? 0;

function notLoaded(property: string): StandInError {
  return new StandInError('PropertyNotLoaded', `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
}

// ---------------------------------------------------------------------------------------------
// The workbook as the host holds it, and the helpers tests use to set it up and inspect it

export interface StandInOptions {
  workbookName?: string;
  sheets?: string[];
  /** Report triggerSource on change events (ExcelApi 1.14); false plays an older host. */
  triggerSource?: boolean;
}

export class ExcelStandIn {
  readonly workbookName: string;
  readonly sheets: SheetState[] = [];
  readonly tables: TableState[] = [];
  readonly names: NameState[] = [];
  readonly conditionalFormats: ConditionalFormatState[] = [];
  readonly settings = new Map<string, string>();
  readonly xmlParts: { id: string; xml: string; namespaceUri: string }[] = [];
  readonly syncs: SyncRecord[] = [];
  readonly numberFormatAssignments: NumberFormatAssignment[] = [];
  readonly events: ChangedEvent[] = [];
  activeSheetId: string;
  selection: { sheetId: string; rect: Rect } | 'chart';
  triggerSource: boolean;
  private handlers: { sheetId: string; handler: (args: ChangedEvent) => Promise<unknown>; registration: object }[] = [];
  private inFlight = new Set<Promise<unknown>>();
  private nextId = 1;

  constructor(options: StandInOptions = {}) {
    this.workbookName = options.workbookName ?? 'Book1.xlsx';
    for (const name of options.sheets ?? ['Sheet1']) this.addSheet(name);
    this.activeSheetId = this.sheets[0]!.id;
    this.selection = { sheetId: this.activeSheetId, rect: { row: 0, column: 0, rowCount: 1, columnCount: 1 } };
    this.triggerSource = options.triggerSource ?? true;
  }

  id(prefix: string): string {
    return `${prefix}${this.nextId++}`;
  }

  addSheet(name: string): SheetState {
    const sheet: SheetState = { id: this.id('{sheet-'), name, cells: new Map() };
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): SheetState {
    const s = this.findSheet(name);
    if (!s) throw new Error(`stand-in: no sheet ${name}`);
    return s;
  }

  findSheet(name: string): SheetState | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheetById(id: string): SheetState {
    return this.sheets.find((s) => s.id === id)!;
  }

  /** A new request context, as Excel.run would give. */
  context(): Excel.RequestContext {
    return new StandInContext(this) as unknown as Excel.RequestContext;
  }

  /** Like Excel.run: a fresh context for one batch of work. */
  async run<T>(body: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    return body(this.context());
  }

  // -- set-up: raw cell state, no typing-in rules, no events -----------------------------------

  /** Cells from `topLeft` on: a value, or { value, format, formula, error }; null leaves a cell empty. */
  setCells(sheetName: string, topLeft: string, rows: readonly (readonly (CellValue | null | Partial<CellState>)[])[]): void {
    const sheet = this.sheet(sheetName);
    const at = parseA1(topLeft)!;
    rows.forEach((row, r) => row.forEach((input, c) => {
      if (input === null) return;
      const cell: CellState = typeof input === 'object' ? { value: '', format: 'General', ...input } : { value: input, format: 'General' };
      sheet.cells.set(key(at.row + r, at.column + c), cell);
    }));
  }

  /** A number format on every cell of `address`. */
  setFormat(sheetName: string, address: string, format: string): void {
    const sheet = this.sheet(sheetName);
    forEachCell(parseA1(address)!, (row, column) => {
      const k = key(row, column);
      const cell = sheet.cells.get(k) ?? { value: '', format: 'General' };
      sheet.cells.set(k, { ...cell, format });
    });
  }

  addTable(sheetName: string, name: string, address: string): void {
    const rect = parseA1(address)!;
    this.tables.push({ name, sheetId: this.sheet(sheetName).id, rect: { row: rect.row, column: rect.column, rowCount: rect.rowCount, columnCount: rect.columnCount }, showHeaders: true });
  }

  select(sheetName: string, address: string): void {
    const rect = parseA1(address)!;
    this.selection = { sheetId: this.sheet(sheetName).id, rect };
    this.activeSheetId = this.selection.sheetId;
  }

  /** A chart or shape is selected: Workbook.getSelectedRange() fails. */
  selectChart(): void {
    this.selection = 'chart';
  }

  activate(sheetName: string): void {
    this.activeSheetId = this.sheet(sheetName).id;
  }

  // -- inspection -------------------------------------------------------------------------------

  cell(sheetName: string, address: string): CellState | undefined {
    const at = parseA1(address)!;
    const c = this.sheet(sheetName).cells.get(key(at.row, at.column));
    return c ? { ...c } : undefined;
  }

  value(sheetName: string, address: string): CellValue {
    return this.cell(sheetName, address)?.value ?? '';
  }

  values(sheetName: string, address: string): CellValue[][] {
    const rect = parseA1(address)!;
    const sheet = this.sheet(sheetName);
    return rows(rect, (r, c) => sheet.cells.get(key(r, c))?.value ?? '');
  }

  /** Every stored cell as [A1, state], in order: compare two snapshots to prove nothing changed. */
  snapshot(sheetName: string): [string, CellState][] {
    const sheet = this.sheet(sheetName);
    return [...sheet.cells.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([k, c]) => [a1({ row: Math.floor(k / MAX_COLUMNS), column: k % MAX_COLUMNS, rowCount: 1, columnCount: 1 }), { ...c }]);
  }

  conditionalFormatsOn(sheetName: string): ConditionalFormatState[] {
    const id = this.sheet(sheetName).id;
    return this.conditionalFormats.filter((f) => f.sheetId === id);
  }

  namesOn(sheetName: string): NameState[] {
    const id = this.sheet(sheetName).id;
    return this.names.filter((n) => n.scopeSheetId === id);
  }

  // -- events -----------------------------------------------------------------------------------

  addHandler(sheetId: string, handler: (args: ChangedEvent) => Promise<unknown>, registration: object): void {
    this.handlers.push({ sheetId, handler, registration });
  }

  removeHandler(registration: object): void {
    this.handlers = this.handlers.filter((h) => h.registration !== registration);
  }

  get handlerCount(): number {
    return this.handlers.length;
  }

  /** Deliver a change event after the current turn, as Excel does. */
  emit(sheetId: string, rect: Rect, triggerSource: 'ThisLocalAddin' | 'Unknown', changeType = 'RangeEdited'): void {
    const event: ChangedEvent = {
      address: a1(rect),
      changeType,
      source: 'Local',
      type: 'WorksheetChanged',
      worksheetId: sheetId,
      ...(this.triggerSource ? { triggerSource } : {}),
    };
    this.deliver(sheetId, event);
  }

  /** Raise a change event as given (for structural changes the stand-in does not model). */
  fireChanged(sheetName: string, event: Partial<ChangedEvent> & { address: string }): void {
    const sheet = this.sheet(sheetName);
    this.deliver(sheet.id, { changeType: 'RangeEdited', source: 'Local', type: 'WorksheetChanged', worksheetId: sheet.id, ...event });
  }

  private deliver(sheetId: string, event: ChangedEvent): void {
    const p = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      this.events.push(event);
      await Promise.all(this.handlers.filter((h) => h.sheetId === sheetId).map((h) => h.handler(event)));
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** A user typing into cells: values taken as typed, then the change event. */
  userEdit(sheetName: string, address: string, values: readonly (readonly (CellValue | null)[])[]): void {
    const sheet = this.sheet(sheetName);
    const rect = parseA1(address)!;
    rows(rect, (r, c) => {
      const v = values[r - rect.row]?.[c - rect.column];
      if (v !== null && v !== undefined) typeIn(sheet, r, c, v, false);
    });
    this.emit(sheet.id, rect, 'Unknown');
  }

  /** Resolves once every event raised so far, and every handler it started, has finished. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.inFlight.size === 0) return;
      await Promise.all([...this.inFlight]);
    }
  }
}

function forEachCell(rect: Rect, fn: (row: number, column: number) => void): void {
  for (let r = rect.row; r < rect.row + rect.rowCount; r++) for (let c = rect.column; c < rect.column + rect.columnCount; c++) fn(r, c);
}

function rows<T>(rect: Rect, fn: (row: number, column: number) => T): T[][] {
  const out: T[][] = [];
  for (let r = rect.row; r < rect.row + rect.rowCount; r++) {
    const line: T[] = [];
    for (let c = rect.column; c < rect.column + rect.columnCount; c++) line.push(fn(r, c));
    out.push(line);
  }
  return out;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const PERCENT = /^[+-]?(\d+\.?\d*|\.\d+)%$/;

/** A value written as if typed into the cell (Range.values / formulas, or a user). */
function typeIn(sheet: SheetState, row: number, column: number, input: CellValue, asFormulas: boolean): void {
  const k = key(row, column);
  const old = sheet.cells.get(k);
  const format = old?.format ?? 'General';
  const put = (cell: Omit<CellState, 'format'> & { format?: string }): void => {
    sheet.cells.set(k, { ...(old?.bold ? { bold: true } : {}), format, ...cell });
  };
  if (typeof input !== 'string') return put({ value: input });
  if (input === '') {
    if (old && (old.format !== 'General' || old.bold)) sheet.cells.set(k, { value: '', format: old.format, ...(old.bold ? { bold: true } : {}) });
    else sheet.cells.delete(k);
    return;
  }
  if (input.startsWith("'")) return put({ value: input.slice(1) });
  if (NUMBER.test(input)) return put({ value: Number(input) });
  if (PERCENT.test(input)) return put({ value: Number(input.slice(0, -1)) / 100, format: format === 'General' ? '0%' : format });
  if (/^(true|false)$/i.test(input)) return put({ value: input.toUpperCase() === 'TRUE' });
  if (isIsoDate(String(input))) return put({ value: toSpreadsheetSerial(input), format: format === 'General' ? 'yyyy-mm-dd' : format });
  if (/^[=+-]/.test(input) && input.length > 1) return put({ value: '', formula: input.startsWith('=') ? input : `=${input}` });
  void asFormulas;
  return put({ value: input });
}

function valueType(cell: CellState | undefined): string {
  if (!cell) return 'Empty';
  if (cell.error) return 'Error';
  if (cell.value === '') return 'Empty';
  if (typeof cell.value === 'number') return 'Double';
  if (typeof cell.value === 'boolean') return 'Boolean';
  return 'String';
}

function usedRect(sheet: SheetState, valuesOnly: boolean): Rect | undefined {
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  for (const [k, c] of sheet.cells) {
    if (valuesOnly && c.value === '' && c.formula === undefined) continue;
    const r = Math.floor(k / MAX_COLUMNS);
    const col = k % MAX_COLUMNS;
    top = Math.min(top, r);
    left = Math.min(left, col);
    bottom = Math.max(bottom, r);
    right = Math.max(right, col);
  }
  return bottom < 0 ? undefined : { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
}

// ---------------------------------------------------------------------------------------------
// The request context and its batches

interface Op {
  describe: string;
  requestBytes: number;
  run(record: SyncRecord): void;
}

class StandInContext {
  readonly workbook: WorkbookProxy;
  readonly application: ApplicationProxy;
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  private queue: Op[] = [];
  /** Objects whose resolution is remembered until the end of the batch that first used them. */
  constructor(readonly host: ExcelStandIn) {
    this.workbook = new WorkbookProxy(this);
    this.application = this.workbook.application;
  }

  enqueue(op: Op): void {
    this.queue.push(op);
  }

  async sync(): Promise<void> {
    const ops = this.queue;
    this.queue = [];
    const record: SyncRecord = {
      index: this.host.syncs.length + 1, requestBytes: 0, responseBytes: 0, cellsRead: 0,
      calcSuspended: false, screenSuspended: false, ops: ops.map((o) => o.describe), valueWrites: [],
    };
    this.host.syncs.push(record);
    record.requestBytes = ops.reduce((n, o) => n + o.requestBytes, 0);
    await new Promise((resolve) => setImmediate(resolve)); // the round trip
    if (record.requestBytes > PAYLOAD_LIMIT) {
      record.failed = 'RequestPayloadSizeLimitExceeded';
      throw new StandInError('RequestPayloadSizeLimitExceeded', `The request payload (${record.requestBytes} bytes) is over the 5 MB limit.`);
    }
    try {
      for (const op of ops) op.run(record);
    } catch (error) {
      record.failed = error instanceof StandInError ? error.code : String(error);
      throw error;
    }
    if (record.responseBytes > PAYLOAD_LIMIT) {
      record.failed = 'ResponsePayloadSizeLimitExceeded';
      throw new StandInError('ResponsePayloadSizeLimitExceeded', `The response payload (${record.responseBytes} bytes) is over the 5 MB limit.`);
    }
  }
}

/** Properties loaded by `load()` and a sync, or set by the add-in; anything else throws. */
abstract class ProxyObject {
  protected readonly loaded = new Map<string, unknown>();
  private nullKnown = false;
  private isNull = false;
  /** Identifies the load being served, so that one load of several properties counts its cells once. */
  protected currentLoad: object = {};

  constructor(readonly context: StandInContext, private readonly orNull = false) {
    if (orNull) {
      context.enqueue({
        describe: `${this.constructor.name}.resolve`, requestBytes: 0, run: () => {
          this.isNull = !this.exists();
          this.nullKnown = true;
        },
      });
    }
  }

  get host(): ExcelStandIn {
    return this.context.host;
  }

  /** Whether the object this proxy stands for exists (checked at sync time). */
  protected abstract exists(): boolean;
  /** A loadable property's current value in the host. */
  protected abstract read(property: string, record: SyncRecord): unknown;

  get isNullObject(): boolean {
    if (!this.nullKnown) throw notLoaded('isNullObject');
    return this.isNull;
  }

  protected prop<T>(name: string): T {
    if (!this.loaded.has(name)) throw notLoaded(name);
    return this.loaded.get(name) as T;
  }

  /** A property the add-in sets: reads back locally, applied to the host on sync. */
  protected setProp(name: string, value: unknown, requestBytes: number, apply: (record: SyncRecord) => void): void {
    this.loaded.set(name, value);
    this.context.enqueue({ describe: `${this.constructor.name}.${name}=`, requestBytes, run: apply });
  }

  load(properties?: string | string[] | { select?: string }): this {
    const names = typeof properties === 'string' ? properties.split(',')
      : Array.isArray(properties) ? properties
        : properties?.select?.split(',') ?? this.defaultProperties();
    const list = names.map((n) => n.trim()).filter(Boolean);
    this.context.enqueue({
      describe: `${this.constructor.name}.load(${list.join(',')})`, requestBytes: 0, run: (record) => {
        if (!this.exists()) {
          if (this.orNull) return;
          throw new StandInError('ItemNotFound', `The requested resource (${this.constructor.name}) doesn't exist.`);
        }
        this.currentLoad = {};
        for (const name of list) this.loaded.set(name.split('/')[0]!, this.read(name, record));
      },
    });
    return this;
  }

  protected defaultProperties(): string[] {
    return [];
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.loaded);
  }

  untrack(): this {
    return this;
  }
}

/** A value returned by a method, available after the sync. */
class ClientResult<T> {
  private set = false;
  private v: T | undefined;
  resolve(value: T): void {
    this.v = value;
    this.set = true;
  }
  get value(): T {
    if (!this.set) throw notLoaded('value');
    return this.v as T;
  }
}

/** Resolve once per proxy, at the first sync that needs it (as Excel resolves an object path). */
function memo<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}

// ---------------------------------------------------------------------------------------------
// Workbook, application, worksheets

class ApplicationProxy {
  constructor(private readonly context: StandInContext) {}
  suspendApiCalculationUntilNextSync(): void {
    this.context.enqueue({ describe: 'Application.suspendApiCalculationUntilNextSync', requestBytes: 0, run: (r) => { r.calcSuspended = true; } });
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.context.enqueue({ describe: 'Application.suspendScreenUpdatingUntilNextSync', requestBytes: 0, run: (r) => { r.screenSuspended = true; } });
  }
}

class WorkbookProxy extends ProxyObject {
  readonly application: ApplicationProxy;
  readonly worksheets: WorksheetCollectionProxy;
  readonly settings: SettingCollectionProxy;
  readonly customXmlParts: CustomXmlPartCollectionProxy;
  readonly names: NamedItemCollectionProxy;
  constructor(context: StandInContext) {
    super(context);
    this.application = new ApplicationProxy(context);
    this.worksheets = new WorksheetCollectionProxy(context);
    this.settings = new SettingCollectionProxy(context);
    this.customXmlParts = new CustomXmlPartCollectionProxy(context);
    this.names = new NamedItemCollectionProxy(context, undefined);
  }
  protected exists(): boolean {
    return true;
  }
  protected read(property: string): unknown {
    if (property === 'name') return this.host.workbookName;
    throw new StandInError('InvalidArgument', `stand-in: Workbook.${property} is not modelled`);
  }
  get name(): string {
    return this.prop('name');
  }
  getSelectedRange(): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      const sel = this.host.selection;
      if (sel === 'chart') throw new StandInError('InvalidSelection', 'The current selection is invalid for this operation.');
      return { sheet: this.host.sheetById(sel.sheetId), rect: sel.rect };
    }));
  }
}

class WorksheetCollectionProxy extends ProxyObject {
  protected exists(): boolean {
    return true;
  }
  protected read(property: string): unknown {
    if (property.startsWith('items')) {
      const sub = property.split('/')[1];
      return this.host.sheets.map((s) => {
        const p = new WorksheetProxy(this.context, () => s);
        if (sub) p.preload(sub);
        return p;
      });
    }
    throw new StandInError('InvalidArgument', `stand-in: WorksheetCollection.${property}`);
  }
  override load(properties?: string | string[]): this {
    return super.load(normaliseItems(properties));
  }
  get items(): WorksheetProxy[] {
    return this.prop('items');
  }
  getItem(name: string): WorksheetProxy {
    return new WorksheetProxy(this.context, memo(() => this.host.findSheet(name)));
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    return new WorksheetProxy(this.context, memo(() => this.host.findSheet(name)), true);
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, memo(() => this.host.sheetById(this.host.activeSheetId)));
  }
}

/** `items/name,items/x` → one `items/name,x` load; a plain list is kept. */
function normaliseItems(properties?: string | string[]): string[] {
  const list = (typeof properties === 'string' ? properties.split(',') : properties ?? []).map((p) => p.trim());
  const sub = list.filter((p) => p.startsWith('items/')).map((p) => p.slice(6));
  const rest = list.filter((p) => !p.startsWith('items'));
  return sub.length || list.includes('items') ? [`items/${sub.join('+')}`, ...rest] : rest.length ? rest : ['items/'];
}

class WorksheetProxy extends ProxyObject {
  readonly onChanged: { add: (handler: (args: ChangedEvent) => Promise<unknown>) => { context: StandInContext; remove(): void } };
  constructor(context: StandInContext, readonly resolveSheet: () => SheetState | undefined, orNull = false) {
    super(context, orNull);
    this.onChanged = {
      add: (handler) => {
        const registration = {
          context: this.context,
          remove: () => this.context.enqueue({ describe: 'onChanged.remove', requestBytes: 0, run: () => this.host.removeHandler(registration) }),
        };
        this.context.enqueue({ describe: 'onChanged.add', requestBytes: 0, run: () => this.host.addHandler(this.sheet().id, handler, registration) });
        return registration;
      },
    };
  }
  preload(sub: string): void {
    for (const p of sub.split('+').filter(Boolean)) this.loaded.set(p, this.read(p));
  }
  sheet(): SheetState {
    const s = this.resolveSheet();
    if (!s) throw new StandInError('ItemNotFound', "The requested resource (Worksheet) doesn't exist.");
    return s;
  }
  protected exists(): boolean {
    return this.resolveSheet() !== undefined;
  }
  protected read(property: string): unknown {
    const s = this.sheet();
    if (property === 'name') return s.name;
    if (property === 'id') return s.id;
    throw new StandInError('InvalidArgument', `stand-in: Worksheet.${property}`);
  }
  get name(): string {
    return this.prop('name');
  }
  get id(): string {
    return this.prop('id');
  }
  get tables(): TableCollectionProxy {
    return new TableCollectionProxy(this.context, () => this.sheet().id);
  }
  get names(): NamedItemCollectionProxy {
    return new NamedItemCollectionProxy(this.context, () => this.sheet().id);
  }
  getRange(address?: string): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      const rect = address === undefined ? { row: 0, column: 0, rowCount: MAX_ROWS, columnCount: MAX_COLUMNS } : parseA1(address);
      if (!rect) throw new StandInError('InvalidArgument', `Bad address ${address}`);
      return { sheet: this.sheet(), rect };
    }));
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      if (startRow < 0 || startColumn < 0 || rowCount < 1 || columnCount < 1 || startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLUMNS) {
        throw new StandInError('InvalidArgument', `Bad indexes ${startRow},${startColumn},${rowCount},${columnCount}`);
      }
      return { sheet: this.sheet(), rect: { row: startRow, column: startColumn, rowCount, columnCount } };
    }));
  }
  getCell(row: number, column: number): RangeProxy {
    return this.getRangeByIndexes(row, column, 1, 1);
  }
  getUsedRange(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, memo(() => ({ sheet: this.sheet(), rect: usedRect(this.sheet(), valuesOnly) ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 } })));
  }
  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      const rect = usedRect(this.sheet(), valuesOnly);
      return rect ? { sheet: this.sheet(), rect } : undefined;
    }), true);
  }
}

// ---------------------------------------------------------------------------------------------
// Ranges

type Located = { sheet: SheetState; rect: Rect };

class RangeProxy extends ProxyObject {
  private countedLoad: object | undefined;
  constructor(context: StandInContext, readonly locate: () => Located | undefined, orNull = false) {
    super(context, orNull);
  }
  protected exists(): boolean {
    return this.locate() !== undefined;
  }
  private where(): Located {
    const at = this.locate();
    if (!at) throw new StandInError('ItemNotFound', "The requested resource (Range) doesn't exist.");
    return at;
  }
  protected read(property: string, record: SyncRecord): unknown {
    const { sheet, rect } = this.where();
    const cellsOf = (fn: (c: CellState | undefined) => unknown): unknown[][] => {
      const cells = rect.rowCount * rect.columnCount;
      if (cells > READ_CELL_LIMIT) throw new StandInError('InvalidOperation', `A range of ${cells} cells is over the 5,000,000-cell read limit.`);
      if (this.countedLoad !== this.currentLoad) record.cellsRead += cells;
      this.countedLoad = this.currentLoad;
      const out = rows(rect, (r, c) => fn(sheet.cells.get(key(r, c))));
      record.responseBytes += json(out);
      return out;
    };
    switch (property) {
      case 'address': return `${quoteSheetName(sheet.name)}!${a1(rect)}`;
      case 'rowIndex': return rect.row;
      case 'columnIndex': return rect.column;
      case 'rowCount': return rect.rowCount;
      case 'columnCount': return rect.columnCount;
      case 'cellCount': return rect.rowCount * rect.columnCount;
      case 'values': return cellsOf((c) => c?.value ?? '');
      case 'numberFormat': return cellsOf((c) => c?.format ?? 'General');
      case 'formulas': return cellsOf((c) => c?.formula ?? c?.value ?? '');
      case 'valueTypes': return cellsOf(valueType);
      case 'text': return cellsOf((c) => (c ? String(c.value) : ''));
      default: throw new StandInError('InvalidArgument', `stand-in: Range.${property} is not modelled`);
    }
  }
  protected override defaultProperties(): string[] {
    return ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'numberFormat', 'formulas', 'valueTypes'];
  }

  get address(): string { return this.prop('address'); }
  get rowIndex(): number { return this.prop('rowIndex'); }
  get columnIndex(): number { return this.prop('columnIndex'); }
  get rowCount(): number { return this.prop('rowCount'); }
  get columnCount(): number { return this.prop('columnCount'); }
  get valueTypes(): string[][] { return this.prop('valueTypes'); }
  get text(): string[][] { return this.prop('text'); }

  get values(): unknown[][] { return this.prop('values'); }
  set values(v: unknown[][]) { this.writeCells('values', v); }
  get formulas(): unknown[][] { return this.prop('formulas'); }
  set formulas(v: unknown[][]) { this.writeCells('formulas', v); }

  private writeCells(kind: 'values' | 'formulas', input: unknown[][]): void {
    this.setProp(kind, input, json(input), (record) => {
      const { sheet, rect } = this.where();
      if (!Array.isArray(input) || input.length !== rect.rowCount || input.some((row) => !Array.isArray(row) || row.length !== rect.columnCount)) {
        throw new StandInError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${a1(rect)}).`);
      }
      input.forEach((row, r) => row.forEach((v, c) => {
        if (v === null || v === undefined) return;
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new StandInError('InvalidArgument', `Bad cell value ${String(v)}`);
        typeIn(sheet, rect.row + r, rect.column + c, v, kind === 'formulas');
      }));
      record.valueWrites.push(`${quoteSheetName(sheet.name)}!${a1(rect)}`);
      this.host.emit(sheet.id, rect, 'ThisLocalAddin');
    });
  }

  get numberFormat(): unknown[][] { return this.prop('numberFormat'); }
  set numberFormat(v: unknown[][]) {
    this.setProp('numberFormat', v, json(v), (record) => {
      const { sheet, rect } = this.where();
      const single = !Array.isArray(v) ? v : v.length === 1 && Array.isArray(v[0]) && v[0].length === 1 ? v[0][0] : undefined;
      if (single === undefined && (!Array.isArray(v) || v.length !== rect.rowCount || v.some((row) => !Array.isArray(row) || row.length !== rect.columnCount))) {
        throw new StandInError('InvalidArgument', `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${a1(rect)}).`);
      }
      forEachCell(rect, (r, c) => {
        const format = single !== undefined ? single : (v as unknown[][])[r - rect.row]![c - rect.column];
        if (format === null || format === undefined) return;
        const k = key(r, c);
        const cell = sheet.cells.get(k) ?? { value: '', format: 'General' };
        sheet.cells.set(k, { ...cell, format: String(format) });
      });
      this.host.numberFormatAssignments.push({ sync: record.index, address: `${quoteSheetName(sheet.name)}!${a1(rect)}`, cells: rect.rowCount * rect.columnCount });
    });
  }

  get format(): { font: { bold: boolean }; fill: { color: string }; autofitColumns(): void } {
    const self = this;
    return {
      font: {
        get bold(): boolean { throw notLoaded('bold'); },
        set bold(b: boolean) {
          self.context.enqueue({ describe: 'Range.format.font.bold=', requestBytes: 0, run: () => {
            const { sheet, rect } = self.where();
            forEachCell(rect, (r, c) => {
              const k = key(r, c);
              sheet.cells.set(k, { ...(sheet.cells.get(k) ?? { value: '', format: 'General' }), bold: b });
            });
          } });
        },
      },
      fill: {
        get color(): string { throw notLoaded('color'); },
        set color(_c: string) { self.context.enqueue({ describe: 'Range.format.fill.color=', requestBytes: 0, run: () => undefined }); },
      },
      autofitColumns(): void { self.context.enqueue({ describe: 'Range.format.autofitColumns', requestBytes: 0, run: () => undefined }); },
    };
  }

  clear(applyTo: 'All' | 'Formats' | 'Contents' = 'All'): void {
    this.context.enqueue({ describe: `Range.clear(${applyTo})`, requestBytes: 0, run: () => {
      const { sheet, rect } = this.where();
      forEachCell(rect, (r, c) => {
        const k = key(r, c);
        const cell = sheet.cells.get(k);
        if (!cell) return;
        if (applyTo === 'All') sheet.cells.delete(k);
        else if (applyTo === 'Contents') {
          if (cell.format === 'General' && !cell.bold) sheet.cells.delete(k);
          else sheet.cells.set(k, { value: '', format: cell.format, ...(cell.bold ? { bold: true } : {}) });
        } else if (cell.value === '' && cell.formula === undefined) sheet.cells.delete(k);
        else sheet.cells.set(k, { value: cell.value, format: 'General', ...(cell.formula !== undefined ? { formula: cell.formula } : {}), ...(cell.error ? { error: true } : {}) });
      });
      if (applyTo === 'All' || applyTo === 'Formats') removeConditionalFormats(this.host, sheet.id, rect);
      if (applyTo !== 'Formats') this.host.emit(sheet.id, rect, 'ThisLocalAddin');
    } });
  }

  private derived(fn: (rect: Rect) => Rect): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      const { sheet, rect } = this.where();
      const out = fn(rect);
      if (out.row < 0 || out.column < 0 || out.rowCount < 1 || out.columnCount < 1) throw new StandInError('InvalidArgument', 'The range is outside the sheet.');
      return { sheet, rect: out };
    }));
  }
  getCell(row: number, column: number): RangeProxy {
    return this.derived((r) => ({ row: r.row + row, column: r.column + column, rowCount: 1, columnCount: 1 }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this.derived((r) => ({ ...r, rowCount: r.rowCount + deltaRows, columnCount: r.columnCount + deltaColumns }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this.derived((r) => ({ ...r, row: r.row + rowOffset, column: r.column + columnOffset }));
  }
  getRow(index: number): RangeProxy {
    return this.derived((r) => ({ ...r, row: r.row + index, rowCount: 1 }));
  }
  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, memo(() => this.where().sheet));
  }
  getTables(fullyContained = false): TableScopedCollectionProxy {
    return new TableScopedCollectionProxy(this.context, () => {
      const { sheet, rect } = this.where();
      return this.host.tables.filter((t) => t.sheetId === sheet.id && (fullyContained ? contains(rect, t.rect) : intersect(rect, t.rect) !== undefined));
    });
  }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return new ConditionalFormatCollectionProxy(this.context, () => this.where());
  }
}

function removeConditionalFormats(host: ExcelStandIn, sheetId: string, rect: Rect): void {
  for (let i = host.conditionalFormats.length - 1; i >= 0; i--) {
    const f = host.conditionalFormats[i]!;
    if (f.sheetId !== sheetId || !intersect(f.rect, rect)) continue;
    if (!contains(rect, f.rect)) throw new StandInError('NotImplemented', 'stand-in: clearing part of a conditional format is not modelled');
    host.conditionalFormats.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Conditional formats

class ConditionalFormatCollectionProxy extends ProxyObject {
  constructor(context: StandInContext, private readonly where: () => Located) {
    super(context);
  }
  protected exists(): boolean {
    return true;
  }
  protected read(): unknown {
    throw new StandInError('InvalidArgument', 'stand-in: load ConditionalFormatCollection is not modelled');
  }
  add(type: string): ConditionalFormatProxy {
    const holder: { state?: ConditionalFormatState } = {};
    this.context.enqueue({ describe: `ConditionalFormats.add(${type})`, requestBytes: 0, run: () => {
      const { sheet, rect } = this.where();
      const known = ['Custom', 'DataBar', 'ColorScale', 'IconSet', 'TopBottom', 'PresetCriteria', 'ContainsText', 'CellValue'];
      if (!known.includes(type)) throw new StandInError('InvalidArgument', `Unknown conditional format type ${type}`);
      holder.state = { id: this.host.id('cf'), sheetId: sheet.id, rect, type };
      this.host.conditionalFormats.unshift(holder.state); // added at the top priority
    } });
    return new ConditionalFormatProxy(this.context, holder, type);
  }
  clearAll(): void {
    this.context.enqueue({ describe: 'ConditionalFormats.clearAll', requestBytes: 0, run: () => {
      const { sheet, rect } = this.where();
      removeConditionalFormats(this.host, sheet.id, rect);
    } });
  }
  getCount(): ClientResult<number> {
    const result = new ClientResult<number>();
    this.context.enqueue({ describe: 'ConditionalFormats.getCount', requestBytes: 0, run: () => {
      const { sheet, rect } = this.where();
      result.resolve(this.host.conditionalFormats.filter((f) => f.sheetId === sheet.id && intersect(f.rect, rect)).length);
    } });
    return result;
  }
}

class ConditionalFormatProxy {
  constructor(private readonly context: StandInContext, private readonly holder: { state?: ConditionalFormatState }, readonly type: string) {}
  private part(kind: string, typeName: string): { rule: unknown; format: { fill: { color: string } } } {
    const self = this;
    const check = (): ConditionalFormatState => {
      const state = self.holder.state!;
      if (state.type !== typeName) throw new StandInError('InvalidArgument', `A ${state.type} conditional format has no ${kind}.`);
      return state;
    };
    const rule = {
      set formula(f: string) { self.context.enqueue({ describe: `${kind}.rule.formula=`, requestBytes: json(f), run: () => { check().rule = { formula: f }; } }); },
      get formula(): string { throw notLoaded('formula'); },
    };
    return {
      get rule(): unknown { return rule; },
      set rule(r: unknown) { self.context.enqueue({ describe: `${kind}.rule=`, requestBytes: json(r), run: () => { check().rule = r; } }); },
      format: { fill: {
        get color(): string { throw notLoaded('color'); },
        set color(c: string) { self.context.enqueue({ describe: `${kind}.format.fill.color=`, requestBytes: json(c), run: () => { check().fill = c; } }); },
      } },
    };
  }
  get cellValue(): { rule: unknown; format: { fill: { color: string } } } { return this.part('cellValue', 'CellValue'); }
  get custom(): { rule: unknown; format: { fill: { color: string } } } { return this.part('custom', 'Custom'); }
  get textComparison(): { rule: unknown; format: { fill: { color: string } } } { return this.part('textComparison', 'ContainsText'); }
}

// ---------------------------------------------------------------------------------------------
// Tables

class TableProxy extends ProxyObject {
  constructor(context: StandInContext, readonly resolveTable: () => TableState | undefined, orNull = false) {
    super(context, orNull);
  }
  preload(sub: string): void {
    for (const p of sub.split('+').filter(Boolean)) this.loaded.set(p, this.read(p));
  }
  private table(): TableState {
    const t = this.resolveTable();
    if (!t) throw new StandInError('ItemNotFound', "The requested resource (Table) doesn't exist.");
    return t;
  }
  protected exists(): boolean {
    return this.resolveTable() !== undefined;
  }
  protected read(property: string): unknown {
    const t = this.table();
    if (property === 'name') return t.name;
    if (property === 'showHeaders') return t.showHeaders;
    if (property === 'showTotals') return false;
    throw new StandInError('InvalidArgument', `stand-in: Table.${property}`);
  }
  get name(): string { return this.prop('name'); }
  get showHeaders(): boolean { return this.prop('showHeaders'); }
  private rangeOf(fn: (t: TableState) => Rect): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      const t = this.table();
      return { sheet: this.host.sheetById(t.sheetId), rect: fn(t) };
    }));
  }
  getRange(): RangeProxy {
    return this.rangeOf((t) => t.rect);
  }
  getHeaderRowRange(): RangeProxy {
    return this.rangeOf((t) => ({ ...t.rect, rowCount: 1 }));
  }
  getDataBodyRange(): RangeProxy {
    return this.rangeOf((t) => ({ ...t.rect, row: t.rect.row + 1, rowCount: Math.max(1, t.rect.rowCount - 1) }));
  }
  get worksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, memo(() => this.host.sheetById(this.table().sheetId)));
  }
}

/** What Excel's table collections share: items (with a sub-property to preload) and a count. */
abstract class TableListProxy extends ProxyObject {
  constructor(context: StandInContext, protected readonly list: () => TableState[], private readonly kind: string) {
    super(context);
  }
  protected exists(): boolean {
    return true;
  }
  protected read(property: string): unknown {
    if (!property.startsWith('items')) throw new StandInError('InvalidArgument', `stand-in: ${this.kind}.${property}`);
    const sub = property.split('/')[1] ?? '';
    return this.list().map((t) => {
      const p = new TableProxy(this.context, () => t);
      p.preload(sub);
      return p;
    });
  }
  override load(properties?: string | string[]): this {
    return super.load(normaliseItems(properties));
  }
  get items(): TableProxy[] {
    return this.prop('items');
  }
  getCount(): ClientResult<number> {
    const result = new ClientResult<number>();
    this.context.enqueue({ describe: `${this.kind}.getCount`, requestBytes: 0, run: () => result.resolve(this.list().length) });
    return result;
  }
}

/** The tables a range overlaps (Range.getTables). */
class TableScopedCollectionProxy extends TableListProxy {
  constructor(context: StandInContext, list: () => TableState[]) {
    super(context, list, 'TableScopedCollection');
  }
  getFirst(): TableProxy {
    return new TableProxy(this.context, memo(() => this.list()[0]));
  }
}

/** The workbook's or a sheet's tables. */
class TableCollectionProxy extends TableListProxy {
  constructor(context: StandInContext, sheetId: (() => string) | undefined) {
    super(context, () => {
      const id = sheetId?.();
      return context.host.tables.filter((t) => id === undefined || t.sheetId === id);
    }, 'TableCollection');
  }
  getItem(name: string): TableProxy {
    return new TableProxy(this.context, memo(() => this.list().find((t) => t.name.toLowerCase() === name.toLowerCase())));
  }
  getItemOrNullObject(name: string): TableProxy {
    return new TableProxy(this.context, memo(() => this.list().find((t) => t.name.toLowerCase() === name.toLowerCase())), true);
  }
}

// ---------------------------------------------------------------------------------------------
// Names

const NAME_RULE = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;

class NamedItemCollectionProxy extends ProxyObject {
  constructor(context: StandInContext, private readonly scope: (() => string) | undefined) {
    super(context);
  }
  private find(name: string): NameState | undefined {
    const scopeId = this.scope?.();
    return this.host.names.find((n) => n.scopeSheetId === scopeId && n.name.toLowerCase() === name.toLowerCase());
  }
  protected exists(): boolean {
    return true;
  }
  protected read(): unknown {
    throw new StandInError('InvalidArgument', 'stand-in: load NamedItemCollection is not modelled');
  }
  add(name: string, reference: RangeProxy | string, comment = ''): NamedItemProxy {
    const bytes = json(name) + json(comment) + (typeof reference === 'string' ? json(reference) : 0);
    this.context.enqueue({ describe: `Names.add(${name})`, requestBytes: bytes, run: () => {
      if (!NAME_RULE.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name)) throw new StandInError('InvalidArgument', `The name ${name} is not valid.`);
      if (this.find(name)) throw new StandInError('ItemAlreadyExists', `A name ${name} already exists.`);
      let target: Located;
      if (typeof reference === 'string') {
        const parsed = parseA1(reference.replace(/^=/, ''));
        const sheet = parsed?.sheet !== undefined ? this.host.findSheet(parsed.sheet) : undefined;
        if (!parsed || !sheet) throw new StandInError('InvalidArgument', `Bad reference ${reference}`);
        target = { sheet, rect: parsed };
      } else target = (reference as unknown as { locate: () => Located | undefined }).locate()!;
      const scopeId = this.scope?.();
      this.host.names.push({ name, sheetId: target.sheet.id, rect: target.rect, comment, ...(scopeId !== undefined ? { scopeSheetId: scopeId } : {}) });
    } });
    return new NamedItemProxy(this.context, () => this.find(name));
  }
  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(this.context, memo(() => this.find(name)));
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(this.context, memo(() => this.find(name)), true);
  }
}

class NamedItemProxy extends ProxyObject {
  constructor(context: StandInContext, private readonly resolveName: () => NameState | undefined, orNull = false) {
    super(context, orNull);
  }
  private item(): NameState {
    const n = this.resolveName();
    if (!n) throw new StandInError('ItemNotFound', "The requested resource (NamedItem) doesn't exist.");
    return n;
  }
  protected exists(): boolean {
    return this.resolveName() !== undefined;
  }
  protected read(property: string): unknown {
    const n = this.item();
    const sheet = this.host.sheetById(n.sheetId);
    switch (property) {
      case 'name': return n.name;
      case 'type': return 'Range';
      case 'comment': return n.comment;
      case 'value': {
        const r = n.rect;
        const cell = (row: number, column: number): string => `$${a1({ row, column, rowCount: 1, columnCount: 1 }).replace(/(\d+)$/, '$$$1')}`;
        const ref = r.rowCount === 1 && r.columnCount === 1 ? cell(r.row, r.column) : `${cell(r.row, r.column)}:${cell(r.row + r.rowCount - 1, r.column + r.columnCount - 1)}`;
        return `${quoteSheetName(sheet.name)}!${ref}`;
      }
      default: throw new StandInError('InvalidArgument', `stand-in: NamedItem.${property}`);
    }
  }
  get name(): string { return this.prop('name'); }
  get type(): string { return this.prop('type'); }
  get value(): unknown { return this.prop('value'); }
  delete(): void {
    this.context.enqueue({ describe: 'NamedItem.delete', requestBytes: 0, run: () => {
      const n = this.item();
      this.host.names.splice(this.host.names.indexOf(n), 1);
    } });
  }
  getRange(): RangeProxy {
    return new RangeProxy(this.context, memo(() => {
      const n = this.item();
      return { sheet: this.host.sheetById(n.sheetId), rect: n.rect };
    }));
  }
}

// ---------------------------------------------------------------------------------------------
// Settings and custom XML parts

class SettingCollectionProxy extends ProxyObject {
  protected exists(): boolean {
    return true;
  }
  protected read(): unknown {
    throw new StandInError('InvalidArgument', 'stand-in: load SettingCollection is not modelled');
  }
  add(key: string, value: unknown): SettingProxy {
    const stored = JSON.stringify(value);
    this.context.enqueue({ describe: `Settings.add(${key})`, requestBytes: json(key) + stored.length, run: () => { this.host.settings.set(key, stored); } });
    return new SettingProxy(this.context, key);
  }
  getItem(key: string): SettingProxy {
    return new SettingProxy(this.context, key);
  }
  getItemOrNullObject(key: string): SettingProxy {
    return new SettingProxy(this.context, key, true);
  }
}

class SettingProxy extends ProxyObject {
  constructor(context: StandInContext, readonly settingKey: string, orNull = false) {
    super(context, orNull);
  }
  protected exists(): boolean {
    return this.host.settings.has(this.settingKey);
  }
  protected read(property: string, record: SyncRecord): unknown {
    if (property === 'key') return this.settingKey;
    if (property === 'value') {
      const stored = this.host.settings.get(this.settingKey)!;
      record.responseBytes += stored.length;
      return JSON.parse(stored);
    }
    throw new StandInError('InvalidArgument', `stand-in: Setting.${property}`);
  }
  get key(): string { return this.prop('key'); }
  get value(): unknown { return this.prop('value'); }
  delete(): void {
    this.context.enqueue({ describe: `Setting.delete(${this.settingKey})`, requestBytes: 0, run: () => { this.host.settings.delete(this.settingKey); } });
  }
}

const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The namespace of the root element, as Excel reads it; throws on what no XML parser accepts. */
function rootNamespace(xml: string): string {
  if (NOT_XML.test(xml)) throw new StandInError('InvalidArgument', 'The XML holds characters XML does not allow.');
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<([\w.-]+:)?[\w.-]+\b([^>]*)>/.exec(xml);
  if (!root) throw new StandInError('InvalidArgument', 'The XML has no root element.');
  const prefix = root[1]?.slice(0, -1);
  const ns = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(root[2] ?? '');
  return ns?.[1] ?? '';
}

class CustomXmlPartCollectionProxy extends ProxyObject {
  protected exists(): boolean {
    return true;
  }
  protected read(property: string): unknown {
    if (!property.startsWith('items')) throw new StandInError('InvalidArgument', `stand-in: CustomXmlPartCollection.${property}`);
    return this.host.xmlParts.map((p) => new CustomXmlPartProxy(this.context, () => p));
  }
  override load(properties?: string | string[]): this {
    return super.load(normaliseItems(properties));
  }
  get items(): CustomXmlPartProxy[] { return this.prop('items'); }
  add(xml: string): CustomXmlPartProxy {
    const holder: { part?: { id: string; xml: string; namespaceUri: string } } = {};
    this.context.enqueue({ describe: 'CustomXmlParts.add', requestBytes: json(xml), run: () => {
      holder.part = { id: this.host.id('{xml-'), xml, namespaceUri: rootNamespace(xml) };
      this.host.xmlParts.push(holder.part);
    } });
    return new CustomXmlPartProxy(this.context, () => holder.part);
  }
  getByNamespace(namespaceUri: string): CustomXmlPartScopedCollectionProxy {
    return new CustomXmlPartScopedCollectionProxy(this.context, () => this.host.xmlParts.filter((p) => p.namespaceUri === namespaceUri));
  }
  getItemOrNullObject(id: string): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this.context, memo(() => this.host.xmlParts.find((p) => p.id === id)), true);
  }
}

class CustomXmlPartScopedCollectionProxy extends ProxyObject {
  constructor(context: StandInContext, private readonly list: () => { id: string; xml: string; namespaceUri: string }[]) {
    super(context);
  }
  protected exists(): boolean {
    return true;
  }
  protected read(property: string): unknown {
    if (!property.startsWith('items')) throw new StandInError('InvalidArgument', `stand-in: CustomXmlPartScopedCollection.${property}`);
    return this.list().map((p) => new CustomXmlPartProxy(this.context, () => p));
  }
  override load(properties?: string | string[]): this {
    return super.load(normaliseItems(properties));
  }
  get items(): CustomXmlPartProxy[] { return this.prop('items'); }
  getOnlyItemOrNullObject(): CustomXmlPartProxy {
    return new CustomXmlPartProxy(this.context, memo(() => {
      const l = this.list();
      return l.length === 1 ? l[0] : undefined;
    }), true);
  }
  getCount(): ClientResult<number> {
    const result = new ClientResult<number>();
    this.context.enqueue({ describe: 'CustomXmlPartScopedCollection.getCount', requestBytes: 0, run: () => result.resolve(this.list().length) });
    return result;
  }
}

class CustomXmlPartProxy extends ProxyObject {
  constructor(context: StandInContext, private readonly resolvePart: () => { id: string; xml: string; namespaceUri: string } | undefined, orNull = false) {
    super(context, orNull);
  }
  private part(): { id: string; xml: string; namespaceUri: string } {
    const p = this.resolvePart();
    if (!p) throw new StandInError('ItemNotFound', "The requested resource (CustomXmlPart) doesn't exist.");
    return p;
  }
  protected exists(): boolean {
    return this.resolvePart() !== undefined;
  }
  protected read(property: string): unknown {
    if (property === 'id') return this.part().id;
    if (property === 'namespaceUri') return this.part().namespaceUri;
    throw new StandInError('InvalidArgument', `stand-in: CustomXmlPart.${property}`);
  }
  get id(): string { return this.prop('id'); }
  get namespaceUri(): string { return this.prop('namespaceUri'); }
  /** The XML as a parser would give it back: literal line ends normalised to LF. */
  getXml(): ClientResult<string> {
    const result = new ClientResult<string>();
    this.context.enqueue({ describe: 'CustomXmlPart.getXml', requestBytes: 0, run: (record) => {
      const xml = this.part().xml.replace(/\r\n?/g, '\n');
      record.responseBytes += json(xml);
      result.resolve(xml);
    } });
    return result;
  }
  setXml(xml: string): void {
    this.context.enqueue({ describe: 'CustomXmlPart.setXml', requestBytes: json(xml), run: () => {
      const p = this.part();
      p.namespaceUri = rootNamespace(xml);
      p.xml = xml;
    } });
  }
  delete(): void {
    this.context.enqueue({ describe: 'CustomXmlPart.delete', requestBytes: 0, run: () => {
      const p = this.part();
      this.host.xmlParts.splice(this.host.xmlParts.indexOf(p), 1);
    } });
  }
}
