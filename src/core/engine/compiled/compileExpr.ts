/**
 * Expressions (computed values, rule outputs, output formulas) compiled into closures over a row
 * frame. Each closure does what evaluateExpr does for the same node, in the same order, with the
 * same checks and messages (they share them); a node of a shape this compiler does not know is
 * handed to evaluateExpr itself, so the compiled form can never answer differently.
 */
import { addBusinessDays, businessDaysBetween } from '../../calendar/businessDays';
import { calendarDaysBetween } from '../../dates';
import * as num from '../../numbers';
import { findOperator } from '../../operators';
import type { Condition, Expr } from '../../rulebook/expressions';
import {
  addCalendarDaysChecked, calendarNamed, checkWholeDays, date, dayTypeOf, EvaluationError, evaluateCondition, evaluateExpr,
  extreme, guard, isEmpty, numbers, type RowScope, type Value,
} from '../evaluateExpr';
import { settingKey, type CompileContext, type Compiled, type RowFrame } from './frame';

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

const noParameter = (name: string) => new EvaluationError(`There is no parameter "${name}".`);

/** The row as evaluateExpr's scope, for the nodes handed to the interpreter. */
export function scopeOf(frame: RowFrame, ctx: CompileContext): RowScope {
  const outputIf = frame.outputIf;
  return {
    fact: (name) => {
      const slot = ctx.factSlot(name);
      return slot === undefined ? null : frame.facts[slot] ?? null;
    },
    param: (name, at) => {
      const lookup = ctx.param(name);
      if (!lookup) throw noParameter(name);
      return lookup(at ?? frame.effectiveDate);
    },
    output: (name) => frame.outputs[ctx.outputSlot(name)] ?? null,
    ...(outputIf ? { outputIf: (name: string, set: Readonly<Record<string, unknown>>) => outputIf(name, settingKey(set)) } : {}),
    calendar: ctx.calendar,
    calendarNames: ctx.calendarNames,
  };
}

/** A reader of a fact by name: its slot, or always empty when the subject has no such fact. */
export function factReader(name: string, ctx: CompileContext): Compiled<Value> {
  const slot = ctx.factSlot(name);
  if (slot === undefined) return () => null;
  return (f) => f.facts[slot] ?? null;
}

/** A reader of a parameter at the row's effective date; throws (when read) if there is no such parameter. */
export function paramReader(name: string, ctx: CompileContext): Compiled<Value> {
  const lookup = ctx.param(name);
  if (!lookup) {
    return () => {
      throw noParameter(name);
    };
  }
  return (f) => lookup(f.effectiveDate);
}

export function compileExpr(expr: Expr, ctx: CompileContext): Compiled<Value> {
  if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) {
    const constant = expr as Value;
    return () => constant;
  }
  const e = expr as Record<string, unknown>;
  const interpret: Compiled<Value> = (f) => evaluateExpr(expr, scopeOf(f, ctx));
  if ('fact' in e) return factReader(e.fact as string, ctx);
  if ('param' in e) {
    const name = e.param as string;
    if (!('at' in e)) return paramReader(name, ctx);
    const lookup = ctx.param(name);
    const at = compileExpr(e.at as Expr, ctx);
    return (f) => {
      const when = date(at(f), 'The "at" date');
      if (when === null) return null;
      if (!lookup) throw noParameter(name);
      return lookup(when);
    };
  }
  if ('output' in e) {
    if (!('if' in e)) {
      const slot = ctx.outputSlot(e.output as string);
      return (f) => f.outputs[slot] ?? null;
    }
    if (!isRecord(e.if)) return interpret;
    const name = e.output as string;
    const key = settingKey(e.if);
    return (f) => {
      if (!f.outputIf) throw new EvaluationError(`{ "output": "${String(e.output)}", "if": … } can only be used in a subject's output formulas.`);
      return f.outputIf(name, key);
    };
  }
  if ('choose' in e) {
    if (!Array.isArray(e.choose) || !e.choose.every(isRecord)) return interpret;
    const cases = (e.choose as { when: Condition; then: Expr }[]).map((c) => ({ when: compileCondition(c.when, ctx), then: compileExpr(c.then, ctx) }));
    const otherwise = 'otherwise' in e ? compileExpr(e.otherwise as Expr, ctx) : null;
    return (f) => {
      for (const c of cases) if (c.when(f)) return c.then(f);
      return otherwise ? otherwise(f) : null;
    };
  }
  const [op] = Object.keys(e);
  const arg = e[op as string];
  const list = Array.isArray(arg) ? (arg as Expr[]).map((x) => compileExpr(x, ctx)) : null;
  const all = (f: RowFrame) => list!.map((c) => c(f));
  switch (op) {
    case 'addDays': {
      if (!isRecord(arg)) return interpret;
      const start = compileExpr(arg.date as Expr, ctx);
      const days = compileExpr(arg.days as Expr, ctx);
      const dayType = arg.dayType === undefined ? null : compileExpr(arg.dayType as Expr, ctx);
      const calendar = compileExpr((arg.calendar ?? null) as Expr, ctx);
      return (f) => {
        const from = date(start(f), 'The start date');
        const n = days(f);
        if (from === null || isEmpty(n)) return null;
        checkWholeDays(n);
        if (dayTypeOf(dayType === null ? null : dayType(f)) === 'calendar') return addCalendarDaysChecked(from, n);
        return guard(() => addBusinessDays(from, n, calendarNamed(calendar(f), ctx.calendar, ctx.calendarNames)));
      };
    }
    case 'daysBetween': {
      if (!isRecord(arg)) return interpret;
      const fromExpr = compileExpr(arg.from as Expr, ctx);
      const toExpr = compileExpr(arg.to as Expr, ctx);
      const dayType = arg.dayType === undefined ? null : compileExpr(arg.dayType as Expr, ctx);
      const calendar = compileExpr((arg.calendar ?? null) as Expr, ctx);
      return (f) => {
        const from = date(fromExpr(f), '"from"');
        const to = date(toExpr(f), '"to"');
        if (from === null || to === null) return null;
        if (dayTypeOf(dayType === null ? null : dayType(f)) === 'calendar') return calendarDaysBetween(from, to);
        return guard(() => businessDaysBetween(from, to, calendarNamed(calendar(f), ctx.calendar, ctx.calendarNames)));
      };
    }
    case 'provisionalHolidays': {
      if (!isRecord(arg)) return interpret;
      const fromExpr = compileExpr(arg.from as Expr, ctx);
      const toExpr = compileExpr(arg.to as Expr, ctx);
      const calendar = compileExpr(arg.calendar as Expr, ctx);
      return (f) => {
        const from = date(fromExpr(f), '"from"');
        const to = date(toExpr(f), '"to"');
        if (from === null || to === null) return null;
        const cal = calendarNamed(calendar(f), ctx.calendar, ctx.calendarNames);
        const days = guard(() => cal.provisionalHolidays(from, to));
        return days.length === 0 ? null : days.map((h) => `${h.date} (${h.name})`);
      };
    }
    case 'min':
    case 'max':
      if (!list) return interpret;
      return (f) => extreme(all(f), op);
    case 'coalesce':
      if (!list) return interpret;
      return (f) => all(f).find((v) => !isEmpty(v)) ?? null;
    case 'sum':
      // num.sum / num.product fold from 0 / 1: (0 + x) + y and (1 * x) * y are their own order.
      return list ? arithmetic(list, op, (xs) => num.sum(xs), (x, y) => num.tidy(0 + x + y)) : interpret;
    case 'product':
      return list ? arithmetic(list, op, (xs) => num.product(xs), (x, y) => num.tidy(1 * x * y)) : interpret;
    case 'difference':
      return list ? arithmetic(list, op, (xs) => num.difference(xs[0]!, xs[1]!), num.difference) : interpret;
    case 'ratio':
      return list ? arithmetic(list, op, (xs) => num.ratio(xs[0]!, xs[1]!), num.ratio) : interpret;
    default:
      return interpret;
  }
}

/**
 * sum, product, difference or ratio of the compiled arguments, as evaluateExpr computes it (every
 * argument evaluated, then `numbers` checks them). Two numbers — the usual case — skip the list.
 */
function arithmetic(list: Compiled<Value>[], op: string, ofList: (xs: number[]) => Value, ofTwo: (x: number, y: number) => Value): Compiled<Value> {
  if (list.length === 2) {
    const [a, b] = list as [Compiled<Value>, Compiled<Value>];
    return (f) => {
      const x = a(f);
      const y = b(f);
      if (typeof x === 'number' && typeof y === 'number') return ofTwo(x, y);
      const xs = numbers([x, y], op);
      return xs && ofList(xs);
    };
  }
  return (f) => {
    const xs = numbers(list.map((c) => c(f)), op);
    return xs && ofList(xs);
  };
}

/**
 * A condition inside an expression (`choose`'s `when`), as evaluateCondition decides it: `all`
 * and `any` stop at the first answer, an empty fact is null, a missing value is null.
 */
export function compileCondition(cond: Condition, ctx: CompileContext): Compiled<boolean> {
  const interpret: Compiled<boolean> = (f) => evaluateCondition(cond, scopeOf(f, ctx));
  if (!isRecord(cond)) return interpret;
  if ('all' in cond) {
    if (!Array.isArray(cond.all)) return interpret;
    const parts = cond.all.map((c) => compileCondition(c, ctx));
    return (f) => {
      for (const p of parts) if (!p(f)) return false;
      return true;
    };
  }
  if ('any' in cond) {
    if (!Array.isArray(cond.any)) return interpret;
    const parts = cond.any.map((c) => compileCondition(c, ctx));
    return (f) => {
      for (const p of parts) if (p(f)) return true;
      return false;
    };
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not, ctx);
    return (f) => !inner(f);
  }
  const left = 'fact' in cond ? factReader(cond.fact, ctx) : paramReader(cond.param, ctx);
  const op = findOperator(cond.operator);
  if (!op) {
    const name = cond.operator;
    return (f) => {
      left(f);
      throw new EvaluationError(`Unknown operator "${name}".`);
    };
  }
  const value = cond.value;
  let right: Compiled<Value>;
  if (isRecord(value)) {
    const v = value as { fact?: string; param?: string };
    right = v.fact !== undefined ? factReader(v.fact, ctx) : paramReader(v.param as string, ctx);
  } else {
    const constant = (value ?? null) as Value;
    if (op.withValue) {
      const fixed = op.withValue(constant as never);
      return (f) => fixed(left(f) as never);
    }
    right = () => constant;
  }
  const test = op.test;
  return (f) => {
    const l = left(f);
    return test(l as never, right(f) as never);
  };
}
