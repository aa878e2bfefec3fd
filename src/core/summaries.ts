/**
 * Totals a subject declares beside its status counts — money at risk, duty, exposure: a money column
 * or output added up over the rows with the given statuses. Empty and unreadable values count as 0
 * and are reported as such, so a total never hides that some rows were left out.
 */
import { coerceCell } from './coerce';
import type { RowResult } from './engine/evaluator';
import type { SubjectMatch } from './match';
import { sum } from './numbers';
import type { Table } from './table';

export interface Total {
  title: string;
  /** The column or output added up. */
  field: string;
  value: number;
  /** Rows whose status qualified. */
  rows: number;
  /** Of those, rows with no value to add (empty or unreadable). */
  rowsWithoutValue: number;
}

export function computeTotals(table: Table, match: SubjectMatch, results: readonly RowResult[]): Total[] {
  const subject = match.subject;
  return (subject.definition.summaries ?? []).map((s) => {
    const column = subject.columns.find((c) => c.name === s.sum);
    const index = column ? match.indexOf.get(column.name) : undefined;
    const values: number[] = [];
    let rows = 0;
    results.forEach((r, i) => {
      if (s.statuses && !subject.statuses.matches(r.subjectStatus, s.statuses)) return;
      rows++;
      let v: unknown = null;
      if (column) {
        const cell = index === undefined ? null : table.rows[i]?.cells[index] ?? null;
        const coerced = coerceCell(cell, column, { date1904: table.date1904 });
        v = coerced.ok ? coerced.value : null;
      } else {
        v = r.outputs[s.sum];
      }
      if (typeof v === 'number') values.push(v);
    });
    return { title: s.title, field: s.sum, value: sum(values), rows, rowsWithoutValue: rows - values.length };
  });
}
