/**
 * The US–Japan rulebook's clauses written out by hand as plain TypeScript: what a programmer would
 * write without a rules engine, as the yardstick for the evaluators' speed. It gives, for every row,
 * the status (contract and subject word), the outputs and the ids of the rules that fire, in the
 * order the Evaluator lists its findings.
 *
 * What it shares with the Evaluator, and why:
 * - cells are read with the project's own coerceCell (dates, "2.5%", "$2.1 billion", "Japan", enum
 *   aliases): reading a cell is not a clause, and the rows must be read identically to be compared;
 * - business days come from the rulebook's calendars (src/core/calendar), as any program would use
 *   a holiday calendar rather than re-derive one;
 * - parameters are read from the run's parameter table at the row's date (the rulebook's values with a
 *   scenario and --set applied), so scenarios and overrides work here too; each parameter's periods are
 *   turned into from/end pairs once, at prepare time;
 * - arithmetic rounds like the rulebook's (src/core/numbers tidy: 12 significant digits).
 * It does not write messages (their templates are the awkward part to hand-write and say nothing about
 * the decision): findings are compared by rule id, with status and outputs. Computed values used only by
 * messages (periodDaysRemaining, withdrawalLimit) are not computed; the provisional-holiday list is
 * computed only for the stages whose rule reads it. Nothing is memoised across rows.
 *
 * The statuses, rule ids, column names and dates of the rules are written in as literals: if the rule
 * files change, this file must change with them (test/handWritten.test.ts says where they part).
 */
import { addBusinessDays, businessDaysBetween } from '../src/core/calendar/businessDays';
import { buildCalendars, type BusinessCalendar } from '../src/core/calendar/calendar';
import { coerceCell } from '../src/core/coerce';
import type { ColumnSpec, FactValue } from '../src/core/columns';
import { addCalendarDays, calendarDaysBetween, type IsoDate } from '../src/core/dates';
import type { SubjectMatch } from '../src/core/match';
import { tidy } from '../src/core/numbers';
import { resolveParameters, type Overrides } from '../src/core/parameters';
import type { Rulebook, Subject } from '../src/core/rulebook/model';
import type { ParameterValue, Status } from '../src/core/rulebook/schema';
import type { Table, TableRow } from '../src/core/table';

/** One row's decision: what the benchmark compares between the hand-written code and the evaluators. */
export interface Decision {
  row: number;
  status: Status;
  subjectStatus: string;
  outputs: Record<string, FactValue>;
  /** Ids of the rules that fire, in the order of the Evaluator's findings. */
  rules: string[];
  /** How many problems the row has (cells that cannot be read, required cells empty). */
  errors: number;
}

// ---------------------------------------------------------------------------------------------
// Parameters at a date

interface Period {
  from: IsoDate;
  end: IsoDate | undefined;
  value: unknown;
}

/** A parameter's periods with their last days worked out (a period without `to` runs until the next starts). */
function periodsOf(values: readonly ParameterValue[]): Period[] {
  return values.map((v, i) => {
    const next = values[i + 1];
    return { from: v.from, end: v.to ?? (next ? addCalendarDays(next.from, -1) : undefined), value: v.value };
  });
}

/** The value in force on `date` (null when no period covers it): the same reading as parameterAt. */
function valueAt(periods: readonly Period[], date: IsoDate): unknown {
  let found: unknown = null;
  for (const p of periods) {
    if (p.from > date) break;
    if (p.end === undefined || date <= p.end) found = p.value;
  }
  return found;
}

function coversDate(periods: readonly Period[], date: IsoDate): boolean {
  for (const p of periods) {
    if (p.from > date) break;
    if (p.end === undefined || date <= p.end) return true;
  }
  return false;
}

type Lookup<T> = (date: IsoDate) => T;

// ---------------------------------------------------------------------------------------------
// Arithmetic with empty values, rounded like the rulebook's

type Num = number | null;
const add = (a: Num, b: Num): Num => (a === null || b === null ? null : tidy(a + b));
const add3 = (a: Num, b: Num, c: Num): Num => (a === null || b === null || c === null ? null : tidy(a + b + c));
const sub = (a: Num, b: Num): Num => (a === null || b === null ? null : tidy(a - b));
const mul = (a: Num, b: Num): Num => (a === null || b === null ? null : tidy(a * b));
const div = (a: Num, b: Num): Num => (a === null || b === null || b === 0 ? null : tidy(a / b));
/** The larger of two values, an empty one ignored (both empty: empty). */
const max = (a: Num, b: Num): Num => (a === null ? b : b === null ? a : b > a ? b : a);
const min = (a: Num, b: Num): Num => (a === null ? b : b === null ? a : b < a ? b : a);
const atLeastZero = (a: Num): number => (a === null || !(a > 0) ? 0 : a);

/** Lower-case words separated by single spaces, as the rulebook's "mentions one of" compares them. */
function words(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const listWords = new WeakMap<readonly unknown[], string[]>();

/** Whether `text` mentions one of the listed words or phrases (whole words, case and punctuation ignored). */
function mentionsAnyOf(text: string, list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  let items = listWords.get(list);
  if (!items) {
    items = list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => ` ${words(x)} `);
    listWords.set(list, items);
  }
  const padded = ` ${words(text)} `;
  return items.some((item) => padded.includes(item));
}

// ---------------------------------------------------------------------------------------------
// Reading a row's cells

/** The subject's columns in order, each with the table column holding it. */
interface ColumnPlan {
  spec: ColumnSpec;
  index: number | undefined;
}

function planColumns(subject: Subject, match: SubjectMatch): ColumnPlan[] {
  return subject.columns.map((spec) => ({ spec, index: match.indexOf.get(spec.name) }));
}

/** The row's cells as typed values, in the subject's column order, and how many cannot be used. */
function readRow(plan: readonly ColumnPlan[], table: Table, row: TableRow, values: FactValue[]): number {
  let errors = 0;
  for (let i = 0; i < plan.length; i++) {
    const { spec, index } = plan[i]!;
    if (index === undefined) {
      values[i] = null;
      if (spec.required) errors++;
      continue;
    }
    const result = coerceCell(row.cells[index] ?? null, spec, { date1904: table.date1904 });
    if (!result.ok) {
      values[i] = null;
      errors++;
      continue;
    }
    if (result.value === null && spec.required) errors++;
    values[i] = result.value;
  }
  return errors;
}

function columnIndex(subject: Subject, name: string): number {
  const i = subject.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`The hand-written rules read the column "${name}", which subject ${subject.name} no longer has: update bench/handWritten.ts.`);
  return i;
}

const str = (v: FactValue | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: FactValue | undefined): number | null => (typeof v === 'number' ? v : null);

function invalid(row: number, outputNames: readonly string[], errors: number): Decision {
  return { row, status: 'invalid', subjectStatus: 'invalid', outputs: Object.fromEntries(outputNames.map((n) => [n, null])), rules: [], errors };
}

// ---------------------------------------------------------------------------------------------
// Statuses: the most serious decision wins (subjects.json lists the words most serious first)

interface Word {
  means: Status;
  rank: number;
}

function vocabulary(words: ReadonlyArray<readonly [string, Status]>): Map<string, Word> {
  const severity: Record<Status, number> = { invalid: 5, breach: 4, pending: 3, compliant: 2, 'not-applicable': 1 };
  return new Map(words.map(([w, means], i) => [w, { means, rank: severity[means] * 1000 - i }]));
}

const PROJECT_WORDS = vocabulary([
  ['overdue', 'breach'], ['funded-late', 'breach'], ['declined', 'pending'], ['dates-to-check', 'pending'], ['date-missing', 'pending'],
  ['awaiting-funding', 'pending'], ['funded', 'compliant'], ['outside-window', 'not-applicable'], ['not-selected', 'not-applicable'],
  ['not-applicable', 'not-applicable'],
]);

const TARIFF_WORDS = vocabulary([
  ['rate-unconfirmed', 'pending'], ['what-if', 'compliant'], ['rated', 'compliant'], ['not-rated', 'not-applicable'], ['outside-agreement', 'not-applicable'],
]);

/** Collects the rules that fire and keeps the most serious decision. */
class Findings {
  readonly rules: string[] = [];
  private best: string | undefined;
  private bestRank = -Infinity;

  constructor(private readonly words: ReadonlyMap<string, Word>) {}

  decide(rule: string, word: string): void {
    this.rules.push(rule);
    const rank = this.words.get(word)!.rank;
    if (rank > this.bestRank) {
      this.best = word;
      this.bestRank = rank;
    }
  }

  note(rule: string): void {
    this.rules.push(rule);
  }

  word(fallback: string): string {
    return this.best ?? fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// The evaluator

export class HandWrittenRules {
  private readonly p: (name: string) => Period[];
  private readonly definitionPeriods: (name: string) => Period[];

  private constructor(private readonly rulebook: Rulebook, overrides: Overrides, private readonly calendars: Map<string, BusinessCalendar>) {
    const { table, problems } = resolveParameters(rulebook, overrides);
    if (problems.length) throw new Error(problems.join(' '));
    const cache = new Map<string, Period[]>();
    this.p = (name) => {
      let periods = cache.get(name);
      if (!periods) {
        const series = table.values.get(name);
        if (!series) throw new Error(`The hand-written rules read the parameter "${name}", which the rulebook no longer has.`);
        periods = periodsOf(series);
        cache.set(name, periods);
      }
      return periods;
    };
    this.definitionPeriods = (name) => periodsOf(rulebook.parameters.get(name)!.definition.values);
  }

  static prepare(rulebook: Rulebook, overrides: Overrides = {}): HandWrittenRules {
    const calendars = buildCalendars([...rulebook.calendars].map(([name, c]) => ({ name, ...c.definition })));
    return new HandWrittenRules(rulebook, overrides, calendars);
  }

  private param<T>(name: string): Lookup<T> {
    const periods = this.p(name);
    return (date) => valueAt(periods, date) as T;
  }

  private calendar(name: unknown): BusinessCalendar {
    const cal = typeof name === 'string' ? this.calendars.get(name) : undefined;
    if (!cal) throw new Error(`${JSON.stringify(name)} is not a calendar.`);
    return cal;
  }

  /** Every row of `rows` (all the table's rows by default), in order. */
  evaluateRows(table: Table, match: SubjectMatch, asOf: IsoDate, rows: readonly TableRow[] = table.rows): Decision[] {
    const name = match.subject.name;
    if (name === 'project') return this.projects(table, match, rows, asOf);
    if (name === 'tariffLine') return this.tariffLines(table, match, rows, asOf);
    throw new Error(`The hand-written rules know the subjects project and tariffLine, not ${name}.`);
  }

  // -------------------------------------------------------------------------------------------
  // Investment projects (I1–I8)

  private projects(table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): Decision[] {
    const subject = match.subject;
    const outputNames = Object.keys(subject.definition.outputs);
    const plan = planColumns(subject, match);
    const c = {
      sector: columnIndex(subject, 'sector'), amount: columnIndex(subject, 'amount'), stage: columnIndex(subject, 'stage'),
      notice: columnIndex(subject, 'selectionNoticeDate'), funded: columnIndex(subject, 'fundedDate'),
      instrument: columnIndex(subject, 'instrument'), cashFlow: columnIndex(subject, 'cashFlowToDate'),
      daa: columnIndex(subject, 'deemedAllocationAmount'),
    };
    const windowEnd = this.param<IsoDate | null>('investmentWindow.end');
    const periodDays = this.param<number | null>('fundingPeriod.days');
    const dayType = this.param<string | null>('fundingPeriod.dayType');
    const calendarName = this.param<string | null>('fundingPeriod.calendar');
    const meaning = this.param<string | null>('fundingPeriod.meaning');
    const shareBefore = this.param<number | null>('cashFlow.usShareBeforeAllocation');
    const shareAfter = this.param<number | null>('cashFlow.usShareAfterAllocation');
    const sectors = this.param<unknown>('investment.sectors');
    const instruments = this.param<unknown>('investment.instruments');
    const sizeMin = this.param<number | null>('investment.observedSize.min');
    const sizeMax = this.param<number | null>('investment.observedSize.max');
    const facilityEnd = this.param<IsoDate | null>('jbic.facilityEnd');

    const values: FactValue[] = new Array(plan.length).fill(null);
    const out: Decision[] = [];
    for (const row of rows) {
      const errors = readRow(plan, table, row, values);
      if (errors) {
        out.push(invalid(row.row, outputNames, errors));
        continue;
      }
      const stage = str(values[c.stage]);
      const notice = str(values[c.notice]);
      const fundedDate = str(values[c.funded]);
      const sector = str(values[c.sector]);
      const instrument = str(values[c.instrument]);
      const amount = num(values[c.amount]);
      const cashFlow = num(values[c.cashFlow]);
      const daa = num(values[c.daa]);
      const d = notice ?? asOf;
      const selectedOrFunded = stage === 'selected' || stage === 'funded';

      let periodEnd: IsoDate | null = null;
      let provisional = false;
      let businessDaysRemaining: number | null = null;
      try {
        // The funding period: 45 US business days after the notice by default, none for a notice after the window.
        const end = windowEnd(d);
        if (notice !== null && end !== null && notice <= end) {
          const days = periodDays(d);
          if (days !== null) {
            if (!Number.isInteger(days)) throw new Error(`The number of days must be a whole number, not ${days}.`);
            const type = dayType(d);
            if (type === 'business') periodEnd = addBusinessDays(notice, days, this.calendar(calendarName(d)));
            else if (type === null || type === 'calendar') periodEnd = addCalendarDays(notice, days);
            else throw new Error(`The day type must be "business" or "calendar", not ${JSON.stringify(type)}.`);
          }
        }
        if (selectedOrFunded && periodEnd !== null && dayType(d) === 'business') {
          provisional = this.calendar(calendarName(d)).provisionalHolidays(notice!, periodEnd).length > 0;
        }
      } catch {
        out.push(invalid(row.row, outputNames, 1));
        continue;
      }
      const m = meaning(d);
      const deadline = m === 'deadline' ? periodEnd : null;
      const earliest = m === 'earliest' ? periodEnd : null;
      const fundedByAsOf = fundedDate !== null && fundedDate <= asOf ? fundedDate : null;
      if (selectedOrFunded && fundedByAsOf === null && deadline !== null && deadline >= asOf) {
        try {
          businessDaysRemaining = max(0, businessDaysBetween(asOf, deadline, this.calendar(calendarName(d))));
        } catch {
          out.push(invalid(row.row, outputNames, 1));
          continue;
        }
      }
      const daysLate = deadline === null ? null
        : fundedByAsOf !== null ? atLeastZero(calendarDaysBetween(deadline, fundedByAsOf))
          : selectedOrFunded ? atLeastZero(calendarDaysBetween(deadline, asOf)) : null;

      // I5: cash flow 50/50 until each side has its deemed allocation amount, then 90/10.
      const before = shareBefore(d);
      const after = shareAfter(d);
      const threshold = max(div(daa, before), div(daa, sub(1, before)));
      let usToDate: Num = null;
      if (cashFlow !== null) {
        usToDate = threshold === null ? mul(cashFlow, before)
          : add(mul(min(cashFlow, threshold), before), mul(atLeastZero(sub(cashFlow, threshold)), after));
      }
      const japanToDate = sub(cashFlow, usToDate);
      const pastThreshold = threshold !== null && cashFlow !== null && cashFlow >= threshold;
      const usShare = cashFlow === null ? null : pastThreshold ? after : before;

      const f = new Findings(PROJECT_WORDS);
      const unfundedDue = (stage === 'selected' || fundedDate !== null) && selectedOrFunded && fundedByAsOf === null;
      if (selectedOrFunded && provisional) f.note('I3.provisional-holidays');
      if (stage === 'candidate' || stage === 'consulted' || stage === 'recommended') f.decide('I2.not-yet-selected', 'not-selected');
      if ((selectedOrFunded || stage === 'declined') && notice === null) f.decide('I3.notice-date-missing', 'date-missing');
      if (unfundedDue && deadline !== null && deadline >= asOf) f.decide('I3.awaiting-funding', 'awaiting-funding');
      if (unfundedDue && deadline !== null && deadline < asOf) f.decide('I3.unfunded-after-deadline', 'overdue');
      if (selectedOrFunded && fundedByAsOf !== null) {
        if (deadline !== null && notice !== null && fundedByAsOf <= deadline && fundedByAsOf >= notice) f.decide('I3.funded-by-deadline', 'funded');
        if (deadline !== null && fundedByAsOf > deadline) f.decide('I3.funded-after-deadline', 'funded-late');
        if (notice !== null && fundedByAsOf < notice) f.decide('I3.funded-before-notice', 'dates-to-check');
      }
      if (stage === 'funded' && fundedDate === null) f.decide('I3.funded-date-missing', 'date-missing');
      if (unfundedDue && earliest !== null) f.decide('I3.earliest.awaiting-funding', 'awaiting-funding');
      if (selectedOrFunded && fundedByAsOf !== null && earliest !== null && notice !== null && fundedByAsOf >= notice) {
        if (fundedByAsOf >= earliest) f.decide('I3.earliest.funded', 'funded');
        else f.decide('I3.earliest.funded-early', 'funded');
      }
      if (stage === 'declined') f.decide('I4.declined', 'declined');
      if (cashFlow !== null && daa === null) f.note('I5.allocation-amount-unknown');
      if (pastThreshold) f.note('I5.after-allocation');
      if (sector !== null && !mentionsAnyOf(sector, sectors(d))) f.note('I6.sector-not-listed');
      if (instrument !== null && !mentionsAnyOf(instrument, instruments(d))) f.note('I7.instrument-not-reported');
      if (amount !== null) {
        const lo = sizeMin(d);
        const hi = sizeMax(d);
        if ((lo !== null && amount < lo) || (hi !== null && amount > hi)) f.note('I8.size-outside-observed-range');
      }
      const jbicEnd = facilityEnd(d);
      if (jbicEnd !== null && ((fundedDate !== null && fundedDate > jbicEnd) || (fundedDate === null && periodEnd !== null && periodEnd > jbicEnd))) {
        f.note('I7.after-jbic-facility');
      }
      const end = windowEnd(d);
      if (end !== null && notice !== null && notice > end) f.decide('I1.selected-after-window', 'outside-window');
      if (end !== null && periodEnd !== null && periodEnd > end) f.note('I1.deadline-after-window');

      const subjectStatus = f.word('not-applicable');
      out.push({
        row: row.row, status: PROJECT_WORDS.get(subjectStatus)!.means, subjectStatus, rules: f.rules, errors: 0,
        outputs: {
          fundingDeadline: deadline,
          earliestFundingDate: earliest,
          businessDaysRemaining,
          daysLate,
          reinstatementTriggered: stage === 'declined',
          reinstatementRight: stage === 'declined' ? 'triggered'
            : selectedOrFunded && fundedByAsOf === null && deadline !== null && deadline < asOf ? 'arguably-triggered' : 'not-triggered',
          usCashFlowShare: usShare,
          usCashFlowToDate: usToDate,
          japanCashFlowToDate: japanToDate,
        },
      });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Tariff lines (T0–T8)

  private tariffLines(table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): Decision[] {
    const subject = match.subject;
    const outputNames = Object.keys(subject.definition.outputs);
    const plan = planColumns(subject, match);
    const c = {
      country: columnIndex(subject, 'countryOfOrigin'), category: columnIndex(subject, 'category'),
      rate: columnIndex(subject, 'enteredColumn1Rate'), entry: columnIndex(subject, 'entryDate'), loading: columnIndex(subject, 'loadingDate'),
      value: columnIndex(subject, 'customsValue'), specific: columnIndex(subject, 'specificDuty'), quantity: columnIndex(subject, 'quantity'),
      s232: columnIndex(subject, 'section232Rate'), annexII: columnIndex(subject, 'annexIIExempt'), metalShare: columnIndex(subject, 'metalShare'),
      annex: columnIndex(subject, 'metalsAnnex'), light: columnIndex(subject, 'lightMetalContent'), s122: columnIndex(subject, 'section122Exempt'),
    };
    const P = tariffParams(<T>(name: string) => this.param<T>(name));
    const withdrawnPeriods = this.definitionPeriods('t7.benefitsWithdrawn');
    // withdrawalAsked reads the switch at the as-of date, whatever the line's date.
    const withdrawalAsked = P.withdrawn(asOf) === true;

    const values: FactValue[] = new Array(plan.length).fill(null);
    const out: Decision[] = [];
    for (const row of rows) {
      const errors = readRow(plan, table, row, values);
      if (errors) {
        out.push(invalid(row.row, outputNames, errors));
        continue;
      }
      const line: LineFacts = {
        country: str(values[c.country]), category: str(values[c.category]), d: str(values[c.entry])!,
        loading: str(values[c.loading]), value: num(values[c.value]), s232: num(values[c.s232]),
        annexII: values[c.annexII] === true, metalShare: num(values[c.metalShare]), annex: str(values[c.annex]),
        light: values[c.light] === true, s122Exempt: values[c.s122] === true,
        column1: null, ieepa: false, inTransit: false,
      };
      const { d, category } = line;
      // column1Rate: the entered rate, or with a specific duty its ad valorem equivalent (CBP).
      const entered = num(values[c.rate]);
      const specific = num(values[c.specific]);
      const quantity = num(values[c.quantity]);
      line.column1 = specific !== null && quantity !== null && line.value !== null && line.value > 0
        ? add(entered ?? 0, div(mul(specific, quantity), line.value)) : entered;
      line.ieepa = category === 'general' || category === 'generic-pharmaceutical' || category === 'pharmaceutical' || category === 'unavailable-natural-resource'
        || (category === 'civil-aircraft' && d < '2025-09-16') || ((category === 'wood' || category === 'lumber') && d < '2025-10-14');
      const loadedBefore = P.loadedBefore(d);
      const enteredBefore = P.enteredBefore(d);
      line.inTransit = line.loading !== null && loadedBefore !== null && line.loading < loadedBefore && enteredBefore !== null && d < enteredBefore;

      const wr = P.withdrawn(d) === true && withdrawalReaches(line, P);
      const f = new Findings(TARIFF_WORDS);
      const decided = this.decideLine(line, wr, withdrawalAsked, P, f);
      const subjectStatus = f.word('not-rated');

      // exposureIfReinstated: the line's total rate with the switch on minus with it off. The switch
      // changes nothing but withdrawalReaches, so the other reading is computed only when that differs.
      const wrOn = coversDate(withdrawnPeriods, d) && withdrawalReaches(line, P);
      const totalIf = (w: boolean): Num => (w === wr ? decided.totalRate : w ? withdrawnTotalRate(line, P) : this.decideLine(line, false, withdrawalAsked, P, null).totalRate);
      const metalsUnreached = category === 'steel-aluminum-copper'
        && !(d >= '2025-08-07' && d <= '2026-02-23' && line.metalShare !== null && line.metalShare < 1);
      const exposure = metalsUnreached || (line.country !== null && line.country !== 'JP')
        ? mul(line.value, 0) : mul(line.value, sub(totalIf(wrOn), totalIf(false)));

      out.push({
        row: row.row, status: TARIFF_WORDS.get(subjectStatus)!.means, subjectStatus, rules: f.rules, errors: 0,
        outputs: {
          additionalRate: decided.additionalRate, totalRate: decided.totalRate, heading: decided.heading,
          exemptionHeading: decided.exemptionHeading, duty: mul(line.value, decided.totalRate), exposureIfReinstated: exposure,
        },
      });
    }
    return out;
  }

  /**
   * The rules of a Japanese line, in the rulebook's order (files by name, rules in file order), for
   * `wr` (whether a withdrawal reaches it). `f` collects the rules that fire; null when only the rate is wanted.
   */
  private decideLine(line: LineFacts, wr: boolean, withdrawalAsked: boolean, P: TariffParams, f: Findings | null): LineRates {
    const r: LineRates = { additionalRate: null, totalRate: null, heading: null, exemptionHeading: null };
    const { d, category, column1: c1 } = line;
    const decide = (rule: string, word: string) => f?.decide(rule, word);
    const note = (rule: string) => f?.note(rule);
    const set = (additional: Num, total: Num, heading: string | null) => {
      r.additionalRate = additional;
      r.totalRate = total;
      r.heading = heading;
    };
    if (line.country !== 'JP') {
      if (line.country !== null) decide('T0.not-of-japanese-origin', 'outside-agreement');
      return r;
    }
    const vehicle = category === 'vehicle';
    const autos = vehicle || category === 'auto-part';
    const metals = category === 'steel-aluminum-copper';
    const pharma = category === 'pharmaceutical';
    const generic = category === 'generic-pharmaceutical';

    // tariffs-scope.json
    if (c1 === null) decide('T0.column-1-rate-missing', 'not-rated');
    if (wr) {
      if (line.ieepa) {
        decide('T7.reciprocal-reimposed', 'what-if');
        set(P.reinstated(d), add(c1, P.reinstated(d)), null);
      }
      if (category === 'civil-aircraft') {
        decide('T7.aircraft-reciprocal-reimposed', 'what-if');
        set(P.reinstated(d), add(c1, P.reinstated(d)), null);
      }
      if (autos) {
        decide('T7.auto-section-232-restored', 'what-if');
        set(P.autos232(d), add(c1, P.autos232(d)), vehicle ? '9903.94.01' : '9903.94.05');
      }
      if (category === 'wood' && d >= '2025-10-14') {
        decide('T7.wood-cap-withdrawn', 'what-if');
        set(line.s232, add(c1, line.s232), null);
      }
      if (metals) {
        decide('T7.metals-non-metal-share-reimposed', 'what-if');
        const share = line.metalShare ?? 1;
        const metalDuty = mul(P.metalContentRate(d), share);
        const rest = mul(P.reinstated(d), sub(1, share));
        set(add(metalDuty, rest), add3(c1, metalDuty, rest), null);
      }
      // Only the metals-columns note below also fires under a withdrawal (the other rules need it not to reach the line).
      if (!metals && (line.metalShare !== null || line.annex !== null || line.light)) note('T8.metals-columns-unused');
      return r;
    }
    if (withdrawalAsked) note('T7.not-reached');

    // tariffs-t1-general.json: the general treatment (IEEPA) before and under the agreement
    if (line.ieepa && d <= '2026-02-23') {
      if (d <= '2025-04-04') {
        decide('T1.before-reciprocal-tariffs', 'rated');
        set(0, c1, null);
      } else if (d <= '2025-08-06' && !line.annexII) {
        decide('T1.entered-before-agreement', 'rated');
        set(P.baseline(d), add(c1, P.baseline(d)), '9903.01.25');
      }
      if (d >= '2025-04-05' && line.annexII) {
        decide('T1.annex-ii-exempt', 'rated');
        set(0, c1, '9903.01.32');
      }
      if (d >= '2025-08-07' && !line.annexII) {
        if (line.inTransit) {
          decide('T1.in-transit', 'rated');
          set(P.inTransitRate(d), add(c1, P.inTransitRate(d)), '9903.01.25');
        } else {
          const zeroRated = (generic && P.genericsZero(d) === true) || (category === 'unavailable-natural-resource' && P.resourcesZero(d) === true);
          const allIn = P.allIn(d);
          if (!zeroRated && c1 !== null && allIn !== null) {
            if (c1 < allIn) {
              decide('T1.raised-to-all-in-rate', 'rated');
              set(sub(allIn, c1), allIn, '9903.02.73');
            } else {
              decide('T1.at-or-above-all-in-rate', 'rated');
              set(0, c1, '9903.02.72');
            }
          }
          if (zeroRated) {
            decide('T4.zero-rated', 'rated');
            set(P.zeroRate(d), add(c1, P.zeroRate(d)), null);
          }
        }
      }
    }

    // tariffs-t2-autos.json
    if (autos) {
      const section232From = vehicle ? '2025-04-03' : '2025-05-03';
      if (d < section232From) {
        decide('T2.before-section-232', 'rated');
        set(0, c1, null);
      } else if (d <= '2025-09-15') {
        decide('T2.section-232-before-agreement', 'rated');
        set(P.autos232(d), add(c1, P.autos232(d)), vehicle ? '9903.94.01' : '9903.94.05');
      }
      if (d >= '2025-09-16') {
        const allIn = P.autosAllIn(d);
        if (c1 !== null && allIn !== null) {
          if (c1 < allIn) {
            decide('T2.raised-to-all-in-rate', 'rated');
            set(sub(allIn, c1), allIn, vehicle ? '9903.94.41' : '9903.94.43');
          } else {
            decide('T2.at-or-above-all-in-rate', 'rated');
            set(0, c1, vehicle ? '9903.94.40' : '9903.94.42');
          }
        }
        if (P.autosExemptFromMetals(d) === false) note('T2.metals-may-stack');
      }
    }

    // tariffs-t3-t5-aircraft-wood.json
    if (category === 'civil-aircraft' && d >= '2025-09-16') {
      decide('T3.civil-aircraft', 'rated');
      set(P.aircraft(d), add(c1, P.aircraft(d)), '9903.96.02');
    }
    if (category === 'wood' && d >= '2025-10-14') {
      const cap = P.woodCap(d);
      const woodRate = min(line.s232 ?? cap, atLeastZero(sub(cap, c1)));
      decide('T5.wood-capped', 'rated');
      set(woodRate, add(c1, woodRate), '9903.76.21');
      if (line.s232 === null) note('T5.wood-rate-assumed');
    }
    if (category === 'lumber' && d >= '2025-10-14') {
      decide('T5.lumber', 'rated');
      set(P.lumber(d), add(c1, P.lumber(d)), '9903.76.01');
    }

    // tariffs-t6-after-ieepa.json: the Section 122 surcharge, then the unconfirmed regime
    if (d >= '2026-02-24' && d <= '2026-07-23') {
      if (line.ieepa) {
        if (generic || pharma || category === 'unavailable-natural-resource' || line.s122Exempt) {
          decide('T6.section-122-exempt', 'rated');
          set(0, c1, null);
          r.exemptionHeading = '9903.03.02–.11';
        } else {
          decide('T6.section-122-surcharge', 'rated');
          set(P.s122(d), add(c1, P.s122(d)), '9903.03.01');
        }
      }
      if (autos || category === 'wood' || category === 'lumber' || category === 'civil-aircraft') note('T6.section-232-goods-exempt');
    }
    if (d >= '2026-07-24') {
      const floor = P.floor301(d);
      if (floor === null) {
        if (line.ieepa) {
          decide('T6.regime-unconfirmed', 'rate-unconfirmed');
          set(0, c1, null);
        } else note('T6.regime-unconfirmed-note');
      } else if (line.ieepa) {
        if (generic || (pharma && d >= '2026-07-31')) {
          decide('T6.section-301-exempt', 'rated');
          set(0, c1, null);
        } else {
          decide('T6.section-301-floor', 'rated');
          set(atLeastZero(sub(floor, c1)), max(floor, c1), c1 !== null && c1 < floor ? '9903.05.49' : '9903.05.48');
        }
      }
      if (pharma && d >= '2026-09-29') note('T6.section-232-pharmaceuticals-reported');
    }

    // tariffs-t8-metals.json: Section 232 steel, aluminum and copper
    if (metals) {
      const share = line.metalShare ?? 1;
      if (d <= '2025-08-06') decide('T8.before-agreement', 'not-rated');
      else if (d <= '2026-04-05') {
        const metalDuty = mul(P.metalContentRate(d), share);
        const restRate = d <= '2026-02-23' ? atLeastZero(sub(P.allIn(d), c1))
          : line.s122Exempt || P.s122OnNonMetal(d) === false ? 0 : P.s122(d);
        const additional = add(metalDuty, mul(restRate, sub(1, share)));
        decide(d <= '2026-02-23' ? 'T8.metal-content-15-percent-rest' : 'T8.metal-content-section-122-rest', 'rated');
        set(additional, add(c1, additional), null);
      } else {
        const annex = line.annex;
        if (annex === null) decide('T8.annex-missing', 'not-rated');
        if (annex === 'I-A') {
          decide('T8.annex-I-A', 'rated');
          set(P.annexIA(d), add(c1, P.annexIA(d)), null);
        }
        if (!line.light && (annex === 'I-B' || ((annex === 'I-C' || annex === 'III') && d >= '2028-01-01'))) {
          decide('T8.annex-I-B', 'rated');
          set(P.annexIB(d), add(c1, P.annexIB(d)), null);
        }
        if (annex === 'I-C' && d >= '2026-06-08' && d <= '2027-12-31') {
          const floor = P.annexICFloor(d);
          decide('T8.annex-I-C-framework-floor', 'rated');
          set(atLeastZero(sub(floor, c1)), max(floor, c1), null);
        }
        if (annex === 'I-C' && d <= '2026-06-07') decide('T8.annex-I-C-before-floor', 'not-rated');
        if (annex === 'III' && !line.light && d <= '2027-12-31') {
          const floor = P.annexIIIFloor(d);
          decide('T8.annex-III-minimum', 'rated');
          set(atLeastZero(sub(floor, c1)), max(floor, c1), null);
        }
        if (annex === 'II') decide('T8.annex-II-removed', 'not-rated');
        if ((annex === 'I-B' || annex === 'III') && line.light) decide('T8.light-metal-content-exempt', 'not-rated');
        if (line.metalShare !== null) note('T8.metal-share-not-used');
      }
    } else if (line.metalShare !== null || line.annex !== null || line.light) {
      note('T8.metals-columns-unused');
    }
    return r;
  }
}

/** A tariff line's facts and the computed values the rules share. */
interface LineFacts {
  country: string | null;
  category: string | null;
  /** The entry date: the date the line's rules and parameters are read at. */
  d: IsoDate;
  loading: IsoDate | null;
  value: Num;
  s232: Num;
  annexII: boolean;
  metalShare: Num;
  annex: string | null;
  light: boolean;
  s122Exempt: boolean;
  column1: Num;
  ieepa: boolean;
  inTransit: boolean;
}

interface LineRates {
  additionalRate: Num;
  totalRate: Num;
  heading: string | null;
  exemptionHeading: string | null;
}

/** The parameters the tariff rules read, each a lookup at a date. */
function tariffParams(param: <T>(name: string) => Lookup<T>) {
  return {
    loadedBefore: param<IsoDate | null>('t1.inTransit.loadedBefore'),
    enteredBefore: param<IsoDate | null>('t1.inTransit.enteredBefore'),
    withdrawn: param<boolean | null>('t7.benefitsWithdrawn'),
    genericsZero: param<boolean | null>('t4.genericPharmaceuticalsZeroRated'),
    resourcesZero: param<boolean | null>('t4.naturalResourcesZeroRated'),
    woodCapWithdrawn: param<boolean | null>('t7.woodCapWithdrawn'),
    woodCap: param<Num>('t5.woodCap'),
    metalContentRate: param<Num>('t8.metalContentRate'),
    reinstated: param<Num>('reinstatedRate'),
    autos232: param<Num>('t2.section232Rate'),
    baseline: param<Num>('t1.baselineRate'),
    inTransitRate: param<Num>('t1.inTransitRate'),
    allIn: param<Num>('t1.allInRate'),
    zeroRate: param<Num>('t4.zeroRate'),
    autosAllIn: param<Num>('t2.allInRate'),
    autosExemptFromMetals: param<boolean | null>('t2.autosExemptFromMetalsDuties'),
    aircraft: param<Num>('t3.additionalRate'),
    lumber: param<Num>('t5.lumberRate'),
    s122: param<Num>('t6.section122Rate'),
    floor301: param<Num>('section301.floorRate'),
    s122OnNonMetal: param<boolean | null>('t8.section122OnNonMetalShare'),
    annexIA: param<Num>('t8.annexIARate'),
    annexIB: param<Num>('t8.annexIBRate'),
    annexICFloor: param<Num>('t8.annexICFloorRate'),
    annexIIIFloor: param<Num>('t8.annexIIIFloorRate'),
  };
}

type TariffParams = ReturnType<typeof tariffParams>;

/** withdrawalReaches, the switch being on: the lines a withdrawal of the agreement's benefits reaches. */
function withdrawalReaches(line: LineFacts, P: TariffParams): boolean {
  const { d, category } = line;
  if (line.country !== 'JP' || d < '2025-08-07') return false;
  return (line.ieepa && d <= '2026-02-23' && !line.inTransit && !line.annexII)
    || (category === 'civil-aircraft' && d >= '2025-09-16' && d <= '2026-02-23')
    || (category === 'steel-aluminum-copper' && d <= '2026-02-23' && line.metalShare !== null && line.metalShare < 1)
    || ((category === 'vehicle' || category === 'auto-part') && d >= '2025-09-16')
    || (category === 'wood' && d >= '2025-10-14' && P.woodCapWithdrawn(d) === true);
}

/** The total rate of a line a withdrawal reaches (the T7 rules). */
function withdrawnTotalRate(line: LineFacts, P: TariffParams): Num {
  const { d, category, column1 } = line;
  if (line.ieepa || category === 'civil-aircraft') return add(column1, P.reinstated(d));
  if (category === 'vehicle' || category === 'auto-part') return add(column1, P.autos232(d));
  if (category === 'wood' && d >= '2025-10-14') return add(column1, line.s232);
  if (category === 'steel-aluminum-copper') {
    const share = line.metalShare ?? 1;
    return add3(column1, mul(P.metalContentRate(d), share), mul(P.reinstated(d), sub(1, share)));
  }
  return null;
}

