/**
 * The business-day index (businessDayIndex.ts, behind addBusinessDays and businessDaysBetween)
 * against the day-by-day walk that defines them (businessDayWalk.ts): the same date or count, or
 * the same RangeError, on every calendar of the real rulebook, for every start day of several years
 * (weekends, holidays, year ends, 2028's leap day), the first and last years of each calendar's
 * coverage, the largest day counts, and on made-up calendars that close for years on end, cover
 * every year 0001–9999 or lie too far apart to index. Each test builds its calendars afresh, so
 * each index starts empty and grows in the order that test asks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addBusinessDays, addDays, businessDaysBetween, MAX_DAY_COUNT } from '../src/core/calendar/businessDays';
import { businessDayIndex, MAX_INDEXED_DAYS, MISSES_BEFORE_MOVING } from '../src/core/calendar/businessDayIndex';
import { MAX_CLOSED_RUN, walkAddBusinessDays, walkBusinessDaysBetween } from '../src/core/calendar/businessDayWalk';
import { buildCalendars, type BusinessCalendar, type CalendarSpec } from '../src/core/calendar/calendar';
import { addCalendarDays, fromDayNumber, toDayNumber, type IsoDate } from '../src/core/dates';
import { RULEBOOK_DIR } from './support/fixtures';

/** The calendars of rules/us-japan-2025/calendars.json, built as Evaluator.prepare builds them. */
function realCalendars(): Map<string, BusinessCalendar> {
  const file = JSON.parse(readFileSync(join(RULEBOOK_DIR, 'calendars.json'), 'utf8')) as { calendars: Record<string, Omit<CalendarSpec, 'name'>> };
  return buildCalendars(Object.entries(file.calendars).map(([name, definition]) => ({ name, ...definition })));
}

const REAL_NAMES = [...realCalendars().keys()];

/** A result or the error it throws, comparable with deepEqual. */
type Outcome = { value: unknown; error?: undefined } | { error: string; value?: undefined };

function outcome(run: () => unknown): Outcome {
  try {
    return { value: run() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function daysFrom(first: IsoDate, last: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = toDayNumber(first); d <= toDayNumber(last); d++) days.push(fromDayNumber(d));
  return days;
}

/** Asserts addBusinessDays(date, n) and the walk give the same date or error; returns the outcome. */
function sameShift(date: IsoDate, n: number, cal: BusinessCalendar): Outcome {
  const indexed = outcome(() => addBusinessDays(date, n, cal));
  const walked = outcome(() => walkAddBusinessDays(date, n, cal));
  if (JSON.stringify(indexed) !== JSON.stringify(walked)) {
    assert.deepEqual(indexed, walked, `${cal.name}: addBusinessDays(${date}, ${n})`);
  }
  return walked;
}

function sameCount(from: IsoDate, to: IsoDate, cal: BusinessCalendar): Outcome {
  const indexed = outcome(() => businessDaysBetween(from, to, cal));
  const walked = outcome(() => walkBusinessDaysBetween(from, to, cal));
  if (JSON.stringify(indexed) !== JSON.stringify(walked) || !Object.is(indexed.value, walked.value)) {
    assert.deepEqual(indexed, walked, `${cal.name}: businessDaysBetween(${from}, ${to})`);
    assert.ok(Object.is(indexed.value, walked.value), `${cal.name}: businessDaysBetween(${from}, ${to}) is ${indexed.value}, walk ${walked.value}`);
  }
  return walked;
}

/** A seeded PRNG (mulberry32), so the random pairs are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('business-day index', () => {
  it('reads the rulebook calendars US, JP, US+JP and US-FED', () => {
    assert.deepEqual(REAL_NAMES, ['US', 'JP', 'US+JP', 'US-FED']);
  });

  for (const name of REAL_NAMES) {
    describe(`on the ${name} calendar`, () => {
      let cal: BusinessCalendar;
      beforeEach(() => {
        cal = realCalendars().get(name) as BusinessCalendar;
      });

      it('adds -30 … 30 business days to every day from 2024-12-01 to 2029-01-31 as the walk does, from the index itself', () => {
        const index = businessDayIndex(cal);
        for (const date of daysFrom('2024-12-01', '2029-01-31')) {
          const day = index.dayOf(date);
          assert.equal(day, toDayNumber(date), `${date} is indexed`);
          for (let n = -30; n <= 30; n++) {
            const walked = walkAddBusinessDays(date, n, cal);
            assert.equal(addBusinessDays(date, n, cal), walked, `${name}: addBusinessDays(${date}, ${n})`);
            if (n !== 0) assert.equal(index.shift(day as number, n), toDayNumber(walked), `${name}: index shift (${date}, ${n})`);
          }
        }
      });

      it('counts business days to every day within 45 days either side, both directions, as the walk does', () => {
        const index = businessDayIndex(cal);
        for (const from of daysFrom('2025-11-15', '2028-03-15')) {
          for (let k = -45; k <= 45; k++) {
            const to = addCalendarDays(from, k);
            const walked = walkBusinessDaysBetween(from, to, cal);
            const indexed = businessDaysBetween(from, to, cal);
            assert.ok(Object.is(indexed, walked), `${name}: businessDaysBetween(${from}, ${to}) = ${indexed}, walk ${walked}`);
            assert.equal(index.between(toDayNumber(from), toDayNumber(to)), walked);
          }
        }
      });

      it('agrees around every new year and leap day of the coverage, for short and long periods', () => {
        const { from, to } = cal.coverage;
        for (let year = from; year <= to; year++) {
          const dates = [...daysFrom(`${year}-12-22`, `${year}-12-31`), ...daysFrom(`${year}-02-26`, `${year}-03-02`)];
          for (const date of dates) {
            for (const n of [-10, -3, -1, 0, 1, 2, 5, 10]) sameShift(date, n, cal);
            sameCount(date, addCalendarDays(date, 12), cal);
            sameCount(date, addCalendarDays(date, -12), cal);
          }
          sameShift(`${year}-07-01`, 250, cal);
          sameShift(`${year}-07-01`, -250, cal);
        }
      });

      it('agrees where periods run off either end of the coverage, with the same RangeError', () => {
        const { from, to } = cal.coverage;
        const starts = [...daysFrom(`${from}-01-01`, `${from}-01-20`), ...daysFrom(`${to}-12-10`, `${to}-12-31`)];
        let errors = 0;
        for (const date of starts) {
          for (const n of [-40, -15, -5, -1, 0, 1, 5, 15, 40]) if ('error' in sameShift(date, n, cal)) errors++;
        }
        assert.ok(errors > 0, 'some of these periods leave the coverage');
        const past = sameShift(`${to}-12-20`, 40, cal);
        assert.match((past as { error: string }).error, new RegExp(`^RangeError: Calendar "${name.replace('+', '\\+')}" has holiday data for ${from}–${to} only .*; ${to + 1}-01-\\d\\d is outside it\\.$`));
        const before = sameShift(`${from}-01-10`, -40, cal);
        assert.match((before as { error: string }).error, new RegExp(`; ${from - 1}-12-\\d\\d is outside it\\.$`));
      });

      it('agrees on the largest day counts and on counts over the whole coverage', () => {
        const { from, to } = cal.coverage;
        for (const date of [`${from}-01-01`, '2025-06-15', `${to}-12-31`]) {
          for (const n of [MAX_DAY_COUNT, -MAX_DAY_COUNT, 20_000, -20_000]) sameShift(date, n, cal);
        }
        assert.equal(typeof sameCount(`${from}-01-01`, `${to}-12-31`, cal).value, 'number');
        sameCount(`${to}-12-31`, `${from}-01-01`, cal);
        const r = random(name.length);
        const first = toDayNumber(`${from}-01-01`);
        const span = toDayNumber(`${to}-12-31`) - first + 1;
        for (let i = 0; i < 300; i++) {
          const a = fromDayNumber(first + Math.floor(r() * span));
          if (i < 40) sameCount(a, fromDayNumber(first + Math.floor(r() * span)), cal);
          sameShift(a, Math.floor(r() * 2001) - 1000, cal);
        }
      });

      it('gives the same errors for a bad count, a bad date or one outside the coverage, in the same order', () => {
        const { from, to } = cal.coverage;
        const counts = [1.5, -0.5, NaN, Infinity, -Infinity, MAX_DAY_COUNT + 1, -MAX_DAY_COUNT - 1];
        const dates = ['2025-02-30', '2025-9-16', '', 'soon', '2025-06-15T00:00', `${from - 1}-12-31`, `${to + 1}-01-01`, '0000-01-01', '10000-01-01'];
        for (const n of counts) {
          assert.match((sameShift('2025-06-16', n, cal) as { error: string }).error, /^RangeError: (A number of days must be a whole number|-?\d+ days is too many)/);
          sameShift('2025-02-30', n, cal);
        }
        for (const date of dates) {
          assert.ok('error' in sameShift(date, 5, cal), `${date} is refused`);
          sameShift(date, 0, cal);
          sameShift(date, -5, cal);
          assert.ok('error' in sameCount(date, '2025-06-16', cal));
          assert.ok('error' in sameCount('2025-06-16', date, cal));
          for (const other of dates) sameCount(date, other, cal);
        }
        assert.deepEqual(outcome(() => addDays('2025-06-16', 1.5, 'calendar', cal)), outcome(() => walkAddBusinessDays('2025-06-16', 1.5, cal)));
      });

      it('agrees whatever order the index grows in: late years first, then early ones, then the middle', () => {
        const { from, to } = cal.coverage;
        const index = businessDayIndex(cal);
        const years = [to, from, Math.floor((from + to) / 2), to - 15, from + 25];
        for (const year of years) {
          for (const date of daysFrom(`${year}-01-01`, `${year}-01-15`)) for (const n of [-7, 7, 90]) sameShift(date, n, cal);
          sameCount(`${year}-06-30`, `${from}-03-01`, cal);
        }
        const { first, last } = index.span;
        assert.equal(first, toDayNumber(`${from}-01-01`));
        assert.equal(last, toDayNumber(`${to}-12-31`));
      });
    });
  }

  describe('on calendars made for the edge cases', () => {
    /** Every month and day of a year, so closedEveryYear closes every day. */
    const EVERY_DAY = daysFrom('2000-01-01', '2000-12-31').map((d) => ({ monthDay: d.slice(5), name: 'Closed' }));

    it('walks past runs of more than MAX_CLOSED_RUN closed days, with the walk’s answer or error', () => {
      // Closed every day but a few: gaps of exactly MAX_CLOSED_RUN closed days (tolerated) and one more (not).
      const exact = fromDayNumber(toDayNumber('2030-01-07') + MAX_CLOSED_RUN + 1);
      const tooLong = fromDayNumber(toDayNumber(exact) + MAX_CLOSED_RUN + 2);
      const openOn = ['2001-03-05', '2005-01-04', '2005-01-05', '2015-06-01', '2025-06-02', '2025-06-03', '2030-01-07', exact, tooLong];
      // jp-national only to bound the coverage (1970–2050): every day is closed anyway.
      const cal = buildCalendars([{ name: 'Sparse', holidays: ['jp-national'], closedEveryYear: EVERY_DAY, openOn }]).get('Sparse') as BusinessCalendar;
      const tooLongError = (after: IsoDate): Outcome => ({ error: `RangeError: Calendar "Sparse" has no business day in the ${MAX_CLOSED_RUN} days after ${after}.` });
      const starts = [...openOn, '1970-01-01', '2000-01-01', '2003-07-01', '2010-01-01', '2020-01-01', '2040-01-01', '2050-12-31'];
      for (const date of starts) {
        for (const n of [-3, -2, -1, 0, 1, 2, 3, 4]) sameShift(date, n, cal);
        for (const other of starts) sameCount(date, other, cal);
      }
      assert.deepEqual(sameShift('2001-03-05', 1, cal), { value: '2005-01-04' });
      assert.deepEqual(sameShift('2003-07-01', 2, cal), { value: '2005-01-05' });
      assert.deepEqual(sameShift('2005-01-05', 1, cal), tooLongError('2005-01-05'));
      assert.deepEqual(sameShift('2030-01-07', 1, cal), { value: exact });
      assert.deepEqual(sameShift(exact, -1, cal), { value: '2030-01-07' });
      assert.deepEqual(sameShift(exact, 1, cal), tooLongError(exact));
      assert.deepEqual(sameShift(tooLong, -1, cal), tooLongError(tooLong));
      assert.deepEqual(sameShift('2001-03-05', -1, cal), tooLongError('2001-03-05'), 'the run back to 1970 is longer than the coverage error it hides');
      assert.deepEqual(sameCount('2001-03-05', tooLong, cal), { value: 8 });
    });

    it('agrees on a union of calendars that is never open', () => {
      const calendars = buildCalendars([
        { name: 'Weekdays off', weekend: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'] },
        { name: 'Weekends off' },
        { name: 'Never', closedWhenClosedIn: ['Weekdays off', 'Weekends off'] },
      ]);
      const cal = calendars.get('Never') as BusinessCalendar;
      for (const n of [-1, 0, 1]) sameShift('2025-06-16', n, cal);
      assert.equal(sameCount('2025-06-16', '2035-06-16', cal).value, 0);
      assert.match((sameShift('2025-06-16', 1, cal) as { error: string }).error, /no business day in the 3660 days after 2025-06-16/);
    });

    it('agrees on a calendar covering years 0001–9999, at both ends and where dates are too far apart to index', () => {
      const cal = buildCalendars([{ name: 'Plain', openOn: ['0001-01-06'], closedOn: [{ date: '9999-12-30', name: 'Last closure' }] }]).get('Plain') as BusinessCalendar;
      assert.deepEqual(cal.coverage, { from: 1, to: 9999 });
      const index = businessDayIndex(cal);
      for (const date of daysFrom('0001-01-01', '0001-01-12')) for (const n of [-8, -3, -1, 0, 1, 3, 8]) sameShift(date, n, cal);
      assert.deepEqual(index.span, { first: toDayNumber('0001-01-01'), last: toDayNumber('0009-12-31') }, 'indexed from the first date asked');
      for (const date of daysFrom('9999-12-20', '9999-12-31')) for (const n of [-8, -3, -1, 0, 1, 3, 8]) sameShift(date, n, cal);
      assert.equal((sameShift('0001-01-02', -2, cal) as { error: string }).error, 'RangeError: Calendar "Plain" has holiday data for 1–9999 only (); 0000-12-31 is outside it.');
      assert.equal((sameShift('9999-12-29', 2, cal) as { error: string }).error, 'RangeError: Not a date in YYYY-MM-DD form: "10000-01-01"');

      for (const [a, b] of [['1500-06-15', '2025-06-16'], ['2025-06-16', '1500-06-15'], ['1000-01-01', '1000-03-01']]) sameCount(a as IsoDate, b as IsoDate, cal);
      for (const n of [-MAX_DAY_COUNT, -5, 5, MAX_DAY_COUNT]) sameShift('1500-06-15', n, cal);
      assert.ok(index.span.last - index.span.first + 1 <= MAX_INDEXED_DAYS, 'the index stays within its cap');

      // Dates far from the span are walked; once they keep coming, the index moves to them.
      const later = daysFrom('2025-06-01', '2025-06-30');
      let moved = false;
      for (let i = 0; i < MISSES_BEFORE_MOVING + later.length; i++) {
        const date = later[i % later.length] as IsoDate;
        for (const n of [-9, 0, 9]) sameShift(date, n, cal);
        sameCount(date, '2025-01-01', cal);
        moved ||= index.span.first <= toDayNumber(date) && toDayNumber(date) <= index.span.last;
      }
      assert.ok(moved, 'the index moved to 2025');
      assert.ok(index.span.last - index.span.first + 1 <= MAX_INDEXED_DAYS);
      assert.equal(index.shift(toDayNumber('2025-06-13'), 1), toDayNumber('2025-06-16'));
      sameShift('2025-06-16', MAX_DAY_COUNT, cal);
      sameShift('2025-06-16', -MAX_DAY_COUNT, cal);
      sameCount('0001-01-05', '2025-06-16', cal);
    });
  });
});
