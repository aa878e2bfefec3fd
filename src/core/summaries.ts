/**
 * Totals a subject declares beside its status counts — money at risk, duty, exposure: a money column
 * or output added up over the rows with the given statuses. Empty and unreadable values count as 0
 * and are reported as such, so a total never hides that some rows were left out.
 */
import { coerceCell } from './coerce';
import type { RowResult } from './engine/evaluator';
import type { SubjectMatch } from './match';
import { sum } from './numbers';
import type { ColumnSpec } from './columns';
import type { Table, TableHead, TableRow } from './table';

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
  const running = new RunningTotals(table, match);
  running.add(table.rows, results);
  return running.totals();
}

/** The totals added up chunk by chunk, for a table read as a stream: the same figures as computeTotals. */
export class RunningTotals {
  private readonly sums: { title: string; field: string; statuses?: string[]; column?: ColumnSpec; index?: number; total: number; rows: number; values: number }[];

  constructor(private readonly head: TableHead, private readonly match: SubjectMatch) {
    const subject = match.subject;
    this.sums = (subject.definition.summaries ?? []).map((s) => {
      const column = subject.columns.find((c) => c.name === s.sum);
      return { title: s.title, field: s.sum, statuses: s.statuses, column, index: column ? match.indexOf.get(column.name) : undefined, total: 0, rows: 0, values: 0 };
    });
  }

  /** The next rows and their results, in table order. */
  add(rows: readonly TableRow[], results: readonly RowResult[]): void {
    const subject = this.match.subject;
    for (const s of this.sums) {
      results.forEach((r, i) => {
        if (s.statuses && !subject.statuses.matches(r.subjectStatus, s.statuses)) return;
        s.rows++;
        let v: unknown = null;
        if (s.column) {
          const cell = s.index === undefined ? null : rows[i]?.cells[s.index] ?? null;
          const coerced = coerceCell(cell, s.column, { date1904: this.head.date1904 });
          v = coerced.ok ? coerced.value : null;
        } else {
          v = r.outputs[s.field];
        }
        if (typeof v === 'number') {
          s.total += v;
          s.values++;
        }
      });
    }
  }

  totals(): Total[] {
    return this.sums.map((s) => ({ title: s.title, field: s.field, value: sum([s.total]), rows: s.rows, rowsWithoutValue: s.rows - s.values }));
  }
}
