/**
 * One row's typed facts: its cells coerced by column type, with a located error for every cell
 * that cannot be read; then its effective date and its computed values.
 */
import { coerceCell } from '../coerce';
import type { FactValue } from '../columns';
import type { IsoDate } from '../dates';
import type { SubjectMatch } from '../match';
import type { Subject } from '../rulebook/model';
import { cellReference, showCell, type Table, type TableRow } from '../table';

export interface RowError {
  /** The cell, as a user finds it: `Projects!E4` or `line 5, field 3`. */
  cell?: string;
  /** The column's header in the table (or the subject's header when the column is missing). */
  column?: string;
  message: string;
}

export interface CoercedRow {
  facts: Map<string, FactValue>;
  errors: RowError[];
}

/** The cells of `row` as facts named by the subject's columns. Missing optional columns are empty. */
export function coerceRow(subject: Subject, match: SubjectMatch, table: Table, row: TableRow): CoercedRow {
  const facts = new Map<string, FactValue>();
  const errors: RowError[] = [];
  for (const column of subject.columns) {
    const index = match.indexOf.get(column.name);
    if (index === undefined) {
      facts.set(column.name, null);
      if (column.required) {
        errors.push({ column: column.header, message: `The table has no "${column.header}" column, which ${subject.name} rows need: add it (or rename the header that holds it).` });
      }
      continue;
    }
    const header = table.headers[index] ?? column.header;
    const cell = row.cells[index] ?? null;
    const where = cellReference(table, row.sourceRow, index);
    const result = coerceCell(cell, column, { date1904: table.date1904 });
    if (!result.ok) {
      facts.set(column.name, null);
      errors.push({ cell: where, column: header, message: `${where} (${header}): ${result.problem}` });
      continue;
    }
    if (result.value === null && column.required) {
      errors.push({ cell: where, column: header, message: `${where} (${header}) is empty; every ${subject.name} row needs it. Fill it in.` });
    }
    facts.set(column.name, result.value);
  }
  return { facts, errors };
}

/** The raw key cell as text, for rows whose key could not be read as typed. */
export function rawKey(subject: Subject, match: SubjectMatch, row: TableRow): FactValue {
  const index = match.indexOf.get(subject.definition.key);
  if (index === undefined) return null;
  const cell = row.cells[index] ?? null;
  return cell === null ? null : typeof cell === 'object' ? showCell(cell) : cell;
}

/** The date that decides which clauses and values apply: the subject's date column, else the as-of date. */
export function effectiveDateOf(subject: Subject, facts: ReadonlyMap<string, FactValue>, asOf: IsoDate): IsoDate {
  const column = subject.definition.date;
  const value = column ? facts.get(column) : null;
  return typeof value === 'string' && value !== '' ? value : asOf;
}
