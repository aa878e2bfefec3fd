/**
 * Arithmetic on rates and money without binary floating-point noise showing through.
 *
 * Rates and amounts are decimal quantities; JavaScript numbers are binary. 0.15 − 0.149 is
 * 0.0010000000000000009 in binary floating point. Every computed result is therefore rounded to
 * 12 significant digits (far finer than any tariff rate or dollar amount) so that the decimal an
 * economist expects, 0.001, is the number stored, compared and shown.
 */

const SIGNIFICANT_DIGITS = 12;

/**
 * Roundings already worked out, by the number rounded: a table's rows repeat their rates and sums,
 * and toPrecision (a string each time) costs several times a Map lookup. Bounded: it starts afresh
 * when full. The rounding is a pure function of the number, so a remembered one is the same answer.
 */
const tidied = new Map<number, number>();
const MAX_TIDIED = 4096;

/** The number rounded to 12 significant digits; -0 becomes 0. */
export function tidy(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value === 0 ? 0 : value;
  // A whole number of at most 12 digits is its own 12-significant-digit rounding.
  if (Number.isInteger(value) && value < 1e12 && value > -1e12) return value;
  const known = tidied.get(value);
  if (known !== undefined) return known;
  const r = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  const rounded = r === 0 ? 0 : r;
  if (tidied.size >= MAX_TIDIED) tidied.clear();
  tidied.set(value, rounded);
  return rounded;
}

export function sum(values: readonly number[]): number {
  return tidy(values.reduce((a, b) => a + b, 0));
}

export function difference(a: number, b: number): number {
  return tidy(a - b);
}

export function product(values: readonly number[]): number {
  return tidy(values.reduce((a, b) => a * b, 1));
}

export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : tidy(a / b);
}

const plainFormats = new Map<number, Intl.NumberFormat>();

/** Decimal text for a number with no exponent and no noise: 0.001 → "0.001", 1e21 → "1000000000000000000000". */
export function plainDecimal(value: number, maxFractionDigits = 12): string {
  const t = tidy(value);
  // One formatter per precision: toLocaleString builds a new one on every call (the same output, ECMA-402).
  let format = plainFormats.get(maxFractionDigits);
  if (!format) plainFormats.set(maxFractionDigits, (format = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: maxFractionDigits })));
  const text = format.format(t);
  return text === '-0' ? '0' : text;
}
