/**
 * A business-day index of one calendar, so that "45 business days after the notice" and "business
 * days from notice to payment" cost a lookup instead of a walk through every day in between.
 *
 * Over a span of whole decades (cut to the calendar's coverage) the index holds, for each day,
 * how many business days come before it, and the business days in order; the n-th business day
 * after a date is then read off directly. The span is built the first time a calendar is asked
 * about a date, from the decade of that date, and extended decade by decade as later questions
 * reach further, up to MAX_INDEXED_DAYS (400 years, about 1.2 MB; dates further away are walked,
 * and the index moves to them if they keep coming, see MISSES_BEFORE_MOVING). A calendar is read through
 * isBusinessDay only, once per day indexed, and must not change afterwards (calendars built by
 * buildCalendars never do).
 *
 * The answers are those of the walk (businessDayWalk.ts) exactly. Where the index cannot give one
 * (a date that is not a date or outside the coverage, dates too far apart to index, a run of more
 * than MAX_CLOSED_RUN closed days on the way) it answers null and the caller walks, which gives
 * the walk's result or error because it is the walk.
 */
import { fromDayNumber, dayNumberOrNull, isoFromParts, yearOf, type IsoDate } from '../dates';
import type { BusinessCalendar } from './calendar';
import { MAX_CLOSED_RUN } from './businessDayWalk';

/** Years in each block the index grows by. */
const BLOCK_YEARS = 10;

/** The most days one calendar's index spans: 400 Gregorian years. */
export const MAX_INDEXED_DAYS = 146_097;

/**
 * Dates asked about that lie too far from the span indexed (more than MAX_INDEXED_DAYS from its
 * other end) are walked; after this many, the index starts afresh at the decade of the latest one,
 * so one stray date neither moves the index nor pins it down for good.
 */
export const MISSES_BEFORE_MOVING = 64;

const indexes = new WeakMap<BusinessCalendar, BusinessDayIndex>();

/** The index of `cal`, created (empty) the first time and kept as long as the calendar is. */
export function businessDayIndex(cal: BusinessCalendar): BusinessDayIndex {
  let index = indexes.get(cal);
  if (index === undefined) {
    index = new BusinessDayIndex(cal);
    indexes.set(cal, index);
  }
  return index;
}

export class BusinessDayIndex {
  /** Day numbers of the first and last day of the calendar's coverage; null when it cannot be indexed. */
  private readonly coveredFrom: number | null;
  private readonly coveredTo: number | null;
  /** Day number of the first indexed day; the index spans days first … first + open.length - 1. */
  private first = 0;
  /** 1 for a business day, 0 for a closed one, per indexed day. */
  private open = new Uint8Array(0);
  /** before[i]: business days among the first i indexed days (so before[open.length] is all of them). */
  private before = new Int32Array(1);
  /** The business days, in order, as offsets from `first`. */
  private openDays = new Int32Array(0);
  /** Runs of more than MAX_CLOSED_RUN closed days in the span, as [first, last] day numbers. */
  private longClosedRuns: [number, number][] = [];
  /** Dates too far from the span asked about since the index last started. */
  private misses = 0;

  constructor(private readonly cal: BusinessCalendar) {
    const { from, to } = cal.coverage;
    const first = Number.isInteger(from) ? dayNumberOrNull(isoFromParts(from, 1, 1)) : null;
    const last = Number.isInteger(to) ? dayNumberOrNull(isoFromParts(to, 12, 31)) : null;
    const usable = first !== null && last !== null && first <= last;
    this.coveredFrom = usable ? first : null;
    this.coveredTo = usable ? last : null;
  }

  /** First and last indexed days (an empty index has last < first). */
  get span(): { first: number; last: number } {
    return { first: this.first, last: this.first + this.open.length - 1 };
  }

  /**
   * The day number of `date` when it is a date the index holds, extending the index to its decade
   * when needed; null when `date` is not a date, lies outside the coverage, or is too far from the
   * dates already indexed. With `keepSpan`, the days indexed stay indexed (the index does not move).
   */
  dayOf(date: IsoDate, keepSpan = false): number | null {
    const day = dayNumberOrNull(date);
    if (day === null) return null;
    if (this.holds(day) || this.extendTo(day)) return day;
    if (keepSpan || !this.covers(day) || ++this.misses < MISSES_BEFORE_MOVING) return null;
    this.open = new Uint8Array(0);
    this.count();
    this.misses = 0;
    return this.extendTo(day) ? day : null;
  }

  /**
   * For an indexed `day` and n ≠ 0, the day number of the n-th business day after it (before it
   * when n < 0). Null when the index cannot tell (see the module comment). When the calendar's
   * coverage ends before that business day, throws the RangeError the walk throws on its first step
   * outside the coverage.
   */
  shift(day: number, n: number): number | null {
    for (;;) {
      const offset = day - this.first;
      if (n > 0) {
        const rank = (this.before[offset + 1] as number) + n; // the wanted business day is the rank-th indexed one (from 1)
        if (rank <= this.openDays.length) {
          const target = this.first + (this.openDays[rank - 1] as number);
          return this.crossesLongClosedRun(day + 1, target) ? null : target;
        }
        const end = this.first + this.open.length;
        if (end - 1 === this.coveredTo) return this.pastCoverage(day + 1, end - 1, end);
        if (!this.extendTo(end)) return null;
      } else {
        const rank = (this.before[offset] as number) + n + 1;
        if (rank >= 1) {
          const target = this.first + (this.openDays[rank - 1] as number);
          return this.crossesLongClosedRun(target, day - 1) ? null : target;
        }
        if (this.first === this.coveredFrom) return this.pastCoverage(this.first, day - 1, this.first - 1);
        if (!this.extendTo(this.first - 1)) return null;
      }
    }
  }

  /**
   * Business days d with from < d ≤ to, or minus those with to < d ≤ from when to < from, for two
   * indexed days (as businessDaysBetween).
   */
  between(from: number, to: number): number {
    if (to < from) return 0 - this.between(to, from);
    return (this.before[to - this.first + 1] as number) - (this.before[from - this.first + 1] as number);
  }

  private covers(day: number): boolean {
    return this.coveredFrom !== null && this.coveredTo !== null && day >= this.coveredFrom && day <= this.coveredTo;
  }

  private holds(day: number): boolean {
    return day >= this.first && day < this.first + this.open.length;
  }

  /**
   * The walk ran through days from … to (all covered, fewer business days than asked) and its next
   * step is `outside`, the first day outside the coverage: unless it stopped earlier on a long
   * closed run, it throws there, the error the calendar gives for that day.
   */
  private pastCoverage(from: number, to: number, outside: number): null {
    if (this.crossesLongClosedRun(from, to)) return null;
    this.cal.isBusinessDay(fromDayNumber(outside)); // throws the RangeError naming the calendar and its coverage
    return null; // a calendar that answers outside its coverage: let the walk decide
  }

  private crossesLongClosedRun(from: number, to: number): boolean {
    return this.longClosedRuns.some(([first, last]) => first <= to && last >= from);
  }

  /** Extends the index by whole decades (cut to the coverage) to hold `day`; false when it cannot. */
  private extendTo(day: number): boolean {
    if (this.coveredFrom === null || this.coveredTo === null || !this.covers(day)) return false;
    const empty = this.open.length === 0;
    const end = this.first + this.open.length;
    const first = Math.max(this.coveredFrom, empty ? decadeStart(day) : Math.min(this.first, decadeStart(day)));
    const last = Math.min(this.coveredTo, empty ? decadeEnd(day) : Math.max(end - 1, decadeEnd(day)));
    if (last - first + 1 > MAX_INDEXED_DAYS) return false;

    const open = new Uint8Array(last - first + 1);
    if (!empty) open.set(this.open, this.first - first);
    try {
      for (let d = first; d <= last; d++) {
        if (!empty && d === this.first) d = end; // skip the days already indexed
        if (d > last) break;
        open[d - first] = this.cal.isBusinessDay(fromDayNumber(d)) ? 1 : 0;
      }
    } catch {
      return false; // a covered day the calendar cannot answer for: the walk will report it
    }
    this.first = first;
    this.open = open;
    this.count();
    return true;
  }

  /** Recomputes `before`, `openDays` and `longClosedRuns` from `open`. */
  private count(): void {
    const open = this.open;
    const before = new Int32Array(open.length + 1);
    let total = 0;
    for (let i = 0; i < open.length; i++) {
      total += open[i] as number;
      before[i + 1] = total;
    }
    const openDays = new Int32Array(total);
    const longClosedRuns: [number, number][] = [];
    let k = 0;
    let runStart = 0;
    for (let i = 0; i <= open.length; i++) {
      if (i < open.length && open[i] === 0) continue;
      if (i - runStart > MAX_CLOSED_RUN) longClosedRuns.push([this.first + runStart, this.first + i - 1]);
      if (i < open.length) openDays[k++] = i;
      runStart = i + 1;
    }
    this.before = before;
    this.openDays = openDays;
    this.longClosedRuns = longClosedRuns;
  }
}

/** Day number of 1 January of the first year of the decade holding `day`. */
function decadeStart(day: number): number {
  const year = Math.floor(yearOf(fromDayNumber(day)) / BLOCK_YEARS) * BLOCK_YEARS;
  return dayNumberOrNull(isoFromParts(year, 1, 1)) as number;
}

/** Day number of 31 December of the last year of the decade holding `day`. */
function decadeEnd(day: number): number {
  const year = Math.floor(yearOf(fromDayNumber(day)) / BLOCK_YEARS) * BLOCK_YEARS + BLOCK_YEARS - 1;
  return dayNumberOrNull(isoFromParts(year, 12, 31)) as number;
}
