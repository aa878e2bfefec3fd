/**
 * Provisional holidays: Japan's equinox days are fixed by NAOJ's announcement in February of the
 * year before, so those after a calendar's announcedThrough year are projections. Covers the
 * holiday source (which holidays depend on the announcement), the calendar model (which of them are
 * provisional, and in which period), the expression provisionalHolidays (checker, evaluator) and
 * the rulebook's checks of announcedThrough. Expected dates were read from the Cabinet Office list
 * for 2026–2027 and the standard projection for 2028–2029 (as in calendar.test.ts).
 */
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { EDITOR_KEYWORDS, generateSchemas } from '../src/core/rulebook/jsonSchema';
import { buildCalendars, type BusinessCalendar, type CalendarSpec } from '../src/core/calendar/calendar';
import { ANNOUNCED_HOLIDAY_SOURCES, announcedHolidays, holidaysInYear } from '../src/core/calendar/holidaySources';
import { evaluateExpr, EvaluationError, type RowScope, type Value } from '../src/core/engine/evaluateExpr';
import type { Expr } from '../src/core/rulebook/expressions';
import { loadRulebook, type LoadResult, type RulebookFile } from '../src/core/rulebook/load';
import type { Issue } from '../src/core/rulebook/issues';
import { edit, FOLDER, positionIn, realRulebookFiles } from './support/fixtures';

const JP_2027: CalendarSpec = { name: 'JP', holidays: ['jp-national'], announcedThrough: [{ holidays: 'jp-national', year: 2027 }] };
const SPECS: CalendarSpec[] = [
  { name: 'US', holidays: ['us-federal'] },
  JP_2027,
  { name: 'US+JP', closedWhenClosedIn: ['US', 'JP'] },
  { name: 'JP-unannounced', holidays: ['jp-national'] },
  { name: 'JP-2025', holidays: ['jp-national'], announcedThrough: [{ holidays: 'jp-national', year: 2025 }] },
  {
    name: 'JP-decided', holidays: ['jp-national'], announcedThrough: [{ holidays: 'jp-national', year: 2027 }],
    closedOn: [{ date: '2028-03-20', name: 'Closed whatever NAOJ says' }], openOn: ['2028-09-22'],
  },
  { name: 'Union-decided', closedWhenClosedIn: ['US', 'JP'], closedOn: [{ date: '2029-03-20', name: 'Closed anyway' }] },
];
const CALENDARS = buildCalendars(SPECS);
const cal = (name: string): BusinessCalendar => CALENDARS.get(name) as BusinessCalendar;
const dates = (list: { date: string }[]) => list.map((h) => h.date);

describe('provisional holidays', () => {
  describe('holiday source: which holidays depend on an announcement', () => {
    it('only jp-national has such holidays', () => {
      assert.deepEqual([...ANNOUNCED_HOLIDAY_SOURCES], ['jp-national']);
      for (const source of ['us-federal', 'us-federal-reserve']) assert.equal(announcedHolidays(source, 2028).size, 0, source);
    });

    it('jp-national: the equinox days, a substitute for a Sunday equinox, a citizens\' holiday beside one', () => {
      assert.deepEqual([...announcedHolidays('jp-national', 2026)], [
        ['2026-03-20', 'Vernal Equinox Day'],
        ['2026-09-22', "Citizen's Holiday"], // between Respect for the Aged Day (09-21) and the equinox
        ['2026-09-23', 'Autumnal Equinox Day'],
      ]);
      assert.deepEqual([...announcedHolidays('jp-national', 2027)], [
        ['2027-03-21', 'Vernal Equinox Day'], // a Sunday
        ['2027-03-22', 'Holiday in lieu of Vernal Equinox Day'],
        ['2027-09-23', 'Autumnal Equinox Day'],
      ]);
      assert.deepEqual([...announcedHolidays('jp-national', 2028)], [['2028-03-20', 'Vernal Equinox Day'], ['2028-09-22', 'Autumnal Equinox Day']]);
      assert.deepEqual([...announcedHolidays('jp-national', 2029)], [
        ['2029-03-20', 'Vernal Equinox Day'],
        ['2029-09-23', 'Autumnal Equinox Day'], // a Sunday
        ['2029-09-24', 'Holiday in lieu of Autumnal Equinox Day'],
      ]);
    });

    it('never lists other holidays, substitutes or citizens\' holidays', () => {
      for (let year = 2025; year <= 2035; year++) {
        const all = holidaysInYear('jp-national', year);
        for (const [date, name] of announcedHolidays('jp-national', year)) {
          assert.equal(all.get(date), name, `${date} is a holiday of ${year}`);
          assert.match(name, /Equinox Day|Citizen's Holiday/, date);
        }
      }
      assert.ok(!announcedHolidays('jp-national', 2026).has('2026-05-06'), 'the Golden Week substitute does not depend on NAOJ');
    });
  });

  describe('calendar model', () => {
    it('JP announced through 2027: the equinox days of 2028 and 2029 are provisional, those of 2027 are not', () => {
      assert.deepEqual(cal('JP').provisionalHolidays('2027-01-01', '2029-12-31'), [
        { date: '2028-03-20', name: 'Vernal Equinox Day' },
        { date: '2028-09-22', name: 'Autumnal Equinox Day' },
        { date: '2029-03-20', name: 'Vernal Equinox Day' },
        { date: '2029-09-23', name: 'Autumnal Equinox Day' },
        { date: '2029-09-24', name: 'Holiday in lieu of Autumnal Equinox Day' },
      ]);
      assert.deepEqual(cal('JP').provisionalHolidays('2027-01-01', '2027-12-31'), []);
    });

    it('looks at the days after "from" up to and including "to"', () => {
      assert.deepEqual(dates(cal('JP').provisionalHolidays('2028-03-19', '2028-03-20')), ['2028-03-20']);
      assert.deepEqual(cal('JP').provisionalHolidays('2028-03-20', '2028-03-21'), []);
      assert.deepEqual(cal('JP').provisionalHolidays('2028-03-20', '2028-03-20'), []);
      assert.deepEqual(cal('JP').provisionalHolidays('2028-04-01', '2028-03-01'), [], 'to before from');
      assert.deepEqual(dates(cal('JP').provisionalHolidays('2028-01-13', '2028-03-21')), ['2028-03-20']);
      assert.deepEqual(cal('JP').provisionalHolidays('2028-01-12', '2028-03-17'), []);
    });

    it('an earlier announcedThrough makes more years provisional, citizens\' holidays included', () => {
      assert.deepEqual(cal('JP-2025').provisionalHolidays('2026-09-01', '2026-09-30'), [
        { date: '2026-09-22', name: "Citizen's Holiday" },
        { date: '2026-09-23', name: 'Autumnal Equinox Day' },
      ]);
    });

    it('a calendar without announcedThrough, or without jp-national, has none', () => {
      assert.deepEqual(cal('JP-unannounced').provisionalHolidays('2027-01-01', '2029-12-31'), []);
      assert.deepEqual(cal('US').provisionalHolidays('2027-01-01', '2029-12-31'), []);
    });

    it('a union has its members\' provisional holidays', () => {
      assert.deepEqual(dates(cal('US+JP').provisionalHolidays('2028-01-01', '2028-12-31')), ['2028-03-20', '2028-09-22']);
    });

    it('a day the calendar itself decides (closedOn, openOn) is not provisional', () => {
      assert.deepEqual(cal('JP-decided').provisionalHolidays('2028-01-01', '2028-12-31'), []);
      assert.deepEqual(dates(cal('Union-decided').provisionalHolidays('2029-01-01', '2029-12-31')), ['2029-09-23', '2029-09-24']);
    });

    it('refuses dates outside the holiday data, like the other calendar functions', () => {
      assert.throws(() => cal('JP').provisionalHolidays('2050-12-01', '2051-01-10'), { name: 'RangeError', message: /2051-01-10 is outside it/ });
      assert.throws(() => cal('JP').provisionalHolidays('2028-1-1', '2028-03-21'), { name: 'RangeError' });
    });

    it('rejects a bad announcedThrough with a clear sentence', () => {
      assert.throws(() => buildCalendars([{ name: 'US', holidays: ['us-federal'], announcedThrough: [{ holidays: 'us-federal', year: 2027 }] }]), {
        message: 'Calendar "US": the us-federal holidays are all fixed by rule, none awaits an announcement, so announcedThrough cannot name us-federal (only jp-national).',
      });
      assert.throws(() => buildCalendars([{ name: 'X', holidays: ['us-federal'], announcedThrough: [{ holidays: 'jp-national', year: 2027 }] }]), {
        message: 'Calendar "X": announcedThrough names the holiday source "jp-national", which is not in its holidays (us-federal).',
      });
      assert.throws(() => buildCalendars([{ ...JP_2027, announcedThrough: [{ holidays: 'jp-national', year: 2027.5 }] }]), /announcedThrough year 2027.5 for jp-national is not a whole year/);
      assert.throws(() => buildCalendars([{ ...JP_2027, announcedThrough: [{ holidays: 'jp-national', year: 2027 }, { holidays: 'jp-national', year: 2028 }] }]), /names jp-national twice/);
    });
  });

  describe('the expression provisionalHolidays', () => {
    const scope = (facts: Record<string, Value>): RowScope => ({
      fact: (name) => facts[name] ?? null,
      param: () => null,
      output: () => null,
      calendar: (name) => CALENDARS.get(name),
      calendarNames: () => [...CALENDARS.keys()],
    });
    const expr = (calendar: Expr): Expr => ({ provisionalHolidays: { from: { fact: 'notice' }, to: { fact: 'end' }, calendar } });

    it('gives the provisional holidays as "date (name)" text, or empty', () => {
      assert.deepEqual(evaluateExpr(expr('JP'), scope({ notice: '2028-07-19', end: '2028-09-25' })), ['2028-09-22 (Autumnal Equinox Day)']);
      assert.deepEqual(evaluateExpr(expr('US+JP'), scope({ notice: '2029-07-02', end: '2029-09-28' })), [
        '2029-09-23 (Autumnal Equinox Day)', '2029-09-24 (Holiday in lieu of Autumnal Equinox Day)',
      ]);
      assert.equal(evaluateExpr(expr('JP'), scope({ notice: '2028-07-18', end: '2028-09-21' })), null);
      assert.equal(evaluateExpr(expr('US'), scope({ notice: '2028-01-13', end: '2028-03-20' })), null);
      assert.equal(evaluateExpr(expr('JP'), scope({ notice: null, end: '2028-03-21' })), null, 'an empty date gives an empty result');
    });

    it('an unknown calendar or a date outside the data is an evaluation error', () => {
      assert.throws(() => evaluateExpr(expr('EU'), scope({ notice: '2028-01-13', end: '2028-03-21' })), (e: unknown) => e instanceof EvaluationError && /"EU" is not a calendar/.test(e.message));
      assert.throws(() => evaluateExpr(expr('JP'), scope({ notice: '2050-12-01', end: '2051-02-01' })), (e: unknown) => e instanceof EvaluationError && /outside it/.test(e.message));
    });
  });

  describe('JSON Schema for editors', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addVocabulary([...EDITOR_KEYWORDS]);
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(generateSchemas()['rules.schema.json'] ?? '{}') as object);
    const citation = { source: 'NAOJ Reki Yoko', section: 'Equinox days', grade: 'P' };
    const doc = (value: unknown) => ({
      computed: { holidays: { subject: 'project', type: 'list', title: 'Provisional holidays', clause: citation, value } },
      rules: [],
    });

    it('accepts provisionalHolidays with from, to and calendar', () => {
      assert.ok(validate(doc({ provisionalHolidays: { from: { fact: 'selectionNoticeDate' }, to: '2028-03-21', calendar: { param: 'fundingPeriod.calendar' } } })), JSON.stringify(validate.errors));
    });

    it('rejects one without a calendar or with an unknown argument', () => {
      assert.equal(validate(doc({ provisionalHolidays: { from: '2028-01-13', to: '2028-03-21' } })), false);
      assert.equal(validate(doc({ provisionalHolidays: { from: '2028-01-13', to: '2028-03-21', calendar: 'JP', dayType: 'business' } })), false);
    });
  });

  describe('rulebook checks', () => {
    const NOTES = 'rules/investment-calendar-notes.json';
    const load = (files: readonly RulebookFile[]): Promise<LoadResult> => loadRulebook(FOLDER, files);
    const errorsOf = (r: LoadResult): Issue[] => r.issues.filter((i) => i.severity === 'error');
    let real: RulebookFile[];
    before(() => {
      real = realRulebookFiles();
    });

    async function onlyError(files: readonly RulebookFile[], expected: { file: string; line?: number; column?: number; path: (string | number)[]; includes: string[] }): Promise<void> {
      const result = await load(files);
      const errors = errorsOf(result);
      assert.equal(errors.length, 1, `expected one error, got:\n${errors.map((i) => `${i.file}:${i.line}:${i.column} ${i.path.join('/')} ${i.message}`).join('\n')}`);
      const issue = errors[0]!;
      assert.equal(issue.file, `${FOLDER}/${expected.file}`);
      if (expected.line !== undefined) assert.deepEqual({ line: issue.line, column: issue.column }, { line: expected.line, column: expected.column });
      assert.deepEqual(issue.path, expected.path);
      for (const words of expected.includes) assert.ok(issue.message.includes(words), `message lacks ${JSON.stringify(words)}: ${issue.message}`);
    }

    const CALL = 'fundingPeriodProvisionalHolidays';
    const valuePath = ['computed', CALL, 'value', 'choose', 0, 'then', 'provisionalHolidays'];

    it('a misspelt argument: did you mean "from"', async () => {
      const e = edit(real, NOTES, '"from": {\n                  "fact": "selectionNoticeDate"', '"form": {\n                  "fact": "selectionNoticeDate"');
      const result = await load(e.files);
      const messages = errorsOf(result).map((i) => `${i.path.join('/')} ${i.message}`);
      assert.ok(messages.some((m) => m.startsWith(`${valuePath.join('/')}/form "form" is not an argument of "provisionalHolidays". Did you mean "from"?`)), messages.join('\n'));
      assert.ok(messages.some((m) => m.includes('"provisionalHolidays" needs "from"')), messages.join('\n'));
    });

    it('an unknown calendar: did you mean "JP"', async () => {
      const e = edit(real, NOTES, '"calendar": {\n                  "param": "fundingPeriod.calendar"\n                }', '"calendar": "JPN"');
      await onlyError(e.files, {
        file: NOTES, ...positionIn(e, '"calendar"'), path: [...valuePath, 'calendar'],
        includes: ['"JPN" is not a calendar in calendars.json.', 'Did you mean "JP"?'],
      });
    });

    it('a date argument that is not a date', async () => {
      const e = edit(real, NOTES, '"to": {\n                  "fact": "fundingPeriodEnd"\n                }', '"to": {\n                  "fact": "stage"\n                }');
      await onlyError(e.files, { file: NOTES, path: [...valuePath, 'to'], includes: ['"to" must be a date, but this gives text.'] });
    });

    it('the result is a list: a computed value declared as a date is refused', async () => {
      const e = edit(real, NOTES, '"type": "list"', '"type": "date"');
      await onlyError(e.files, { file: NOTES, path: ['computed', CALL, 'type'], includes: [`"${CALL}" is declared date, but its formula gives list.`] });
    });

    it('announcedThrough cites a listed source and names a source the calendar uses', async () => {
      const cited = edit(real, 'calendars.json', '"source": "NAOJ Reki Yoko",\n            "section": "Edition', '"source": "NAOJ Reki Yoco",\n            "section": "Edition');
      await onlyError(cited.files, {
        file: 'calendars.json', path: ['calendars', 'JP', 'announcedThrough', 0, 'citation', 'source'],
        includes: ['The citation names the source "NAOJ Reki Yoco", which rulebook.json does not list.', 'Did you mean "NAOJ Reki Yoko"?'],
      });
    });

    it('a calendar using jp-national without announcedThrough gets a warning', async () => {
      const from = '"announcedThrough": [';
      const file = real.find((f) => f.path === 'calendars.json')!;
      const start = file.text.indexOf(from);
      const end = file.text.indexOf('],\n', start) + 3;
      const files = real.map((f) => (f.path === 'calendars.json' ? { path: f.path, text: f.text.slice(0, start) + f.text.slice(end).replace(/^\s*/, '') } : f));
      const result = await load(files);
      assert.deepEqual(errorsOf(result), []);
      const warnings = result.issues.filter((i) => i.severity === 'warning');
      assert.equal(warnings.length, 1, warnings.map((w) => w.message).join('\n'));
      assert.deepEqual(warnings[0]!.path, ['calendars', 'JP', 'holidays']);
      assert.match(warnings[0]!.message, /Calendar "JP" uses the jp-national holidays, whose equinox days are announced a year ahead: add \{ "holidays": "jp-national", "year": … \} to "announcedThrough"/);
    });
  });
});
