/**
 * Evaluation: the real rulebook (rules/us-japan-2025) against tables built in memory, with headers
 * and cells as a user types them. Expected dates were counted by hand on the US federal calendar
 * for 2026: Presidents' Day 02-16, Memorial Day 05-25, Juneteenth 06-19 (a Friday), Independence
 * Day observed Friday 07-03; Japan: 02-23, 03-20, 04-29, 05-04..06 and so on.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FactValue } from '../src/core/columns';
import { evaluateCondition } from '../src/core/engine/evaluateExpr';
import { Evaluator, type EngineName, type RowResult } from '../src/core/engine/evaluator';
import type { Overrides } from '../src/core/parameters';
import { buildReport, type Report } from '../src/core/report';
import { loadRulebook } from '../src/core/rulebook/load';
import type { Rulebook } from '../src/core/rulebook/model';
import type { RawCell, Table } from '../src/core/table';
import { FOLDER, makeTable, realRulebookFiles, RULEBOOK_DIR } from './support/fixtures';

const PROJECT_HEADERS = ['Project', 'Stage', 'Selection notice date', 'Funded date'];
const TARIFF_HEADERS = ['HTS code', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Customs value (USD)'];
const FUNDING_CLAUSE = 'MOU Funding of selected projects (45 working days after the selection notice)';
/**
 * The project outputs a row without cash flow gets under the deadline reading (the default): no
 * earliest funding date and no cash-flow split. Spread into a whole outputs object.
 */
const NO_EARLIEST_NO_CASH_FLOW = { earliestFundingDate: null, usCashFlowShare: null, usCashFlowToDate: null, japanCashFlowToDate: null } as const;

let rulebook: Rulebook;

function prepare(overrides: Overrides = {}, engine: EngineName = 'compiled'): Evaluator {
  const prepared = Evaluator.prepare(rulebook, overrides, { engine });
  if (!prepared.ok) assert.fail(`unexpected problems: ${prepared.problems.join(' | ')}`);
  return prepared.evaluator;
}

function problemsOf(overrides: Overrides): string[] {
  const prepared = Evaluator.prepare(rulebook, overrides);
  assert.equal(prepared.ok, false, 'these overrides must be refused');
  return prepared.ok ? [] : prepared.problems;
}

async function evaluate(table: Table, asOf: string, overrides: Overrides = {}): Promise<RowResult[]> {
  const evaluator = prepare(overrides);
  const matched = evaluator.match(table);
  if (!matched.ok) assert.fail(matched.problem);
  return evaluator.evaluateTable(table, matched.match, asOf);
}

/** One project row: stage, notice date, funded date, evaluated as of `asOf`. */
async function project(stage: RawCell, notice: RawCell, funded: RawCell, asOf: string, set?: Record<string, string>): Promise<RowResult> {
  const [result] = await evaluate(makeTable(PROJECT_HEADERS, [['Tranche', stage, notice, funded]]), asOf, set ? { set } : {});
  return result!;
}

/** One tariff line: origin, category, column 1 rate, entry date, customs value. */
async function tariff(origin: RawCell, rate: RawCell, entry: RawCell, value: RawCell = 1000, category: RawCell = 'general'): Promise<RowResult> {
  const [result] = await evaluate(makeTable(TARIFF_HEADERS, [['8471.30.01', origin, category, rate, entry, value]]), '2026-04-01');
  return result!;
}

const rulesFired = (r: RowResult) => r.findings.map((f) => f.rule);
const messages = (r: RowResult) => r.findings.map((f) => f.message).join('\n');

function includesAll(text: string, parts: string[]): void {
  for (const p of parts) assert.ok(text.includes(p), `${JSON.stringify(p)} not in: ${text}`);
}

describe('evaluation (Evaluator + evaluateTable)', () => {
  before(async () => {
    const loaded = await loadRulebook(FOLDER, realRulebookFiles());
    assert.deepEqual(loaded.issues.filter((i) => i.severity === 'error'), []);
    rulebook = loaded.rulebook!;
  });

  describe('funding deadline (investment MOU, I3)', () => {
    it('a notice on 2026-02-17 gives a deadline of 2026-04-21: 45 US business days, the notice day not counted', async () => {
      const r = await project('selected', '2026-02-17', null, '2026-04-01');
      assert.deepEqual([r.status, r.subjectStatus], ['pending', 'awaiting-funding']);
      assert.deepEqual(r.outputs, { fundingDeadline: '2026-04-21', businessDaysRemaining: 14, daysLate: 0, reinstatementTriggered: false, reinstatementRight: 'not-triggered', ...NO_EARLIEST_NO_CASH_FLOW });
      assert.deepEqual(r.findings.map((f) => [f.rule, f.clause, f.outcome, f.subjectStatus]), [['I3.awaiting-funding', FUNDING_CLAUSE, 'pending', 'awaiting-funding']]);
      includesAll(r.findings[0]!.message, ['Selected on 2026-02-17', 'fund by 2026-04-21', '(45 business days, US calendar)', '14 business days left after 2026-04-01']);
      assert.deepEqual(r.errors, []);
    });

    it('a notice on 2026-03-19 gives 2026-05-21 (before Memorial Day)', async () => {
      const r = await project('selected', '2026-03-19', null, '2026-04-01');
      assert.equal(r.outputs.fundingDeadline, '2026-05-21');
      assert.equal(r.outputs.businessDaysRemaining, 36);
    });

    it('business days remaining count the days after the as-of date up to and including the deadline, and are empty once it has passed', async () => {
      const cases: [string, number | null, number, string, string][] = [
        ['2026-04-16', 3, 0, 'pending', 'awaiting-funding'], // Fri 17, Mon 20, Tue 21
        ['2026-04-17', 2, 0, 'pending', 'awaiting-funding'],
        ['2026-04-18', 2, 0, 'pending', 'awaiting-funding'], // a Saturday
        ['2026-04-20', 1, 0, 'pending', 'awaiting-funding'],
        ['2026-04-21', 0, 0, 'pending', 'awaiting-funding'], // the deadline day itself: still on time
        ['2026-04-22', null, 1, 'breach', 'overdue'], // the day after: empty, not 0 or negative; daysLate says how late
      ];
      for (const [asOf, remaining, late, status, word] of cases) {
        const r = await project('selected', '2026-02-17', null, asOf);
        assert.deepEqual([asOf, r.outputs.businessDaysRemaining, r.outputs.daysLate, r.status, r.subjectStatus], [asOf, remaining, late, status, word]);
      }
    });

    it('a notice on a weekend starts counting on the next business day', async () => {
      const friday = await project('selected', '2026-02-20', null, '2026-03-01');
      const saturday = await project('selected', '2026-02-21', null, '2026-03-01');
      const sunday = await project('selected', '2026-02-22', null, '2026-03-01');
      assert.deepEqual([friday.outputs.fundingDeadline, saturday.outputs.fundingDeadline, sunday.outputs.fundingDeadline], ['2026-04-24', '2026-04-24', '2026-04-24']);
    });

    it('skips Memorial Day, Juneteenth and Independence Day observed on Friday 2026-07-03', async () => {
      const r = await project('selected', '2026-05-01', null, '2026-05-01');
      assert.equal(r.outputs.fundingDeadline, '2026-07-08'); // 2026-07-07 if any of the three were counted
      assert.equal(r.outputs.businessDaysRemaining, 45);
    });

    it('Juneteenth (Friday 2026-06-19) is not a US business day, but is one in Japan', async () => {
      const us = await project('selected', '2026-06-16', null, '2026-06-01', { 'fundingPeriod.days': '5' });
      const jp = await project('selected', '2026-06-16', null, '2026-06-01', { 'fundingPeriod.days': '5', 'fundingPeriod.calendar': 'JP' });
      assert.equal(us.outputs.fundingDeadline, '2026-06-24');
      assert.equal(jp.outputs.fundingDeadline, '2026-06-23');
    });

    it('one business day after Thursday 2026-07-02 is Monday 07-06 in the US (07-03 observed), 07-03 in Japan', async () => {
      const us = await project('selected', '2026-07-02', null, '2026-06-01', { 'fundingPeriod.days': '1' });
      const jp = await project('selected', '2026-07-02', null, '2026-06-01', { 'fundingPeriod.days': '1', 'fundingPeriod.calendar': 'JP' });
      assert.equal(us.outputs.fundingDeadline, '2026-07-06');
      assert.equal(jp.outputs.fundingDeadline, '2026-07-03');
    });

    it('unfunded after the deadline: overdue (breach), days late counted in calendar days to the as-of date, no business days remaining, the US remedy arguably open', async () => {
      const r = await project('selected', '2026-02-17', null, '2026-04-30');
      assert.deepEqual([r.status, r.subjectStatus], ['breach', 'overdue']);
      assert.deepEqual(r.outputs, { fundingDeadline: '2026-04-21', businessDaysRemaining: null, daysLate: 9, reinstatementTriggered: false, reinstatementRight: 'arguably-triggered', ...NO_EARLIEST_NO_CASH_FLOW });
      assert.deepEqual(rulesFired(r), ['I3.unfunded-after-deadline']);
      includesAll(messages(r), ['due by 2026-04-21', 'none is recorded by 2026-04-30', '9 days late', 'Arguably a failure to implement']);
    });

    it('funded on the deadline day: funded (compliant)', async () => {
      const r = await project('funded', '2026-02-17', '2026-04-21', '2026-05-01');
      assert.deepEqual([r.status, r.subjectStatus], ['compliant', 'funded']);
      assert.deepEqual(r.outputs, { fundingDeadline: '2026-04-21', businessDaysRemaining: null, daysLate: 0, reinstatementTriggered: false, reinstatementRight: 'not-triggered', ...NO_EARLIEST_NO_CASH_FLOW });
      assert.deepEqual(rulesFired(r), ['I3.funded-by-deadline']);
      includesAll(messages(r), ['Funded on 2026-04-21', 'deadline of 2026-04-21']);
    });

    it('funded after the deadline: funded-late (breach), days late counted to the funded date', async () => {
      const r = await project('funded', '2026-02-17', '2026-04-24', '2026-05-01');
      assert.deepEqual([r.status, r.subjectStatus], ['breach', 'funded-late']);
      assert.equal(r.outputs.daysLate, 3);
      assert.equal(r.outputs.reinstatementRight, 'not-triggered');
      assert.deepEqual(rulesFired(r), ['I3.funded-after-deadline']);
      includesAll(messages(r), ['Funded on 2026-04-24, 3 days after the deadline of 2026-04-21']);
    });

    it('a funded date after the as-of date counts as not yet funded', async () => {
      const early = await project('funded', '2026-02-17', '2026-04-21', '2026-04-01');
      assert.deepEqual([early.status, early.subjectStatus], ['pending', 'awaiting-funding']);
      assert.deepEqual(rulesFired(early), ['I3.awaiting-funding']);
      assert.equal(early.outputs.businessDaysRemaining, 14);

      const late = await project('funded', '2026-02-17', '2026-04-30', '2026-04-25');
      assert.deepEqual([late.status, late.subjectStatus], ['breach', 'overdue']);
      assert.deepEqual(rulesFired(late), ['I3.unfunded-after-deadline']);
      assert.equal(late.outputs.daysLate, 4);
      assert.equal(late.outputs.businessDaysRemaining, null);
      assert.equal(late.outputs.reinstatementRight, 'arguably-triggered');
    });

    it('not yet selected: not-selected (not-applicable), for each earlier stage', async () => {
      for (const stage of ['candidate', 'consulted', 'recommended']) {
        const r = await project(stage, null, null, '2026-04-01');
        assert.deepEqual([r.status, r.subjectStatus], ['not-applicable', 'not-selected'], stage);
        assert.deepEqual(rulesFired(r), ['I2.not-yet-selected']);
        assert.ok(r.findings[0]!.message.startsWith(`Stage is ${stage}:`), r.findings[0]!.message);
        assert.deepEqual(r.outputs, { fundingDeadline: null, businessDaysRemaining: null, daysLate: null, reinstatementTriggered: false, reinstatementRight: 'not-triggered', ...NO_EARLIEST_NO_CASH_FLOW });
      }
    });

    it('selected without a notice date: date-missing (pending), asking for the date', async () => {
      const r = await project('selected', null, null, '2026-04-01');
      assert.deepEqual([r.status, r.subjectStatus], ['pending', 'date-missing']);
      assert.deepEqual(rulesFired(r), ['I3.notice-date-missing']);
      assert.equal(r.outputs.fundingDeadline, null);
    });

    it('funded without a funded date: date-missing (pending), naming the end of the funding period', async () => {
      const r = await project('funded', '2026-02-17', null, '2026-04-01');
      assert.deepEqual([r.status, r.subjectStatus], ['pending', 'date-missing']);
      assert.deepEqual(rulesFired(r), ['I3.funded-date-missing']);
      includesAll(messages(r), ['end of the funding period (2026-04-21)']);
    });

    it('declined: declined (pending, not a breach) and the reinstatement right is triggered (rate shown as a percentage)', async () => {
      const r = await project('declined', '2026-02-17', null, '2026-04-01');
      assert.deepEqual([r.status, r.subjectStatus], ['pending', 'declined']);
      // The deadline is still computed from the notice; nothing is counted for a declined project.
      assert.deepEqual(r.outputs, { fundingDeadline: '2026-04-21', businessDaysRemaining: null, daysLate: null, reinstatementTriggered: true, reinstatementRight: 'triggered', ...NO_EARLIEST_NO_CASH_FLOW });
      assert.deepEqual(r.findings.map((f) => [f.rule, f.outcome, f.subjectStatus]), [['I4.declined', 'pending', 'declined']]);
      includesAll(messages(r), ['what-if rate 25%', 'US remedy is available']);
    });

    it('when several rules apply the most serious outcome decides, and within one contract status the word listed first: declined without a notice date is declined', async () => {
      const r = await project('declined', null, null, '2026-04-01');
      assert.deepEqual(r.findings.map((f) => [f.rule, f.outcome, f.subjectStatus]), [['I3.notice-date-missing', 'pending', 'date-missing'], ['I4.declined', 'pending', 'declined']]);
      // Both mean pending; declined is listed before date-missing.
      assert.deepEqual([r.status, r.subjectStatus], ['pending', 'declined']);
      assert.equal(r.outputs.reinstatementTriggered, true);
      assert.equal(r.outputs.reinstatementRight, 'triggered');
      // Across contract statuses the more serious wins: declined (pending) over outside-window (not-applicable).
      const late = await project('declined', '2029-01-20', null, '2029-02-01');
      assert.deepEqual(late.findings.map((f) => [f.rule, f.outcome, f.subjectStatus]), [['I4.declined', 'pending', 'declined'], ['I1.selected-after-window', 'not-applicable', 'outside-window']]);
      assert.deepEqual([late.status, late.subjectStatus], ['pending', 'declined']);
    });

    it('stage aliases are read as the canonical stage ("chosen" is selected, "refused" is declined)', async () => {
      const chosen = await project('Chosen', '2026-02-17', null, '2026-04-01');
      assert.deepEqual([chosen.status, chosen.subjectStatus], ['pending', 'awaiting-funding']);
      const refused = await project('refused', '2026-02-17', null, '2026-04-01');
      assert.deepEqual([refused.subjectStatus, refused.outputs.reinstatementTriggered, refused.outputs.reinstatementRight], ['declined', true, 'triggered']);
    });

    it('an unknown stage makes the row invalid, naming the cell and the value', async () => {
      const r = await project('selcted', '2026-02-17', null, '2026-04-01');
      assert.deepEqual([r.status, r.subjectStatus], ['invalid', 'invalid']);
      assert.deepEqual(r.findings, []);
      assert.equal(r.errors.length, 1);
      assert.equal(r.errors[0]!.cell, 'line 2, field 2');
      assert.equal(r.errors[0]!.column, 'Stage');
      includesAll(r.errors[0]!.message, ['line 2, field 2 (Stage)', '"selcted"', 'selected']);
    });
  });

  describe('what-if overrides', () => {
    it('fundingPeriod.days=60 moves the deadline to 2026-05-12, and says so in the message', async () => {
      const evaluator = prepare({ set: { 'fundingPeriod.days': '60' } });
      assert.deepEqual(evaluator.overrides, { 'fundingPeriod.days': 60 });
      const r = await project('selected', '2026-02-17', null, '2026-04-01', { 'fundingPeriod.days': '60' });
      assert.equal(r.outputs.fundingDeadline, '2026-05-12');
      includesAll(messages(r), ['(60 business days, US calendar)']);
    });

    it('fundingPeriod.dayType=calendar counts calendar days: 2026-04-03', async () => {
      const r = await project('selected', '2026-02-17', null, '2026-04-01', { 'fundingPeriod.dayType': 'calendar' });
      assert.equal(r.outputs.fundingDeadline, '2026-04-03');
      includesAll(messages(r), ['(45 calendar days, US calendar)']);
    });

    it('fundingPeriod.calendar=JP counts Japanese bank days (02-23 and 03-20 are holidays): 2026-04-23', async () => {
      const r = await project('selected', '2026-02-17', null, '2026-04-01', { 'fundingPeriod.calendar': 'JP' });
      assert.equal(r.outputs.fundingDeadline, '2026-04-23');
      includesAll(messages(r), ['JP calendar']);
    });

    it('several settings combine: 60 calendar days is 2026-04-18', async () => {
      const r = await project('selected', '2026-02-17', null, '2026-04-01', { 'fundingPeriod.days': '60', 'fundingPeriod.dayType': 'calendar' });
      assert.equal(r.outputs.fundingDeadline, '2026-04-18');
    });

    it('a scenario applies its settings and is named in the overrides', async () => {
      const scenario = { name: 'sixty', definition: { title: 'Sixty days', description: 'What if 60 business days?', set: { 'fundingPeriod.days': 60 } } };
      assert.deepEqual(prepare({ scenario }).overrides, { scenario: 'sixty', 'fundingPeriod.days': 60 });
      const [r] = await evaluate(makeTable(PROJECT_HEADERS, [['A', 'selected', '2026-02-17', null]]), '2026-04-01', { scenario });
      assert.equal(r!.outputs.fundingDeadline, '2026-05-12');
    });

    it('a scenario replacing dated values takes effect by the row date', async () => {
      const scenario = {
        name: 'stepped', definition: {
          title: 'Stepped', description: 'A shorter period for notices from March',
          values: { 'fundingPeriod.days': [
            { from: '2025-09-04', to: '2026-02-28', value: 45, citation: { source: 'MOU', section: 'x' } },
            { from: '2026-03-01', value: 10, citation: { source: 'MOU', section: 'x' } },
          ] },
        },
      };
      const rows = await evaluate(makeTable(PROJECT_HEADERS, [['A', 'selected', '2026-02-17', null], ['B', 'selected', '2026-03-02', null]]), '2026-03-01', { scenario });
      assert.deepEqual(rows.map((r) => r.outputs.fundingDeadline), ['2026-04-21', '2026-03-16']);
    });

    it('overrides never change the rulebook: a later run without them gets the rulebook values', async () => {
      await project('selected', '2026-02-17', null, '2026-04-01', { 'fundingPeriod.days': '60' });
      assert.equal(rulebook.parameters.get('fundingPeriod.days')!.definition.values[0]!.value, 45);
      assert.deepEqual(prepare().overrides, {});
      assert.equal((await project('selected', '2026-02-17', null, '2026-04-01')).outputs.fundingDeadline, '2026-04-21');
    });

    it('a value of the wrong type is refused with a sentence naming the setting and the value', () => {
      assert.deepEqual(problemsOf({ set: { 'fundingPeriod.days': 'abc' } }), ['--set fundingPeriod.days=abc: fundingPeriod.days "abc" is not a number: write digits such as 1,234.5.']);
    });

    it('an enum value that is not allowed: names the allowed values and suggests one', () => {
      const [p] = problemsOf({ set: { 'fundingPeriod.dayType': 'busines' } });
      includesAll(p!, ['--set fundingPeriod.dayType=busines', 'must be one of "business" and "calendar", not "busines"', 'Did you mean "business"?']);
    });

    it('an unknown calendar: lists the calendars', () => {
      const [p] = problemsOf({ set: { 'fundingPeriod.calendar': 'EU' } });
      includesAll(p!, ['--set fundingPeriod.calendar=EU', '("US", "JP", "US+JP" and "US-FED")', 'not "EU"']);
    });

    it('an unknown parameter: "Did you mean"', () => {
      const [p] = problemsOf({ set: { 'fundingPeriod.dys': '60' } });
      includesAll(p!, ['--set fundingPeriod.dys=60: there is no parameter "fundingPeriod.dys".', 'Did you mean "fundingPeriod.days"?']);
    });

    it('every problem is returned at once', () => {
      const problems = problemsOf({ set: { 'fundingPeriod.days': 'sixty', 'fundingPeriod.calendar': 'XX', reinstatedRate: '30%' } });
      assert.equal(problems.length, 2, problems.join('\n'));
      assert.ok(problems[0]!.startsWith('--set fundingPeriod.days=sixty'));
      assert.ok(problems[1]!.startsWith('--set fundingPeriod.calendar=XX'));
    });

    it('a rate setting is read as a percentage', () => {
      assert.deepEqual(prepare({ set: { reinstatedRate: '30%' } }).overrides, { reinstatedRate: 0.3 });
    });
  });

  describe('the 15% all-in rule (EO 14345, T1)', () => {
    it('column 1 rate 0.149: additional duty exactly 0.001 under 9903.02.73, total 0.15', async () => {
      const r = await tariff('JP', 0.149, '2025-09-01', 1000);
      assert.deepEqual([r.status, r.subjectStatus], ['compliant', 'rated']);
      assert.equal(r.outputs.additionalRate, 0.001); // not 0.0010000000000000009
      assert.equal(r.outputs.totalRate, 0.15);
      assert.equal(r.outputs.heading, '9903.02.73');
      assert.deepEqual(r.findings.map((f) => [f.rule, f.clause, f.outcome]), [['T1.raised-to-all-in-rate', 'EO 14345 §2(a) (heading 9903.02.73)', 'compliant']]);
      includesAll(messages(r), ['Column 1 rate 14.9% is below 15%', 'additional duty 0.1% under 9903.02.73', 'total to 15%', 'entered 2025-09-01']);
    });

    it('the same rate typed as "14.9%" gives the same exact figures', async () => {
      const r = await tariff('JP', '14.9%', '2025-09-01');
      assert.deepEqual([r.outputs.additionalRate, r.outputs.totalRate, r.outputs.heading], [0.001, 0.15, '9903.02.73']);
    });

    it('exactly 15%: no additional duty, heading 9903.02.72', async () => {
      for (const rate of [0.15, '15%']) {
        const r = await tariff('JP', rate, '2025-09-01');
        assert.deepEqual([r.status, r.outputs.additionalRate, r.outputs.totalRate, r.outputs.heading], ['compliant', 0, 0.15, '9903.02.72'], String(rate));
        assert.deepEqual(rulesFired(r), ['T1.at-or-above-all-in-rate']);
      }
    });

    it('above 15% (0.2): no additional duty, the total stays the column 1 rate', async () => {
      const r = await tariff('JP', 0.2, '2025-09-01');
      assert.deepEqual([r.outputs.additionalRate, r.outputs.totalRate, r.outputs.heading], [0, 0.2, '9903.02.72']);
      includesAll(messages(r), ['Column 1 rate 20% is at or above 15%', 'the total stays 20%']);
    });

    it('a duty-free line (0%) pays the full 15% as additional duty', async () => {
      const r = await tariff('JP', 0, '2025-09-01');
      assert.deepEqual([r.outputs.additionalRate, r.outputs.totalRate], [0.15, 0.15]);
    });

    it('entries on 2025-08-06 are before the agreement and pay the 10% baseline on top of column 1; from 2025-08-07 it applies', async () => {
      const before = await tariff('JP', 0.149, '2025-08-06');
      assert.deepEqual([before.status, before.subjectStatus], ['compliant', 'rated']);
      assert.deepEqual(rulesFired(before), ['T1.entered-before-agreement']);
      // 14.9% + 10% = 24.9% of 1000; a withdrawal of benefits does not reach an entry before 2025-08-07.
      assert.deepEqual(
        [before.outputs.additionalRate, before.outputs.totalRate, before.outputs.heading, before.outputs.duty, before.outputs.exposureIfReinstated],
        [0.1, 0.249, '9903.01.25', 249, 0],
      );
      includesAll(messages(before), ['Entered 2025-08-06', 'baseline duty 10% under 9903.01.25', 'column 1 rate 14.9%', 'total 24.9%']);
      const first = await tariff('JP', 0.149, '2025-08-07');
      assert.deepEqual([first.status, first.subjectStatus], ['compliant', 'rated']);
      assert.deepEqual(rulesFired(first), ['T1.raised-to-all-in-rate']);
      assert.deepEqual([first.outputs.additionalRate, first.outputs.totalRate, first.outputs.heading], [0.001, 0.15, '9903.02.73']);
    });

    it('the baseline starts with entries of 2025-04-05; before, column 1 only', async () => {
      const before = await tariff('JP', 0.149, '2025-04-04');
      assert.deepEqual([before.status, before.subjectStatus, rulesFired(before)], ['compliant', 'rated', ['T1.before-reciprocal-tariffs']]);
      assert.deepEqual([before.outputs.additionalRate, before.outputs.totalRate, before.outputs.heading, before.outputs.duty], [0, 0.149, null, 149]);
      const first = await tariff('JP', 0.149, '2025-04-05');
      assert.deepEqual(rulesFired(first), ['T1.entered-before-agreement']);
      assert.deepEqual([first.outputs.additionalRate, first.outputs.totalRate, first.outputs.heading, first.outputs.duty], [0.1, 0.249, '9903.01.25', 249]);
    });

    it('the all-in rate applies through 2026-02-23 and not from 2026-02-24, when the Section 122 surcharge (T6) takes over', async () => {
      const last = await tariff('JP', 0.149, '2026-02-23');
      assert.deepEqual(rulesFired(last), ['T1.raised-to-all-in-rate']);
      assert.equal(last.outputs.totalRate, 0.15);
      // From 2026-02-24 no T1 rule applies: the 10% surcharge comes on top of the column 1 rate.
      const after = await tariff('JP', 0.149, '2026-02-24');
      assert.equal(after.status, 'compliant');
      assert.deepEqual(after.findings.map((f) => [f.rule, f.outcome]), [['T6.section-122-surcharge', 'compliant']]);
      assert.deepEqual(
        [after.outputs.additionalRate, after.outputs.totalRate, after.outputs.heading, after.outputs.duty],
        [0.1, 0.249, '9903.03.01', 249],
      );
      includesAll(messages(after), ['Entered 2026-02-24', 'Section 122 surcharge 10% under 9903.03.01', 'column 1 rate 14.9%', 'total 24.9%']);
      // A rate at or above 15% gets the surcharge too: T6 does not depend on the old all-in rate.
      const high = await tariff('JP', 0.2, '2026-02-24');
      assert.deepEqual([rulesFired(high), high.outputs.additionalRate, high.outputs.totalRate, high.outputs.heading], [['T6.section-122-surcharge'], 0.1, 0.3, '9903.03.01']);
    });

    it('the Section 122 surcharge runs through 2026-07-23; from 2026-07-24 the regime is unconfirmed (pending, column 1 rate only)', async () => {
      const lastDay = await tariff('JP', 0.149, '2026-07-23');
      assert.deepEqual([lastDay.status, rulesFired(lastDay), lastDay.outputs.additionalRate, lastDay.outputs.heading], ['compliant', ['T6.section-122-surcharge'], 0.1, '9903.03.01']);
      const expired = await tariff('JP', 0.149, '2026-07-24');
      assert.deepEqual([expired.status, expired.subjectStatus], ['pending', 'rate-unconfirmed']);
      assert.deepEqual(rulesFired(expired), ['T6.regime-unconfirmed']);
      assert.deepEqual([expired.outputs.additionalRate, expired.outputs.totalRate, expired.outputs.heading, expired.outputs.duty], [0, 0.149, null, 149]);
    });

    it('goods not of Japanese origin are outside-agreement (not-applicable), the country shown as its code', async () => {
      for (const origin of ['CN', 'China', 'KOR', 'United States']) {
        const r = await tariff(origin, 0.149, '2025-09-01');
        assert.deepEqual([r.status, r.subjectStatus], ['not-applicable', 'outside-agreement'], origin);
        assert.deepEqual(rulesFired(r), ['T0.not-of-japanese-origin'], origin);
        assert.equal(r.outputs.totalRate, null);
      }
      includesAll(messages(await tariff('China', 0.1, '2025-09-01')), ['Country of origin is CN']);
    });

    it("'Japan', 'JPN', 'jp' and ' JP ' are all Japan", async () => {
      for (const origin of ['Japan', 'JPN', 'jp', ' JP ', 'japan']) {
        const r = await tariff(origin, 0.149, '2025-09-01');
        assert.deepEqual([r.status, r.outputs.additionalRate, r.outputs.heading], ['compliant', 0.001, '9903.02.73'], origin);
      }
    });

    it('duty = customs value × total rate, without float noise', async () => {
      const a = await tariff('JP', 0.149, '2025-09-01', 123456.78);
      assert.equal(a.outputs.duty, 18518.517);
      // Withdrawn: column 1 + 25% = 0.399; with the agreement: 0.15. 123456.78 × (0.399 − 0.15) = 30740.73822.
      assert.equal(a.outputs.exposureIfReinstated, 30740.73822);
      const b = await tariff('JP', 0.2, '2025-09-01', '$2.1 billion');
      assert.equal(b.outputs.duty, 420000000);
      const none = await tariff('JP', 0.2, '2025-09-01', null);
      assert.equal(none.outputs.duty, null);
      assert.equal(none.status, 'compliant');
    });
  });

  describe('rows: invalid cells, order, missing columns', () => {
    const ROWS: RawCell[][] = [
      ['A', 'selected', '2026-02-17', null],
      ['B', 'funded', '2026-02-17', 'yesterday'],
      ['C', 'declined', '2026-03-19', null],
      ['D', 'candidate', null, null],
    ];

    it('a cell that cannot be read makes only its row invalid, with the cell reference and the value', async () => {
      const results = await evaluate(makeTable(PROJECT_HEADERS, ROWS), '2026-04-01');
      assert.deepEqual(results.map((r) => [r.row, r.key, r.status, r.subjectStatus]), [
        [1, 'A', 'pending', 'awaiting-funding'], [2, 'B', 'invalid', 'invalid'], [3, 'C', 'pending', 'declined'], [4, 'D', 'not-applicable', 'not-selected'],
      ]);
      const bad = results[1]!;
      assert.equal(bad.errors.length, 1);
      assert.deepEqual([bad.errors[0]!.cell, bad.errors[0]!.column], ['line 3, field 4', 'Funded date']);
      includesAll(bad.errors[0]!.message, ['line 3, field 4 (Funded date)', '"yesterday"', 'year-month-day']);
      assert.deepEqual(bad.findings, []);
      // An invalid row gets every output empty, the formula outputs reinstatementTriggered and reinstatementRight included.
      assert.deepEqual(bad.outputs, { fundingDeadline: null, businessDaysRemaining: null, daysLate: null, reinstatementTriggered: null, reinstatementRight: null, ...NO_EARLIEST_NO_CASH_FLOW });

      // The other rows are exactly what they are without the bad row.
      const without = await evaluate(makeTable(PROJECT_HEADERS, [ROWS[0]!, ROWS[2]!, ROWS[3]!]), '2026-04-01');
      const strip = (r: RowResult) => ({ ...r, row: 0 });
      assert.deepEqual([results[0], results[2], results[3]].map((r) => strip(r!)), without.map(strip));
    });

    it('in a workbook the error names the sheet cell (quoted when the sheet name has a space)', async () => {
      const [, bad] = await evaluate(makeTable(PROJECT_HEADERS, ROWS, { source: 'p.xlsx', sheet: 'Projects' }), '2026-04-01');
      assert.equal(bad!.errors[0]!.cell, 'Projects!D3');
      assert.ok(bad!.errors[0]!.message.startsWith('Projects!D3 (Funded date): '));
      const [, quoted] = await evaluate(makeTable(PROJECT_HEADERS, ROWS, { source: 'p.xlsx', sheet: 'MOU projects' }), '2026-04-01');
      assert.equal(quoted!.errors[0]!.cell, "'MOU projects'!D3");
    });

    it('a bad rate on a tariff line names the cell and the value', async () => {
      const results = await evaluate(makeTable(TARIFF_HEADERS, [
        ['1', 'JP', 'general', 0.149, '2025-09-01', 1000],
        ['2', 'JP', 'general', 'abc', '2025-09-01', 1000],
        ['3', 'JP', 'general', 0.2, '2025-09-01', -5],
      ]), '2026-04-01');
      assert.deepEqual(results.map((r) => [r.status, r.subjectStatus]), [['compliant', 'rated'], ['invalid', 'invalid'], ['invalid', 'invalid']]);
      includesAll(results[1]!.errors[0]!.message, ['line 3, field 4 (Column 1 rate)', '"abc" is not a rate']);
      includesAll(results[2]!.errors[0]!.message, ['line 4, field 6 (Customs value (USD))', 'below the smallest value allowed']);
    });

    it('an empty required cell makes the row invalid', async () => {
      const [r] = await evaluate(makeTable(PROJECT_HEADERS, [['A', '  ', '2026-02-17', null]]), '2026-04-01');
      assert.equal(r!.status, 'invalid');
      includesAll(r!.errors[0]!.message, ['line 2, field 2 (Stage) is empty', 'every project row needs it']);
    });

    it('a missing required column makes every row invalid, naming the column', async () => {
      const table = makeTable(['Project', 'Selection notice date'], [['A', '2026-02-17'], ['B', '2026-03-19']]);
      const evaluator = prepare();
      const matched = evaluator.match(table);
      if (!matched.ok) assert.fail(matched.problem);
      assert.deepEqual(matched.match.missingRequired.map((c) => c.header), ['Stage']);
      const results = await evaluator.evaluateTable(table, matched.match, '2026-04-01');
      assert.deepEqual(results.map((r) => [r.key, r.status]), [['A', 'invalid'], ['B', 'invalid']]);
      for (const r of results) {
        assert.equal(r.errors.length, 1);
        assert.equal(r.errors[0]!.column, 'Stage');
        includesAll(r.errors[0]!.message, ['The table has no "Stage" column', 'project rows need']);
      }
    });

    it('headers match without case, spaces or punctuation, and by alias', async () => {
      const table = makeTable(['project name', 'STAGE', 'Notice-date', 'funded on', 'Comments'], [['A', 'selected', '2026-02-17', null, 'x']]);
      const evaluator = prepare();
      const matched = evaluator.match(table);
      if (!matched.ok) assert.fail(matched.problem);
      assert.deepEqual(matched.match.unmatched, ['Comments']);
      const [r] = await evaluator.evaluateTable(table, matched.match, '2026-04-01');
      assert.equal(r!.outputs.fundingDeadline, '2026-04-21');
    });

    it('500 rows in give 500 rows out, in input order', async () => {
      const stages = ['selected', 'funded', 'declined', 'candidate', 'bogus'];
      const expected = ['pending', 'compliant', 'pending', 'not-applicable', 'invalid'];
      const expectedWords = ['awaiting-funding', 'funded', 'declined', 'not-selected', 'invalid'];
      const rows: RawCell[][] = Array.from({ length: 500 }, (_, i) => [`P${String(i + 1).padStart(3, '0')}`, stages[i % 5]!, '2026-02-17', i % 5 === 1 ? '2026-04-10' : null]);
      const seen: number[] = [];
      const evaluator = prepare();
      const table = makeTable(PROJECT_HEADERS, rows);
      const matched = evaluator.match(table);
      if (!matched.ok) assert.fail(matched.problem);
      const results = await evaluator.evaluateTable(table, matched.match, '2026-04-15', (done, total) => {
        assert.equal(total, 500);
        seen.push(done);
      });
      assert.equal(results.length, 500);
      assert.deepEqual(seen, Array.from({ length: 500 }, (_, i) => i + 1));
      results.forEach((r, i) => {
        assert.equal(r.row, i + 1);
        assert.equal(r.key, `P${String(i + 1).padStart(3, '0')}`);
        assert.equal(r.status, expected[i % 5], `row ${i + 1}`);
        assert.equal(r.subjectStatus, expectedWords[i % 5], `row ${i + 1}`);
      });
    });
  });

  describe('the JSON report (buildReport)', () => {
    const TABLE_ROWS: RawCell[][] = [
      ['A', 'selected', '2026-02-17', null],
      ['B', 'funded', '2026-02-17', '2026-04-10'],
      ['C', 'selected', 'not a date', null],
    ];

    async function reportJson(set?: Record<string, string>): Promise<string> {
      const evaluator = prepare(set ? { set } : {});
      const table = makeTable(PROJECT_HEADERS, TABLE_ROWS, { source: 'projects.csv' });
      const matched = evaluator.match(table);
      if (!matched.ok) assert.fail(matched.problem);
      const rows = await evaluator.evaluateTable(table, matched.match, '2026-04-15');
      const report = buildReport({
        rulebook, asOf: '2026-04-15', overrides: evaluator.overrides, file: table.source, subject: matched.match.subject.name,
        headerRow: table.headerRow, unmatchedHeaders: matched.match.unmatched, rows,
      });
      return JSON.stringify(report, null, 2);
    }

    it('has the contract keys, dates as YYYY-MM-DD text and the digest as 64 hex digits', async () => {
      const report = JSON.parse(await reportJson()) as Report;
      for (const key of ['rulebook', 'asOf', 'overrides', 'rows']) assert.ok(key in report, key);
      assert.deepEqual(Object.keys(report.rulebook).sort(), ['digest', 'id', 'version']);
      assert.equal(report.rulebook.id, 'us-japan-2025');
      assert.match(report.rulebook.version, /^\d+\.\d+\.\d+$/);
      assert.match(report.rulebook.digest, /^[0-9a-f]{64}$/);
      assert.equal(report.rulebook.digest, rulebook.digest);
      assert.equal(report.asOf, '2026-04-15');
      assert.deepEqual(report.overrides, {});
      assert.deepEqual(report.summary, {
        rows: 3, byStatus: { compliant: 1, pending: 1, breach: 0, 'not-applicable': 0, invalid: 1 },
        bySubjectStatus: {
          overdue: 0, 'funded-late': 0, declined: 0, 'dates-to-check': 0, 'date-missing': 0, 'awaiting-funding': 1, funded: 1,
          'outside-window': 0, 'not-selected': 0, 'not-applicable': 0, invalid: 1,
        },
        totals: [],
      });
      assert.equal(report.rows.length, 3);
      for (const row of report.rows) {
        assert.deepEqual(Object.keys(row).sort(), ['errors', 'findings', 'key', 'outputs', 'row', 'status', 'subject', 'subjectStatus']);
        for (const f of row.findings) assert.deepEqual(Object.keys(f).sort(), ['clause', 'message', 'outcome', 'rule', 'subjectStatus']);
      }
      const [a, b, c] = report.rows;
      assert.deepEqual(a, {
        row: 1, key: 'A', subject: 'project', status: 'pending', subjectStatus: 'awaiting-funding',
        outputs: { fundingDeadline: '2026-04-21', businessDaysRemaining: 4, daysLate: 0, reinstatementTriggered: false, reinstatementRight: 'not-triggered', ...NO_EARLIEST_NO_CASH_FLOW },
        findings: [{ rule: 'I3.awaiting-funding', clause: FUNDING_CLAUSE, outcome: 'pending', subjectStatus: 'awaiting-funding', message: a!.findings[0]!.message }],
        errors: [],
      });
      includesAll(a!.findings[0]!.message, ['2026-04-21', '4 business days left after 2026-04-15']);
      assert.deepEqual([b!.status, b!.subjectStatus], ['compliant', 'funded']);
      assert.deepEqual([c!.status, c!.subjectStatus], ['invalid', 'invalid']);
      assert.equal(c!.errors[0]!.cell, 'line 4, field 3');
      assert.ok(c!.errors[0]!.message.includes('"not a date"'));
    });

    it('records the overrides of the run', async () => {
      const report = JSON.parse(await reportJson({ 'fundingPeriod.days': '60' })) as Report;
      assert.deepEqual(report.overrides, { 'fundingPeriod.days': 60 });
      assert.equal(report.rows[0]!.outputs.fundingDeadline, '2026-05-12');
    });

    it('rates are fractions without float noise', async () => {
      const evaluator = prepare();
      const table = makeTable(TARIFF_HEADERS, [['1', 'JP', 'general', 0.149, '2025-09-01', 1000]]);
      const matched = evaluator.match(table);
      if (!matched.ok) assert.fail(matched.problem);
      const rows = await evaluator.evaluateTable(table, matched.match, '2026-04-15');
      const json = JSON.stringify(buildReport({ rulebook, asOf: '2026-04-15', overrides: {}, file: 't.csv', subject: 'tariffLine', headerRow: 1, unmatchedHeaders: [], rows }));
      assert.ok(json.includes('"status":"compliant","subjectStatus":"rated"'), json);
      // Exposure: 1000 × ((0.149 + 0.25) − 0.15) = 249.
      assert.ok(json.includes('"additionalRate":0.001,"totalRate":0.15,"heading":"9903.02.73","exemptionHeading":null,"duty":150,"exposureIfReinstated":249}'), json);
      assert.ok(json.includes('additional duty 0.1% under 9903.02.73'), json);
    });

    it('the same input twice gives byte-identical JSON', async () => {
      const first = await reportJson();
      const second = await reportJson();
      assert.equal(second, first);
      // Also with a rulebook loaded afresh from the same files.
      const again = await loadRulebook(FOLDER, realRulebookFiles());
      assert.equal(again.rulebook!.digest, rulebook.digest);
    });
  });

  describe("json-rules-engine, the compiled engine and Clausewise's own condition evaluator agree", function () {
    // Thousands of rows, under up to eleven configurations.
    this.timeout(900_000); // thousands of rows × 11 configurations × both engines traced: 3 minutes on 2 idle cores, 10 on a loaded machine

    /** What one configuration (baseline, a scenario or a set of overrides) covered. */
    interface Coverage {
      configuration: string;
      compared: number;
      fired: Map<string, number>;
      missed: Map<string, number>;
    }

    /**
     * Switches no bundled scenario turns on, each as a configuration of its own (for one subject):
     * the T2 metals-stacking reading, and the wood cap withdrawn with the agreement's benefits.
     */
    const EXTRA_CONFIGURATIONS: readonly { name: string; subject: string; scenario?: string; set: Record<string, boolean> }[] = [
      { name: 'set t2.autosExemptFromMetalsDuties=false', subject: 'tariffLine', set: { 't2.autosExemptFromMetalsDuties': false } },
      { name: 'scenario tariffs-reinstated, set t7.woodCapWithdrawn=true', subject: 'tariffLine', scenario: 'tariffs-reinstated', set: { 't7.woodCapWithdrawn': true } },
    ];

    /**
     * Rules that cannot fire in the baseline, each with the configuration that makes it fire (a
     * bundled scenario, or one of EXTRA_CONFIGURATIONS): the earliest-date reading of the funding
     * period, the T7 withdrawal switches, the T4 zero-rate switch, the reported Section 301 floor
     * and the T2 metals-stacking reading are all off (or empty) in the rulebook's values.
     */
    const NEEDS_CONFIGURATION: Readonly<Record<string, string>> = {
      'I3.earliest.awaiting-funding': 'scenario funding-as-earliest',
      'I3.earliest.funded': 'scenario funding-as-earliest',
      'I3.earliest.funded-early': 'scenario funding-as-earliest',
      'T7.reciprocal-reimposed': 'scenario tariffs-reinstated',
      'T7.aircraft-reciprocal-reimposed': 'scenario tariffs-reinstated',
      'T7.auto-section-232-restored': 'scenario tariffs-reinstated',
      'T7.not-reached': 'scenario tariffs-reinstated',
      'T7.wood-cap-withdrawn': 'scenario tariffs-reinstated, set t7.woodCapWithdrawn=true',
      'T7.metals-non-metal-share-reimposed': 'scenario tariffs-reinstated',
      'T4.zero-rated': 'scenario zero-rate-generics',
      'T6.section-301-floor': 'scenario section-301-floor',
      'T6.section-301-exempt': 'scenario section-301-floor',
      'T2.metals-may-stack': 'set t2.autosExemptFromMetalsDuties=false',
      'I3.provisional-holidays': 'scenario japanese-calendar', // US (the baseline) has no provisional holidays
    };

    const rulesOf = (subject: string) => rulebook.rules.filter((r) => r.definition.subject === subject);

    async function compareAll(configuration: string, table: Table, asOfs: string[], overrides: Overrides = {}): Promise<Coverage> {
      const evaluator = prepare(overrides, 'json-rules-engine');
      const compiled = prepare(overrides, 'compiled');
      const matched = evaluator.match(table);
      if (!matched.ok) assert.fail(matched.problem);
      assert.deepEqual(matched.match.unmatched, [], 'every generated column is one of the subject');
      const subject = matched.match.subject;
      const rules = rulesOf(subject.name);
      const fired = new Map<string, number>();
      const missed = new Map<string, number>();
      let compared = 0;
      for (const asOf of asOfs) {
        for (const row of table.rows) {
          const trace = await evaluator.traceRow(table, matched.match, row, asOf);
          // The compiled engine: the same result, facts and condition-by-condition report, in bulk and traced.
          const compiledTrace = await compiled.traceRow(table, matched.match, row, asOf);
          const where = `${configuration}: ${JSON.stringify(row.cells)} as of ${asOf}`;
          assert.deepStrictEqual(compiledTrace.result, trace.result, `compiled result, ${where}`);
          assert.deepStrictEqual(compiledTrace.ruleResults, trace.ruleResults, `compiled rule reports, ${where}`);
          assert.deepStrictEqual([...compiledTrace.facts], [...trace.facts], `compiled facts, ${where}`);
          assert.equal(compiledTrace.effectiveDate, trace.effectiveDate, where);
          assert.deepStrictEqual(compiled.evaluateRowNow(table, matched.match, row, asOf), trace.result, `compiled bulk result, ${where}`);
          if (trace.result.errors.length) continue;
          const scope = evaluator.scope(trace.facts, new Map(), trace.effectiveDate);
          const own: string[] = [];
          for (const rule of rules) {
            const d = rule.definition;
            const engine = trace.ruleResults.find((x) => x.name === d.id);
            assert.ok(engine, `json-rules-engine gave no result for ${d.id}`);
            const inForce = (d.effective?.from === undefined || trace.effectiveDate >= d.effective.from) && (d.effective?.to === undefined || trace.effectiveDate <= d.effective.to);
            const mine = inForce && evaluateCondition(d.conditions, scope);
            const cells = JSON.stringify(row.cells);
            assert.equal(engine.result, mine, `${configuration}: ${d.id} on ${cells} as of ${asOf}: json-rules-engine ${engine.result}, Clausewise ${mine}`);
            compared++;
            (mine ? fired : missed).set(d.id, ((mine ? fired : missed).get(d.id) ?? 0) + 1);
            if (mine) own.push(d.id);
          }
          assert.deepEqual(trace.result.findings.map((f) => f.rule).sort(), own.sort(), `${configuration}: findings for ${JSON.stringify(row.cells)} as of ${asOf}`);
        }
      }
      // No generated row is invalid: every row was compared on every rule.
      assert.equal(compared, table.rows.length * asOfs.length * rules.length, `${configuration}: rows skipped as invalid`);
      return { configuration, compared, fired, missed };
    }

    /**
     * Every rule of the subject both fires and does not fire somewhere, so the comparison covers
     * both answers; the rules in `never` (which these configurations rule out) must never fire.
     */
    function assertEveryRuleFiresAndMisses(subject: string, coverages: readonly Coverage[], never: readonly string[] = []): void {
      const rules = rulesOf(subject);
      assert.ok(rules.length > 0, `no ${subject} rules`);
      const where = coverages.map((c) => c.configuration).join('; ');
      const total = (kind: 'fired' | 'missed', id: string) => coverages.reduce((n, c) => n + (c[kind].get(id) ?? 0), 0);
      for (const rule of rules) {
        const id = rule.definition.id;
        if (never.includes(id)) {
          assert.equal(total('fired', id), 0, `${id} fired (${where})`);
          continue;
        }
        assert.ok(total('fired', id) > 0, `${id} never fired (${where})`);
        assert.ok(total('missed', id) > 0, `${id} always fired (${where})`);
      }
    }

    const scenarioOverrides = (name: string): Overrides => ({ scenario: { name, definition: rulebook.scenarios.get(name)!.definition } });

    /** The extra configurations of a subject, as Evaluator.prepare overrides. */
    function extraConfigurations(subject: string): [string, Overrides][] {
      return EXTRA_CONFIGURATIONS.filter((c) => c.subject === subject)
        .map((c): [string, Overrides] => [c.name, { ...(c.scenario === undefined ? {} : scenarioOverrides(c.scenario)), set: c.set }]);
    }

    /** The baseline, then every scenario of rules/us-japan-2025/scenarios, then the subject's extra configurations, as Evaluator.prepare overrides. */
    function configurations(subject: string): [string, Overrides][] {
      const names = [...rulebook.scenarios.keys()].sort();
      const files = readdirSync(join(RULEBOOK_DIR, 'scenarios')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
      assert.deepEqual(names, files, 'every scenario file of the rulebook is loaded');
      const all: [string, Overrides][] = [['baseline', {}], ...names.map((name): [string, Overrides] => [`scenario ${name}`, scenarioOverrides(name)]), ...extraConfigurations(subject)];
      // Every rule named in NEEDS_CONFIGURATION exists (a renamed rule would leave a stale entry) and its configuration is run.
      const ids = new Set(rulebook.rules.map((r) => r.definition.id));
      for (const [id, configuration] of Object.entries(NEEDS_CONFIGURATION)) {
        assert.ok(ids.has(id), `NEEDS_CONFIGURATION names ${id}, which is not a rule of the rulebook`);
        const rule = rulebook.rules.find((r) => r.definition.id === id)!;
        if (rule.definition.subject === subject) assert.ok(all.some(([name]) => name === configuration), `no configuration ${configuration}`);
      }
      return all;
    }

    /** Under every configuration; then the baseline alone must cover every rule that needs no other configuration, and each configuration its own rules. */
    async function compareUnderEveryConfiguration(subject: string, table: Table, asOfs: string[]): Promise<Coverage[]> {
      const coverages: Coverage[] = [];
      for (const [name, overrides] of configurations(subject)) coverages.push(await compareAll(name, table, asOfs, overrides));
      assert.equal(coverages.length, 1 + rulebook.scenarios.size + EXTRA_CONFIGURATIONS.filter((c) => c.subject === subject).length);
      assertEveryRuleFiresAndMisses(subject, coverages);
      const baseline = coverages[0]!;
      for (const rule of rulesOf(subject)) {
        const id = rule.definition.id;
        const configuration = NEEDS_CONFIGURATION[id];
        if (configuration === undefined) {
          assert.ok((baseline.fired.get(id) ?? 0) > 0, `${id} never fired in the baseline`);
          assert.ok((baseline.missed.get(id) ?? 0) > 0, `${id} always fired in the baseline`);
        } else {
          assert.equal(baseline.fired.get(id) ?? 0, 0, `${id} fired in the baseline, without its configuration ${configuration}`);
          const own = coverages.find((c) => c.configuration === configuration)!;
          assert.ok((own.fired.get(id) ?? 0) > 0, `${id} never fired under its configuration ${configuration}`);
        }
      }
      return coverages;
    }

    // Project rows: every stage × notice × funded date. The other columns take their values from
    // PROJECT_EXTRAS in turn (8 sets, prime to the 7 funded × 9 notice dates of a stage, so they mix).
    const PROJECT_COMPARE_HEADERS = [...PROJECT_HEADERS, 'Sector', 'Amount (USD)', 'Instrument', 'Cash flow to date (USD)', 'Deemed allocation amount (USD)'];
    const PROJECT_EXTRAS: FactValue[][] = [
      // sector, amount, instrument, cash flow to date, deemed allocation amount (the 50/50 split ends at twice it)
      [null, null, null, null, null],
      ['Energy / AI infrastructure', 350_000_000, 'Loan guarantee (NEXI)', 1000, null],
      ['Aircraft leasing', 349_999_999, 'grant', 999, 500], // "Aircraft" does not mention "AI"
      ['semiconductor fab', 100_000_000_000, 'Loans', 1000, 500], // "semiconductor" is not "semiconductors", "Loans" not "loan"
      ['Pharmaceuticals', 100_000_000_001, 'JBIC equity', 1001, 500],
      ['quantum computing', 2_000_000_000, 'loan', null, 500],
      ['Tourism', 0, 'guarantee', 0, 0],
      ['Critical minerals', 99_999_999_999, 'convertible note', 5_000_000, 1_000_000],
    ];
    const STAGES = ['candidate', 'consulted', 'recommended', 'selected', 'funded', 'declined'];
    // 2025-12-01: the period spans the executive-order closures of 2025-12-24 and 26 (US, not US-FED);
    // 2028-02-17: it spans Vernal Equinox Day 2028-03-20, not yet announced (JP, US+JP);
    // 2028-12-01: the period ends after the window (2029-01-19); 2029-01-19 the window's last day; 2029-01-20 after it.
    const NOTICES = [null, '2025-12-01', '2026-02-17', '2026-02-21', '2026-05-01', '2028-02-17', '2028-12-01', '2029-01-19', '2029-01-20'];

    function projectRows(stages: string[], notices: (string | null)[], fundeds: (string | null)[]): FactValue[][] {
      const rows: FactValue[][] = [];
      for (const stage of stages) {
        for (const notice of notices) {
          for (const funded of fundeds) {
            const extras = PROJECT_EXTRAS[rows.length % PROJECT_EXTRAS.length]!;
            rows.push([`${stage} ${notice} ${funded} #${rows.length}`, stage, notice, funded, ...extras]);
          }
        }
      }
      return rows;
    }

    it('for every project rule on rows of every stage, notice and funding date, and every other column, under the baseline and every scenario', async () => {
      // 2026-03-01 and 2028-03-01 are before some notices (dates to check) and within others' periods;
      // 2029-04-02 is after JBIC's facility ends (2029-03-31).
      const rows = projectRows(STAGES, NOTICES, [null, '2026-03-01', '2026-04-21', '2026-04-24', '2026-06-30', '2028-03-01', '2029-04-02']);
      const asOfs = ['2026-04-01', '2026-04-21', '2026-04-22', '2026-07-31', '2029-03-15'];
      const coverages = await compareUnderEveryConfiguration('project', makeTable(PROJECT_COMPARE_HEADERS, rows), asOfs);
      for (const c of coverages) assert.equal(c.compared, rows.length * asOfs.length * rulesOf('project').length);
    });

    it('the same under what-if overrides (45 calendar days on the JP calendar, read as a deadline and as the earliest date)', async () => {
      // 45 calendar days after 2029-01-05 end after the window; 2029-01-20 is after the window.
      // Funded 2026-03-18 is the day before a notice; 2029-04-02 is after JBIC's facility ends (2029-03-31).
      const rows = projectRows(['recommended', 'selected', 'funded', 'declined'], [null, '2026-02-17', '2026-03-19', '2029-01-05', '2029-01-20'], [null, '2026-03-18', '2026-04-02', '2026-04-30', '2029-04-02']);
      const asOfs = ['2026-03-01', '2026-04-03', '2026-05-15'];
      const table = makeTable(PROJECT_COMPARE_HEADERS, rows);
      const set = { 'fundingPeriod.dayType': 'calendar', 'fundingPeriod.calendar': 'JP' };
      const coverages = [
        await compareAll('calendar days, JP', table, asOfs, { set }),
        await compareAll('calendar days, JP, earliest', table, asOfs, { set: { ...set, 'fundingPeriod.meaning': 'earliest' } }),
      ];
      // Counted in calendar days, no holiday can move the end of the period: no provisional-holiday note.
      assertEveryRuleFiresAndMisses('project', coverages, ['I3.provisional-holidays']);
    });

    it('for every tariff rule on rows of every origin, category, rate, entry date, loading date, Section 232 rate and exemption mark, under the baseline, every scenario and the switches no scenario turns on', async () => {
      // Every category the column allows, read from subjects.json so a new one is covered too.
      const categories = rulebook.subjects.get('tariffLine')!.columns.find((c) => c.name === 'category')!.values!.map((v) => v.value);
      for (const c of ['general', 'vehicle', 'auto-part', 'civil-aircraft', 'wood', 'lumber', 'generic-pharmaceutical', 'pharmaceutical', 'unavailable-natural-resource', 'steel-aluminum-copper']) assert.ok(categories.includes(c), c);
      // Each side of every date the rules and computed values turn on.
      const entries = [
        '2025-04-02', '2025-04-03', '2025-04-04', '2025-04-05', '2025-05-02', '2025-05-03', '2025-08-06', '2025-08-07', '2025-09-15', '2025-09-16',
        '2025-10-04', '2025-10-05', '2025-10-13', '2025-10-14', '2026-02-23', '2026-02-24', '2026-07-23', '2026-07-24', '2026-07-30', '2026-07-31',
        '2026-09-28', '2026-09-29', '2026-04-05', '2026-04-06', '2026-06-07', '2026-06-08', '2027-12-31', '2028-01-01',
        '2026-12-04', // 29 dates in all: prime to the 7 and 11 sets below
      ];
      // Loading date, Section 232 rate, Annex II exempt and Section 122 exempt, taken in turn
      // (7 sets, prime to the 29 entry dates and 5 rates, so they mix).
      // Then metal share, metals annex and the light-metal mark (D10), 11 sets, prime to the other counts.
      const extras: FactValue[][] = [
        [null, null, null, null],
        ['2025-08-06', 0.1, 'yes', null],
        ['2025-08-07', 0.25, null, 'yes'],
        ['2025-08-06', null, null, null],
        [null, 0.05, 'yes', 'yes'],
        ['2025-04-01', 0.5, 'no', 'no'],
        [null, null, null, 'yes'],
      ];
      const metals: FactValue[][] = [
        [null, null, null], [0.4, null, null], [null, 'I-A', null], [0.4, 'I-B', null], [null, 'I-B', 'yes'], [1, 'I-C', null],
        [null, 'II', null], [0.25, 'III', null], [null, 'III', 'yes'], [0.6, 'I-A', 'yes'], [null, 'I-C', null],
      ];
      const rows: FactValue[][] = [];
      for (const origin of ['JP', 'CN', 'Japan']) {
        for (const category of categories) {
          for (const rate of [0, 0.149, 0.15, 0.2, null]) { // null: no column 1 rate (T0.column-1-rate-missing)
            for (const entry of entries) {
              const [loading, s232, annexII, s122] = extras[rows.length % extras.length]!;
              const [share, annex, light] = metals[rows.length % metals.length]!;
              rows.push([`${origin}/${category}/${rate}/${entry}/${loading}/${s232}/${annexII}/${s122}/${share}/${annex}/${light}`, origin, category, rate, entry, 1000, loading!, s232!, annexII!, s122!, share!, annex!, light!]);
            }
          }
        }
      }
      const headers = [...TARIFF_HEADERS, 'Loading date', 'Section 232 rate', 'Annex II exempt', 'Section 122 exempt', 'Metal share', 'Metals annex', 'Under 15% metal by weight'];
      const coverages = await compareUnderEveryConfiguration('tariffLine', makeTable(headers, rows), ['2026-04-01']);
      for (const c of coverages) assert.equal(c.compared, rows.length * rulesOf('tariffLine').length);
    });
  });
});
