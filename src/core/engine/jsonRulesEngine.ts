/**
 * The bridge to json-rules-engine: a rulebook's rules become json-rules-engine rules, its
 * operators replace the engine's defaults (so both evaluators share one definition), and a
 * rule's effective dates become leading conditions on the row's effective date, visible in
 * the explanation like any other condition.
 */
import { Engine, type NestedCondition, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { OPERATORS } from '../operators';
import { isLeafCondition, type Condition, type ConditionValue } from '../rulebook/expressions';
import type { Rule } from '../rulebook/model';

/** The engine fact that carries a parameter's value at the row's effective date. */
export const paramFact = (name: string): string => `param:${name}`;

function engineValue(value: ConditionValue | undefined): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'param' in value) return { fact: paramFact(value.param) };
  return value === undefined ? true : value;
}

export function toEngineCondition(cond: Condition): NestedCondition {
  if ('all' in cond) return { all: cond.all.map(toEngineCondition) };
  if ('any' in cond) return { any: cond.any.map(toEngineCondition) };
  if ('not' in cond) return { not: toEngineCondition(cond.not) };
  if (!isLeafCondition(cond)) throw new Error('Malformed condition');
  const fact = 'fact' in cond ? cond.fact : paramFact(cond.param);
  return { fact, operator: cond.operator, value: engineValue(cond.value) } as NestedCondition;
}

/** The rule's conditions, preceded by its effective-date bounds when it has any. */
export function effectiveConditions(rule: Rule): TopLevelCondition {
  const { effective, conditions } = rule.definition;
  const bounds: NestedCondition[] = [];
  if (effective?.from) bounds.push({ fact: 'effectiveDate', operator: 'onOrAfter', value: effective.from });
  if (effective?.to) bounds.push({ fact: 'effectiveDate', operator: 'onOrBefore', value: effective.to });
  const body = toEngineCondition(conditions);
  if (bounds.length === 0) return ('all' in body || 'any' in body || 'not' in body ? body : { all: [body] }) as TopLevelCondition;
  return { all: [...bounds, body] };
}

export function toEngineRule(rule: Rule): RuleProperties {
  return {
    name: rule.definition.id,
    priority: rule.definition.priority ?? 1,
    conditions: effectiveConditions(rule),
    event: { type: 'clause', params: { rule: rule.definition.id } },
  };
}

/** An engine holding `rules`, with Clausewise's operators. Undefined facts read as empty. */
export function buildEngine(rules: readonly Rule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const op of OPERATORS) engine.addOperator(op.name, (fact: unknown, value: unknown) => op.test(fact as never, value as never));
  for (const rule of rules) engine.addRule(toEngineRule(rule));
  return engine;
}

/** Parameters that conditions read (they are handed to the engine as facts). */
export function paramsInConditions(rules: readonly Rule[]): Set<string> {
  const out = new Set<string>();
  const walk = (c: Condition) => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else {
      if ('param' in c) out.add(c.param);
      const v = c.value;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'param' in v) out.add(v.param);
    }
  };
  rules.forEach((r) => walk(r.definition.conditions));
  return out;
}
