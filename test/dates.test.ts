import assert from 'node:assert/strict';
import {
  addCalendarDays, calendarDaysBetween, fromSpreadsheetSerial, fromUtcDate, isIsoDate,
  toSpreadsheetSerial, weekdayName,
} from '../src/core/dates';

describe('dates', () => {
  it('accepts only real calendar dates in YYYY-MM-DD form', () => {
    assert.equal(isIsoDate('2028-02-29'), true);
    assert.equal(isIsoDate('2027-02-29'), false);
    assert.equal(isIsoDate('2025-13-01'), false);
    assert.equal(isIsoDate('2025-9-16'), false);
    assert.equal(isIsoDate(20250916), false);
  });

  it('adds and counts calendar days across month, leap-day and year ends', () => {
    assert.equal(addCalendarDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addCalendarDays('2028-02-29', 1), '2028-03-01');
    assert.equal(addCalendarDays('2025-12-31', 1), '2026-01-01');
    assert.equal(addCalendarDays('2026-01-01', -1), '2025-12-31');
    assert.equal(calendarDaysBetween('2025-08-07', '2026-02-24'), 201);
    assert.equal(calendarDaysBetween('2026-02-24', '2025-08-07'), -201);
  });

  it('names weekdays', () => {
    assert.equal(weekdayName('2029-01-19'), 'Friday');
    assert.equal(weekdayName('2026-07-04'), 'Saturday');
    assert.equal(weekdayName('1969-12-31'), 'Wednesday');
  });

  it('reads Excel serials in both date systems, keeping the 1900 leap-year quirk', () => {
    assert.equal(fromSpreadsheetSerial(1), '1900-01-01');
    assert.equal(fromSpreadsheetSerial(59), '1900-02-28');
    assert.equal(fromSpreadsheetSerial(61), '1900-03-01');
    assert.equal(fromSpreadsheetSerial(45916), '2025-09-16');
    assert.equal(fromSpreadsheetSerial(45916.75), '2025-09-16');
    assert.equal(fromSpreadsheetSerial(44454, true), '2025-09-16');
    assert.equal(toSpreadsheetSerial('2025-09-16'), 45916);
    assert.equal(toSpreadsheetSerial('2025-09-16', true), 44454);
    assert.throws(() => fromSpreadsheetSerial(60), /did not exist/);
  });

  it('takes the civil date of a UTC-midnight Date, ignoring float noise in the time', () => {
    assert.equal(fromUtcDate(new Date(Date.UTC(2026, 6, 3))), '2026-07-03');
    assert.equal(fromUtcDate(new Date(Date.UTC(2026, 6, 3) - 1)), '2026-07-03');
  });
});

describe('dates before year 100', () => {
  it('counts days in years 0001–0099 as themselves, not as 19xx', () => {
    assert.equal(addCalendarDays('0050-01-01', 1), '0050-01-02');
    assert.equal(calendarDaysBetween('0050-01-01', '1950-01-01') > 365 * 1800, true);
  });
});
