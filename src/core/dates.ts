/**
 * Calendar dates as ISO text (`YYYY-MM-DD`), with no time of day and no time zone.
 *
 * Every date in Clausewise is a civil date: an entry date, a notice date, the as-of date.
 * They are compared as strings (ISO order is date order) and counted as whole days since
 * 1970-01-01, so no result ever depends on the machine's time zone or on the wall clock.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** True when `text` is a real calendar date written as YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Whole days since 1970-01-01 (negative before). Throws on text that is not an ISO date. */
export function toDayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new RangeError(`Not a date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3])); // not Date.UTC: it maps years 0–99 to 1900–1999
  return Math.round(d.getTime() / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function isoFromParts(year: number, month: number, day: number): IsoDate {
  const y = String(year).padStart(4, '0');
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The date `days` calendar days after `date` (before, when negative). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function weekdayName(date: IsoDate): WeekdayName {
  return WEEKDAY_NAMES[weekday(date)] as WeekdayName;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/**
 * The civil date of a spreadsheet date serial. Excel's 1900 system counts 1900-01-01 as 1 and
 * keeps Lotus 1-2-3's phantom 1900-02-29 as serial 60, so serials from 61 on are offset from
 * 1899-12-30; the 1904 system counts 1904-01-01 as 0. A time-of-day fraction is dropped.
 */
export function fromSpreadsheetSerial(serial: number, date1904 = false): IsoDate {
  const whole = Math.floor(serial + 1e-9);
  if (date1904) return addCalendarDays('1904-01-01', whole);
  if (whole < 60) return addCalendarDays('1899-12-31', whole);
  if (whole === 60) throw new RangeError('Serial 60 is 1900-02-29, a day that did not exist');
  return addCalendarDays('1899-12-30', whole);
}

/** The spreadsheet serial of a date (1900 system unless `date1904`). */
export function toSpreadsheetSerial(date: IsoDate, date1904 = false): number {
  if (date1904) return calendarDaysBetween('1904-01-01', date);
  const serial = calendarDaysBetween('1899-12-30', date);
  return serial <= 60 ? serial - 1 : serial;
}

/** The civil date a JavaScript Date stands for when it was built as UTC midnight (as exceljs does). */
export function fromUtcDate(value: Date): IsoDate {
  // Round to the nearest minute first: stored times like 23:59:59.999 are float noise.
  const rounded = new Date(Math.round(value.getTime() / 60_000) * 60_000);
  return isoFromParts(rounded.getUTCFullYear(), rounded.getUTCMonth() + 1, rounded.getUTCDate());
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}
