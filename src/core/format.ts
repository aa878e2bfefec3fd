/**
 * Values shown to people: in messages, the terminal table and CSV. Rates as percentages without
 * float noise (0.001 → 0.1%), money as US dollars with thousands separators, dates as YYYY-MM-DD.
 */
import type { FactValue } from './columns';
import { plainDecimal, tidy } from './numbers';

export type DisplayType = 'number' | 'rate' | 'money' | 'date' | 'text' | 'boolean' | 'enum' | 'country' | 'list' | 'calendar' | 'any';

/** Rates shown, remembered: a table's rows share a handful of rates. */
const percents = new Map<number, string>();

export function formatPercent(rate: number): string {
  let text = percents.get(rate);
  if (text === undefined) {
    text = `${plainDecimal(tidy(rate * 100), 6)}%`;
    if (percents.size >= 4096) percents.clear();
    percents.set(rate, text);
  }
  return text;
}

// Formatters made once: toLocaleString builds a new one on every call (the same output, ECMA-402).
const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const CENTS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** A safe whole number with en-US thousands separators, as Intl.NumberFormat('en-US') writes it: 2100000000 → 2,100,000,000. */
function groupThousands(n: number): string {
  const digits = String(n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

export function formatMoney(amount: number): string {
  const t = tidy(amount);
  const whole = Number.isInteger(t);
  const text = whole && Number.isSafeInteger(t) ? groupThousands(Math.abs(t)) : (whole ? WHOLE_DOLLARS : CENTS).format(Math.abs(t));
  return `${t < 0 ? '-' : ''}US$${text}`;
}

export function formatNumber(value: number): string {
  return NUMBER.format(tidy(value));
}

/** A value as a person reads it; empty values show as "—". */
export function formatValue(value: FactValue | readonly string[] | undefined, type: DisplayType): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (type === 'rate') return formatPercent(value);
    if (type === 'money') return formatMoney(value);
    return formatNumber(value);
  }
  return String(value);
}
