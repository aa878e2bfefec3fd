/// <reference types="office-js" />
/**
 * Live what-if: when the user edits cells of the table, only the edited rows are evaluated again
 * and their results rewritten.
 *
 * Two parts, both pure and testable without Excel, and a thin adapter:
 * - `classifyChange` decides what a worksheet change means: rows to evaluate again (by index into
 *   `table.rows`), a change of structure that needs a full re-read (the header row edited, rows or
 *   columns inserted or deleted, a new row typed below the table), or nothing to do — in particular
 *   the add-in's own writes: changes Excel reports as made by this add-in (triggerSource
 *   "ThisLocalAddin", ExcelApi 1.14), changes inside the add-in's result block, and changes inside
 *   the cells the add-in is writing at that moment. The address filter matters most: Excel
 *   delivers the events of a write after the sync that made it, possibly after the writing flag is
 *   down again, and older hosts do not report triggerSource.
 * - `LatestWinsQueue` runs the evaluations: rows from edits are gathered; one evaluation runs at a
 *   time; edits arriving during a run are gathered and evaluated once more right after it, with the
 *   union of their rows. Fast successive edits therefore end in the state of the last one, with at
 *   most two evaluations for a burst, never two at once.
 * - `attachLiveWhatIf` subscribes the controller to the sheet's onChanged event.
 */
import type { Table } from '../core/table';
import { intersect, lastColumn, lastRow, parseAreas, subtract, contains, type Rect } from './a1';
import type { TableAddress } from './readTable';
import { blockRect, type ResultBlock } from './writeResults';

// ---------------------------------------------------------------------------------------------
// The queue

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface QueueOptions {
  /** Wait this long after the first edit of a burst before evaluating (default 0: the next tick). */
  delayMs?: number;
  timers?: Timers;
  /** A failed evaluation is reported here; the queue goes on. */
  onError?: (error: unknown) => void;
}

/** Coalescing, one-at-a-time runner of `run(rows)`: the latest edits always get evaluated. */
export class LatestWinsQueue {
  private readonly pending = new Set<number>();
  private timer: unknown;
  private armed = false;
  private active = false;
  private waiters: (() => void)[] = [];
  /** Evaluations started so far. */
  runs = 0;

  constructor(private readonly run: (rows: number[]) => Promise<void>, private readonly options: QueueOptions = {}) {}

  get running(): boolean {
    return this.active;
  }

  /** Rows waiting for the next evaluation. */
  get waiting(): number[] {
    return [...this.pending].sort((a, b) => a - b);
  }

  schedule(rows: Iterable<number>): void {
    for (const r of rows) this.pending.add(r);
    if (this.pending.size === 0 || this.active || this.armed) return;
    this.armed = true;
    this.timer = (this.options.timers ?? REAL_TIMERS).set(() => {
      this.armed = false;
      this.timer = undefined;
      void this.drain();
    }, this.options.delayMs ?? 0);
  }

  /** Forget the rows waiting (after a change of structure their indexes mean nothing). */
  clear(): void {
    this.pending.clear();
    if (this.armed) (this.options.timers ?? REAL_TIMERS).clear(this.timer);
    this.armed = false;
    this.timer = undefined;
    this.notifyIfIdle();
  }

  /** Resolves once nothing is running, armed or waiting. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private isIdle(): boolean {
    return !this.active && !this.armed && this.pending.size === 0;
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async drain(): Promise<void> {
    if (this.active) return;
    this.active = true;
    try {
      while (this.pending.size > 0) {
        const rows = this.waiting;
        this.pending.clear();
        this.runs += 1;
        try {
          await this.run(rows);
        } catch (error) {
          this.options.onError?.(error);
        }
      }
    } finally {
      this.active = false;
      this.notifyIfIdle();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What a change means

/** The fields of Excel.WorksheetChangedEventArgs this uses. */
export interface ChangeArgs {
  address: string;
  changeType?: string;
  source?: string;
  triggerSource?: string;
}

/** The table as live what-if sees it. Rows and columns 0-based. */
export interface LiveTable {
  address: TableAddress;
  /** The sheet row of each table row, by index into `table.rows`. */
  sheetRows: readonly number[];
  /** The add-in's result block, if written. */
  block?: Rect;
}

export type ChangeDecision =
  | { kind: 'rows'; rowIndexes: number[] }
  | { kind: 'structure'; reason: string }
  | { kind: 'ignored'; reason: 'own-write' | 'result-block' | 'outside-table' | 'unreadable-address' };

export function liveTableOf(table: Table, address: TableAddress, block?: ResultBlock): LiveTable {
  return { address, sheetRows: table.rows.map((r) => r.sourceRow - 1), ...(block ? { block: blockRect(block) } : {}) };
}

function tableRect(a: TableAddress): Rect {
  return { row: a.firstRow, column: a.firstColumn, rowCount: a.rowCount, columnCount: a.columnCount };
}

/** What one worksheet change means for the table. Pure. `writing`: the cells the add-in is writing now. */
export function classifyChange(args: ChangeArgs, live: LiveTable, writing: readonly Rect[] = []): ChangeDecision {
  if (args.triggerSource === 'ThisLocalAddin') return { kind: 'ignored', reason: 'own-write' };
  const areas = parseAreas(args.address);
  if (!areas) return { kind: 'ignored', reason: 'unreadable-address' };
  const changeType = args.changeType ?? 'RangeEdited';
  const table = tableRect(live.address);

  if (changeType !== 'RangeEdited' && changeType !== 'Unknown') {
    // Rows or columns inserted or deleted at or above/left of what the add-in tracks shift it.
    const lastTracked = live.block ? Math.max(lastColumn(table), lastColumn(live.block)) : lastColumn(table);
    const shifts = areas.some((a) => a.row <= lastRow(table) && a.column <= lastTracked);
    return shifts ? { kind: 'structure', reason: `${changeType} at ${args.address}` } : { kind: 'ignored', reason: 'outside-table' };
  }

  let rest = live.block ? areas.flatMap((a) => subtract(a, live.block)) : areas;
  if (rest.length === 0) return { kind: 'ignored', reason: 'result-block' };
  if (writing.length > 0) {
    rest = rest.filter((a) => !writing.some((w) => contains(w, a)));
    if (rest.length === 0) return { kind: 'ignored', reason: 'own-write' };
  }

  const indexOfSheetRow = new Map<number, number>();
  live.sheetRows.forEach((sheetRow, i) => indexOfSheetRow.set(sheetRow, i));
  const rows = new Set<number>();
  const columns: Rect = { row: 0, column: table.column, rowCount: Number.MAX_SAFE_INTEGER, columnCount: table.columnCount };
  for (const area of rest) {
    const inColumns = intersect(area, columns);
    if (!inColumns) continue;
    if (inColumns.row <= table.row && lastRow(inColumns) >= table.row) return { kind: 'structure', reason: `the header row was edited (${args.address})` };
    if (lastRow(inColumns) > lastRow(table)) return { kind: 'structure', reason: `rows were added below the table (${args.address})` };
    const from = Math.max(inColumns.row, table.row + 1);
    for (let r = from; r <= lastRow(inColumns); r++) {
      const index = indexOfSheetRow.get(r);
      if (index === undefined) return { kind: 'structure', reason: `row ${r + 1}, empty before, was filled in (${args.address})` };
      rows.add(index);
    }
  }
  if (rows.size === 0) return { kind: 'ignored', reason: 'outside-table' };
  return { kind: 'rows', rowIndexes: [...rows].sort((a, b) => a - b) };
}

// ---------------------------------------------------------------------------------------------
// The controller

export interface LiveWhatIfOptions extends QueueOptions {
  table: LiveTable;
  /** Evaluate these table rows again and write their results (inside `whileWriting`). */
  reevaluate: (rowIndexes: number[]) => Promise<void>;
  /** The table changed shape: read it again and evaluate everything. */
  onStructureChange?: (reason: string) => void;
}

export class LiveWhatIf {
  private table: LiveTable;
  private readonly queue: LatestWinsQueue;
  private readonly writingNow: Rect[][] = [];
  /** Incremented by every own write: lets callers tell writes apart in logs and tests. */
  generation = 0;
  /** Decisions taken, newest last (for the task pane's diagnostics and for tests). */
  readonly log: { args: ChangeArgs; decision: ChangeDecision }[] = [];
  private stopped = false;

  constructor(private readonly options: LiveWhatIfOptions) {
    this.table = options.table;
    this.queue = new LatestWinsQueue((rows) => options.reevaluate(rows), options);
  }

  get writing(): boolean {
    return this.writingNow.length > 0;
  }

  get evaluations(): number {
    return this.queue.runs;
  }

  /** After a full re-read and rewrite: the new table and block. */
  update(table: LiveTable): void {
    this.table = table;
  }

  /** The handler for Worksheet.onChanged. */
  handleChange(args: ChangeArgs): ChangeDecision {
    const decision: ChangeDecision = this.stopped
      ? { kind: 'ignored', reason: 'outside-table' }
      : classifyChange(args, this.table, this.writingNow.flat());
    this.log.push({ args: { address: args.address, changeType: args.changeType, source: args.source, triggerSource: args.triggerSource }, decision });
    if (decision.kind === 'rows') this.queue.schedule(decision.rowIndexes);
    else if (decision.kind === 'structure') {
      this.queue.clear();
      this.options.onStructureChange?.(decision.reason);
    }
    return decision;
  }

  /** Run the add-in's own write; changes inside `cells` (the result block by default) meanwhile are its own. */
  async whileWriting<T>(write: () => Promise<T>, cells?: readonly Rect[]): Promise<T> {
    const ranges = [...(cells ?? (this.table.block ? [this.table.block] : []))];
    this.writingNow.push(ranges);
    this.generation += 1;
    try {
      return await write();
    } finally {
      this.writingNow.splice(this.writingNow.indexOf(ranges), 1);
    }
  }

  /** Resolves when no evaluation is running or waiting. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  stop(): void {
    this.stopped = true;
    this.queue.clear();
  }
}

/**
 * Subscribe `controller` to the sheet's onChanged event (one sync). `detach` removes the handler
 * through the context it was added with, as Excel requires, and stops the controller.
 */
export async function attachLiveWhatIf(context: Excel.RequestContext, sheetName: string, controller: LiveWhatIf): Promise<{ detach(): Promise<void> }> {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const registration = sheet.onChanged.add(async (args: Excel.WorksheetChangedEventArgs) => {
    controller.handleChange(args);
  });
  await context.sync();
  return {
    async detach() {
      controller.stop();
      registration.remove();
      await registration.context.sync();
    },
  };
}
