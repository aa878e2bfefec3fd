/**
 * Named public-holiday sources, backed by maintained libraries rather than hand-kept tables.
 *
 *  - `us-federal`: the eleven US federal holidays of 5 U.S.C. 6103 on their OBSERVED dates
 *    (a Saturday holiday is observed on the Friday before, a Sunday one on the Monday after),
 *    from @18f/us-federal-holidays. Inauguration Day and one-off executive-order closures are
 *    not included (a calendar can add them with `closedOn`).
 *  - `jp-national`: Japanese national holidays under Act No. 178 of 1948, including substitute
 *    holidays (振替休日) and citizens' holidays (国民の休日), from @holiday-jp/holiday_jp.
 *  - `us-federal-reserve`: the same eleven holidays as the Federal Reserve Banks observe them: a
 *    Sunday holiday closes them the Monday after, but a Saturday holiday is not moved (the Banks are
 *    open the Friday before, e.g. 2026-07-03), from @18f/us-federal-holidays.
 *
 * Some holidays are fixed only by an announcement made a year ahead: Japan's Vernal and Autumnal
 * Equinox Days are the astronomical equinox days, which the National Astronomical Observatory of
 * Japan (NAOJ) announces in the Official Gazette each February for the following year. Beyond the
 * last announced year the library's dates are projections. announcedHolidays() names, per source,
 * the holidays whose dates depend on such an announcement; which year was last announced is data
 * (a calendar's `announcedThrough` in the rulebook), not code.
 *
 * Pure JavaScript: no Node-only API, so this runs unchanged in a browser.
 */
import { allForYear } from '@18f/us-federal-holidays';
import jpHolidayData from '@holiday-jp/holiday_jp/lib/holidays';
import { addCalendarDays, weekday, type IsoDate } from '../dates';

/** An inclusive range of years. */
export interface YearRange {
  from: number;
  to: number;
}

/** The names accepted in a calendar's `holidays` list. */
export const HOLIDAY_SOURCES: readonly string[] = Object.freeze(['us-federal', 'jp-national', 'us-federal-reserve']);

/** Sources with holidays whose dates are fixed only by an annual announcement (see announcedHolidays). */
export const ANNOUNCED_HOLIDAY_SOURCES: readonly string[] = Object.freeze(['jp-national']);

/**
 * Years for which each source's data is reliable.
 * us-federal is computed by rule, and the library applies today's rules to every year: it is
 * right from 1986 (first Martin Luther King, Jr. holiday) on; later years assume no change in law.
 * jp-national is a table that starts in 1970 and ends in 2050 (equinox days beyond the current
 * official announcement are the National Astronomical Observatory's projections: see
 * announcedHolidays). us-federal-reserve starts in 2022: Juneteenth became a federal holiday in
 * June 2021, and earlier years were not checked against the Reserve Banks' schedules.
 */
const COVERAGE: Readonly<Record<string, YearRange>> = {
  'us-federal': { from: 1986, to: 2200 },
  'jp-national': { from: 1970, to: 2050 },
  'us-federal-reserve': { from: 2022, to: 2200 },
};

const JP_DATA: Readonly<Record<string, { readonly name: string; readonly name_en: string }>> = jpHolidayData;
const cache = new Map<string, ReadonlyMap<IsoDate, string>>();

/** True when `name` is one of HOLIDAY_SOURCES. */
export function isHolidaySource(name: string): boolean {
  return HOLIDAY_SOURCES.includes(name);
}

/** Throws an Error naming the known sources when `name` is not one of them. */
export function assertHolidaySource(name: string): void {
  if (!isHolidaySource(name)) {
    throw new Error(`Unknown holiday source ${JSON.stringify(name)}. Known sources: ${HOLIDAY_SOURCES.join(', ')}.`);
  }
}

/** The years for which `source` is reliable; dates outside them must not be trusted (or computed). */
export function holidaySourceCoverage(source: string): YearRange {
  assertHolidaySource(source);
  const range = COVERAGE[source] as YearRange;
  return { from: range.from, to: range.to };
}

/**
 * The holidays of `source` that fall in calendar year `year`, as date → holiday name.
 * For us-federal these are the observed days: 2027's map holds 2027-12-31 "New Year's Day (observed)"
 * (for 1 January 2028, a Saturday). Throws a RangeError for a year outside the source's coverage.
 * Results are cached per source and year.
 */
export function holidaysInYear(source: string, year: number): ReadonlyMap<IsoDate, string> {
  const key = `${source}:${year}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const coverage = holidaySourceCoverage(source);
  if (!Number.isInteger(year) || year < coverage.from || year > coverage.to) {
    throw new RangeError(
      `The ${source} holiday source has data for ${coverage.from}–${coverage.to} only; ${year} is outside it.`,
    );
  }
  const map = source === 'us-federal' ? usFederal(year, true)
    : source === 'us-federal-reserve' ? usFederal(year, false)
    : jpNational(year);
  cache.set(key, map);
  return map;
}

/**
 * The holidays of `source` in `year` whose dates depend on an announcement made a year ahead, as
 * date → holiday name (a subset of holidaysInYear). For jp-national: Vernal and Autumnal Equinox
 * Days, a substitute holiday for an equinox day on a Sunday, and a citizens' holiday next to an
 * equinox day (such as 2026-09-22, between Respect for the Aged Day and Autumnal Equinox Day).
 * Empty for a source whose holidays are all fixed by rule (us-federal, us-federal-reserve).
 * Throws a RangeError for a year outside the source's coverage.
 */
export function announcedHolidays(source: string, year: number): ReadonlyMap<IsoDate, string> {
  const all = holidaysInYear(source, year);
  const map = new Map<IsoDate, string>();
  if (source !== 'jp-national') return map;
  for (const [date, name] of all) {
    const raw = JP_DATA[date];
    if (!raw) continue;
    const citizens = raw.name === '休日' && [addCalendarDays(date, -1), addCalendarDays(date, 1)].some((d) => isEquinoxName(JP_DATA[d]?.name));
    if (isEquinoxName(raw.name) || citizens) map.set(date, name);
  }
  return map;
}

/** 春分の日 / 秋分の日, or a substitute holiday for one (the library names it "春分の日 振替休日"). */
function isEquinoxName(name: string | undefined): boolean {
  return name !== undefined && (name.includes('春分の日') || name.includes('秋分の日'));
}

/**
 * The eleven holidays on the days they close: a Sunday holiday moves to the Monday after; a Saturday
 * one moves to the Friday before when `shiftSaturday` (federal employees), not for the Reserve Banks.
 */
function usFederal(year: number, shiftSaturday: boolean): ReadonlyMap<IsoDate, string> {
  const map = new Map<IsoDate, string>();
  // A Saturday 1 January is observed on 31 December of the year before, so look one year ahead.
  for (const y of [year, year + 1]) {
    const observed = allForYear(y, { shiftSaturdayHolidays: shiftSaturday, shiftSundayHolidays: true });
    const actual = allForYear(y, { shiftSaturdayHolidays: false, shiftSundayHolidays: false });
    observed.forEach((h, i) => {
      if (!h.dateString.startsWith(`${year}-`)) return;
      const shifted = actual[i]?.dateString !== h.dateString;
      map.set(h.dateString, shifted ? `${h.name} (observed)` : h.name);
    });
  }
  return sortedMap(map);
}

function jpNational(year: number): ReadonlyMap<IsoDate, string> {
  const map = new Map<IsoDate, string>();
  const prefix = `${year}-`;
  for (const [date, holiday] of Object.entries(JP_DATA)) {
    if (date.startsWith(prefix)) map.set(date, jpName(date, holiday));
  }
  return sortedMap(map);
}

/**
 * The library's English name, with two clarifications: "Holiday in lieu" names the Sunday holiday
 * it replaces ("Holiday in lieu of Greenery Day"), and スポーツの日 (since 2020) is "Sports Day",
 * not the library's older "Health and Sports Day".
 */
function jpName(date: IsoDate, holiday: { readonly name: string; readonly name_en: string }): string {
  if (holiday.name === 'スポーツの日') return 'Sports Day';
  const nameEn = holiday.name_en;
  if (nameEn !== 'Holiday in lieu') return nameEn;
  for (let back = 1; back <= 6; back++) {
    const earlier = addCalendarDays(date, -back);
    const replaced = JP_DATA[earlier];
    if (!replaced) break;
    if (weekday(earlier) === 0) return `Holiday in lieu of ${jpName(earlier, replaced)}`;
  }
  return nameEn;
}

function sortedMap(map: Map<IsoDate, string>): ReadonlyMap<IsoDate, string> {
  return new Map([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
