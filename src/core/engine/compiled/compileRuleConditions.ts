/**
 * A rule's conditions compiled from exactly what json-rules-engine is given (effectiveConditions:
 * the effective-date bounds, parameters as `param:` facts, a missing value as `true`), decided as
 * json-rules-engine decides them: an unknown fact is undefined, an empty `all` or `any` holds, a
 * one-condition group is that condition.
 *
 * Two closures per rule: `test`, the bare answer for bulk runs (its leaves are pure and never throw,
 * so it may stop at the first decisive one), and `trace`, the answer with every condition's actual
 * value, expected value and result — the same JSON as json-rules-engine's `RuleResult.toJSON(false)`,
 * for `explain` and the selected row. Shapes json-rules-engine accepts but this compiler does not
 * know make compilation fail with a reason; the rule then runs on json-rules-engine.
 */
import { findOperator, type OperatorDefinition } from '../../operators';
import type { Value } from '../evaluateExpr';
import { paramFact } from '../jsonRulesEngine';
import type { CompileContext, Compiled, RowFrame } from './frame';

/** One condition as json-rules-engine reports it after a run. */
export interface ConditionTrace {
  priority?: number;
  all?: ConditionTrace[];
  any?: ConditionTrace[];
  not?: ConditionTrace;
  operator?: string;
  value?: unknown;
  fact?: string;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

/** One rule's decision for one row, as json-rules-engine's `RuleResult.toJSON(false)` gives it (without the event). */
export interface RuleTrace {
  name: string;
  priority: number;
  result: boolean;
  conditions: ConditionTrace;
}

interface Node {
  test: Compiled<boolean>;
  trace(frame: RowFrame): { result: boolean; json: ConditionTrace };
}

/**
 * A condition every row the rule applies to must meet — a leaf reached from the top through `all`
 * groups only — on a fact of the row compared with a literal. `admits` is that leaf's own test.
 */
export interface Gate {
  fact: string;
  slot: number;
  operator: string;
  admits(value: Value | undefined): boolean;
}

export type ConditionsCompilation =
  | { ok: true; test: Compiled<boolean>; trace: (frame: RowFrame) => { result: boolean; conditions: ConditionTrace }; gates: Gate[] }
  | { ok: false; reason: string };

class NotCompilable extends Error {}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const LEAF_KEYS = new Set(['fact', 'operator', 'value']);
const GROUP_KEYS = new Set(['all', 'any', 'not']);

/** The value of an engine fact for the row: a fact of the subject, a parameter at the effective date, or undefined. */
function engineFact(name: unknown, ctx: CompileContext): Compiled<Value | undefined> {
  if (typeof name !== 'string') throw new NotCompilable(`a condition's fact is ${JSON.stringify(name)}, not a name`);
  if (name.startsWith(paramFact(''))) {
    const param = name.slice(paramFact('').length);
    if (!ctx.engineParams.has(param)) return () => undefined;
    const lookup = ctx.param(param);
    if (!lookup) throw new NotCompilable(`it reads the parameter "${param}", which the rulebook does not define`);
    return (f) => lookup(f.effectiveDate);
  }
  const slot = ctx.factSlot(name);
  if (slot === undefined) return () => undefined;
  return (f) => f.facts[slot];
}

/** A leaf's bare answer: against a literal, the operator's own `withValue` form; from a slot, read directly. */
function fastTest(op: OperatorDefinition, leftSlot: number | undefined, constant: boolean, value: unknown, left: Compiled<unknown>, right: Compiled<unknown>): Compiled<boolean> {
  const test = op.test;
  if (!constant) {
    const withValue = op.withValue;
    if (!withValue) return (f) => test(left(f) as never, right(f) as never);
    // A value read from a parameter or a fact: prepared again only when it is another value.
    let last: unknown;
    let lastFixed: ((a: never) => boolean) | undefined;
    return (f) => {
      const a = left(f);
      const b = right(f);
      if (lastFixed === undefined || b !== last) {
        last = b;
        lastFixed = withValue(b as never);
      }
      return lastFixed(a as never);
    };
  }
  const fixed = op.withValue ? op.withValue(value as never) : (a: unknown) => test(a as never, value as never);
  if (leftSlot !== undefined) return (f) => fixed(f.facts[leftSlot] as never);
  return (f) => fixed(left(f) as never);
}

function compileLeaf(c: Record<string, unknown>, ctx: CompileContext): Node {
  for (const key of Object.keys(c)) if (!LEAF_KEYS.has(key)) throw new NotCompilable(`a condition has "${key}", which the compiler does not handle`);
  const operator = c.operator as string;
  const op = typeof operator === 'string' ? findOperator(operator) : undefined;
  if (!op) throw new NotCompilable(`the operator ${JSON.stringify(operator)} is not one the compiler knows`);
  const fact = c.fact as string;
  const value = c.value;
  const left = engineFact(fact, ctx);
  const factValue = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact');
  // json-rules-engine reads a { fact } value with its "path" and "params" too: only a bare { fact } is compiled.
  if (factValue) for (const key of Object.keys(value)) if (key !== 'fact') throw new NotCompilable(`a condition's { "fact" } value has "${key}", which the compiler does not handle`);
  const right: Compiled<unknown> = factValue ? engineFact((value as { fact: unknown }).fact, ctx) : () => value;
  const test = op.test;
  const leftSlot = typeof fact === 'string' && !fact.startsWith(paramFact('')) ? ctx.factSlot(fact) : undefined;
  return {
    // The common leaf — a fact of the row against a literal — reads its slot directly.
    test: fastTest(op, leftSlot, !factValue, value, left, right),
    trace: (f) => {
      const factResult = left(f);
      const valueResult = right(f);
      const result = test(factResult as never, valueResult as never);
      const json: ConditionTrace = { operator, value, fact };
      if (factResult !== undefined) json.factResult = factResult;
      if (valueResult !== undefined) json.valueResult = valueResult;
      json.result = result;
      return { result, json };
    },
  };
}

function compileGroup(kind: 'all' | 'any', items: unknown, ctx: CompileContext): Node {
  if (!Array.isArray(items)) throw new NotCompilable(`"${kind}" is not a list`);
  const parts = items.map((c) => compileNode(c, ctx));
  const only = parts.length === 1 ? parts[0]! : undefined;
  let test: Compiled<boolean>;
  if (parts.length === 0) test = () => true;
  else if (only) test = only.test;
  else if (kind === 'all') {
    test = (f) => {
      for (const p of parts) if (!p.test(f)) return false;
      return true;
    };
  } else {
    test = (f) => {
      for (const p of parts) if (p.test(f)) return true;
      return false;
    };
  }
  return {
    test,
    trace: (f) => {
      const traced = parts.map((p) => p.trace(f));
      const result = parts.length === 0 ? true : kind === 'all' ? traced.every((t) => t.result) : traced.some((t) => t.result);
      return { result, json: { priority: 1, [kind]: traced.map((t) => t.json) } };
    },
  };
}

function compileNot(inner: unknown, ctx: CompileContext): Node {
  if (!isRecord(inner)) throw new NotCompilable('"not" does not hold one condition');
  const part = compileNode(inner, ctx);
  return {
    test: (f) => !part.test(f),
    trace: (f) => {
      const t = part.trace(f);
      return { result: !t.result, json: { priority: 1, not: t.json } };
    },
  };
}

function compileNode(c: unknown, ctx: CompileContext): Node {
  if (!isRecord(c)) throw new NotCompilable(`a condition is ${JSON.stringify(c)}`);
  const group = Object.keys(c).find((k) => GROUP_KEYS.has(k));
  if (group) {
    if (Object.keys(c).length !== 1) throw new NotCompilable(`a "${group}" group has other properties`);
    return group === 'not' ? compileNot(c.not, ctx) : compileGroup(group as 'all' | 'any', c[group], ctx);
  }
  return compileLeaf(c, ctx);
}

/** The gates of compiled engine conditions: the leaves under nothing but `all` groups, on a fact slot, against a literal. */
function gatesOf(c: Record<string, unknown>, ctx: CompileContext, out: Gate[] = []): Gate[] {
  if (Array.isArray(c.all)) {
    for (const child of c.all) gatesOf(child as Record<string, unknown>, ctx, out);
    return out;
  }
  if ('any' in c || 'not' in c) return out;
  const { fact, operator, value } = c as { fact: string; operator: string; value: unknown };
  if (fact.startsWith(paramFact('')) || (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact'))) return out;
  const slot = ctx.factSlot(fact);
  const op = findOperator(operator);
  if (slot === undefined || !op) return out;
  const admits = op.withValue ? op.withValue(value as never) : (a: unknown) => op.test(a as never, value as never);
  out.push({ fact, slot, operator, admits: (v) => admits(v as never) });
  return out;
}

/** The rule's engine conditions (a top-level `all`, `any` or `not`) compiled, or why they cannot be. */
export function compileRuleConditions(conditions: unknown, ctx: CompileContext): ConditionsCompilation {
  try {
    if (!isRecord(conditions) || !Object.keys(conditions).some((k) => GROUP_KEYS.has(k))) {
      throw new NotCompilable('its conditions are not an "all", "any" or "not" group');
    }
    const node = compileNode(conditions, ctx);
    return {
      ok: true,
      test: node.test,
      gates: gatesOf(conditions, ctx),
      trace: (f) => {
        const { result, json } = node.trace(f);
        return { result, conditions: json };
      },
    };
  } catch (err) {
    if (err instanceof NotCompilable) return { ok: false, reason: err.message };
    throw err;
  }
}
