import assert from 'node:assert/strict';
import { addCalendarDays, fromDayNumber, toDayNumber, weekdayName, type IsoDate } from '../src/core/dates';
import { HOLIDAY_SOURCES, holidaySourceCoverage, holidaysInYear } from '../src/core/calendar/holidaySources';
import { buildCalendars, type BusinessCalendar, type CalendarSpec } from '../src/core/calendar/calendar';
import { addBusinessDays, addDays, businessDaysBetween, type DayType } from '../src/core/calendar/businessDays';

/*
 * US federal holidays (5 U.S.C. 6103) on their observed dates, as OPM publishes them: a Saturday
 * holiday is observed on the Friday before, a Sunday one on the Monday after. Each year lists the
 * observed days that fall in it, so New Year's Day 2028 (a Saturday) is 2027-12-31 and 2028 has
 * ten days. Weekdays in the comments were checked independently of the code under test.
 * Not holidays, so not listed: Inauguration Day, and one-off executive-order closures such as
 * 2025-12-24 and 2025-12-26 (a calendar adds those with closedOn).
 */
const US_FEDERAL: Record<number, [IsoDate, string][]> = {
  2025: [
    ['2025-01-01', "New Year's Day"], // Wed
    ['2025-01-20', 'Birthday of Martin Luther King, Jr.'], // Mon
    ['2025-02-17', "Washington's Birthday"], // Mon
    ['2025-05-26', 'Memorial Day'], // Mon
    ['2025-06-19', 'Juneteenth National Independence Day'], // Thu
    ['2025-07-04', 'Independence Day'], // Fri
    ['2025-09-01', 'Labor Day'], // Mon
    ['2025-10-13', 'Columbus Day'], // Mon
    ['2025-11-11', 'Veterans Day'], // Tue
    ['2025-11-27', 'Thanksgiving Day'], // Thu
    ['2025-12-25', 'Christmas Day'], // Thu
  ],
  2026: [
    ['2026-01-01', "New Year's Day"], // Thu
    ['2026-01-19', 'Birthday of Martin Luther King, Jr.'], // Mon
    ['2026-02-16', "Washington's Birthday"], // Mon
    ['2026-05-25', 'Memorial Day'], // Mon
    ['2026-06-19', 'Juneteenth National Independence Day'], // Fri
    ['2026-07-03', 'Independence Day (observed)'], // Fri; July 4 is a Saturday
    ['2026-09-07', 'Labor Day'], // Mon
    ['2026-10-12', 'Columbus Day'], // Mon
    ['2026-11-11', 'Veterans Day'], // Wed
    ['2026-11-26', 'Thanksgiving Day'], // Thu
    ['2026-12-25', 'Christmas Day'], // Fri
  ],
  2027: [
    ['2027-01-01', "New Year's Day"], // Fri
    ['2027-01-18', 'Birthday of Martin Luther King, Jr.'], // Mon
    ['2027-02-15', "Washington's Birthday"], // Mon
    ['2027-05-31', 'Memorial Day'], // Mon
    ['2027-06-18', 'Juneteenth National Independence Day (observed)'], // Fri; June 19 is a Saturday
    ['2027-07-05', 'Independence Day (observed)'], // Mon; July 4 is a Sunday
    ['2027-09-06', 'Labor Day'], // Mon
    ['2027-10-11', 'Columbus Day'], // Mon
    ['2027-11-11', 'Veterans Day'], // Thu
    ['2027-11-25', 'Thanksgiving Day'], // Thu
    ['2027-12-24', 'Christmas Day (observed)'], // Fri; December 25 is a Saturday
    ['2027-12-31', "New Year's Day (observed)"], // Fri; 2028-01-01 is a Saturday
  ],
  2028: [
    ['2028-01-17', 'Birthday of Martin Luther King, Jr.'], // Mon
    ['2028-02-21', "Washington's Birthday"], // Mon
    ['2028-05-29', 'Memorial Day'], // Mon
    ['2028-06-19', 'Juneteenth National Independence Day'], // Mon
    ['2028-07-04', 'Independence Day'], // Tue
    ['2028-09-04', 'Labor Day'], // Mon
    ['2028-10-09', 'Columbus Day'], // Mon
    ['2028-11-10', 'Veterans Day (observed)'], // Fri; November 11 is a Saturday
    ['2028-11-23', 'Thanksgiving Day'], // Thu
    ['2028-12-25', 'Christmas Day'], // Mon
  ],
  2029: [
    ['2029-01-01', "New Year's Day"], // Mon
    ['2029-01-15', 'Birthday of Martin Luther King, Jr.'], // Mon
    ['2029-02-19', "Washington's Birthday"], // Mon
    ['2029-05-28', 'Memorial Day'], // Mon
    ['2029-06-19', 'Juneteenth National Independence Day'], // Tue
    ['2029-07-04', 'Independence Day'], // Wed
    ['2029-09-03', 'Labor Day'], // Mon
    ['2029-10-08', 'Columbus Day'], // Mon
    ['2029-11-12', 'Veterans Day (observed)'], // Mon; November 11 is a Sunday
    ['2029-11-22', 'Thanksgiving Day'], // Thu
    ['2029-12-25', 'Christmas Day'], // Tue
  ],
};

/*
 * Japanese national holidays and other holidays under Act No. 178 of 1948 (国民の祝日に関する法律),
 * as the Cabinet Office lists them (内閣府「国民の祝日について」). 休日 marks a substitute holiday
 * (Art. 3(2): the next non-holiday after a Sunday holiday) or a citizens' holiday (Art. 3(3): a day
 * between two national holidays). Equinox days after the latest official announcement are the
 * standard projection (春分 Mar 20/21, 秋分 Sep 22/23) and are confirmed each February in the gazette.
 */
const JP_NATIONAL: Record<number, [IsoDate, string][]> = {
  2025: [
    ['2025-01-01', '元日'], ['2025-01-13', '成人の日'], ['2025-02-11', '建国記念の日'],
    ['2025-02-23', '天皇誕生日'], // Sun
    ['2025-02-24', '休日'], // substitute
    ['2025-03-20', '春分の日'], ['2025-04-29', '昭和の日'],
    ['2025-05-03', '憲法記念日'], ['2025-05-04', 'みどりの日'], // Sat, Sun
    ['2025-05-05', 'こどもの日'],
    ['2025-05-06', '休日'], // substitute for the Sunday May 4 (May 5 is itself a holiday)
    ['2025-07-21', '海の日'], ['2025-08-11', '山の日'], ['2025-09-15', '敬老の日'], ['2025-09-23', '秋分の日'],
    ['2025-10-13', 'スポーツの日'], ['2025-11-03', '文化の日'],
    ['2025-11-23', '勤労感謝の日'], // Sun
    ['2025-11-24', '休日'], // substitute
  ],
  2026: [
    ['2026-01-01', '元日'], ['2026-01-12', '成人の日'], ['2026-02-11', '建国記念の日'], ['2026-02-23', '天皇誕生日'],
    ['2026-03-20', '春分の日'], ['2026-04-29', '昭和の日'],
    ['2026-05-03', '憲法記念日'], // Sun
    ['2026-05-04', 'みどりの日'], ['2026-05-05', 'こどもの日'],
    ['2026-05-06', '休日'], // substitute for the Sunday May 3
    ['2026-07-20', '海の日'], ['2026-08-11', '山の日'],
    ['2026-09-21', '敬老の日'],
    ['2026-09-22', '休日'], // citizens' holiday, between 敬老の日 and 秋分の日
    ['2026-09-23', '秋分の日'],
    ['2026-10-12', 'スポーツの日'], ['2026-11-03', '文化の日'], ['2026-11-23', '勤労感謝の日'],
  ],
  2027: [
    ['2027-01-01', '元日'], ['2027-01-11', '成人の日'], ['2027-02-11', '建国記念の日'], ['2027-02-23', '天皇誕生日'],
    ['2027-03-21', '春分の日'], // Sun
    ['2027-03-22', '休日'], // substitute
    ['2027-04-29', '昭和の日'], ['2027-05-03', '憲法記念日'], ['2027-05-04', 'みどりの日'], ['2027-05-05', 'こどもの日'],
    ['2027-07-19', '海の日'], ['2027-08-11', '山の日'], ['2027-09-20', '敬老の日'], ['2027-09-23', '秋分の日'],
    ['2027-10-11', 'スポーツの日'], ['2027-11-03', '文化の日'], ['2027-11-23', '勤労感謝の日'],
  ],
  2028: [
    ['2028-01-01', '元日'], ['2028-01-10', '成人の日'], ['2028-02-11', '建国記念の日'], ['2028-02-23', '天皇誕生日'],
    ['2028-03-20', '春分の日'], ['2028-04-29', '昭和の日'], // Sat: no substitute
    ['2028-05-03', '憲法記念日'], ['2028-05-04', 'みどりの日'], ['2028-05-05', 'こどもの日'],
    ['2028-07-17', '海の日'], ['2028-08-11', '山の日'], ['2028-09-18', '敬老の日'], ['2028-09-22', '秋分の日'],
    ['2028-10-09', 'スポーツの日'], ['2028-11-03', '文化の日'], ['2028-11-23', '勤労感謝の日'],
  ],
  2029: [
    ['2029-01-01', '元日'], ['2029-01-08', '成人の日'],
    ['2029-02-11', '建国記念の日'], // Sun
    ['2029-02-12', '休日'], // substitute
    ['2029-02-23', '天皇誕生日'], ['2029-03-20', '春分の日'],
    ['2029-04-29', '昭和の日'], // Sun
    ['2029-04-30', '休日'], // substitute
    ['2029-05-03', '憲法記念日'], ['2029-05-04', 'みどりの日'], ['2029-05-05', 'こどもの日'], // Thu, Fri, Sat
    ['2029-07-16', '海の日'], ['2029-08-11', '山の日'], ['2029-09-17', '敬老の日'],
    ['2029-09-23', '秋分の日'], // Sun
    ['2029-09-24', '休日'], // substitute
    ['2029-10-08', 'スポーツの日'], ['2029-11-03', '文化の日'], ['2029-11-23', '勤労感謝の日'],
  ],
};

const SPECS: CalendarSpec[] = [
  { name: 'US', title: 'United States, federal', holidays: ['us-federal'] },
  { name: 'JP', title: 'Japan, national', holidays: ['jp-national'] },
  { name: 'US+JP', title: 'Open in both', closedWhenClosedIn: ['US', 'JP'] },
  {
    name: 'JP-bank',
    holidays: ['jp-national'],
    closedEveryYear: [
      { monthDay: '12-31', name: 'Bank closure (Dec 31)' },
      { monthDay: '01-02', name: 'Bank closure (Jan 2)' },
      { monthDay: '01-03', name: 'Bank closure (Jan 3)' },
    ],
  },
];
const CALENDARS = buildCalendars(SPECS);

function cal(name: string): BusinessCalendar {
  const found = CALENDARS.get(name);
  if (!found) throw new Error(`test calendar ${name} missing`);
  return found;
}

const sortedDates = (entries: Iterable<[IsoDate, unknown]>): IsoDate[] => [...entries].map(([d]) => d).sort();

/** A small seeded PRNG (mulberry32), so the property tests are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('holiday sources', () => {
  it('lists the known sources', () => {
    assert.deepEqual([...HOLIDAY_SOURCES], ['us-federal', 'jp-national', 'us-federal-reserve']);
  });

  for (const year of [2025, 2026, 2027, 2028, 2029]) {
    it(`us-federal ${year} matches the OPM list of observed holidays exactly`, () => {
      const expected = US_FEDERAL[year] ?? [];
      for (const [date] of expected) assert.ok(!['Saturday', 'Sunday'].includes(weekdayName(date)), `${date} is a weekday`);
      assert.deepEqual([...holidaysInYear('us-federal', year)], expected);
    });

    it(`jp-national ${year} matches the Cabinet Office list exactly`, () => {
      assert.deepEqual(sortedDates(holidaysInYear('jp-national', year)), sortedDates(JP_NATIONAL[year] ?? []));
    });
  }

  it('names Japanese substitute and citizens\' holidays and uses the current English names', () => {
    const jp2026 = holidaysInYear('jp-national', 2026);
    assert.equal(jp2026.get('2026-05-06'), 'Holiday in lieu of Constitution Memorial Day');
    assert.equal(jp2026.get('2026-09-22'), "Citizen's Holiday");
    assert.equal(jp2026.get('2026-10-12'), 'Sports Day');
    assert.equal(holidaysInYear('jp-national', 2025).get('2025-05-06'), 'Holiday in lieu of Greenery Day');
  });

  it('caches each source and year', () => {
    assert.equal(holidaysInYear('us-federal', 2031), holidaysInYear('us-federal', 2031));
  });

  it('reports coverage and refuses years outside it', () => {
    assert.deepEqual(holidaySourceCoverage('jp-national'), { from: 1970, to: 2050 });
    assert.deepEqual(holidaySourceCoverage('us-federal'), { from: 1986, to: 2200 });
    assert.throws(() => holidaysInYear('jp-national', 2051), {
      name: 'RangeError',
      message: 'The jp-national holiday source has data for 1970–2050 only; 2051 is outside it.',
    });
  });

  it('rejects an unknown source, naming the known ones', () => {
    const message = 'Unknown holiday source "uk-bank". Known sources: us-federal, jp-national, us-federal-reserve.';
    assert.throws(() => holidaysInYear('uk-bank', 2026), { message });
    assert.throws(() => holidaySourceCoverage('uk-bank'), { message });
  });
});

describe('business calendars', () => {
  it('explains why a day is closed', () => {
    assert.equal(cal('US').closure('2026-07-03'), 'Independence Day (observed)');
    assert.equal(cal('US').closure('2026-07-04'), 'Saturday');
    assert.equal(cal('US').closure('2026-06-19'), 'Juneteenth National Independence Day');
    assert.equal(cal('US').closure('2026-07-06'), null);
    assert.equal(cal('JP').closure('2026-05-03'), 'Constitution Memorial Day'); // a Sunday: the holiday is the better reason
    assert.equal(cal('US+JP').closure('2026-05-05'), "closed in JP: Children's Day");
    assert.equal(cal('US+JP').closure('2026-07-03'), 'closed in US: Independence Day (observed)');
    assert.equal(cal('US+JP').closure('2026-05-09'), 'Saturday');
    assert.equal(cal('US+JP').isBusinessDay('2026-05-08'), true);
    assert.equal(cal('US').title, 'United States, federal');
  });

  it('applies yearly closures (JP banks, 31 December to 3 January)', () => {
    const bank = cal('JP-bank');
    assert.equal(bank.closure('2029-01-02'), 'Bank closure (Jan 2)'); // a Tuesday
    assert.equal(bank.closure('2029-01-03'), 'Bank closure (Jan 3)');
    assert.equal(bank.closure('2028-12-31'), 'Bank closure (Dec 31)'); // a Sunday
    assert.equal(bank.closure('2029-01-01'), "New Year's Day");
    assert.equal(cal('JP').isBusinessDay('2029-01-02'), true);
    assert.equal(addBusinessDays('2028-12-29', 1, cal('JP')), '2029-01-02');
    assert.equal(addBusinessDays('2028-12-29', 1, bank), '2029-01-04');
    assert.equal(addBusinessDays('2028-12-28', 3, bank), '2029-01-05');
    assert.equal(addBusinessDays('2026-12-30', 1, bank), '2027-01-04');
  });

  it('lets openOn override a holiday or weekend and closedOn close a day', () => {
    const calendars = buildCalendars([
      ...SPECS,
      {
        name: 'US-office',
        holidays: ['us-federal'],
        openOn: ['2026-07-03', '2026-07-04'],
        closedOn: [{ date: '2026-08-14', name: 'Office move' }],
      },
      { name: 'US-union', closedWhenClosedIn: ['US'], openOn: ['2026-07-03'] },
    ]);
    const office = calendars.get('US-office') as BusinessCalendar;
    assert.equal(office.isBusinessDay('2026-07-03'), true);
    assert.equal(office.isBusinessDay('2026-07-04'), true);
    assert.equal(office.closure('2026-07-05'), 'Sunday');
    assert.equal(office.closure('2026-08-14'), 'Office move');
    assert.equal(addBusinessDays('2026-07-02', 1, office), '2026-07-03');
    assert.equal(addBusinessDays('2026-07-02', 2, office), '2026-07-04');
    assert.equal(addBusinessDays('2026-07-02', 3, office), '2026-07-06');
    assert.equal(addBusinessDays('2026-08-13', 1, office), '2026-08-17');
    // openOn overrides the calendar's own closures, not those of the calendars it joins.
    assert.equal((calendars.get('US-union') as BusinessCalendar).closure('2026-07-03'), 'closed in US: Independence Day (observed)');
  });

  it('gives a union the narrowest coverage of its members', () => {
    assert.deepEqual(cal('US+JP').coverage, { from: 1986, to: 2050 });
    assert.deepEqual(buildCalendars([{ name: 'Plain' }]).get('Plain')?.coverage, { from: 1, to: 9999 });
  });

  it('rejects bad specs with a clear sentence', () => {
    assert.throws(() => buildCalendars([{ name: 'UK', holidays: ['uk-bank'] }]), {
      message: 'Calendar "UK": Unknown holiday source "uk-bank". Known sources: us-federal, jp-national, us-federal-reserve.',
    });
    assert.throws(() => buildCalendars([...SPECS, { name: 'US+UK', closedWhenClosedIn: ['US', 'UK'] }]), {
      message: 'Calendar "US+UK" lists "UK" in closedWhenClosedIn, but no calendar has that name (calendars: US, JP, US+JP, JP-bank, US+UK).',
    });
    assert.throws(
      () => buildCalendars([
        { name: 'A', closedWhenClosedIn: ['B'] },
        { name: 'B', closedWhenClosedIn: ['C'] },
        { name: 'C', closedWhenClosedIn: ['A'] },
      ]),
      { message: 'Calendars refer to each other in a cycle through closedWhenClosedIn: A → B → C → A.' },
    );
    assert.throws(() => buildCalendars([{ name: 'A', closedWhenClosedIn: ['A'] }]), {
      message: 'Calendars refer to each other in a cycle through closedWhenClosedIn: A → A.',
    });
    assert.throws(() => buildCalendars([{ name: 'US' }, { name: 'US' }]), { message: 'Two calendars are named "US"; names must be unique.' });
    assert.throws(() => buildCalendars([{ name: 'X', weekend: ['Saterday' as 'Saturday'] }]), /weekend day "Saterday" is not one of Sunday, Monday/);
    assert.throws(() => buildCalendars([{ name: 'X', closedEveryYear: [{ monthDay: '12-32', name: 'x' }] }]), /monthDay "12-32" is not a month and day/);
    assert.throws(() => buildCalendars([{ name: 'X', closedOn: [{ date: '2026-07-03', name: 'x' }], openOn: ['2026-07-03'] }]), /2026-07-03 is listed both in openOn and in closedOn/);
    assert.throws(() => cal('US').closure('2026-7-3'), { name: 'RangeError' });
  });
});

describe('business-day arithmetic', () => {
  const cases: [IsoDate, number, string, IsoDate, string][] = [
    ['2026-02-17', 45, 'US', '2026-04-21', 'the worked example'],
    ['2026-04-21', -45, 'US', '2026-02-17', 'back again (the start is a business day)'],
    ['2026-02-21', 1, 'US', '2026-02-23', 'notice on a Saturday'],
    ['2026-02-22', 1, 'US', '2026-02-23', 'notice on a Sunday'],
    ['2026-02-21', 5, 'US', '2026-02-27', 'notice on a Saturday, five days'],
    ['2026-07-01', 2, 'US', '2026-07-06', 'across 2026-07-03 (Independence Day observed)'],
    ['2026-06-30', 10, 'US', '2026-07-15', 'across 2026-07-03, ten days'],
    ['2026-07-03', 1, 'US', '2026-07-06', 'notice on a holiday'],
    ['2026-06-18', 1, 'US', '2026-06-22', 'across Juneteenth 2026'],
    ['2027-06-17', 1, 'US', '2027-06-21', 'across Juneteenth observed on 2027-06-18'],
    ['2027-06-17', 1, 'JP', '2027-06-18', 'Juneteenth is not a JP holiday'],
    ['2027-12-22', 5, 'US', '2027-12-30', 'across 2027-12-24 (Christmas observed)'],
    ['2027-12-22', 6, 'US', '2028-01-03', 'across 2027-12-24 and 2027-12-31'],
    ['2027-12-30', 1, 'US', '2028-01-03', 'across 2027-12-31 (New Year 2028 observed)'],
    ['2026-04-28', 1, 'JP', '2026-04-30', 'across Showa Day'],
    ['2026-04-28', 3, 'JP', '2026-05-07', 'across Golden Week 2026'],
    ['2026-05-02', 1, 'JP', '2026-05-07', 'notice inside Golden Week'],
    ['2026-04-28', 3, 'US', '2026-05-01', 'Golden Week is not a US holiday'],
    ['2026-09-18', 1, 'JP', '2026-09-24', 'across 2026-09-21/22/23'],
    ['2026-09-18', 1, 'US', '2026-09-21', 'the same days are open in the US'],
    ['2026-11-20', 3, 'US', '2026-11-25', 'US: Thanksgiving falls after the deadline'],
    ['2026-11-20', 3, 'JP', '2026-11-26', 'JP: skips Labor Thanksgiving Day'],
    ['2026-11-20', 3, 'US+JP', '2026-11-27', 'US+JP: skips both'],
    ['2026-09-04', 15, 'US+JP', '2026-10-01', 'US+JP: skips Labor Day and the JP September holidays'],
    ['2028-02-28', 1, 'US', '2028-02-29', 'leap day is a business day (Tuesday)'],
    ['2028-02-25', 3, 'US', '2028-03-01', 'across the leap day'],
    ['2026-07-06', -1, 'US', '2026-07-02', 'negative: back across the holiday and weekend'],
    ['2026-05-07', -1, 'US+JP', '2026-05-01', 'negative across Golden Week'],
    ['2028-01-03', -2, 'US', '2027-12-29', 'negative across 2027-12-31'],
    ['2026-07-04', 0, 'US', '2026-07-04', 'n = 0 returns the start, even on a weekend'],
  ];
  for (const [start, n, name, expected, why] of cases) {
    it(`${name}: ${start} ${n >= 0 ? '+' : ''}${n} → ${expected} (${why})`, () => {
      assert.equal(addBusinessDays(start, n, cal(name)), expected);
      if (n > 0) assert.equal(businessDaysBetween(start, expected, cal(name)), n);
    });
  }

  it('counts business days between two dates, negative after the deadline', () => {
    const us = cal('US');
    assert.equal(businessDaysBetween('2026-02-17', '2026-04-21', us), 45);
    assert.equal(businessDaysBetween('2026-04-21', '2026-04-21', us), 0);
    assert.equal(businessDaysBetween('2026-04-21', '2026-04-24', us), 3);
    assert.equal(businessDaysBetween('2026-04-24', '2026-04-21', us), -3);
    assert.equal(businessDaysBetween('2026-04-27', '2026-04-21', us), -4);
    assert.equal(businessDaysBetween('2028-02-28', '2028-03-01', us), 2);
    assert.equal(businessDaysBetween('2027-12-23', '2028-01-03', us), 5);
    assert.equal(businessDaysBetween('2026-07-04', '2026-07-05', us), 0);
    assert.equal(businessDaysBetween('2026-07-05', '2026-07-04', us), 0); // 0, not -0
    assert.equal(businessDaysBetween('2026-05-02', '2026-05-06', cal('JP')), 0);
  });

  it('dispatches on the day type', () => {
    assert.equal(addDays('2026-02-17', 45, 'calendar', cal('US')), '2026-04-03');
    assert.equal(addDays('2026-02-17', 45, 'business', cal('US')), '2026-04-21');
    assert.throws(() => addDays('2026-02-17', 45, 'working' as DayType, cal('US')), /Unknown day type "working"/);
  });

  for (const name of ['US', 'JP', 'US+JP', 'JP-bank']) {
    it(`round-trips through businessDaysBetween on ${name} (seeded random starts, n in 0..200)`, () => {
      const c = cal(name);
      const random = seeded(20260217 + name.length);
      const first = toDayNumber('2025-01-01');
      const span = toDayNumber('2029-12-31') - first;
      for (let i = 0; i < 300; i++) {
        const start = fromDayNumber(first + Math.floor(random() * span));
        const n = Math.floor(random() * 201);
        const due = addBusinessDays(start, n, c);
        const context = `${name} ${start} + ${n} = ${due}`;
        assert.equal(businessDaysBetween(start, due, c), n, context);
        assert.equal(businessDaysBetween(due, start, c), 0 - n, context);
        assert.equal(businessDaysBetween(due, due, c), 0, context);
        if (n === 0) {
          assert.equal(due, start, context);
          continue;
        }
        assert.ok(c.isBusinessDay(due), context);
        assert.equal(businessDaysBetween(start, addCalendarDays(due, -1), c), n - 1, `${context}: the first day reaching n`);
        const back = addBusinessDays(start, -n, c);
        assert.ok(back < start && c.isBusinessDay(back), `${name} ${start} - ${n} = ${back}`);
        assert.equal(businessDaysBetween(back, addCalendarDays(start, -1), c), n - 1, `${name} ${start} - ${n} = ${back}`);
        if (c.isBusinessDay(start)) assert.equal(addBusinessDays(due, -n, c), start, context);
      }
    });
  }

  it('is fast for long periods and refuses absurd ones', () => {
    const began = Date.now();
    const due = addBusinessDays('2026-01-02', 5000, cal('US+JP'));
    assert.equal(businessDaysBetween('2026-01-02', due, cal('US+JP')), 5000);
    const plain = buildCalendars([{ name: 'Plain' }]).get('Plain') as BusinessCalendar;
    assert.equal(addBusinessDays('2000-01-03', 100_000, plain), '2383-04-25'); // 20 000 weeks after a Monday
    assert.ok(Date.now() - began < 5000, `took ${Date.now() - began} ms`);
    assert.throws(() => addBusinessDays('2026-01-02', 100_001, plain), {
      name: 'RangeError',
      message: '100001 days is too many: at most 100000 days either way.',
    });
    assert.throws(() => addDays('2026-01-02', -100_001, 'calendar', plain), { name: 'RangeError' });
    assert.throws(() => addBusinessDays('2026-01-02', 1.5, plain), { name: 'RangeError' });
  });

  it('refuses dates outside the holiday data, naming calendar, sources and date', () => {
    assert.throws(() => addBusinessDays('2050-12-28', 5, cal('JP')), {
      name: 'RangeError',
      message: 'Calendar "JP" has holiday data for 1970–2050 only (jp-national 1970–2050); 2051-01-01 is outside it.',
    });
    assert.throws(() => addBusinessDays('1985-06-03', 1, cal('US+JP')), {
      name: 'RangeError',
      message: 'Calendar "US+JP" has holiday data for 1986–2050 only (us-federal 1986–2200, jp-national 1970–2050); 1985-06-03 is outside it.',
    });
    assert.throws(() => businessDaysBetween('2026-01-02', '2051-03-01', cal('US+JP')), { name: 'RangeError' });
  });
});
