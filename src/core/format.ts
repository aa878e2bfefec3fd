/**
 * Values shown to people: in messages, the terminal table and CSV. Rates as percentages without
 * float noise (0.001 → 0.1%), money as US dollars with thousands separators, dates as YYYY-MM-DD.
 */
import type { FactValue } from './columns';
import { plainDecimal, tidy } from './numbers';

export type DisplayType = 'number' | 'rate' | 'money' | 'date' | 'text' | 'boolean' | 'enum' | 'country' | 'list' | 'calendar' | 'any';

export function formatPercent(rate: number): string {
  return `${plainDecimal(tidy(rate * 100), 6)}%`;
}

export function formatMoney(amount: number): string {
  const t = tidy(amount);
  const whole = Number.isInteger(t);
  const text = Math.abs(t).toLocaleString('en-US', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
  return `${t < 0 ? '-' : ''}US$${text}`;
}

export function formatNumber(value: number): string {
  return tidy(value).toLocaleString('en-US', { maximumFractionDigits: 6 });
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
