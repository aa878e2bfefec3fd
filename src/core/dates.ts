/**
 * Calendar dates as ISO text (`YYYY-MM-DD`), with no time of day and no time zone.
 *
 * Every date in Clausewise is a civil date: an entry date, a notice date, the as-of date.
 * They are compared as strings (ISO order is date order) and counted as whole days since
 * 1970-01-01, so no result ever depends on the machine's time zone or on the wall clock.
 */

export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
/** Day numbers of 0000-01-01 and 9999-12-31: the dates with a four-digit year, counted by arithmetic. */
const FIRST_FOUR_DIGIT_DAY = -719_528;
const LAST_FOUR_DIGIT_DAY = 2_932_896;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
/**
 * The dates of recently converted day numbers, by day number modulo DATE_CACHE_SIZE (about eleven
 * years of consecutive days): building the text is most of what fromDayNumber costs.
 */
const DATE_CACHE_SIZE = 4096;
const cachedDayNumbers = new Int32Array(DATE_CACHE_SIZE).fill(LAST_FOUR_DIGIT_DAY + 1); // a day number never cached
const cachedDates: IsoDate[] = new Array<IsoDate>(DATE_CACHE_SIZE).fill('');

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/** True when `text` is a real calendar date written as YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(text: unknown): text is IsoDate {
  return dayNumberOrNull(text) !== null;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return MONTH_DAYS[month - 1] ?? 0;
}

/** Whole days since 1970-01-01 (negative before). Throws on text that is not an ISO date. */
export function toDayNumber(date: IsoDate): number {
  const day = dayNumberOrNull(date);
  if (day === null) throw new RangeError(`Not a date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
  return day;
}

/**
 * Whole days since 1970-01-01 when `text` is a real date written YYYY-MM-DD, else null: toDayNumber
 * without the exception, read character by character (no regular expression, no Date object).
 */
export function dayNumberOrNull(text: unknown): number | null {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null; // 45: '-'
  const y1 = digitAt(text, 0);
  const y2 = digitAt(text, 1);
  const y3 = digitAt(text, 2);
  const y4 = digitAt(text, 3);
  const m1 = digitAt(text, 5);
  const m2 = digitAt(text, 6);
  const d1 = digitAt(text, 8);
  const d2 = digitAt(text, 9);
  if ((y1 | y2 | y3 | y4 | m1 | m2 | d1 | d2) < 0) return null;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day);
}

/** The digit at `i` (0–9), or -1 when the character there is not an ASCII digit. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), year 0 on. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1; // from 1 March
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function fromDayNumber(dayNumber: number): IsoDate {
  if (Number.isInteger(dayNumber) && dayNumber >= FIRST_FOUR_DIGIT_DAY && dayNumber <= LAST_FOUR_DIGIT_DAY) {
    const slot = dayNumber & (DATE_CACHE_SIZE - 1);
    if (cachedDayNumbers[slot] === dayNumber) return cachedDates[slot] as IsoDate;
    const date = fourDigitYearDate(dayNumber);
    cachedDayNumbers[slot] = dayNumber;
    cachedDates[slot] = date;
    return date;
  }
  const d = new Date(dayNumber * MS_PER_DAY);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The date of a whole day number in years 0000–9999 (H. Hinnant's civil_from_days). */
function fourDigitYearDate(dayNumber: number): IsoDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100)); // from 1 March
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const y = year >= 1000 ? String(year) : year >= 100 ? `0${year}` : year >= 10 ? `00${year}` : `000${year}`;
  return `${y}-${TWO_DIGITS[month] as string}-${TWO_DIGITS[day] as string}`;
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
