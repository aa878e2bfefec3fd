/**
 * Business-day calendars defined as data (they come from a rulebook JSON file an economist edits).
 *
 * A day is closed, in this order of explanation, when it is a one-off closure (`closedOn`), a
 * holiday of one of the calendar's holiday sources, a yearly closure (`closedEveryYear`) or a
 * weekend day — unless the calendar lists it in `openOn`, which overrides all of these. A calendar
 * with `closedWhenClosedIn` is also closed whenever any named calendar is closed (so 'US+JP' is
 * open only on days that are business days in both US and JP); `openOn` does not override that.
 *
 * A holiday whose date is fixed only by an announcement made a year ahead (Japan's equinox days,
 * see announcedHolidays) is provisional in the years after the calendar's `announcedThrough` year
 * for its source: provisionalHolidays() lists them, so rules can warn that a deadline may move.
 */
import { WEEKDAY_NAMES, isIsoDate, weekday, yearOf, type IsoDate, type WeekdayName } from '../dates';
import {
  ANNOUNCED_HOLIDAY_SOURCES, announcedHolidays, assertHolidaySource, holidaySourceCoverage, holidaysInYear, type YearRange,
} from './holidaySources';

/** One calendar as written in the rulebook. */
export interface CalendarSpec {
  /** How rules refer to the calendar: 'US', 'JP', 'US+JP'. */
  name: string;
  title?: string;
  /** Days of the week that are never business days. Default ['Saturday', 'Sunday']. */
  weekend?: WeekdayName[];
  /** Holiday sources, e.g. ['us-federal'] (see HOLIDAY_SOURCES). */
  holidays?: string[];
  /** Closures on the same month and day every year, 'MM-DD', e.g. JP bank closures 12-31, 01-02, 01-03. */
  closedEveryYear?: { monthDay: string; name: string }[];
  /** One-off closures. */
  closedOn?: { date: IsoDate; name: string }[];
  /** One-off openings that override this calendar's own holidays, yearly closures and weekend. */
  openOn?: IsoDate[];
  /** Names of calendars whose closures this calendar shares (a union of closures). */
  closedWhenClosedIn?: string[];
  /**
   * For a holiday source with announced holidays (jp-national): the last year whose announced
   * dates the source's data holds. Its announced holidays in later years are provisional.
   */
  announcedThrough?: { holidays: string; year: number }[];
}

/** A holiday whose date awaits its official announcement. */
export interface ProvisionalHoliday {
  date: IsoDate;
  name: string;
}

/** A resolved calendar: answers whether a date is a business day, and if not, why. */
export interface BusinessCalendar {
  readonly name: string;
  readonly title?: string;
  /** Years for which the calendar's holiday data (its own and its members') is reliable. */
  readonly coverage: YearRange;
  /** True when `d` is a business day. Throws a RangeError for a date outside `coverage`. */
  isBusinessDay(d: IsoDate): boolean;
  /** Why `d` is closed ('Saturday', 'Juneteenth National Independence Day', "closed in JP: Children's Day"), or null when open. */
  closure(d: IsoDate): string | null;
  /**
   * The provisional holidays d with from < d ≤ to (its own and its members', by date), in date
   * order: announced holidays of its sources in years after `announcedThrough`, unless the calendar
   * itself decides the day with closedOn or openOn. Empty when to ≤ from. Throws a RangeError for a
   * date outside `coverage`.
   */
  provisionalHolidays(from: IsoDate, to: IsoDate): ProvisionalHoliday[];
}

/** Every year an ISO date can name: the coverage of a calendar that uses no holiday source. */
const ALL_YEARS: YearRange = { from: 1, to: 9999 };

/**
 * Validates the specs and resolves `closedWhenClosedIn` references. Returns the calendars by name,
 * in spec order. Throws an Error with a clear sentence on a malformed spec, a duplicate name, an
 * unknown holiday source, an unknown calendar reference or a cycle of references.
 */
export function buildCalendars(specs: CalendarSpec[]): Map<string, BusinessCalendar> {
  const byName = new Map<string, CalendarSpec>();
  for (const spec of specs) {
    if (typeof spec?.name !== 'string' || spec.name.trim() === '') {
      throw new Error('Every calendar needs a non-empty name.');
    }
    if (byName.has(spec.name)) throw new Error(`Two calendars are named ${JSON.stringify(spec.name)}; names must be unique.`);
    byName.set(spec.name, spec);
  }

  const built = new Map<string, SpecCalendar>();
  const resolve = (name: string, path: string[]): SpecCalendar => {
    const done = built.get(name);
    if (done) return done;
    if (path.includes(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' → ');
      throw new Error(`Calendars refer to each other in a cycle through closedWhenClosedIn: ${cycle}.`);
    }
    const spec = byName.get(name) as CalendarSpec;
    const members = (spec.closedWhenClosedIn ?? []).map((ref) => {
      if (!byName.has(ref)) {
        throw new Error(
          `Calendar ${JSON.stringify(name)} lists ${JSON.stringify(ref)} in closedWhenClosedIn, but no calendar has that name ` +
            `(calendars: ${[...byName.keys()].join(', ')}).`,
        );
      }
      return resolve(ref, [...path, name]);
    });
    const calendar = new SpecCalendar(spec, members);
    built.set(name, calendar);
    return calendar;
  };

  const result = new Map<string, BusinessCalendar>();
  for (const name of byName.keys()) result.set(name, resolve(name, []));
  return result;
}

class SpecCalendar implements BusinessCalendar {
  readonly name: string;
  readonly title?: string;
  readonly coverage: YearRange;
  /** 'jp-national 1970–2050, …': what limits `coverage`, for error messages. */
  private readonly coverageSources: string;
  private readonly weekend: ReadonlySet<number>;
  private readonly sources: readonly string[];
  private readonly everyYear: ReadonlyMap<string, string>;
  private readonly closedOn: ReadonlyMap<IsoDate, string>;
  private readonly openOn: ReadonlySet<IsoDate>;
  private readonly sourceRanges: ReadonlyMap<string, YearRange>;
  /** Source → last announced year, for the sources with announced holidays that the spec dates. */
  private readonly announcedThrough: ReadonlyMap<string, number>;

  constructor(spec: CalendarSpec, private readonly members: readonly SpecCalendar[]) {
    const where = `Calendar ${JSON.stringify(spec.name)}`;
    this.name = spec.name;
    if (spec.title !== undefined) this.title = spec.title;

    const weekend = spec.weekend ?? ['Saturday', 'Sunday'];
    this.weekend = new Set(weekend.map((day) => {
      const index = (WEEKDAY_NAMES as readonly string[]).indexOf(day);
      if (index < 0) throw new Error(`${where}: weekend day ${JSON.stringify(day)} is not one of ${WEEKDAY_NAMES.join(', ')}.`);
      return index;
    }));
    if (this.weekend.size === 7) throw new Error(`${where}: a weekend of all seven days leaves no business day.`);

    this.sources = spec.holidays ?? [];
    for (const source of this.sources) {
      try {
        assertHolidaySource(source);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
    }

    const everyYear = new Map<string, string>();
    for (const entry of spec.closedEveryYear ?? []) {
      if (!/^\d{2}-\d{2}$/.test(entry?.monthDay ?? '') || !isIsoDate(`2000-${entry.monthDay}`)) {
        throw new Error(`${where}: closedEveryYear monthDay ${JSON.stringify(entry?.monthDay)} is not a month and day written MM-DD.`);
      }
      everyYear.set(entry.monthDay, requireName(entry.name, where, `closedEveryYear ${entry.monthDay}`));
    }
    this.everyYear = everyYear;

    const closedOn = new Map<IsoDate, string>();
    for (const entry of spec.closedOn ?? []) {
      if (!isIsoDate(entry?.date)) throw new Error(`${where}: closedOn date ${JSON.stringify(entry?.date)} is not a date written YYYY-MM-DD.`);
      closedOn.set(entry.date, requireName(entry.name, where, `closedOn ${entry.date}`));
    }
    this.closedOn = closedOn;

    for (const date of spec.openOn ?? []) {
      if (!isIsoDate(date)) throw new Error(`${where}: openOn date ${JSON.stringify(date)} is not a date written YYYY-MM-DD.`);
      if (closedOn.has(date)) throw new Error(`${where}: ${date} is listed both in openOn and in closedOn.`);
    }
    this.openOn = new Set(spec.openOn ?? []);

    const announced = new Map<string, number>();
    for (const entry of spec.announcedThrough ?? []) {
      const source = entry?.holidays;
      if (!this.sources.includes(source)) {
        throw new Error(`${where}: announcedThrough names the holiday source ${JSON.stringify(source)}, which is not in its holidays (${this.sources.join(', ') || 'none'}).`);
      }
      if (!ANNOUNCED_HOLIDAY_SOURCES.includes(source)) {
        throw new Error(`${where}: the ${source} holidays are all fixed by rule, none awaits an announcement, so announcedThrough cannot name ${source} (only ${ANNOUNCED_HOLIDAY_SOURCES.join(', ')}).`);
      }
      if (!Number.isInteger(entry.year)) throw new Error(`${where}: announcedThrough year ${JSON.stringify(entry.year)} for ${source} is not a whole year such as 2027.`);
      if (announced.has(source)) throw new Error(`${where}: announcedThrough names ${source} twice.`);
      announced.set(source, entry.year);
    }
    this.announcedThrough = announced;

    // Coverage: the narrowest range among this calendar's sources and its members' sources.
    const ranges = new Map<string, YearRange>();
    for (const source of this.sources) ranges.set(source, holidaySourceCoverage(source));
    for (const member of members) for (const [source, range] of member.sourceRanges) ranges.set(source, range);
    this.sourceRanges = ranges;
    let from = ALL_YEARS.from;
    let to = ALL_YEARS.to;
    for (const range of ranges.values()) {
      from = Math.max(from, range.from);
      to = Math.min(to, range.to);
    }
    this.coverage = { from, to };
    this.coverageSources = [...ranges].map(([source, range]) => `${source} ${range.from}–${range.to}`).join(', ');
  }

  isBusinessDay(d: IsoDate): boolean {
    return this.closure(d) === null;
  }

  closure(d: IsoDate): string | null {
    const dayOfWeek = weekday(d); // throws a RangeError on text that is not a date
    const year = yearOf(d);
    if (year < this.coverage.from || year > this.coverage.to) {
      throw new RangeError(
        `Calendar ${JSON.stringify(this.name)} has holiday data for ${this.coverage.from}–${this.coverage.to} only ` +
          `(${this.coverageSources}); ${d} is outside it.`,
      );
    }
    const oneOff = this.closedOn.get(d);
    if (oneOff !== undefined) return oneOff;
    if (!this.openOn.has(d)) {
      for (const source of this.sources) {
        const holiday = holidaysInYear(source, year).get(d);
        if (holiday !== undefined) return holiday;
      }
      const yearly = this.everyYear.get(d.slice(5));
      if (yearly !== undefined) return yearly;
      if (this.weekend.has(dayOfWeek)) return WEEKDAY_NAMES[dayOfWeek] ?? null;
    }
    for (const member of this.members) {
      const why = member.closure(d);
      if (why !== null) return `closed in ${member.name}: ${why}`;
    }
    return null;
  }

  provisionalHolidays(from: IsoDate, to: IsoDate): ProvisionalHoliday[] {
    this.closure(from); // throws a RangeError for a bad date or one outside the coverage
    this.closure(to);
    if (to <= from) return [];
    const found = new Map<IsoDate, string>();
    for (const [source, through] of this.announcedThrough) {
      for (let year = Math.max(yearOf(from), through + 1); year <= yearOf(to); year++) {
        for (const [date, name] of announcedHolidays(source, year)) {
          if (date > from && date <= to && !this.closedOn.has(date) && !this.openOn.has(date) && !found.has(date)) found.set(date, name);
        }
      }
    }
    for (const member of this.members) {
      for (const { date, name } of member.provisionalHolidays(from, to)) {
        if (!this.closedOn.has(date) && !found.has(date)) found.set(date, name);
      }
    }
    return [...found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, name]) => ({ date, name }));
  }
}

function requireName(name: unknown, where: string, what: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new Error(`${where}: ${what} needs a name (the reason the day is closed).`);
  return name;
}
