/**
 * Day numbers by arithmetic (src/core/dates.ts) agree with the Date-object definition they
 * replaced, kept here verbatim as the reference: on every day of years 0000–9999, from the cache
 * of recent dates as well as computed, on fractional and out-of-range day numbers, and on text
 * that is nearly a date.
 */
import assert from 'node:assert/strict';
import { dayNumberOrNull, fromDayNumber, isIsoDate, toDayNumber } from '../src/core/dates';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function referenceIsIsoDate(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

function referenceToDayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m || !referenceIsIsoDate(date)) throw new RangeError(`Not a date in YYYY-MM-DD form: ${JSON.stringify(date)}`);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round(d.getTime() / MS_PER_DAY);
}

function referenceFromDayNumber(dayNumber: number): string {
  const d = new Date(dayNumber * MS_PER_DAY);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

describe('day numbers by arithmetic', () => {
  it('agree with the Date-based definition on every day of years 0000–9999 and a little beyond', () => {
    const first = referenceToDayNumber('0000-01-01');
    const last = referenceToDayNumber('9999-12-31');
    assert.equal(first, -719_528);
    assert.equal(last, 2_932_896);
    for (let n = first - 400; n <= last + 400; n++) {
      const text = referenceFromDayNumber(n);
      const got = fromDayNumber(n);
      if (got !== text) assert.fail(`fromDayNumber(${n}) = ${got}, expected ${text}`);
      if (n >= first && n <= last) {
        const back = toDayNumber(text);
        if (back !== n) assert.fail(`toDayNumber(${text}) = ${back}, expected ${n}`);
      }
    }
  });

  it('give the right date again when asked twice, and for day numbers that share a cache slot', () => {
    const days = [0, 4096, -4096, 8192, 20_000, 20_000 + 4096, 20_000 - 4096, -719_528, -719_528 + 4096, 2_932_896, 2_932_896 - 4096];
    for (let round = 0; round < 3; round++) {
      for (const n of days) assert.equal(fromDayNumber(n), referenceFromDayNumber(n), `fromDayNumber(${n}), round ${round}`);
      for (const n of [...days].reverse()) assert.equal(fromDayNumber(n), referenceFromDayNumber(n), `fromDayNumber(${n}), reversed`);
    }
    for (let n = 19_000; n < 19_000 + 3 * 4096; n += 7) {
      assert.equal(fromDayNumber(n), referenceFromDayNumber(n));
      assert.equal(fromDayNumber(n - 4096), referenceFromDayNumber(n - 4096));
      assert.equal(fromDayNumber(n), referenceFromDayNumber(n));
    }
  });

  it('agree on fractional, negative-zero and unrepresentable day numbers', () => {
    for (const n of [0.5, -0.5, 1.999, -0, 20_000.25, -719_528.5, 2_932_896.5, 3e6, -1e6, 1e9, -1e9, NaN, Infinity, -Infinity]) {
      assert.equal(fromDayNumber(n), referenceFromDayNumber(n), `fromDayNumber(${n})`);
    }
  });

  it('accept and reject the same text as the regular expression did', () => {
    const texts: unknown[] = [
      '2025-01-01', '2028-02-29', '2027-02-29', '2000-02-29', '1900-02-29', '0000-02-29', '0000-01-01', '9999-12-31',
      '2025-13-01', '2025-00-10', '2025-04-31', '2025-04-00', '2025-9-16', '2025-09-16 ', ' 2025-09-16', '2025-09-16\n',
      '2025/09/16', '2025-09-1a', '２０２５-09-16', '20250916', '+2025-09-16', '-2025-09-16', '2025-09--1', '10000-01-01',
      '2025-09-16T00:00', '', 'not a date', 20250916, null, undefined, new Date(0), ['2025-09-16'], '2025-1٠-16',
    ];
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) texts.push(`2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    }
    for (const text of texts) {
      const expected = referenceIsIsoDate(text);
      assert.equal(isIsoDate(text), expected, `isIsoDate(${JSON.stringify(text)})`);
      assert.equal(dayNumberOrNull(text) !== null, expected, `dayNumberOrNull(${JSON.stringify(text)})`);
      if (typeof text !== 'string') continue;
      let expectedError: unknown = null;
      let expectedDay: number | null = null;
      try {
        expectedDay = referenceToDayNumber(text);
      } catch (e) {
        expectedError = e;
      }
      if (expectedError) assert.throws(() => toDayNumber(text), expectedError as Error);
      else assert.equal(toDayNumber(text), expectedDay, text);
    }
  });
});
