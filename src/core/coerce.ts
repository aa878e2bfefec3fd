/**
 * Turning one raw cell into the typed fact its column declares.
 *
 * Every rejection is one plain sentence for a non-programmer that names the value and says
 * what to write instead; the caller prefixes the cell reference and the column name.
 * Decimal text is converted by moving the decimal point in the text itself (14.9% → 149e-3,
 * 2.1 billion → 21e8) so the only rounding is JavaScript's own parse of the final decimal.
 */
import { fromSpreadsheetSerial, isIsoDate, isoFromParts, type IsoDate } from './dates';
import { normalizeHeader, type ColumnSpec, type FactValue } from './columns';
import type { RawCell } from './table';
import { countryCode } from './countries';

export type CoerceResult = { ok: true; value: FactValue } | { ok: false; problem: string };

export interface CoerceOptions {
  /** The workbook counts date serials from 1904-01-01 (see `Table.date1904`). */
  date1904: boolean;
}

/** The typed value of `cell` for `column`, or a problem sentence. Empty cells become `null`. */
export function coerceCell(cell: RawCell, column: ColumnSpec, options: CoerceOptions): CoerceResult {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return ok(null);
  if (typeof cell === 'object' && 'error' in cell) {
    return fail(`the cell holds the Excel error ${cell.error}: fix the formula or clear the cell.`);
  }
  switch (column.type) {
    case 'text': return ok(cellText(cell));
    case 'number': return coerceNumber(cell, column);
    case 'rate': return coerceRate(cell, column);
    case 'money': return coerceMoney(cell, column);
    case 'date': return coerceDate(cell, options);
    case 'enum': return coerceEnum(cell, column);
    case 'boolean': return coerceBoolean(cell);
    case 'country': return coerceCountry(cell);
  }
}

/** What a column takes, in words for messages and docs: `a rate such as 2.5% or 0.025`. */
export function describeType(column: ColumnSpec): string {
  switch (column.type) {
    case 'text': return 'text';
    case 'number': return `a number such as 1,234.5${describeLimits(column, formatNumber)}`;
    case 'rate': return `a rate such as 2.5% or 0.025${describeLimits(column, formatPercent)}`;
    case 'money': return `an amount in US dollars such as 1,250,000 or $2.1 billion${describeLimits(column, formatDollars)}`;
    case 'date': return 'a date written year-month-day, such as 2025-09-16, or an Excel date cell';
    case 'enum': return `one of ${orList((column.values ?? []).map((v) => v.value))}`;
    case 'boolean': return 'yes or no';
    case 'country': return 'a country as an ISO code or English name, such as JP or Japan';
  }
}

// ---------------------------------------------------------------------------------------------
// Results and shared wording

type NonEmptyCell = Exclude<RawCell, null | { error: string }>;

function ok(value: FactValue): CoerceResult {
  return { ok: true, value };
}

function fail(problem: string): CoerceResult {
  return { ok: false, problem };
}

/** A cell's value as text: trimmed text, digits for numbers, TRUE/FALSE, ISO for dates. */
function cellText(cell: NonEmptyCell): string {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.date;
}

/** The value named in a message: text quoted as typed, numbers bare, dates as ISO. */
function shown(cell: NonEmptyCell): string {
  if (typeof cell === 'string') return JSON.stringify(cell.trim());
  if (typeof cell === 'number') return formatNumber(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return `the date ${cell.date}`;
}

/** Full-width digits and signs made ASCII, non-breaking and thin spaces made plain spaces. */
function normalizeNumberText(text: string): string {
  return text.trim().normalize('NFKC').replace(/\u2212/g, '-');
}

function orList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '(none listed)';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function describeLimits(column: ColumnSpec, show: (n: number) => string): string {
  const { min, max } = column;
  if (min !== undefined && max !== undefined) return `, from ${show(min)} to ${show(max)}`;
  if (min !== undefined) return `, at least ${show(min)}`;
  if (max !== undefined) return `, at most ${show(max)}`;
  return '';
}

function checkLimits(value: number, column: ColumnSpec, what: string, show: (n: number) => string): CoerceResult {
  if (column.min !== undefined && value < column.min) {
    return fail(`${what} is below the smallest value allowed here, ${show(column.min)}: write ${show(column.min)} or more.`);
  }
  if (column.max !== undefined && value > column.max) {
    return fail(`${what} is above the largest value allowed here, ${show(column.max)}: write ${show(column.max)} or less.`);
  }
  return ok(value);
}

// ---------------------------------------------------------------------------------------------
// Exact decimals

/** An exact decimal value: ± digits × 10^exponent. */
interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

const UNSIGNED = /^([\d, ]*)(?:\.(\d*))?(?:e([+-]?\d{1,4}))?$/i;

/**
 * Unsigned decimal text: digits with an optional point and exponent; the whole part may be
 * grouped in threes by commas (1,234,567) or by spaces (1 234 567), one kind per number.
 */
function parseUnsigned(text: string): Decimal | null {
  const m = UNSIGNED.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '';
  const fraction = m[2] ?? '';
  if (whole === '' && fraction === '') return null;
  if (whole !== '' && !/^\d+$/.test(whole) && !/^\d{1,3}(?:,\d{3})+$/.test(whole) && !/^\d{1,3}(?: \d{3})+$/.test(whole)) {
    return null;
  }
  return {
    negative: false,
    digits: whole.replace(/[, ]/g, '') + fraction,
    exponent: Number(m[3] ?? '0') - fraction.length,
  };
}

/** A leading sign or accounting parentheses taken off: `(1,234)` and `-1,234` are negative. */
function splitSign(text: string): { negative: boolean; body: string; signed: boolean } {
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) return { negative: true, body: (paren[1] ?? '').trim(), signed: true };
  const sign = /^([+-])\s*(.*)$/.exec(text);
  if (sign) return { negative: sign[1] === '-', body: sign[2] ?? '', signed: true };
  return { negative: false, body: text, signed: false };
}

/** Signed decimal text such as `-1,234.5`, `+7` or `(1,234)`. */
function parseSigned(text: string): Decimal | null {
  const { negative, body } = splitSign(text);
  const d = parseUnsigned(body);
  return d && { ...d, negative };
}

function shift(d: Decimal, places: number): Decimal {
  return { ...d, exponent: d.exponent + places };
}

/** The nearest JavaScript number to the exact decimal (never -0). */
function toNumber(d: Decimal): number {
  const n = Number(`${d.negative ? '-' : ''}${d.digits || '0'}e${d.exponent}`);
  return n === 0 ? 0 : n;
}

/** The decimal written out in full, without an exponent: `0.025`, `2100000000`. */
function plainText(d: Decimal): string {
  const digits = d.digits.replace(/^0+/, '');
  if (digits === '') return '0';
  let text: string;
  if (d.exponent >= 0) {
    text = digits + '0'.repeat(d.exponent);
  } else {
    const point = digits.length + d.exponent;
    text = point > 0
      ? `${digits.slice(0, point)}.${digits.slice(point)}`
      : `0.${'0'.repeat(-point)}${digits}`;
    text = text.replace(/0+$/, '').replace(/\.$/, '');
  }
  return (d.negative ? '-' : '') + text;
}

function decimalOf(n: number): Decimal {
  const d = parseUnsigned(String(Math.abs(n)));
  return { ...(d ?? { digits: '0', exponent: 0 }), negative: n < 0 };
}

function groupThousands(plain: string): string {
  const [whole = '', fraction] = plain.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? groupThousands(plainText(decimalOf(n))) : String(n);
}

/** A fraction shown as a percentage without float noise: 0.149 → `14.9%`. */
function formatPercent(fraction: number): string {
  return `${groupThousands(plainText(shift(decimalOf(fraction), 2)))}%`;
}

function formatDollars(n: number): string {
  return n < 0 ? `-$${formatNumber(-n)}` : `$${formatNumber(n)}`;
}

// ---------------------------------------------------------------------------------------------
// Numbers

const NUMBER_FIX = 'write digits such as 1,234.5.';

function coerceNumber(cell: NonEmptyCell, column: ColumnSpec): CoerceResult {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail(`${shown(cell)} is not a number: ${NUMBER_FIX}`);
    return checkLimits(cell, column, shown(cell), formatNumber);
  }
  if (typeof cell !== 'string') return fail(`the cell holds ${shown(cell)}, not a number: ${NUMBER_FIX}`);
  const text = normalizeNumberText(cell);
  const percent = /^(.*?)\s*%$/.exec(text);
  if (percent && parseSigned(percent[1] ?? '')) {
    return fail(`${shown(cell)} is a percentage, but this column takes a plain number: write it without the % sign, such as ${percent[1]}.`);
  }
  const d = parseSigned(text);
  if (!d) return fail(notANumber(cell, text));
  const value = toNumber(d);
  if (!Number.isFinite(value)) return fail(`${shown(cell)} is too large a number: check the figure.`);
  return checkLimits(value, column, shown(cell), formatNumber);
}

/** The problem for unreadable number text, with a hint when it looks like a decimal comma. */
function notANumber(cell: string, text: string): string {
  const european = /^([+-]?\d{1,3}(?:\.\d{3})*|[+-]?\d+),(\d+)$/.exec(text);
  if (european && !parseSigned(text)) {
    const suggestion = `${(european[1] ?? '').replace(/\./g, '')}.${european[2] ?? ''}`;
    return `${shown(cell)} is not a number Clausewise can read: write decimals with a point, such as ${suggestion}.`;
  }
  return `${shown(cell)} is not a number: ${NUMBER_FIX}`;
}

// ---------------------------------------------------------------------------------------------
// Rates

const RATE_FIX = 'write a rate such as 2.5% or 0.025.';

function coerceRate(cell: NonEmptyCell, column: ColumnSpec): CoerceResult {
  let d: Decimal | null;
  let withPercent = false;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail(`${shown(cell)} is not a rate: ${RATE_FIX}`);
    d = decimalOf(cell);
  } else if (typeof cell === 'string') {
    const text = normalizeNumberText(cell);
    if (/^free$/i.test(text)) return checkLimits(0, column, shown(cell), formatPercent);
    const { negative, body } = splitSign(text);
    const percent = /^(.*?)\s*%$/.exec(body);
    withPercent = percent !== null;
    const unsigned = parseUnsigned(percent ? percent[1] ?? '' : body);
    d = unsigned && { ...shift(unsigned, withPercent ? -2 : 0), negative };
    if (!d) return fail(`${shown(cell)} is not a rate: ${RATE_FIX}`);
  } else {
    return fail(`the cell holds ${shown(cell)}, not a rate: ${RATE_FIX}`);
  }
  const value = toNumber(d);
  if (!Number.isFinite(value)) return fail(`${shown(cell)} is not a rate: ${RATE_FIX}`);
  if (value < 0 && !(column.min !== undefined && column.min < 0)) {
    return fail(`${shown(cell)} is a negative rate: write 0% or more, such as 2.5%.`);
  }
  if (!withPercent && value > 1 && !(column.max !== undefined && column.max > 1)) {
    const asPercent = plainText(d);
    return fail(`${shown(cell)} would mean ${formatPercent(value)}: write ${asPercent}% for ${asPercent} percent, or ${plainText(shift(d, -2))}.`);
  }
  return checkLimits(value, column, shown(cell), formatPercent);
}

// ---------------------------------------------------------------------------------------------
// Money

const MONEY_FIX = 'write it such as 1,250,000 or $2.1 billion.';

/** Markers of currencies other than the US dollar: symbols, ISO codes, `C$`-style dollars. */
const OTHER_CURRENCY =
  /[¥€£₩₹₽₺₫฿円元]|\b(?:JPY|EUR|GBP|CNY|RMB|KRW|CAD|AUD|NZD|MXN|CHF|INR|HKD|SGD|TWD|BRL|yen|euros?|pounds?|yuan|won|rupees?)\b|\b(?!USD?\$)[A-Z]{1,3}\$/i;

const SCALES: ReadonlyArray<[RegExp, number]> = [
  [/^(?:k|thousands?)$/i, 3],
  [/^(?:m|mn|millions?)$/i, 6],
  [/^(?:b|bn|billions?)$/i, 9],
  [/^(?:t|tn|trillions?)$/i, 12],
];

function coerceMoney(cell: NonEmptyCell, column: ColumnSpec): CoerceResult {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail(`${shown(cell)} is not an amount in US dollars: ${MONEY_FIX}`);
    return checkLimits(cell, column, shown(cell), formatDollars);
  }
  if (typeof cell !== 'string') return fail(`the cell holds ${shown(cell)}, not an amount in US dollars: ${MONEY_FIX}`);
  const text = normalizeNumberText(cell);
  if (OTHER_CURRENCY.test(text)) {
    return fail(`${shown(cell)} is not in US dollars: Clausewise takes US dollars only, so convert the amount first and ${MONEY_FIX}`);
  }
  const d = parseDollars(text);
  if (!d) return fail(`${shown(cell)} is not an amount in US dollars: ${MONEY_FIX}`);
  const value = toNumber(d);
  if (!Number.isFinite(value)) return fail(`${shown(cell)} is too large an amount: check the figure.`);
  return checkLimits(value, column, shown(cell), formatDollars);
}

/** `$1,234`, `US$ 5`, `USD 600 million`, `33bn USD`, `-$5`, `$(5)`, `0.6bn` as exact decimals. */
function parseDollars(text: string): Decimal | null {
  const outer = splitSign(text);
  let body = outer.body.replace(/^(?:US\s?\$|USD\s?\$?|\$)\s*/i, '');
  let negative = outer.negative;
  if (!outer.signed) {
    const inner = splitSign(body);
    negative = inner.negative;
    body = inner.body;
  }
  body = body.replace(/\s*(?:USD|US\s?dollars?|dollars?)$/i, '');
  let places = 0;
  const scaled = /^(.*?\d)\s*([a-z]+)$/i.exec(body);
  if (scaled) {
    const scale = SCALES.find(([word]) => word.test(scaled[2] ?? ''));
    if (!scale) return null;
    places = scale[1];
    body = scaled[1] ?? '';
  }
  const d = parseUnsigned(body);
  return d && { ...shift(d, places), negative };
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'] as const;

function coerceDate(cell: NonEmptyCell, options: CoerceOptions): CoerceResult {
  if (typeof cell === 'object') return ok(cell.date);
  if (typeof cell === 'number') return dateFromSerial(cell, options.date1904);
  if (typeof cell === 'boolean') {
    return fail(`the cell holds ${shown(cell)}, not a date: write a date as year-month-day, such as 2025-09-16.`);
  }
  const text = normalizeNumberText(cell);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:(?:T|\s+)00:00(?::00(?:\.0+)?)?Z?)?$/.exec(text);
  if (iso) {
    const date = iso[1] ?? '';
    if (isIsoDate(date)) return ok(date);
    return fail(`${shown(cell)} is not a real calendar date: check the month and the day.`);
  }
  const withTime = /^(\d{4}-\d{2}-\d{2})(?:T|\s+)\d/.exec(text);
  if (withTime && isIsoDate(withTime[1])) {
    return fail(`${shown(cell)} has a time of day: write the date alone, ${withTime[1]}.`);
  }
  return fail(`${shown(cell)} is not a date Clausewise can read unambiguously: ${dateSuggestion(text)}`);
}

/** How to write an unreadable date: the date itself when the text makes it certain. */
function dateSuggestion(text: string): string {
  const generic = 'write it as year-month-day, such as 2025-09-16, or use an Excel date cell.';
  const m = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$/.exec(text);
  if (!m) return generic;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const certain = (date: IsoDate): string => `write it as ${date} (year-month-day) or use an Excel date cell.`;
  if ((m[1] ?? '').length === 4) {
    const date = isoFromParts(a, b, c);
    return isIsoDate(date) ? certain(date) : generic;
  }
  if ((m[3] ?? '').length !== 4) return generic;
  const monthFirst = isoFromParts(c, a, b);
  const dayFirst = isoFromParts(c, b, a);
  const readings = [monthFirst, dayFirst].filter((date, i, all) => isIsoDate(date) && all.indexOf(date) === i);
  if (readings.length === 1) return certain(readings[0] ?? '');
  if (readings.length === 2) {
    const spoken = (date: IsoDate): string =>
      `${Number(date.slice(8))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1] ?? ''}`;
    return `write it as year-month-day, ${monthFirst} for ${spoken(monthFirst)} or ${dayFirst} for ${spoken(dayFirst)}, or use an Excel date cell.`;
  }
  return generic;
}

function dateFromSerial(serial: number, date1904: boolean): CoerceResult {
  const shownSerial = String(serial); // no thousands separators: 2025, not 2,025
  const whole = Math.floor(serial + 1e-9);
  if (whole === serial && serial >= 1900 && serial <= 2100) {
    return fail(`${shownSerial} looks like a year, not a full date: write the date as year-month-day, such as 2025-09-16.`);
  }
  const [first, last] = date1904 ? [0, 2_957_003] : [1, 2_958_465];
  if (!Number.isFinite(serial) || whole < first || whole > last || (!date1904 && whole === 60)) {
    return fail(`${shownSerial} is not a spreadsheet date: write the date as year-month-day, such as 2025-09-16, or use an Excel date cell.`);
  }
  return ok(fromSpreadsheetSerial(serial, date1904));
}

// ---------------------------------------------------------------------------------------------
// Enums and yes/no

/** Each enum column's spellings, normalised once: spelling → canonical value (the first value listing a spelling wins). */
const spellingsOf = new WeakMap<ColumnSpec, Map<string, string>>();

function enumSpellings(column: ColumnSpec): Map<string, string> {
  let map = spellingsOf.get(column);
  if (!map) {
    map = new Map();
    for (const v of column.values ?? []) {
      for (const spelling of [v.value, ...(v.aliases ?? [])]) {
        const key = normalizeHeader(spelling);
        if (!map.has(key)) map.set(key, v.value);
      }
    }
    spellingsOf.set(column, map);
  }
  return map;
}

function coerceEnum(cell: NonEmptyCell, column: ColumnSpec): CoerceResult {
  const values = column.values ?? [];
  const found = enumSpellings(column).get(normalizeHeader(cellText(cell)));
  if (found !== undefined) return ok(found);
  return fail(`${shown(cell)} is not one of the allowed values: write ${orList(values.map((v) => v.value))}.`);
}

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0']);

function coerceBoolean(cell: NonEmptyCell): CoerceResult {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number' && (cell === 0 || cell === 1)) return ok(cell === 1);
  if (typeof cell === 'string') {
    const word = cell.trim().normalize('NFKC').toLowerCase();
    if (YES.has(word)) return ok(true);
    if (NO.has(word)) return ok(false);
  }
  return fail(`${shown(cell)} is not a yes-or-no value: write yes or no (y/n, true/false, 1/0, or x for yes are also accepted).`);
}

/** A country: ISO alpha-2 code, common alpha-3 code or English name → the alpha-2 code. */
function coerceCountry(cell: NonEmptyCell): CoerceResult {
  const text = cellText(cell);
  const code = countryCode(text);
  if (code) return ok(code);
  return fail(`${JSON.stringify(text)} is not a country Clausewise knows: write its ISO code (JP) or English name (Japan).`);
}
