/**
 * Business-day arithmetic over a BusinessCalendar, for deadlines such as "within 45 business days
 * of the notice". The start day itself is never counted, whatever it is.
 */
import { addCalendarDays, type IsoDate } from '../dates';
import type { BusinessCalendar } from './calendar';

/** Whether a period counts business days or calendar days. */
export type DayType = 'business' | 'calendar';

/** The largest |n| accepted: far beyond any treaty deadline, small enough to stay fast. */
export const MAX_DAY_COUNT = 100_000;

/** Longest run of closed days tolerated before a calendar is judged to have no business days left. */
const MAX_CLOSED_RUN = 3_660;

/**
 * For n ≥ 1, the n-th business day strictly after `date`; for n ≤ -1, the |n|-th business day
 * strictly before it; for n = 0, `date` unchanged. Throws a RangeError for a non-integer n,
 * |n| > MAX_DAY_COUNT, or a date outside the calendar's holiday-data coverage.
 */
export function addBusinessDays(date: IsoDate, n: number, cal: BusinessCalendar): IsoDate {
  checkCount(n);
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

/**
 * Business days from `from` to `to`: the number of business days d with from < d ≤ to when
 * to ≥ from, and minus the number with to < d ≤ from when to < from. If D = addBusinessDays(N, 45),
 * then businessDaysBetween(N, D) = 45 and businessDaysBetween(D, D) = 0.
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate, cal: BusinessCalendar): number {
  checkCovered(from, cal);
  checkCovered(to, cal);
  if (to < from) return 0 - businessDaysBetween(to, from, cal); // 0 - x: never -0
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (cal.isBusinessDay(d)) count++;
  }
  return count;
}

/** `n` business days (addBusinessDays) or calendar days after `date`, by `dayType`. */
export function addDays(date: IsoDate, n: number, dayType: DayType, cal: BusinessCalendar): IsoDate {
  if (dayType === 'business') return addBusinessDays(date, n, cal);
  if (dayType === 'calendar') {
    checkCount(n);
    return addCalendarDays(date, n);
  }
  throw new Error(`Unknown day type ${JSON.stringify(dayType)}: expected 'business' or 'calendar'.`);
}

function checkCount(n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`A number of days must be a whole number, not ${n}.`);
  if (Math.abs(n) > MAX_DAY_COUNT) {
    throw new RangeError(`${n} days is too many: at most ${MAX_DAY_COUNT} days either way.`);
  }
}

function checkCovered(date: IsoDate, cal: BusinessCalendar): void {
  cal.closure(date); // throws a RangeError naming the calendar for a bad date or one outside its coverage
}
