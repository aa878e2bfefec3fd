/**
 * Work every evaluator must do whatever its rules engine, timed alone so the benchmark can say where
 * the time goes: reading the cells (coerceCell on every cell of every row), and for projects the
 * business-day arithmetic of the funding period (45 US business days after the notice, the days
 * remaining to the deadline), with the rulebook's default parameters written in.
 */
import { addBusinessDays, businessDaysBetween } from '../src/core/calendar/businessDays';
import type { BusinessCalendar } from '../src/core/calendar/calendar';
import { coerceCell } from '../src/core/coerce';
import type { IsoDate } from '../src/core/dates';
import type { SubjectMatch } from '../src/core/match';
import type { Table } from '../src/core/table';

/** Reads every cell of every row as its column's type; returns how many cells could not be read. */
export function readCells(table: Table, match: SubjectMatch): number {
  const plan = match.subject.columns.map((spec) => ({ spec, index: match.indexOf.get(spec.name) }));
  let bad = 0;
  for (const row of table.rows) {
    for (const { spec, index } of plan) {
      if (index !== undefined && !coerceCell(row.cells[index] ?? null, spec, { date1904: table.date1904 }).ok) bad++;
    }
  }
  return bad;
}

/** The funding-period arithmetic of the project rows (default parameters: 45 business days on `calendar`). */
export function fundingPeriodArithmetic(table: Table, match: SubjectMatch, calendar: BusinessCalendar, asOf: IsoDate): number {
  const notice = match.subject.columns.find((c) => c.name === 'selectionNoticeDate')!;
  const index = match.indexOf.get(notice.name);
  let total = 0;
  if (index === undefined) return total;
  for (const row of table.rows) {
    const read = coerceCell(row.cells[index] ?? null, notice, { date1904: table.date1904 });
    if (!read.ok || typeof read.value !== 'string' || read.value < '2025-09-04' || read.value > '2029-01-19') continue;
    const deadline = addBusinessDays(read.value, 45, calendar);
    calendar.provisionalHolidays(read.value, deadline);
    if (deadline >= asOf) total += businessDaysBetween(asOf, deadline, calendar);
  }
  return total;
}
