/**
 * Evaluating the expression vocabulary (computed values, output formulas) and conditions for one
 * row. Pure and synchronous. Empty inputs give empty results (an unknown notice date gives an
 * unknown deadline), never an exception; a genuinely impossible request (a parameter naming a
 * calendar that does not exist) throws an EvaluationError whose message is shown on the row.
 */
import { addBusinessDays, businessDaysBetween, MAX_DAY_COUNT } from '../calendar/businessDays';
import type { BusinessCalendar } from '../calendar/calendar';
import type { FactValue } from '../columns';
import { addCalendarDays, calendarDaysBetween, isIsoDate, type IsoDate } from '../dates';
import * as num from '../numbers';
import { findOperator } from '../operators';
import type { Condition, ConditionValue, Expr } from '../rulebook/expressions';
import { quoteList } from '../suggest';

export type Value = FactValue | readonly string[];

export class EvaluationError extends Error {}

export interface RowScope {
  fact(name: string): Value;
  /** A parameter's value at the row's effective date, or at `at`. */
  param(name: string, at?: IsoDate): Value;
  output(name: string): Value;
  /** The output as it would be for this row if these parameters had these values (`{ "output", "if" }`). */
  outputIf?(name: string, set: Readonly<Record<string, unknown>>): Value;
  calendar(name: string): BusinessCalendar | undefined;
  calendarNames(): string[];
}

export const isEmpty = (v: Value | undefined): v is null | undefined => v === null || v === undefined || v === '';

export function numbers(values: Value[], op: string): number[] | null {
  if (values.some(isEmpty)) return null;
  for (const v of values) if (typeof v !== 'number') throw new EvaluationError(`"${op}" needs numbers, but got ${JSON.stringify(v)}.`);
  return values as number[];
}

export function date(v: Value, what: string): IsoDate | null {
  if (isEmpty(v)) return null;
  if (!isIsoDate(v)) throw new EvaluationError(`${what} must be a date, but is ${JSON.stringify(v)}.`);
  return v;
}

function calendarFor(scope: RowScope, value: Value): BusinessCalendar {
  return calendarNamed(value, (name) => scope.calendar(name), () => scope.calendarNames());
}

/** The calendar a value names, or an EvaluationError listing the calendars there are. */
export function calendarNamed(value: Value, lookup: (name: string) => BusinessCalendar | undefined, names: () => string[]): BusinessCalendar {
  const cal = typeof value === 'string' ? lookup(value) : undefined;
  if (!cal) throw new EvaluationError(`${JSON.stringify(value)} is not a calendar; the calendars are ${quoteList(names())}.`);
  return cal;
}

export function dayTypeOf(value: Value): 'business' | 'calendar' {
  if (value === null || value === undefined || value === 'calendar') return 'calendar';
  if (value === 'business') return 'business';
  throw new EvaluationError(`The day type must be "business" or "calendar", not ${JSON.stringify(value)}.`);
}

export function extreme(values: Value[], pick: 'min' | 'max'): Value {
  const present = values.filter((v) => !isEmpty(v)) as (number | string)[];
  if (present.length === 0) return null;
  return present.reduce((a, b) => ((pick === 'min' ? b < a : b > a) ? b : a));
}

export function evaluateExpr(expr: Expr, scope: RowScope): Value {
  if (expr === null || typeof expr !== 'object') return expr;
  if (Array.isArray(expr)) return expr as readonly string[];
  const e = expr as Record<string, unknown>;
  if ('fact' in e) return scope.fact(e.fact as string);
  if ('param' in e) {
    const at = 'at' in e ? date(evaluateExpr(e.at as Expr, scope), 'The "at" date') : undefined;
    return at === null ? null : scope.param(e.param as string, at);
  }
  if ('output' in e) {
    if (!('if' in e)) return scope.output(e.output as string);
    if (!scope.outputIf) throw new EvaluationError(`{ "output": "${String(e.output)}", "if": … } can only be used in a subject's output formulas.`);
    return scope.outputIf(e.output as string, e.if as Record<string, unknown>);
  }
  if ('choose' in e) {
    for (const c of e.choose as { when: Condition; then: Expr }[]) if (evaluateCondition(c.when, scope)) return evaluateExpr(c.then, scope);
    return 'otherwise' in e ? evaluateExpr(e.otherwise as Expr, scope) : null;
  }
  const [op] = Object.keys(e);
  const arg = e[op as string];
  const all = () => (arg as Expr[]).map((x) => evaluateExpr(x, scope));
  switch (op) {
    case 'addDays': {
      const a = arg as { date: Expr; days: Expr; dayType?: Expr; calendar?: Expr };
      const start = date(evaluateExpr(a.date, scope), 'The start date');
      const days = evaluateExpr(a.days, scope);
      if (start === null || isEmpty(days)) return null;
      checkWholeDays(days);
      const dayType = dayTypeOf(a.dayType === undefined ? null : evaluateExpr(a.dayType, scope));
      if (dayType === 'calendar') return addCalendarDaysChecked(start, days);
      return guard(() => addBusinessDays(start, days, calendarFor(scope, evaluateExpr(a.calendar ?? null, scope))));
    }
    case 'daysBetween': {
      const a = arg as { from: Expr; to: Expr; dayType?: Expr; calendar?: Expr };
      const from = date(evaluateExpr(a.from, scope), '"from"');
      const to = date(evaluateExpr(a.to, scope), '"to"');
      if (from === null || to === null) return null;
      const dayType = dayTypeOf(a.dayType === undefined ? null : evaluateExpr(a.dayType, scope));
      if (dayType === 'calendar') return calendarDaysBetween(from, to);
      return guard(() => businessDaysBetween(from, to, calendarFor(scope, evaluateExpr(a.calendar ?? null, scope))));
    }
    case 'provisionalHolidays': {
      const a = arg as { from: Expr; to: Expr; calendar: Expr };
      const from = date(evaluateExpr(a.from, scope), '"from"');
      const to = date(evaluateExpr(a.to, scope), '"to"');
      if (from === null || to === null) return null;
      const cal = calendarFor(scope, evaluateExpr(a.calendar, scope));
      const days = guard(() => cal.provisionalHolidays(from, to));
      return days.length === 0 ? null : days.map((h) => `${h.date} (${h.name})`);
    }
    case 'min':
    case 'max':
      return extreme(all(), op);
    case 'coalesce':
      return all().find((v) => !isEmpty(v)) ?? null;
    case 'sum': {
      const xs = numbers(all(), op);
      return xs && num.sum(xs);
    }
    case 'product': {
      const xs = numbers(all(), op);
      return xs && num.product(xs);
    }
    case 'difference': {
      const xs = numbers(all(), op);
      return xs && num.difference(xs[0]!, xs[1]!);
    }
    case 'ratio': {
      const xs = numbers(all(), op);
      return xs && num.ratio(xs[0]!, xs[1]!);
    }
    default:
      throw new EvaluationError(`Unknown computation "${String(op)}".`);
  }
}

/** The number of days of an addDays must be a whole number. */
export function checkWholeDays(days: Value): asserts days is number {
  if (typeof days !== 'number' || !Number.isInteger(days)) throw new EvaluationError(`The number of days must be a whole number, not ${JSON.stringify(days)}.`);
}

/** `days` calendar days after `start`, at most MAX_DAY_COUNT either way. */
export function addCalendarDaysChecked(start: IsoDate, days: number): IsoDate {
  if (Math.abs(days) > MAX_DAY_COUNT) throw new EvaluationError(`${days} days is too many: at most ${MAX_DAY_COUNT} either way.`);
  return addCalendarDays(start, days);
}

export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError) throw new EvaluationError(err.message);
    throw err;
  }
}

/** The value a condition compares with: literal, list, { fact } or { param }. */
export function conditionValue(value: ConditionValue | undefined, scope: RowScope): Value {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { fact?: string; param?: string };
    return v.fact !== undefined ? scope.fact(v.fact) : scope.param(v.param as string);
  }
  return (value ?? null) as Value;
}

/** Clausewise's own evaluation of a condition, with the same operators json-rules-engine is given. */
export function evaluateCondition(cond: Condition, scope: RowScope): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, scope));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, scope));
  if ('not' in cond) return !evaluateCondition(cond.not, scope);
  const left = 'fact' in cond ? scope.fact(cond.fact) : scope.param(cond.param);
  const op = findOperator(cond.operator);
  if (!op) throw new EvaluationError(`Unknown operator "${cond.operator}".`);
  return op.test(left, conditionValue(cond.value, scope));
}
