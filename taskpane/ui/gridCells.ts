/**
 * What one cell of the workbook grid shows: an input cell as read (or as edited here), a result
 * cell from its row's result (the status as a coloured chip). Also the texts the column widths are
 * measured on, and whether two results of a row show the same.
 */
import type { RowResult } from '../../src/core/engine/evaluator';
import { formatNumber, formatValue } from '../../src/core/format';
import { resultValue, type ResultColumn } from '../../src/core/resultGrid';
import type { RawCell } from '../../src/core/table';
import { statusChip } from './status';

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

/** A result cell's text as shown (the status: the subject's own word), and its tooltip. */
export function resultTexts(column: ResultColumn, result: RowResult): { shown: string; title: string; number: boolean } {
  if (column.field === 'status') {
    return { shown: result.subjectStatus, title: result.status === result.subjectStatus ? result.status : `${result.subjectStatus} (${result.status})`, number: false };
  }
  const value = resultValue(result, column);
  const text = column.field === 'findings' || column.field === 'errors'
    ? String(value ?? '')
    : value === null ? '' : formatValue(value, column.type);
  const shown = column.field === 'findings' ? result.findings.map((f) => f.message).join(' · ') : text;
  return { shown, title: text, number: typeof value === 'number' };
}

export function fillInput(td: HTMLTableCellElement, cell: RawCell | undefined, edited: boolean): void {
  const text = cellDisplay(cell);
  td.textContent = text;
  td.title = edited ? `${text} (edited here; the file is unchanged)` : text;
  td.classList.toggle('cw-cell--edited', edited);
  td.classList.toggle('cw-cell--number', typeof cell === 'number');
}

export function fillResult(td: HTMLTableCellElement, column: ResultColumn, result: RowResult | undefined): void {
  if (!result) {
    td.replaceChildren();
    td.removeAttribute('title');
    delete td.dataset.status;
    delete td.dataset.word;
    return;
  }
  const { shown, title, number } = resultTexts(column, result);
  if (column.field === 'status') {
    if (td.dataset.status === result.status && td.dataset.word === result.subjectStatus && td.firstChild) return;
    td.dataset.status = result.status;
    td.dataset.word = result.subjectStatus;
    td.replaceChildren(statusChip(result.status, result.subjectStatus));
    td.title = title;
    return;
  }
  if (td.textContent !== shown) td.textContent = shown;
  if (td.title !== title) td.title = title;
  td.classList.toggle('cw-cell--number', number);
}

export function sameColumns(a: readonly ResultColumn[], b: readonly ResultColumn[]): boolean {
  return a.length === b.length && a.every((c, i) => c.field === b[i]!.field && c.title === b[i]!.title);
}

/** Whether two results of one row show the same: status, outputs, findings and errors. */
export function sameResult(a: RowResult, b: RowResult): boolean {
  if (a === b) return true;
  if (a.status !== b.status || a.subjectStatus !== b.subjectStatus || a.findings.length !== b.findings.length || a.errors.length !== b.errors.length) return false;
  for (const k in a.outputs) if (a.outputs[k] !== b.outputs[k]) return false;
  for (let i = 0; i < a.findings.length; i++) if (a.findings[i]!.message !== b.findings[i]!.message || a.findings[i]!.rule !== b.findings[i]!.rule) return false;
  for (let i = 0; i < a.errors.length; i++) if (a.errors[i]!.message !== b.errors[i]!.message) return false;
  return true;
}
