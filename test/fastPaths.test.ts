/**
 * The shortcuts the compiled engine's speed rests on give exactly the answers of the code they stand
 * in for: money grouped by hand vs Intl.NumberFormat, rates' remembered text, tidy()'s whole-number
 * path, the operators' fixed-value forms vs their plain test, and remembered cell readings vs
 * coerceCell (the rest is covered by the engine agreement and property tests).
 */
import assert from 'node:assert/strict';
import { coerceCell } from '../src/core/coerce';
import type { ColumnSpec } from '../src/core/columns';
import { formatMoney, formatPercent } from '../src/core/format';
import { plainDecimal, tidy } from '../src/core/numbers';
import { OPERATORS, type OperandValue } from '../src/core/operators';
import { seededRandom } from '../bench/generateRows';

const WHOLE = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** formatMoney as it was written before the shortcut. */
function moneyByIntl(amount: number): string {
  const t = tidy(amount);
  return `${t < 0 ? '-' : ''}US$${(Number.isInteger(t) ? WHOLE : CENTS).format(Math.abs(t))}`;
}

describe('fast paths agree with the code they stand in for', () => {
  const r = seededRandom(7);

  it('money: whole amounts grouped by hand are what Intl.NumberFormat writes', () => {
    const samples = [0, -0, 1, 999, 1000, 123456, 2_100_000_000, -1_234_567, Number.MAX_SAFE_INTEGER, 1e15, 1e21, 1e22, -1e300, 0.5, 1234.5, 0.005];
    for (let i = 0; i < 50_000; i++) {
      samples.push(Math.floor(r() * 10 ** (1 + r() * 17)) * (r() < 0.2 ? -1 : 1), r() * 10 ** (r() * 12));
    }
    for (const n of samples) assert.equal(formatMoney(n), moneyByIntl(n), String(n));
  });

  it('rates: the remembered text is the text worked out afresh, also after many rates', () => {
    const rates = [0, -0, 0.15, 0.149, 0.001, 0.025, 1.5, -0.1, 1e-9];
    for (let i = 0; i < 10_000; i++) rates.push(Math.round(r() * 1e6) / 1e6);
    const afresh = (rate: number) => `${plainDecimal(tidy(rate * 100), 6)}%`;
    for (const rate of rates) assert.equal(formatPercent(rate), afresh(rate), String(rate));
    for (const rate of rates) assert.equal(formatPercent(rate), afresh(rate), `${rate}, remembered`);
    assert.equal(formatPercent(0.15), '15%');
    assert.equal(formatPercent(0.001), '0.1%');
  });

  it('tidy: a whole number of up to 12 digits is returned as it is, as toPrecision(12) would', () => {
    const byPrecision = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(12)) || 0);
    for (const v of [1, -1, 999_999_999_999, -999_999_999_999, 123_456_789_012, 42]) assert.equal(tidy(v), byPrecision(v));
    for (let i = 0; i < 20_000; i++) {
      const v = Math.floor(r() * 1e12) * (r() < 0.5 ? -1 : 1);
      assert.equal(tidy(v), byPrecision(v), String(v));
    }
  });

  it('operators: the fixed-value form answers as test() for every fact', () => {
    const facts: OperandValue[] = [null, undefined, '', ' ', 'energy', 'Energy / AI infrastructure', 'AI', 'semiconductors', 0, -0, 1, NaN, true, false, ['a', 'b'], 'a'];
    const values: OperandValue[] = [null, 'energy', ['energy', 'ai infrastructure', ' ', ''], ['a', 0, NaN, null], [], 'a', 0, ['Semiconductors', 'AI']];
    let compared = 0;
    for (const op of OPERATORS) {
      if (!op.withValue) continue;
      for (const value of values) {
        const fixed = op.withValue(value);
        for (const fact of facts) {
          assert.equal(fixed(fact), op.test(fact, value), `${op.name}(${JSON.stringify(fact)}, ${JSON.stringify(value)})`);
          assert.equal(fixed(fact), op.test(fact, value), `${op.name} asked twice`);
          compared++;
        }
      }
    }
    assert.ok(compared > 300, `compared ${compared}`);
  });

  it('enum cells: spellings normalised once read as before (first listed value wins)', () => {
    const column: ColumnSpec = {
      name: 'category', header: 'Category', type: 'enum', required: true,
      values: [{ value: 'auto-part', aliases: ['Auto parts', 'parts'] }, { value: 'parts-kit', aliases: ['parts'] }, { value: 'general' }],
    } as ColumnSpec;
    const read = (cell: string) => coerceCell(cell, column, { date1904: false });
    assert.deepEqual(read('AUTO PARTS'), { ok: true, value: 'auto-part' });
    assert.deepEqual(read(' parts '), { ok: true, value: 'auto-part' });
    assert.deepEqual(read('General'), { ok: true, value: 'general' });
    const bad = read('vehicle');
    assert.equal(bad.ok, false);
  });
});
