/**
 * The CLAUSE.* custom functions' logic (src/functions/logic.ts) on the real rulebook, called the
 * way Excel calls them: dates as serial numbers or ISO text, rates as fractions or "2.5%",
 * ranges as 2-D arrays, omitted arguments as null. Expected deadlines were counted on the US
 * federal calendar (no holiday between 2026-02-17 and 2026-05-12) and on Japan's (02-23, 03-20).
 */
import assert from 'node:assert/strict';
import { fromSpreadsheetSerial, toSpreadsheetSerial } from '../src/core/dates';
import {
  additionalRate, dateArg, FunctionError, fundingDeadline, rowStatus, rulebookOf, tariffLine, today, totalRate,
  type RulebookSource,
} from '../src/functions/logic';
import { FOLDER, realRulebookFiles } from './support/fixtures';

const SOURCE: RulebookSource = { folder: FOLDER, files: realRulebookFiles() };
const serial = (iso: string) => toSpreadsheetSerial(iso);

/** The call must throw a FunctionError of this code whose message includes every fragment. */
async function rejects(call: Promise<unknown>, code: FunctionError['code'], ...fragments: string[]): Promise<string> {
  try {
    await call;
  } catch (err) {
    assert.ok(err instanceof FunctionError, `expected a FunctionError, got ${String(err)}`);
    assert.equal(err.code, code, `code of: ${err.message}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message)} should include ${JSON.stringify(f)}`);
    return err.message;
  }
  return assert.fail('expected the call to throw');
}

describe('custom functions (logic)', () => {
  before(async () => {
    await rulebookOf(SOURCE); // load once: the first test should not pay for it
  });

  describe('TOTALRATE', () => {
    it('a vehicle entered on 2025-09-16 (Excel serial) pays the 15% all-in rate', async () => {
      assert.equal(await totalRate(SOURCE, 0.025, 'vehicle', serial('2025-09-16')), 0.15);
    });

    it('a vehicle entered the day before pays column 1 plus the 25% Section 232 duty', async () => {
      assert.equal(await totalRate(SOURCE, 0.025, 'vehicle', serial('2025-09-15')), 0.275);
    });

    it('a general line at 14.9% is raised to 15% with exactly 0.1% additional duty (ISO date, rate as number or text)', async () => {
      assert.equal(await totalRate(SOURCE, 0.149, 'general', '2025-10-01'), 0.15);
      assert.equal(await additionalRate(SOURCE, 0.149, 'general', '2025-10-01'), 0.001);
      assert.equal(await totalRate(SOURCE, '14.9%', 'general', '2025-10-01'), 0.15);
      assert.equal(await additionalRate(SOURCE, '14.9%', 'General', '2025-10-01'), 0.001);
    });

    it('the tariffs-reinstated scenario adds 25% to column 1, rated under the what-if', async () => {
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2025-10-01', 'tariffs-reinstated'), 0.275);
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2025-10-01', ''), 0.15, 'an empty scenario is no scenario');
      const result = await tariffLine(SOURCE, 0.025, 'general', '2025-10-01', 'tariffs-reinstated');
      assert.deepEqual([result.status, result.subjectStatus], ['compliant', 'what-if']);
      assert.deepEqual(result.findings.map((f) => f.rule), ['T7.reciprocal-reimposed']);
    });

    it('category aliases are accepted (cars → vehicle)', async () => {
      assert.equal(await totalRate(SOURCE, 0.025, 'cars', serial('2025-09-16')), 0.15);
    });

    it('gives every output of the line for the add-in to reuse', async () => {
      const result = await tariffLine(SOURCE, 0.149, 'general', '2025-10-01');
      assert.equal(result.status, 'compliant');
      assert.equal(result.subjectStatus, 'rated');
      assert.equal(result.outputs.heading, '9903.02.73');
      assert.equal(result.outputs.exemptionHeading, null);
    });

    it('entries before the deal are rated: column 1 only before 2025-04-05, plus the 10% EO 14257 baseline from then to 2025-08-06', async () => {
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2024-10-01'), 0.025);
      assert.equal(await additionalRate(SOURCE, 0.025, 'general', '2024-10-01'), 0);
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2025-04-04'), 0.025);
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2025-04-05'), 0.125);
      assert.equal(await additionalRate(SOURCE, 0.025, 'general', '2025-08-06'), 0.1);
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2025-08-06'), 0.125);
      assert.equal(await totalRate(SOURCE, 0.025, 'general', '2025-08-07'), 0.15, 'the 15% all-in rule from 2025-08-07');
      const before = await tariffLine(SOURCE, 0.025, 'general', '2024-10-01');
      assert.deepEqual([before.status, before.subjectStatus], ['compliant', 'rated']);
      assert.deepEqual(before.findings.map((f) => f.rule), ['T1.before-reciprocal-tariffs']);
      const baseline = await tariffLine(SOURCE, 0.025, 'general', '2025-05-01');
      assert.deepEqual([baseline.status, baseline.subjectStatus, baseline.outputs.heading], ['compliant', 'rated', '9903.01.25']);
      // Vehicles before their Section 232 duty (2025-04-03) pay column 1 only too.
      assert.equal(await totalRate(SOURCE, 0.025, 'vehicle', '2025-04-02'), 0.025);
    });

    it('#N/A with the rule\'s reason when the rulebook computes no rate (Section 232 metals before 2025-08-07, or from 2026-04-06 without their annex)', async () => {
      await rejects(totalRate(SOURCE, 0.025, 'steel', '2024-10-01'), 'notAvailable', 'no total rate', 'Section 232');
      await rejects(totalRate(SOURCE, 0, 'steel-aluminum-copper', '2026-05-01'), 'notAvailable', 'no total rate', 'Metals annex');
      await rejects(additionalRate(SOURCE, 0.025, 'steel', '2025-08-06'), 'notAvailable', 'no additional duty rate', 'Section 232');
      const metals = await tariffLine(SOURCE, 0.025, 'steel', '2026-05-01');
      assert.deepEqual([metals.status, metals.subjectStatus], ['not-applicable', 'not-rated']);
      // Between the two, an all-metal product pays the 50% Section 232 duty on top of column 1 (D10).
      assert.equal(await totalRate(SOURCE, 0.025, 'steel', '2025-10-01'), 0.525);
    });

    it('#VALUE! naming the argument for a bad rate, category, date or scenario', async () => {
      await rejects(totalRate(SOURCE, 'abc', 'general', '2025-10-01'), 'invalidValue', 'column1Rate', '"abc"', '2.5% or 0.025');
      await rejects(totalRate(SOURCE, null, 'general', '2025-10-01'), 'invalidValue', 'column1Rate is empty');
      await rejects(totalRate(SOURCE, 0.025, 'banana', '2025-10-01'), 'invalidValue', 'category', '"banana"', 'vehicle');
      await rejects(totalRate(SOURCE, 0.025, 'general', '10/13/2025'), 'invalidValue', 'entryDate', '2025-10-13');
      await rejects(totalRate(SOURCE, 0.025, 'general', -5), 'invalidValue', 'entryDate is -5', 'DATE(2025,9,16)');
      await rejects(totalRate(SOURCE, 0.025, 'general', undefined), 'invalidValue', 'entryDate is empty');
      await rejects(totalRate(SOURCE, 0.025, 'general', '2025-10-01', 'nope'), 'invalidValue', 'no scenario "nope"', 'tariffs-reinstated');
    });
  });

  describe('FUNDINGDEADLINE', () => {
    it('45 US business days after a notice on 2026-02-17 is 2026-04-21, as an Excel serial', async () => {
      const deadline = await fundingDeadline(SOURCE, serial('2026-02-17'));
      assert.equal(deadline, serial('2026-04-21'));
      assert.equal(fromSpreadsheetSerial(deadline), '2026-04-21');
    });

    it('days overrides the period: 60 business days is 2026-05-12', async () => {
      assert.equal(await fundingDeadline(SOURCE, serial('2026-02-17'), 60), serial('2026-05-12'));
      assert.equal(await fundingDeadline(SOURCE, '2026-02-17', '60'), serial('2026-05-12'));
    });

    it('calendar JP skips Japan\'s 02-23 and 03-20 holidays: 2026-04-23 (any case, US+JP too)', async () => {
      assert.equal(await fundingDeadline(SOURCE, serial('2026-02-17'), null, 'JP'), serial('2026-04-23'));
      assert.equal(await fundingDeadline(SOURCE, serial('2026-02-17'), undefined, 'jp'), serial('2026-04-23'));
      assert.equal(await fundingDeadline(SOURCE, '2026-02-17', 45, 'us+jp'), serial('2026-04-23'));
    });

    it('#N/A with the reason for a notice after the investment window', async () => {
      await rejects(fundingDeadline(SOURCE, '2030-02-17'), 'notAvailable', 'no funding deadline', '2029-01-19');
    });

    it('#VALUE! for bad days, calendar or date', async () => {
      await rejects(fundingDeadline(SOURCE, '2026-02-17', 4.5), 'invalidValue', 'days must be a whole number', '4.5');
      await rejects(fundingDeadline(SOURCE, '2026-02-17', 0), 'invalidValue', 'days must be a whole number');
      await rejects(fundingDeadline(SOURCE, '2026-02-17', 45, 'FR'), 'invalidValue', 'calendar "FR"', '"US", "JP", "US+JP" or "US-FED"');
      await rejects(fundingDeadline(SOURCE, 'soon'), 'invalidValue', 'noticeDate', '"soon"');
      await rejects(fundingDeadline(SOURCE, 60), 'invalidValue', 'noticeDate', '60 is not a spreadsheet date');
      await rejects(fundingDeadline(SOURCE, 2026), 'invalidValue', 'noticeDate', '2026 looks like a year');
    });
  });

  describe('STATUS', () => {
    const HEADERS = [['Project', 'Operator', 'Stage', 'Selection notice date', 'Funded date', 'Amount (USD)']];
    const row = (stage: string, funded: number | string) => [['GulfLink', 'JBIC', stage, serial('2026-02-17'), funded, 1_000_000_000]];

    // CLAUSE.STATUS gives the subject's word for the status (funded-late stands for breach, funded for compliant, and so on).
    it('a project funded three days after its deadline (2026-04-21) is funded late', async () => {
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('funded', serial('2026-04-24')), serial('2026-04-30')), 'funded-late');
    });

    it('funded in time is funded; selected and not yet due is awaiting funding (ISO as-of, subject told from the headers)', async () => {
      assert.equal(await rowStatus(SOURCE, '', HEADERS, row('funded', serial('2026-03-24')), '2026-04-30'), 'funded');
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('selected', ''), '2026-04-01'), 'awaiting-funding');
    });

    it('selected and unfunded after the deadline is overdue; declined is declined; funded before the notice has dates to check', async () => {
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('selected', ''), '2026-04-22'), 'overdue');
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('selected', ''), '2026-04-21'), 'awaiting-funding', 'the deadline day itself');
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('declined', ''), '2026-04-30'), 'declined');
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('funded', serial('2026-02-10')), '2026-04-30'), 'dates-to-check');
    });

    it('as-of defaults to today', async () => {
      const now = new Date(2026, 3, 1);
      assert.equal(today(now), '2026-04-01');
      assert.equal(await rowStatus(SOURCE, 'project', HEADERS, row('selected', ''), null, now), 'awaiting-funding');
    });

    it('works on a tariff line, with a column range (subject spelled loosely); metals without their annex are not rated, other origins outside the agreement', async () => {
      const headers = [['HTS code'], ['Country of origin'], ['Category'], ['Column 1 rate'], ['Entry date']];
      const values = [['8703.23.01'], ['Japan'], ['vehicle'], [0.025], [serial('2025-09-16')]];
      assert.equal(await rowStatus(SOURCE, 'tariff line', headers, values, '2026-04-30'), 'rated');
      const steel = [['7208.51.00'], ['Japan'], ['steel'], [0], [serial('2026-04-06')]];
      assert.equal(await rowStatus(SOURCE, 'tariff line', headers, steel, '2026-04-30'), 'not-rated', 'from 2026-04-06 a metals line needs its annex');
      const korean = [['8703.23.01'], ['Korea'], ['vehicle'], [0.025], [serial('2025-09-16')]];
      assert.equal(await rowStatus(SOURCE, 'tariff line', headers, korean, '2026-04-30'), 'outside-agreement');
      const later = [['8471.30.01'], ['Japan'], ['general'], [0.025], [serial('2026-08-01')]];
      assert.equal(await rowStatus(SOURCE, 'tariff line', headers, later, '2026-09-30'), 'rate-unconfirmed', 'after the Section 122 surcharge expired');
    });

    it('an invalid row is #VALUE! with the row\'s error, naming the value and its header', async () => {
      await rejects(rowStatus(SOURCE, 'project', HEADERS, [['GulfLink', 'JBIC', 'funded', 'yesterday', '', 1e9]], '2026-04-30'),
        'invalidValue', 'value 4 (Selection notice date)', '"yesterday"');
    });

    it('#VALUE! for ranges of different sizes, an unknown subject, headers of no subject, a bad as-of date', async () => {
      await rejects(rowStatus(SOURCE, 'project', HEADERS, [['GulfLink', 'JBIC']], '2026-04-30'), 'invalidValue', 'headers has 6 cells and values has 2');
      await rejects(rowStatus(SOURCE, 'widget', HEADERS, row('funded', ''), '2026-04-30'), 'invalidValue', 'subject "widget"', '"project" or "tariffLine"');
      const message = await rejects(rowStatus(SOURCE, 'tariffLine', HEADERS, row('funded', ''), '2026-04-30'), 'invalidValue', 'does not match', 'HTS code');
      assert.ok(!message.includes('--sheet'), 'no command-line advice in a cell');
      await rejects(rowStatus(SOURCE, 'project', [['', '']], [['a', 'b']], '2026-04-30'), 'invalidValue', 'headers is empty');
      await rejects(rowStatus(SOURCE, 'project', HEADERS, row('funded', ''), '30/04/2026'), 'invalidValue', 'asOf', '2026-04-30');
    });
  });

  describe('arguments and the rulebook', () => {
    it('dates: serials (time of day dropped), ISO text, the fallback for empty', () => {
      assert.equal(dateArg('d', 46000.75), '2025-12-09');
      assert.equal(dateArg('d', ' 2025-09-16 '), '2025-09-16');
      assert.equal(dateArg('d', '', '2026-01-01'), '2026-01-01');
      assert.throws(() => dateArg('d', true), /d: .*TRUE.*not a date/);
      assert.throws(() => dateArg('d', 3e6), /d is 3000000, which is not an Excel date/);
    });

    it('a rulebook with errors is #N/A saying where the problem is', async () => {
      const broken: RulebookSource = {
        folder: 'broken',
        files: realRulebookFiles().map((f) => (f.path === 'parameters.json' ? { ...f, text: f.text.replace('"value": 45', '"value": "forty-five"') } : f)),
      };
      await rejects(fundingDeadline(broken, '2026-02-17'), 'notAvailable', 'The rulebook broken cannot be used', 'broken/parameters.json:');
    });
  });
});
