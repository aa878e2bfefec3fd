import assert from 'node:assert/strict';
import { coerceCell, describeType } from '../src/core/coerce';
import type { ColumnSpec, ColumnType } from '../src/core/columns';
import type { RawCell } from '../src/core/table';

function column(type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { name: 'x', header: 'X', type, ...extra };
}

const opts1900 = { date1904: false };

/** The value a cell becomes, failing the test when it is rejected. */
function value(cell: RawCell, col: ColumnSpec, options = opts1900): unknown {
  const result = coerceCell(cell, col, options);
  if (!result.ok) assert.fail(`expected ${JSON.stringify(cell)} to be accepted, got: ${result.problem}`);
  return result.value;
}

/** The problem a cell gives, failing the test when it is accepted. */
function problem(cell: RawCell, col: ColumnSpec, options = opts1900): string {
  const result = coerceCell(cell, col, options);
  if (result.ok) assert.fail(`expected ${JSON.stringify(cell)} to be rejected, got ${JSON.stringify(result.value)}`);
  return result.problem;
}

describe('coerceCell', () => {
  describe('empty and error cells', () => {
    for (const type of ['text', 'number', 'rate', 'money', 'date', 'enum', 'boolean'] as const) {
      it(`treats null, '' and blank text as empty in a ${type} column`, () => {
        assert.equal(value(null, column(type)), null);
        assert.equal(value('', column(type)), null);
        assert.equal(value(' \u00a0\t', column(type)), null);
      });
    }

    it('rejects Excel error cells, naming the error', () => {
      assert.equal(
        problem({ error: '#N/A' }, column('number')),
        'the cell holds the Excel error #N/A: fix the formula or clear the cell.',
      );
      assert.match(problem({ error: '#DIV/0!' }, column('text')), /#DIV\/0!/);
    });
  });

  describe('text', () => {
    it('trims text and turns other cells into their text', () => {
      const text = column('text');
      assert.equal(value('  Japan  ', text), 'Japan');
      assert.equal(value(8703.23, text), '8703.23');
      assert.equal(value(true, text), 'TRUE');
      assert.equal(value({ date: '2025-09-16' }, text), '2025-09-16');
    });
  });

  describe('number', () => {
    const num = column('number');

    it('keeps finite numbers as they are', () => {
      assert.equal(value(1234.5, num), 1234.5);
      assert.equal(value(-3, num), -3);
      assert.equal(value(0, num), 0);
    });

    it('reads digits with commas, spaces or non-breaking spaces between thousands', () => {
      assert.equal(value('1,234,567.5', num), 1234567.5);
      assert.equal(value('1 234 567', num), 1234567);
      assert.equal(value('1\u00a0234\u00a0567', num), 1234567);
      assert.equal(value('1\u202f234', num), 1234);
      assert.equal(value('1234567', num), 1234567);
      assert.equal(value('0.5', num), 0.5);
      assert.equal(value('.5', num), 0.5);
      assert.equal(value('1.5e3', num), 1500);
    });

    it('reads signs, the minus sign character and accounting negatives', () => {
      assert.equal(value('+7', num), 7);
      assert.equal(value('-1,234', num), -1234);
      assert.equal(value('\u22121,234', num), -1234);
      assert.equal(value('(1,234)', num), -1234);
      assert.equal(value('(1,234.50)', num), -1234.5);
      assert.equal(Object.is(value('-0', num), 0), true);
    });

    it('reads full-width digits', () => {
      assert.equal(value('１，２３４', num), 1234);
    });

    it('parses decimal text without float noise', () => {
      assert.equal(value('0.1', num), 0.1);
      assert.equal(value('1,234,567.89', num), 1234567.89);
      assert.equal(value('0.000001', num), 0.000001);
    });

    it('rejects text that is not a number, naming it and showing how to write one', () => {
      assert.equal(problem('12abc', num), '"12abc" is not a number: write digits such as 1,234.5.');
      assert.match(problem('1,23,4', num), /^"1,23,4" is not a number: write digits such as 1,234.5\.$/);
      assert.match(problem('1,2345', num), /"1,2345" is not a number/);
      assert.match(problem('1,234 567', num), /is not a number/);
      assert.match(problem('--5', num), /is not a number/);
      assert.match(problem('(-5)', num), /is not a number/);
      assert.match(problem('$100', num), /is not a number/);
      assert.match(problem('.', num), /is not a number/);
    });

    it('points out a decimal comma', () => {
      assert.equal(problem('1,5', num), '"1,5" is not a number Clausewise can read: write decimals with a point, such as 1.5.');
      assert.match(problem('1.234,5', num), /such as 1234\.5\.$/);
    });

    it('rejects a percentage in a plain-number column', () => {
      assert.equal(
        problem('15%', num),
        '"15%" is a percentage, but this column takes a plain number: write it without the % sign, such as 15.',
      );
    });

    it('rejects booleans and dates', () => {
      assert.match(problem(true, num), /^the cell holds TRUE, not a number/);
      assert.match(problem({ date: '2025-09-16' }, num), /the date 2025-09-16, not a number/);
    });

    it('honours min and max, naming the limit', () => {
      const bounded = column('number', { min: 0, max: 1000 });
      assert.equal(value('1,000', bounded), 1000);
      assert.equal(value(0, bounded), 0);
      assert.equal(problem(-1, bounded), '-1 is below the smallest value allowed here, 0: write 0 or more.');
      assert.equal(
        problem('1,500', bounded),
        '"1,500" is above the largest value allowed here, 1,000: write 1,000 or less.',
      );
    });
  });

  describe('rate', () => {
    const rate = column('rate');

    it('reads percentages exactly as fractions', () => {
      assert.equal(value('14.9%', rate), 0.149);
      assert.equal(value('14.9%', rate), Number('0.149'));
      assert.equal(value('2.5%', rate), 0.025);
      assert.equal(value('0%', rate), 0);
      assert.equal(value('150%', rate), 1.5);
      assert.equal(value('27.5%', rate), 0.275);
      assert.equal(value('0.3%', rate), 0.003);
      assert.equal(value('7 %', rate), 0.07);
      assert.equal(value('１５％', rate), 0.15);
    });

    it('takes text without % and numbers as fractions already', () => {
      assert.equal(value('0.025', rate), 0.025);
      assert.equal(value(0.149, rate), 0.149);
      assert.equal(value(1, rate), 1);
      assert.equal(value('1', rate), 1);
    });

    it('reads Free as a zero rate', () => {
      assert.equal(value('Free', rate), 0);
      assert.equal(value('free', rate), 0);
      assert.equal(value(' FREE ', rate), 0);
    });

    it('rejects a fraction above 1 written without a % sign', () => {
      assert.equal(problem(2.5, rate), '2.5 would mean 250%: write 2.5% for 2.5 percent, or 0.025.');
      assert.equal(problem('25', rate), '"25" would mean 2,500%: write 25% for 25 percent, or 0.25.');
    });

    it('accepts a fraction above 1 when the column max allows it', () => {
      assert.equal(value(2.5, column('rate', { max: 3 })), 2.5);
    });

    it('rejects negative rates unless the column min allows them', () => {
      assert.equal(problem('-2%', rate), '"-2%" is a negative rate: write 0% or more, such as 2.5%.');
      assert.match(problem('(2%)', rate), /is a negative rate/);
      assert.match(problem(-0.01, rate), /^-0\.01 is a negative rate/);
      assert.equal(value('-2%', column('rate', { min: -0.1 })), -0.02);
    });

    it('honours min and max, showing the limit as a percentage', () => {
      const capped = column('rate', { max: 0.5 });
      assert.equal(value('50%', capped), 0.5);
      assert.equal(problem('55%', capped), '"55%" is above the largest value allowed here, 50%: write 50% or less.');
      const floored = column('rate', { min: 0.001 });
      assert.equal(problem('Free', floored), '"Free" is below the smallest value allowed here, 0.1%: write 0.1% or more.');
    });

    it('rejects other text, naming the value and both accepted forms', () => {
      assert.equal(problem('2.5% + 3¢/kg', rate), '"2.5% + 3¢/kg" is not a rate: write a rate such as 2.5% or 0.025.');
      assert.match(problem('abc', rate), /^"abc" is not a rate: write a rate such as 2\.5% or 0\.025\.$/);
      assert.match(problem('%', rate), /is not a rate/);
      assert.match(problem(true, rate), /^the cell holds TRUE, not a rate/);
    });
  });

  describe('money', () => {
    const money = column('money');

    it('keeps numbers as they are', () => {
      assert.equal(value(1250000, money), 1250000);
      assert.equal(value(-5.25, money), -5.25);
    });

    it('reads dollar signs, USD markers and thousands separators', () => {
      assert.equal(value('$1,250,000', money), 1250000);
      assert.equal(value('US$ 1,000.50', money), 1000.5);
      assert.equal(value('US$5', money), 5);
      assert.equal(value('USD 600', money), 600);
      assert.equal(value('600 USD', money), 600);
      assert.equal(value('1 234 567', money), 1234567);
    });

    it('reads scale words and suffixes exactly', () => {
      assert.equal(value('2.1 billion', money), 2100000000);
      assert.equal(value('$33bn', money), 33000000000);
      assert.equal(value('USD 600 million', money), 600000000);
      assert.equal(value('0.6bn', money), 600000000);
      assert.equal(value('$1.5k', money), 1500);
      assert.equal(value('12 thousand', money), 12000);
      assert.equal(value('4.2M', money), 4200000);
      assert.equal(value('3mn', money), 3000000);
      assert.equal(value('7B', money), 7000000000);
      assert.equal(value('1.2 trillion', money), 1200000000000);
      assert.equal(value('$0.3tn', money), 300000000000);
      assert.equal(value('1.1 Billion USD', money), 1100000000);
    });

    it('reads negative amounts in any common position', () => {
      assert.equal(value('-$5', money), -5);
      assert.equal(value('$-5', money), -5);
      assert.equal(value('($1,234)', money), -1234);
      assert.equal(value('$(1,234)', money), -1234);
    });

    it('rejects other currencies, saying to convert to US dollars first', () => {
      for (const text of ['¥4,000,000', '€2m', '£5', '4,000円', 'JPY 4,000,000', '5 EUR', 'C$100', 'A$ 3bn']) {
        const p = problem(text, money);
        assert.match(p, /is not in US dollars: Clausewise takes US dollars only, so convert the amount first/, text);
        assert.ok(p.startsWith(JSON.stringify(text)), p);
      }
    });

    it('rejects other text, naming the value and how to write an amount', () => {
      assert.equal(problem('lots', money), '"lots" is not an amount in US dollars: write it such as 1,250,000 or $2.1 billion.');
      assert.match(problem('5 zillion', money), /is not an amount in US dollars/);
      assert.match(problem('$', money), /is not an amount in US dollars/);
      assert.match(problem('5%', money), /is not an amount in US dollars/);
    });

    it('honours min, showing the limit in dollars', () => {
      assert.equal(problem('-$5', column('money', { min: 0 })), '"-$5" is below the smallest value allowed here, $0: write $0 or more.');
      assert.match(problem(2e9, column('money', { max: 1e9 })), /^2,000,000,000 is above the largest value allowed here, \$1,000,000,000/);
    });
  });

  describe('date', () => {
    const date = column('date');

    it('takes date cells as they are', () => {
      assert.equal(value({ date: '2025-09-16' }, date), '2025-09-16');
    });

    it('reads ISO text, with a midnight time dropped', () => {
      assert.equal(value('2025-09-16', date), '2025-09-16');
      assert.equal(value(' 2028-02-29 ', date), '2028-02-29');
      assert.equal(value('2025-09-16T00:00:00', date), '2025-09-16');
      assert.equal(value('2025-09-16 00:00:00', date), '2025-09-16');
      assert.equal(value('2025-09-16T00:00:00.000Z', date), '2025-09-16');
    });

    it('rejects ISO-shaped text that is not a real date, or that has a time of day', () => {
      assert.equal(problem('2025-02-30', date), '"2025-02-30" is not a real calendar date: check the month and the day.');
      assert.equal(problem('2025-09-16T14:30:00', date), '"2025-09-16T14:30:00" has a time of day: write the date alone, 2025-09-16.');
    });

    it('reads numbers as spreadsheet serials in the 1900 system', () => {
      assert.equal(value(45916, date), '2025-09-16');
      assert.equal(value(45916.75, date), '2025-09-16');
      assert.equal(value(1, date), '1900-01-01');
      assert.equal(value(59, date), '1900-02-28');
      assert.equal(value(61, date), '1900-03-01');
      assert.equal(value(2958465, date), '9999-12-31');
    });

    it('reads numbers as serials in the 1904 system when the workbook uses it', () => {
      const opts1904 = { date1904: true };
      assert.equal(value(44454, date, opts1904), '2025-09-16');
      assert.equal(value(0, date, opts1904), '1904-01-01');
      assert.equal(value(60, date, opts1904), '1904-03-01');
    });

    it('rejects serials out of range, the phantom 1900-02-29 and bare years', () => {
      assert.equal(
        problem(0, date),
        '0 is not a spreadsheet date: write the date as year-month-day, such as 2025-09-16, or use an Excel date cell.',
      );
      assert.match(problem(60, date), /^60 is not a spreadsheet date/);
      assert.match(problem(2958466, date), /^2958466 is not a spreadsheet date/);
      assert.match(problem(-5, date), /is not a spreadsheet date/);
      assert.equal(
        problem(2025, date),
        '2025 looks like a year, not a full date: write the date as year-month-day, such as 2025-09-16.',
      );
    });

    it('rejects booleans', () => {
      assert.match(problem(false, date), /^the cell holds FALSE, not a date/);
    });

    it('rejects other date text, suggesting the ISO date when the text makes it certain', () => {
      assert.equal(
        problem('9/16/2025', date),
        '"9/16/2025" is not a date Clausewise can read unambiguously: write it as 2025-09-16 (year-month-day) or use an Excel date cell.',
      );
      assert.equal(
        problem('16.09.2025', date),
        '"16.09.2025" is not a date Clausewise can read unambiguously: write it as 2025-09-16 (year-month-day) or use an Excel date cell.',
      );
      assert.match(problem('2025/9/16', date), /write it as 2025-09-16 \(year-month-day\)/);
      assert.equal(
        problem('3/4/2025', date),
        '"3/4/2025" is not a date Clausewise can read unambiguously: write it as year-month-day, 2025-03-04 for 4 March or 2025-04-03 for 3 April, or use an Excel date cell.',
      );
      assert.equal(
        problem('Sept 16', date),
        '"Sept 16" is not a date Clausewise can read unambiguously: write it as year-month-day, such as 2025-09-16, or use an Excel date cell.',
      );
      assert.match(problem('45916', date), /"45916" is not a date Clausewise can read unambiguously/);
    });
  });

  describe('enum', () => {
    const kind = column('enum', {
      values: [
        { value: 'auto-part', aliases: ['Auto parts', 'parts'] },
        { value: 'vehicle' },
        { value: 'other' },
      ],
    });

    it('matches values and aliases ignoring case, spaces and punctuation, giving the canonical value', () => {
      assert.equal(value('auto-part', kind), 'auto-part');
      assert.equal(value('Auto part', kind), 'auto-part');
      assert.equal(value('AUTO-PART', kind), 'auto-part');
      assert.equal(value('auto_part', kind), 'auto-part');
      assert.equal(value('Auto parts', kind), 'auto-part');
      assert.equal(value(' PARTS ', kind), 'auto-part');
      assert.equal(value('Vehicle', kind), 'vehicle');
    });

    it('matches numbers by their text', () => {
      const codes = column('enum', { values: [{ value: '232' }, { value: '301' }] });
      assert.equal(value(232, codes), '232');
    });

    it('rejects other values, listing the allowed ones', () => {
      assert.equal(problem('truck', kind), '"truck" is not one of the allowed values: write auto-part, vehicle or other.');
    });

    it('describes the allowed values', () => {
      assert.equal(describeType(kind), 'one of auto-part, vehicle or other');
    });
  });

  describe('boolean', () => {
    const flag = column('boolean');

    it('reads booleans, yes/no words, 1/0 and x', () => {
      assert.equal(value(true, flag), true);
      assert.equal(value(false, flag), false);
      for (const yes of ['yes', 'Yes', 'Y', 'true', 'TRUE', '1', 'x', 'X']) assert.equal(value(yes, flag), true, yes);
      for (const no of ['no', 'NO', 'n', 'false', 'False', '0']) assert.equal(value(no, flag), false, no);
      assert.equal(value(1, flag), true);
      assert.equal(value(0, flag), false);
    });

    it('rejects anything else, listing the accepted words', () => {
      assert.equal(
        problem('maybe', flag),
        '"maybe" is not a yes-or-no value: write yes or no (y/n, true/false, 1/0, or x for yes are also accepted).',
      );
      assert.match(problem(2, flag), /^2 is not a yes-or-no value/);
      assert.match(problem({ date: '2025-09-16' }, flag), /the date 2025-09-16 is not a yes-or-no value/);
    });
  });
});

describe('describeType', () => {
  it('describes each type in plain words, with limits', () => {
    assert.equal(describeType(column('text')), 'text');
    assert.equal(describeType(column('number')), 'a number such as 1,234.5');
    assert.equal(describeType(column('rate')), 'a rate such as 2.5% or 0.025');
    assert.equal(describeType(column('rate', { min: 0, max: 1 })), 'a rate such as 2.5% or 0.025, from 0% to 100%');
    assert.equal(describeType(column('money', { min: 0 })), 'an amount in US dollars such as 1,250,000 or $2.1 billion, at least $0');
    assert.equal(describeType(column('number', { max: 12 })), 'a number such as 1,234.5, at most 12');
    assert.equal(describeType(column('date')), 'a date written year-month-day, such as 2025-09-16, or an Excel date cell');
    assert.equal(describeType(column('boolean')), 'yes or no');
  });
});
