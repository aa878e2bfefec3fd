/**
 * Business-day arithmetic by walking the calendar one day at a time: the reference definition of
 * addBusinessDays and businessDaysBetween (see businessDays.ts), which the business-day index must
 * agree with exactly, and the fallback where the index cannot answer (dates too far apart to index,
 * a calendar closed for years on end, a date outside the calendar's coverage).
 */
import { addCalendarDays, type IsoDate } from '../dates';
import type { BusinessCalendar } from './calendar';

/** The largest |n| accepted: far beyond any treaty deadline, small enough to stay fast. */
export const MAX_DAY_COUNT = 100_000;

/** Longest run of closed days tolerated before a calendar is judged to have no business days left. */
export const MAX_CLOSED_RUN = 3_660;

/** addBusinessDays by walking: each step one calendar day in the direction of n. */
export function walkAddBusinessDays(date: IsoDate, n: number, cal: BusinessCalendar): IsoDate {
  checkDayCount(n);
  checkCovered(date, cal);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  let closedRun = 0;
  while (remaining > 0) {
    current = addCalendarDays(current, step);
    if (cal.isBusinessDay(current)) {
      remaining--;
      closedRun = 0;
    } else if (++closedRun > MAX_CLOSED_RUN) {
      throw new RangeError(`Calendar ${JSON.stringify(cal.name)} has no business day in the ${MAX_CLOSED_RUN} days after ${date}.`);
    }
  }
  return current;
}

/** businessDaysBetween by walking every day from the day after `from` to `to`. */
export function walkBusinessDaysBetween(from: IsoDate, to: IsoDate, cal: BusinessCalendar): number {
  checkCovered(from, cal);
  checkCovered(to, cal);
  if (to < from) return 0 - walkBusinessDaysBetween(to, from, cal); // 0 - x: never -0
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (cal.isBusinessDay(d)) count++;
  }
  return count;
}

/** Throws a RangeError for a number of days that is not whole or exceeds MAX_DAY_COUNT either way. */
export function checkDayCount(n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`A number of days must be a whole number, not ${n}.`);
  if (Math.abs(n) > MAX_DAY_COUNT) {
    throw new RangeError(`${n} days is too many: at most ${MAX_DAY_COUNT} days either way.`);
  }
}

function checkCovered(date: IsoDate, cal: BusinessCalendar): void {
  cal.closure(date); // throws a RangeError naming the calendar for a bad date or one outside its coverage
}
