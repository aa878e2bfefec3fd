/**
 * The workbook grid of the standalone page: the table's columns as read (editable), then the
 * result columns the evaluation appends (read-only, statuses coloured). An ARIA grid with one tab
 * stop: arrow keys, Home/End (Ctrl: first/last row) and Page Up/Down move, scrolling the cell into
 * view; Enter, F2, typing or a double click edits an input cell; Enter (or Tab) commits, Escape
 * cancels, Delete empties the cell.
 *
 * Virtualised: only the rows in view, plus an overscan either side, are in the DOM (spacer rows
 * above and below give the scroll height; every row has the same height, the columns fixed widths,
 * see ./columnWidths). The grid keeps the table and the results; new results update that model
 * and the rows in the DOM only. aria-rowcount and each row's aria-rowindex tell assistive
 * technology the whole table's size and where a row is in it.
 */
import type { RowResult } from '../../src/core/engine/evaluator';
import type { ResultColumn } from '../../src/core/resultGrid';
import type { Table } from '../../src/core/table';
import { canvasMeasure, columnWidths, sampleRows, type ColumnSpec } from './columnWidths';
import { h } from './dom';
import { cellDisplay, cellEditText, fillInput, fillResult, resultTexts, sameColumns, sameResult } from './gridCells';
import { pageRows, scrollTopFor, windowFor, type RowWindow, type Viewport } from './gridWindow';

export { cellDisplay, cellEditText };

export interface GridHooks {
  /** An input cell was edited (text as typed; '' for an emptied cell). */
  edit(row: number, column: number, text: string): void;
  /** The user moved to another row (0-based index into table.rows). */
  select(row: number): void;
}

/** Rows kept in the DOM above and below the ones in view. */
export const OVERSCAN = 30;
/** A row's height as the stylesheet draws it (16 px line, 6 px padding above and below, 1 px border); measured once shown. */
const ROW_HEIGHT = 29;
/** The viewport assumed while the grid is not in the page yet. */
const DETACHED_HEIGHT = 640;
/** A cell's horizontal padding and its right border, in pixels. */
const CELL_EXTRA = 2 * 8 + 1;
/** A status chip's own padding. */
const CHIP_EXTRA = 2 * 6;

interface RowView {
  tr: HTMLTableRowElement;
  /** Input cells, then result cells. */
  cells: HTMLTableCellElement[];
}

interface Editing {
  row: number;
  col: number;
  cell: HTMLTableCellElement;
  finish(commit: boolean): void;
}

export class WorkbookGrid {
  readonly element: HTMLElement;
  private readonly grid: HTMLTableElement;
  private readonly colgroup = h('colgroup');
  private readonly headRow = h('tr', { attrs: { role: 'row', 'aria-rowindex': 1 } });
  private readonly body = h('tbody');
  private readonly above = h('td', { class: 'cw-grid__spacer' });
  private readonly below = h('td', { class: 'cw-grid__spacer' });
  private readonly aboveRow = h('tr', { class: 'cw-grid__spacer-row', attrs: { 'aria-hidden': 'true' } }, this.above);
  private readonly belowRow = h('tr', { class: 'cw-grid__spacer-row', attrs: { 'aria-hidden': 'true' } }, this.below);

  private table: Table | undefined;
  private columns: ResultColumn[] = [];
  private results: (RowResult | undefined)[] = [];
  /** Cells edited here, as `row:column`. */
  private readonly edited = new Set<string>();
  /** Rows whose input changed and whose new result is not in yet. */
  private readonly stale = new Set<number>();
  private active = { row: 0, col: 0 };
  private selectedRow = -1;
  private editing: Editing | undefined;

  /** The rows in the DOM, by index into table.rows: no DOM queries per edit. */
  private readonly rows = new Map<number, RowView>();
  private window: RowWindow = { first: 0, last: 0 };
  private rowHeight = ROW_HEIGHT;
  private rowHeightMeasured = false;
  private headerHeight = 0;
  /** Pixel widths: the row number column, then input and result columns. */
  private rowHeadWidth = 48;
  private widths: number[] = [];

  constructor(private readonly hooks: GridHooks) {
    this.grid = h('table', { class: 'cw-grid', tabIndex: -1, attrs: { role: 'grid' } },
      this.colgroup, h('thead', null, this.headRow), this.body);
    this.body.append(this.aboveRow, this.belowRow);
    this.element = h('div', { class: 'cw-grid-scroller', attrs: { 'data-grid-scroller': '' } }, this.grid);
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.grid.addEventListener('focusin', (e) => this.onFocus(e));
    this.grid.addEventListener('dblclick', (e) => {
      const cell = this.cellOf(e.target);
      if (cell && cell.dataset.kind === 'input') this.startEdit(cell, 'select');
    });
    this.element.addEventListener('scroll', () => this.renderWindow(), { passive: true });
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => {
        this.headerHeight = 0;
        this.renderWindow();
      }).observe(this.element);
    }
  }

  private get width(): number {
    return (this.table?.headers.length ?? 0) + this.columns.length;
  }

  private get inputCount(): number {
    return this.table?.headers.length ?? 0;
  }

  /** Show a new table (results cleared), scrolled to its top. */
  setTable(table: Table, label: string): void {
    this.finishEditing(false);
    this.table = table;
    this.columns = [];
    this.results = [];
    this.edited.clear();
    this.stale.clear();
    this.active = { row: 0, col: 0 };
    this.selectedRow = -1;
    this.grid.setAttribute('aria-label', label);
    this.element.scrollTop = 0;
    this.element.scrollLeft = 0;
    this.layoutColumns();
    this.renderWindow(true);
  }

  /**
   * Append (or replace) the result columns. The results are kept for every row; of the rows in
   * the DOM only those whose result shows differently are touched (a what-if re-evaluates every
   * row, most stay the same).
   */
  setResults(columns: ResultColumn[], results: readonly (RowResult | undefined)[]): void {
    const same = this.columns.length > 0 && sameColumns(this.columns, columns);
    const previous = this.results;
    this.results = [...results];
    for (let r = 0; r < this.results.length; r++) if (this.results[r]) this.stale.delete(r);
    if (!same) {
      this.finishEditing(true);
      this.columns = columns;
      this.layoutColumns();
      this.renderWindow(true);
      return;
    }
    for (const [r, view] of this.rows) {
      const result = this.results[r];
      const before = previous[r];
      if (!(result && before && sameResult(result, before)) && result !== before) this.fillResults(view, result);
      this.markStale(view, r);
    }
  }

  /** One row re-evaluated. */
  updateRow(index: number, result: RowResult): void {
    this.results[index] = result;
    this.stale.delete(index);
    const view = this.rows.get(index);
    if (!view) return;
    this.fillResults(view, result);
    this.markStale(view, index);
  }

  /** An input cell changed (after an edit): show its new value; results of its row go stale. */
  refreshCell(index: number, column: number, stale: boolean): void {
    if (!this.table?.rows[index]) return;
    this.edited.add(`${index}:${column}`);
    if (stale && this.columns.length) this.stale.add(index);
    const view = this.rows.get(index);
    const td = view?.cells[column];
    if (!view || !td) return;
    if (this.editing?.cell !== td) fillInput(td, this.table.rows[index]!.cells[column], true);
    this.markStale(view, index);
  }

  get selected(): number {
    return this.selectedRow;
  }

  // -------------------------------------------------------------------------------------------
  // Columns: header, widths

  private layoutColumns(): void {
    const table = this.table;
    this.headRow.replaceChildren();
    this.colgroup.replaceChildren();
    if (!table) return;
    const inputs = table.headers.length;
    this.grid.setAttribute('aria-rowcount', String(table.rows.length + 1));
    this.grid.setAttribute('aria-colcount', String(this.width + 1));
    this.computeWidths(table);
    this.headRow.append(
      h('th', { class: 'cw-grid__corner', scope: 'col', attrs: { role: 'columnheader', 'aria-colindex': 1 } }, h('span', { class: 'cw-visually-hidden' }, 'Row'), '#'),
      ...table.headers.map((header, c) => h('th', { scope: 'col', class: 'cw-col--input', title: header, attrs: { role: 'columnheader', 'aria-colindex': c + 2 } }, header || `(column ${c + 1})`)),
      ...this.columns.map((column, k) => h('th', {
        scope: 'col', class: `cw-col--result cw-col--${column.field}`, title: `${column.title}: written by Clausewise`,
        attrs: { role: 'columnheader', 'aria-colindex': inputs + k + 2 },
      }, column.title)));
    this.colgroup.append(h('col', { attrs: { style: `width:${this.rowHeadWidth}px` } }),
      ...this.widths.map((w) => h('col', { attrs: { style: `width:${w}px` } })));
    this.grid.style.width = `${this.rowHeadWidth + this.widths.reduce((a, b) => a + b, 0)}px`;
    this.above.colSpan = this.width + 1;
    this.below.colSpan = this.width + 1;
    this.headerHeight = 0;
  }

  private computeWidths(table: Table): void {
    const narrow = typeof matchMedia === 'function' && matchMedia('(max-width: 480px)').matches;
    const max = (narrow ? 180 : 240) + CELL_EXTRA;
    const font = getComputedStyle(this.element.isConnected ? this.grid : document.body).fontFamily || 'sans-serif';
    const measure = canvasMeasure(font);
    const specs: ColumnSpec[] = [
      ...table.headers.map((header, c): ColumnSpec => ({
        header: header || `(column ${c + 1})`, text: (r) => cellDisplay(table.rows[r]?.cells[c]), extra: CELL_EXTRA + 2, min: 56, max,
      })),
      ...this.columns.map((column): ColumnSpec => {
        const wide = column.field === 'findings' || column.field === 'errors';
        return {
          header: column.title,
          text: (r) => {
            const result = this.results[r];
            return result ? resultTexts(column, result).shown : '';
          },
          extra: CELL_EXTRA + 2 + (column.field === 'status' ? CHIP_EXTRA : 0),
          min: wide ? 200 + CELL_EXTRA : 56,
          max: wide ? 360 + CELL_EXTRA : max,
        };
      }),
    ];
    this.widths = columnWidths(specs, sampleRows(table.rows.length), measure, CELL_EXTRA + 2);
    const lastNumber = String(table.rows[table.rows.length - 1]?.row ?? '');
    this.rowHeadWidth = Math.ceil(Math.max(32, measure(lastNumber, true)) + CELL_EXTRA);
  }

  // -------------------------------------------------------------------------------------------
  // Rows: the window in the DOM

  private viewport(): Viewport {
    if (!this.headerHeight) this.headerHeight = this.headRow.getBoundingClientRect().height;
    return {
      scrollTop: this.element.scrollTop,
      height: this.element.isConnected && this.element.clientHeight > 0 ? this.element.clientHeight : DETACHED_HEIGHT,
      headerHeight: this.headerHeight || this.rowHeight,
      rowHeight: this.rowHeight,
    };
  }

  /** Bring the DOM's rows in line with the viewport (all of them anew when `rebuild`). */
  private renderWindow(rebuild = false): void {
    const table = this.table;
    if (!table) return;
    const count = table.rows.length;
    // The scroller's height follows its content: give it the whole table's height before reading it.
    if (rebuild) {
      this.above.style.height = '0px';
      this.below.style.height = `${Math.max(0, count - this.rows.size) * this.rowHeight}px`;
    }
    const current = rebuild ? undefined : this.window;
    const next = windowFor(count, this.viewport(), OVERSCAN, current);
    if (next === current) return;
    const old = rebuild ? { first: 0, last: 0 } : this.window;
    for (const [r, view] of this.rows) if (rebuild || r < next.first || r >= next.last) this.dropRow(r, view);
    const keptFirst = Math.max(next.first, old.first);
    const keptLast = Math.min(next.last, old.last);
    if (keptFirst >= keptLast) {
      this.body.insertBefore(this.makeRows(next.first, next.last), this.belowRow);
    } else {
      this.body.insertBefore(this.makeRows(next.first, keptFirst), this.rows.get(keptFirst)!.tr);
      this.body.insertBefore(this.makeRows(keptLast, next.last), this.belowRow);
    }
    this.window = next;
    this.sizeSpacers();
    this.updateTabStop();
    if (!this.rowHeightMeasured) this.measureRowHeight();
  }

  private sizeSpacers(): void {
    const count = this.table?.rows.length ?? 0;
    this.above.style.height = `${this.window.first * this.rowHeight}px`;
    this.below.style.height = `${(count - this.window.last) * this.rowHeight}px`;
  }

  /** The stylesheet decides a row's height; read it once the grid is shown, and redo the window if it differs. */
  private measureRowHeight(): void {
    const first = this.rows.get(this.window.first);
    if (!first || !this.element.isConnected) return;
    const height = first.tr.getBoundingClientRect().height;
    if (height <= 0) return;
    this.rowHeightMeasured = true;
    if (Math.abs(height - this.rowHeight) < 0.01) return;
    this.rowHeight = height;
    this.renderWindow(true);
  }

  private makeRows(from: number, to: number): DocumentFragment {
    const fragment = document.createDocumentFragment();
    for (let r = from; r < to; r++) fragment.appendChild(this.makeRow(r).tr);
    return fragment;
  }

  private makeRow(r: number): RowView {
    const table = this.table!;
    const row = table.rows[r]!;
    const selected = r === this.selectedRow;
    const tr = h('tr', { class: selected ? 'cw-row--selected' : '', attrs: { role: 'row', 'aria-rowindex': r + 2, 'data-row': r, 'aria-selected': String(selected) } },
      h('th', { scope: 'row', class: 'cw-grid__rowhead', attrs: { role: 'rowheader', 'aria-colindex': 1 } }, String(row.row)));
    const cells: HTMLTableCellElement[] = [];
    table.headers.forEach((header, c) => {
      const td = h('td', { class: 'cw-cell', tabIndex: -1, attrs: { role: 'gridcell', 'aria-colindex': c + 2, 'data-row': r, 'data-col': c, 'data-header': header, 'data-kind': 'input' } });
      fillInput(td, row.cells[c], this.edited.has(`${r}:${c}`));
      cells.push(td);
    });
    const inputs = table.headers.length;
    this.columns.forEach((column, k) => {
      const td = h('td', {
        class: `cw-cell cw-cell--result cw-col--${column.field}`, tabIndex: -1,
        attrs: { role: 'gridcell', 'aria-readonly': 'true', 'aria-colindex': inputs + k + 2, 'data-row': r, 'data-col': inputs + k, 'data-field': column.field, 'data-kind': 'result' },
      });
      fillResult(td, column, this.results[r]);
      cells.push(td);
    });
    tr.append(...cells);
    if (r === this.active.row) {
      const cell = cells[this.active.col];
      if (cell) cell.tabIndex = 0;
    }
    const view = { tr, cells };
    this.rows.set(r, view);
    this.markStale(view, r);
    return view;
  }

  /** A row leaves the DOM: an edit in it is committed first, focus in it moves to the grid itself. */
  private dropRow(r: number, view: RowView): void {
    if (this.editing?.row === r) this.finishEditing(true);
    const focused = view.tr.contains(document.activeElement);
    view.tr.remove();
    this.rows.delete(r);
    if (focused) this.grid.focus({ preventScroll: true });
  }

  private fillResults(view: RowView, result: RowResult | undefined): void {
    const inputs = this.inputCount;
    this.columns.forEach((column, k) => {
      const td = view.cells[inputs + k];
      if (td) fillResult(td, column, result);
    });
  }

  private markStale(view: RowView, r: number): void {
    const stale = this.stale.has(r) && this.columns.length > 0;
    view.tr.classList.toggle('cw-row--stale', stale);
    if (stale) view.tr.setAttribute('aria-busy', 'true');
    else view.tr.removeAttribute('aria-busy');
  }

  /**
   * The one tab stop: the active cell when it is in the DOM, else the grid itself (its keys then
   * act on the active cell, scrolled back into view). Focus left on the grid returns to the cell.
   */
  private updateTabStop(): void {
    const cell = this.cellAt(this.active.row, this.active.col);
    this.grid.tabIndex = cell ? -1 : 0;
    if (cell) {
      cell.tabIndex = 0;
      if (document.activeElement === this.grid) cell.focus({ preventScroll: true });
    }
  }

  private cellAt(row: number, col: number): HTMLTableCellElement | null {
    return this.rows.get(row)?.cells[col] ?? null;
  }

  private cellOf(target: EventTarget | null): HTMLTableCellElement | null {
    return target instanceof Element ? target.closest<HTMLTableCellElement>('td[data-row]') : null;
  }

  // -------------------------------------------------------------------------------------------
  // Moving and scrolling

  /** Scroll so the cell is in full view (not under the sticky header or the pinned columns) and in the DOM. */
  private reveal(row: number, col: number): HTMLTableCellElement | null {
    const v = this.viewport();
    const top = scrollTopFor(row, v);
    if (top !== v.scrollTop) this.element.scrollTop = top;
    this.renderWindow();
    const statusAt = this.columns.findIndex((c) => c.field === 'status');
    const status = statusAt >= 0 ? this.inputCount + statusAt : -1;
    if (col !== status) {
      let left = this.rowHeadWidth;
      for (let c = 0; c < col; c++) left += this.widths[c] ?? 0;
      const right = left + (this.widths[col] ?? 0);
      const pinnedRight = status > col ? (this.widths[status] ?? 0) : 0;
      const s = this.element;
      const band = s.clientWidth - this.rowHeadWidth - pinnedRight; // what the pinned columns leave visible
      if (left - this.rowHeadWidth < s.scrollLeft || right - left > band) s.scrollLeft = left - this.rowHeadWidth;
      else if (right > s.scrollLeft + s.clientWidth - pinnedRight) s.scrollLeft = right - s.clientWidth + pinnedRight;
    }
    return this.cellAt(row, col);
  }

  private onFocus(e: FocusEvent): void {
    const cell = this.cellOf(e.target);
    if (!cell || (this.editing && this.editing.cell === cell)) return;
    this.moveTo(Number(cell.dataset.row), Number(cell.dataset.col), false);
  }

  private moveTo(row: number, col: number, focus = true): void {
    const table = this.table;
    if (!table || table.rows.length === 0) return;
    row = Math.max(0, Math.min(table.rows.length - 1, row));
    col = Math.max(0, Math.min(this.width - 1, col));
    const previous = this.cellAt(this.active.row, this.active.col);
    this.active = { row, col };
    const next = focus ? this.reveal(row, col) : this.cellAt(row, col);
    if (previous && previous !== next) previous.tabIndex = -1;
    this.updateTabStop();
    if (focus && next) {
      next.focus({ preventScroll: true });
      // In the scroller the cell is in view already; this scrolls the page if the grid is cut by the window.
      next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    if (row !== this.selectedRow) {
      const before = this.rows.get(this.selectedRow)?.tr;
      before?.classList.remove('cw-row--selected');
      before?.setAttribute('aria-selected', 'false');
      this.selectedRow = row;
      const now = this.rows.get(row)?.tr;
      now?.classList.add('cw-row--selected');
      now?.setAttribute('aria-selected', 'true');
      this.hooks.select(row);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editing || !this.table) return; // the editor handles its own keys
    if (!this.cellOf(e.target) && e.target !== this.grid) return;
    const { row, col } = this.active;
    const page = pageRows(this.viewport());
    const last = Number.MAX_SAFE_INTEGER;
    const moves: Record<string, [number, number] | undefined> = {
      ArrowUp: [row - 1, col], ArrowDown: [row + 1, col], ArrowLeft: [row, col - 1], ArrowRight: [row, col + 1],
      Home: e.ctrlKey || e.metaKey ? [0, 0] : [row, 0], End: e.ctrlKey || e.metaKey ? [last, last] : [row, last],
      PageUp: [row - page, col], PageDown: [row + page, col],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.moveTo(move[0], move[1]);
      return;
    }
    const editable = col < this.inputCount;
    const wanted = editable && (e.key === 'Enter' || e.key === 'F2' || e.key === 'Delete' || e.key === 'Backspace'
      || (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' '));
    if (!wanted) return;
    e.preventDefault();
    const cell = this.cellOf(e.target) ?? this.reveal(row, col);
    if (!cell) return;
    if (e.key === 'Enter' || e.key === 'F2') this.startEdit(cell, e.key === 'F2' ? 'end' : 'select');
    else if (e.key === 'Delete' || e.key === 'Backspace') this.hooks.edit(Number(cell.dataset.row), Number(cell.dataset.col), '');
    else this.startEdit(cell, 'replace', e.key);
  }

  // -------------------------------------------------------------------------------------------
  // Editing

  private finishEditing(commit: boolean): void {
    this.editing?.finish(commit);
  }

  private startEdit(cell: HTMLTableCellElement, mode: 'select' | 'end' | 'replace', typed = ''): void {
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.col);
    const raw = this.table?.rows[r]?.cells[c];
    const header = this.table?.headers[c] ?? '';
    const original = cellEditText(raw);
    const input = h('input', {
      type: 'text', class: 'cw-cell-editor', value: mode === 'replace' ? typed : original, spellcheck: false, autocomplete: 'off',
      attrs: { 'aria-label': `${header}, row ${this.table?.rows[r]?.row ?? r + 1}` },
    });
    let done = false;
    const finish = (commit: boolean, then?: [number, number]) => {
      if (done) return;
      done = true;
      this.editing = undefined;
      cell.classList.remove('cw-cell--editing');
      const text = input.value;
      const refocus = document.activeElement === input;
      fillInput(cell, raw, this.edited.has(`${r}:${c}`));
      if (commit && text !== original) this.hooks.edit(r, c, text.trim());
      if (then) this.moveTo(then[0], then[1]);
      else if (refocus || document.activeElement === document.body || !document.activeElement) {
        if (cell.isConnected) cell.focus({ preventScroll: true });
      }
    };
    this.editing = { row: r, col: c, cell, finish: (commit) => finish(commit) };
    cell.classList.add('cw-cell--editing');
    cell.replaceChildren(input);
    input.focus({ preventScroll: true });
    if (mode === 'select') input.select();
    else input.setSelectionRange(input.value.length, input.value.length);

    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        finish(true, [r, c]);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        finish(false, [r, c]);
      } else if (e.key === 'Tab') {
        e.preventDefault();
        finish(true, [r, c + (e.shiftKey ? -1 : 1)]);
      }
    });
    input.addEventListener('blur', () => finish(true));
  }
}
