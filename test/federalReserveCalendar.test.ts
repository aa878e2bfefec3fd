/**
 * The Federal Reserve Bank calendar (US-FED) and the executive-order closures on the US calendar,
 * on the real rulebook's calendars. The Reserve Banks close on the federal holidays, the Monday
 * after a Sunday one, but stay open on the Friday before a Saturday one; the federal government
 * closes on that Friday, and also closed on 2025-12-24 and 2025-12-26 by executive order, when the
 * Reserve Banks stayed open. Holiday lists and deadlines were typed and counted by hand (weekdays
 * checked independently of the code under test), not computed by the engine.
 */
import assert from 'node:assert/strict';
import { addBusinessDays, businessDaysBetween } from '../src/core/calendar/businessDays';
import type { BusinessCalendar } from '../src/core/calendar/calendar';
import { holidaySourceCoverage, holidaysInYear } from '../src/core/calendar/holidaySources';
import { Evaluator } from '../src/core/engine/evaluator';
import { loadRulebook } from '../src/core/rulebook/load';
import type { IsoDate } from '../src/core/dates';
import { FOLDER, realRulebookFiles } from './support/fixtures';

/** Federal Reserve Bank holidays per the Reserve Banks' schedules: a Saturday holiday stays on the Saturday. */
const FED: Record<number, IsoDate[]> = {
  2025: ['2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25'],
  2026: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-04' /* Sat */, '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25'],
  2027: [
    '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-19' /* Sat */, '2027-07-05' /* Mon; July 4 is a Sunday */,
    '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-25' /* Sat */,
  ],
  2028: [
    '2028-01-01' /* Sat: no 2027-12-31 closure */, '2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04',
    '2028-10-09', '2028-11-11' /* Sat */, '2028-11-23', '2028-12-25',
  ],
  2029: ['2029-01-01', '2029-01-15', '2029-02-19', '2029-05-28', '2029-06-19', '2029-07-04', '2029-09-03', '2029-10-08', '2029-11-12' /* Mon; Nov 11 is a Sunday */, '2029-11-22', '2029-12-25'],
};

describe('Federal Reserve Bank calendar and executive-order closures', () => {
  let us: BusinessCalendar;
  let fed: BusinessCalendar;
  let both: BusinessCalendar;
  before(async () => {
    const { rulebook } = await loadRulebook(FOLDER, realRulebookFiles());
    assert.ok(rulebook, 'the real rulebook loads');
    const prepared = Evaluator.prepare(rulebook);
    assert.ok(prepared.ok);
    us = prepared.evaluator.calendar('US')!;
    fed = prepared.evaluator.calendar('US-FED')!;
    both = prepared.evaluator.calendar('US+JP')!;
    assert.ok(us && fed && both);
  });

  for (const year of [2025, 2026, 2027, 2028, 2029]) {
    it(`us-federal-reserve ${year} lists the Reserve Banks' holidays exactly`, () => {
      assert.deepEqual([...holidaysInYear('us-federal-reserve', year).keys()], FED[year]);
    });
  }

  it('names a holiday moved from a Sunday as observed, and covers 2022 on', () => {
    assert.equal(holidaysInYear('us-federal-reserve', 2027).get('2027-07-05'), 'Independence Day (observed)');
    assert.equal(holidaysInYear('us-federal-reserve', 2026).get('2026-07-04'), 'Independence Day');
    assert.deepEqual(holidaySourceCoverage('us-federal-reserve'), { from: 2022, to: 2200 });
    assert.throws(() => holidaysInYear('us-federal-reserve', 2021), { name: 'RangeError' });
  });

  it('the Friday before a Saturday holiday: closed on US, open on US-FED', () => {
    for (const friday of ['2026-07-03', '2027-06-18', '2027-12-24', '2027-12-31', '2028-11-10']) {
      assert.notEqual(us.closure(friday), null, `US ${friday}`);
      assert.equal(fed.closure(friday), null, `US-FED ${friday}`);
    }
    assert.equal(fed.closure('2026-07-04'), 'Independence Day');
  });

  it('the Monday after a Sunday holiday is closed on both', () => {
    assert.equal(us.closure('2027-07-05'), 'Independence Day (observed)');
    assert.equal(fed.closure('2027-07-05'), 'Independence Day (observed)');
    assert.equal(fed.closure('2029-11-12'), 'Veterans Day (observed)');
  });

  it('2025-12-24 and 2025-12-26: closed on US (and US+JP) by executive order, open on US-FED; 2025-12-25 closed on all', () => {
    assert.equal(us.closure('2025-12-24'), 'Executive-order closure (day before Christmas Day)');
    assert.equal(us.closure('2025-12-26'), 'Executive-order closure (day after Christmas Day)');
    assert.equal(both.closure('2025-12-26'), 'closed in US: Executive-order closure (day after Christmas Day)');
    assert.equal(fed.closure('2025-12-24'), null);
    assert.equal(fed.closure('2025-12-26'), null);
    assert.equal(us.closure('2025-12-25'), 'Christmas Day');
    assert.equal(fed.closure('2025-12-25'), 'Christmas Day');
    assert.equal(us.closure('2024-12-24'), null, 'a one-off closure, not a yearly one');
  });

  it('deadlines: the closures move a 45-day period by two days on US only; 2026-07-03 shortens one on US-FED', () => {
    // 2025-11-14 (Fri): without the closures the 45th US business day is 2026-01-22 (Thu).
    assert.equal(addBusinessDays('2025-11-14', 45, us), '2026-01-26');
    assert.equal(addBusinessDays('2025-11-14', 45, fed), '2026-01-22');
    assert.equal(businessDaysBetween('2025-12-23', '2025-12-29', us), 1);
    assert.equal(businessDaysBetween('2025-12-23', '2025-12-29', fed), 3);
    // 2026-05-15 (Fri): US skips 2026-07-03, US-FED does not.
    assert.equal(addBusinessDays('2026-05-15', 45, us), '2026-07-22');
    assert.equal(addBusinessDays('2026-05-15', 45, fed), '2026-07-21');
    // 2027-11-01 (Mon): US skips 2027-12-24 and 2027-12-31, US-FED neither.
    assert.equal(addBusinessDays('2027-11-01', 45, us), '2028-01-07');
    assert.equal(addBusinessDays('2027-11-01', 45, fed), '2028-01-05');
  });

  it('US-FED has no provisional holidays', () => {
    assert.deepEqual(fed.provisionalHolidays('2027-01-01', '2029-12-31'), []);
  });
});
