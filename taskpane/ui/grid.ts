/**
 * The workbook grid of the standalone page: the table's columns as read (editable), then the
 * result columns the evaluation appends (read-only, statuses coloured). An ARIA grid with one tab
 * stop: arrow keys, Home/End and Page Up/Down move; Enter, F2, typing or a double click edits an
 * input cell; Enter (or Tab) commits, Escape cancels, Delete empties the cell.
 */
import type { RowResult } from '../../src/core/engine/evaluator';
import { formatNumber, formatValue } from '../../src/core/format';
import { resultValue, type ResultColumn } from '../../src/core/resultGrid';
import type { RawCell, Table } from '../../src/core/table';
import { h } from './dom';
import { statusChip } from './status';

export interface GridHooks {
  /** An input cell was edited (text as typed; '' for an emptied cell). */
  edit(row: number, column: number, text: string): void;
  /** The user moved to another row (0-based index into table.rows). */
  select(row: number): void;
}

/** An input cell as shown: numbers with separators, dates as YYYY-MM-DD. */
export function cellDisplay(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return formatNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'object') return 'date' in cell ? cell.date : cell.error;
  return cell;
}

/** An input cell as text to edit: numbers without separators. */
export function cellEditText(cell: RawCell | undefined): string {
  if (typeof cell === 'number') return String(cell);
  return cellDisplay(cell);
}

export class WorkbookGrid {
  readonly element: HTMLElement;
  private readonly grid: HTMLTableElement;
  private table: Table | undefined;
  private columns: ResultColumn[] = [];
  private results: (RowResult | undefined)[] = [];
  private edited = new Set<string>();
  private active = { row: 0, col: 0 };
  private selectedRow = -1;
  private editing: { cell: HTMLTableCellElement; input: HTMLInputElement } | undefined;
  /** The rendered rows and their cells (input cells, then result cells), by index: no DOM queries per edit. */
  private rowEls: HTMLTableRowElement[] = [];
  private cellEls: HTMLTableCellElement[][] = [];

  constructor(private readonly hooks: GridHooks) {
    this.grid = h('table', { class: 'cw-grid', attrs: { role: 'grid' } });
    this.element = h('div', { class: 'cw-grid-scroller', attrs: { 'data-grid-scroller': '' } }, this.grid);
    this.grid.addEventListener('keydown', (e) => this.onKey(e));
    this.grid.addEventListener('focusin', (e) => this.onFocus(e));
    this.grid.addEventListener('dblclick', (e) => {
      const cell = this.cellOf(e.target);
      if (cell && cell.dataset.kind === 'input') this.startEdit(cell, 'select');
    });
  }

  private get width(): number {
    return (this.table?.headers.length ?? 0) + this.columns.length;
  }

  /** Show a new table (results cleared). */
  setTable(table: Table, label: string): void {
    this.table = table;
    this.columns = [];
    this.results = [];
    this.edited.clear();
    this.active = { row: 0, col: 0 };
    this.selectedRow = -1;
    this.grid.setAttribute('aria-label', label);
    this.render();
  }

  /**
   * Append (or replace) the result columns. When the columns are the ones already shown, only the
   * rows whose result changed are touched (a what-if re-evaluates every row, most stay the same).
   */
  setResults(columns: ResultColumn[], results: readonly (RowResult | undefined)[]): void {
    const same = this.rowEls.length === (this.table?.rows.length ?? -1) && sameColumns(this.columns, columns) && this.columns.length > 0;
    this.columns = columns;
    if (!same) {
      this.results = [...results];
      this.render();
      return;
    }
    for (let r = 0; r < results.length; r++) {
      const result = results[r];
      if (result === this.results[r] || (result && this.results[r] && sameResult(result, this.results[r]!))) {
        this.results[r] = result;
        this.rowEls[r]?.classList.remove('cw-row--stale');
        continue;
      }
      if (result) this.updateRow(r, result);
      else this.results[r] = result;
    }
  }

  /** One row re-evaluated. */
  updateRow(index: number, result: RowResult): void {
    this.results[index] = result;
    const tr = this.rowElement(index);
    if (!tr) return;
    const inputs = this.table?.headers.length ?? 0;
    const cells = this.cellEls[index] ?? [];
    this.columns.forEach((column, k) => {
      const td = cells[inputs + k];
      if (td) this.fillResult(td, column, result);
    });
    tr.classList.remove('cw-row--stale');
    tr.removeAttribute('aria-busy');
  }

  /** An input cell changed (after an edit): show its new value; results of its row go stale. */
  refreshCell(index: number, column: number, stale: boolean): void {
    const td = this.cellAt(index, column);
    const cell = this.table?.rows[index]?.cells[column];
    if (!td) return;
    this.edited.add(`${index}:${column}`);
    this.fillInput(td, cell, true);
    const tr = this.rowElement(index);
    if (stale && tr && this.columns.length) {
      tr.classList.add('cw-row--stale');
      tr.setAttribute('aria-busy', 'true');
    }
  }

  get selected(): number {
    return this.selectedRow;
  }

  // -------------------------------------------------------------------------------------------

  private render(): void {
    const table = this.table;
    this.editing = undefined;
    this.grid.replaceChildren();
    this.rowEls = [];
    this.cellEls = [];
    if (!table) return;
    const hadFocus = this.grid.contains(document.activeElement);
    const inputs = table.headers.length;
    this.grid.setAttribute('aria-rowcount', String(table.rows.length + 1));
    this.grid.setAttribute('aria-colcount', String(this.width + 1));
    const head = h('tr', { attrs: { role: 'row', 'aria-rowindex': 1 } },
      h('th', { class: 'cw-grid__corner', scope: 'col', attrs: { role: 'columnheader', 'aria-colindex': 1 } }, h('span', { class: 'cw-visually-hidden' }, 'Row'), '#'),
      table.headers.map((header, c) => h('th', { scope: 'col', class: 'cw-col--input', attrs: { role: 'columnheader', 'aria-colindex': c + 2 } }, header || `(column ${c + 1})`)),
      this.columns.map((column, k) => h('th', {
        scope: 'col', class: `cw-col--result cw-col--${column.field}`, title: 'Written by Clausewise',
        attrs: { role: 'columnheader', 'aria-colindex': inputs + k + 2 },
      }, column.title)));
    const body = table.rows.map((row, r) => {
      const tr = h('tr', { class: r === this.selectedRow ? 'cw-row--selected' : '', attrs: { role: 'row', 'aria-rowindex': r + 2, 'data-row': r, 'aria-selected': r === this.selectedRow ? 'true' : 'false' } },
        h('th', { scope: 'row', class: 'cw-grid__rowhead', attrs: { role: 'rowheader' } }, String(row.row)));
      const cells: HTMLTableCellElement[] = [];
      table.headers.forEach((header, c) => {
        const td = h('td', { class: 'cw-cell', attrs: { role: 'gridcell', 'aria-colindex': c + 2, 'data-row': r, 'data-col': c, 'data-header': header, 'data-kind': 'input' } });
        this.fillInput(td, row.cells[c], this.edited.has(`${r}:${c}`));
        tr.appendChild(td);
        cells.push(td);
      });
      this.columns.forEach((column, k) => {
        const td = h('td', { class: `cw-cell cw-cell--result cw-col--${column.field}`, attrs: { role: 'gridcell', 'aria-readonly': 'true', 'aria-colindex': inputs + k + 2, 'data-row': r, 'data-col': inputs + k, 'data-field': column.field, 'data-kind': 'result' } });
        this.fillResult(td, column, this.results[r]);
        tr.appendChild(td);
        cells.push(td);
      });
      this.rowEls.push(tr);
      this.cellEls.push(cells);
      return tr;
    });
    this.grid.append(h('thead', null, head), h('tbody', null, body));
    this.active = { row: Math.min(this.active.row, Math.max(0, table.rows.length - 1)), col: Math.min(this.active.col, Math.max(0, this.width - 1)) };
    const cell = this.cellAt(this.active.row, this.active.col);
    if (cell) {
      cell.tabIndex = 0;
      if (hadFocus) cell.focus({ preventScroll: true });
    }
  }

  private fillInput(td: HTMLTableCellElement, cell: RawCell | undefined, edited: boolean): void {
    const text = cellDisplay(cell);
    td.textContent = text;
    td.title = edited ? `${text} (edited here; the file is unchanged)` : text;
    td.classList.toggle('cw-cell--edited', edited);
    td.classList.toggle('cw-cell--number', typeof cell === 'number');
    if (td.tabIndex !== 0) td.tabIndex = -1;
  }

  private fillResult(td: HTMLTableCellElement, column: ResultColumn, result: RowResult | undefined): void {
    if (td.tabIndex !== 0) td.tabIndex = -1;
    if (!result) {
      td.replaceChildren();
      return;
    }
    if (column.field === 'status') {
      if (td.dataset.status === result.status && td.dataset.word === result.subjectStatus && td.firstChild) return;
      td.replaceChildren();
      td.dataset.status = result.status;
      td.dataset.word = result.subjectStatus;
      td.appendChild(statusChip(result.status, result.subjectStatus));
      td.title = result.status === result.subjectStatus ? result.status : `${result.subjectStatus} (${result.status})`;
      return;
    }
    const value = resultValue(result, column);
    const text = column.field === 'findings' || column.field === 'errors'
      ? String(value ?? '')
      : value === null ? '' : formatValue(value, column.type);
    const shown = column.field === 'findings' ? (result.findings.map((f) => f.message).join(' · ')) : text;
    if (td.textContent !== shown) td.textContent = shown;
    if (td.title !== text) td.title = text;
    td.classList.toggle('cw-cell--number', typeof value === 'number');
  }

  private rowElement(index: number): HTMLTableRowElement | null {
    return this.rowEls[index] ?? null;
  }

  private cellAt(row: number, col: number): HTMLTableCellElement | null {
    return this.cellEls[row]?.[col] ?? null;
  }

  private cellOf(target: EventTarget | null): HTMLTableCellElement | null {
    return target instanceof Element ? target.closest<HTMLTableCellElement>('td[data-row]') : null;
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
    const next = this.cellAt(row, col);
    if (!next) return;
    if (previous && previous !== next) previous.tabIndex = -1;
    next.tabIndex = 0;
    this.active = { row, col };
    if (focus) {
      next.focus();
      next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    if (row !== this.selectedRow) {
      this.rowElement(this.selectedRow)?.classList.remove('cw-row--selected');
      this.rowElement(this.selectedRow)?.setAttribute('aria-selected', 'false');
      this.selectedRow = row;
      this.rowElement(row)?.classList.add('cw-row--selected');
      this.rowElement(row)?.setAttribute('aria-selected', 'true');
      this.hooks.select(row);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (this.editing) return; // the editor handles its own keys
    const cell = this.cellOf(e.target);
    if (!cell) return;
    const { row, col } = this.active;
    const page = 10;
    const moves: Record<string, [number, number] | undefined> = {
      ArrowUp: [row - 1, col], ArrowDown: [row + 1, col], ArrowLeft: [row, col - 1], ArrowRight: [row, col + 1],
      Home: e.ctrlKey ? [0, 0] : [row, 0], End: e.ctrlKey ? [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] : [row, Number.MAX_SAFE_INTEGER],
      PageUp: [row - page, col], PageDown: [row + page, col],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.moveTo(move[0], move[1]);
      return;
    }
    const editable = cell.dataset.kind === 'input';
    if ((e.key === 'Enter' || e.key === 'F2') && editable) {
      e.preventDefault();
      this.startEdit(cell, e.key === 'F2' ? 'end' : 'select');
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && editable) {
      e.preventDefault();
      this.hooks.edit(Number(cell.dataset.row), Number(cell.dataset.col), '');
    } else if (editable && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      e.preventDefault();
      this.startEdit(cell, 'replace', e.key);
    }
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
    this.editing = { cell, input };
    cell.classList.add('cw-cell--editing');
    cell.replaceChildren(input);
    input.focus();
    if (mode === 'select') input.select();
    else input.setSelectionRange(input.value.length, input.value.length);

    let done = false;
    const finish = (commit: boolean, then?: [number, number]) => {
      if (done) return;
      done = true;
      this.editing = undefined;
      cell.classList.remove('cw-cell--editing');
      const text = input.value;
      this.fillInput(cell, raw, this.edited.has(`${r}:${c}`));
      if (commit && text !== original) this.hooks.edit(r, c, text.trim());
      if (then) this.moveTo(then[0], then[1]);
      else if (document.activeElement === document.body || document.activeElement === input || !document.activeElement) cell.focus();
    };
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

function sameColumns(a: readonly ResultColumn[], b: readonly ResultColumn[]): boolean {
  return a.length === b.length && a.every((c, i) => c.field === b[i]!.field && c.title === b[i]!.title);
}

/** Whether two results of one row show the same: status, outputs, findings and errors. */
function sameResult(a: RowResult, b: RowResult): boolean {
  if (a.status !== b.status || a.subjectStatus !== b.subjectStatus || a.findings.length !== b.findings.length || a.errors.length !== b.errors.length) return false;
  for (const k in a.outputs) if (a.outputs[k] !== b.outputs[k]) return false;
  for (let i = 0; i < a.findings.length; i++) if (a.findings[i]!.message !== b.findings[i]!.message || a.findings[i]!.rule !== b.findings[i]!.rule) return false;
  for (let i = 0; i < a.errors.length; i++) if (a.errors[i]!.message !== b.errors[i]!.message) return false;
  return true;
}
