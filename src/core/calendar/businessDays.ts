/**
 * Business-day arithmetic over a BusinessCalendar, for deadlines such as "within 45 business days
 * of the notice". The start day itself is never counted, whatever it is.
 *
 * Answers come from the calendar's business-day index (businessDayIndex.ts) in constant time; where
 * the index cannot answer, from the day-by-day walk (businessDayWalk.ts) that defines them.
 */
import { addCalendarDays, fromDayNumber, type IsoDate } from '../dates';
import type { BusinessCalendar } from './calendar';
import { businessDayIndex } from './businessDayIndex';
import { MAX_DAY_COUNT, checkDayCount, walkAddBusinessDays, walkBusinessDaysBetween } from './businessDayWalk';

export { MAX_DAY_COUNT };

/** Whether a period counts business days or calendar days. */
export type DayType = 'business' | 'calendar';

/**
 * For n ≥ 1, the n-th business day strictly after `date`; for n ≤ -1, the |n|-th business day
 * strictly before it; for n = 0, `date` unchanged. Throws a RangeError for a non-integer n,
 * |n| > MAX_DAY_COUNT, or a date outside the calendar's holiday-data coverage.
 */
export function addBusinessDays(date: IsoDate, n: number, cal: BusinessCalendar): IsoDate {
  checkDayCount(n);
  const index = businessDayIndex(cal);
  const day = index.dayOf(date);
  if (day === null) return walkAddBusinessDays(date, n, cal); // throws for a bad or uncovered date
  if (n === 0) return date;
  const target = index.shift(day, n);
  return target === null ? walkAddBusinessDays(date, n, cal) : fromDayNumber(target);
}

/**
 * Business days from `from` to `to`: the number of business days d with from < d ≤ to when
 * to ≥ from, and minus the number with to < d ≤ from when to < from. If D = addBusinessDays(N, 45),
 * then businessDaysBetween(N, D) = 45 and businessDaysBetween(D, D) = 0.
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate, cal: BusinessCalendar): number {
  const index = businessDayIndex(cal);
  const fromDay = index.dayOf(from);
  const toDay = fromDay === null ? null : index.dayOf(to, true); // keeping fromDay indexed
  if (fromDay === null || toDay === null) return walkBusinessDaysBetween(from, to, cal); // throws for a bad or uncovered date
  return index.between(fromDay, toDay);
}

/** `n` business days (addBusinessDays) or calendar days after `date`, by `dayType`. */
export function addDays(date: IsoDate, n: number, dayType: DayType, cal: BusinessCalendar): IsoDate {
  if (dayType === 'business') return addBusinessDays(date, n, cal);
  if (dayType === 'calendar') {
    checkDayCount(n);
    return addCalendarDays(date, n);
  }
  throw new Error(`Unknown day type ${JSON.stringify(dayType)}: expected 'business' or 'calendar'.`);
}
