/**
 * The vocabulary of computed values and conditions a rulebook may write in JSON.
 *
 * An expression is a literal, a reference (`fact`, `param`, `output`) or one computation
 * (`addDays`, `daysBetween`, `provisionalHolidays`, `min`, `max`, `sum`, `difference`, `product`, `ratio`, `coalesce`,
 * `choose`). A condition is json-rules-engine's: `all`, `any`, `not`, or a leaf
 * `{ fact | param, operator, value }`. These types are the explicit rule model that every
 * evaluator works from.
 */
import type { FactValue } from '../columns';

export type Literal = FactValue;

export type Expr =
  | Literal
  | readonly Literal[]
  | { fact: string }
  | { param: string; at?: Expr }
  | { output: string; if?: Readonly<Record<string, Literal | readonly string[]>> }
  | { addDays: { date: Expr; days: Expr; dayType?: Expr; calendar?: Expr } }
  | { daysBetween: { from: Expr; to: Expr; dayType?: Expr; calendar?: Expr } }
  | { provisionalHolidays: { from: Expr; to: Expr; calendar: Expr } }
  | { min: readonly Expr[] }
  | { max: readonly Expr[] }
  | { sum: readonly Expr[] }
  | { product: readonly Expr[] }
  | { difference: readonly [Expr, Expr] }
  | { ratio: readonly [Expr, Expr] }
  | { coalesce: readonly Expr[] }
  | { choose: readonly { when: Condition; then: Expr }[]; otherwise?: Expr };

/** What a condition compares against: a literal, a list of literals, another fact or a parameter. */
export type ConditionValue = Literal | readonly Literal[] | { fact: string } | { param: string };

export type LeafCondition =
  | { fact: string; operator: string; value?: ConditionValue }
  | { param: string; operator: string; value?: ConditionValue };

export type Condition =
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition }
  | LeafCondition;

/** The computations, with the one-line description shown in the docs and in error messages. */
export const COMPUTATIONS: Readonly<Record<string, string>> = {
  addDays: '{ "addDays": { "date", "days", "dayType": "calendar"|"business", "calendar" } } — the date that many days after (before, if negative)',
  daysBetween: '{ "daysBetween": { "from", "to", "dayType", "calendar" } } — days after "from" up to and including "to" (negative if "to" is earlier)',
  provisionalHolidays: '{ "provisionalHolidays": { "from", "to", "calendar" } } — the holidays of "calendar" after "from" up to and including "to" whose dates are not yet officially announced (Japan\'s equinox days after the calendar\'s announcedThrough year), as a list such as ["2028-03-20 (Vernal Equinox Day)"]; empty when there are none',
  min: '{ "min": [a, b, …] } — the smallest number or earliest date (empty values ignored)',
  max: '{ "max": [a, b, …] } — the largest number or latest date (empty values ignored)',
  sum: '{ "sum": [a, b, …] } — a + b + …',
  difference: '{ "difference": [a, b] } — a − b',
  product: '{ "product": [a, b, …] } — a × b × …',
  ratio: '{ "ratio": [a, b] } — a ÷ b (empty when b is 0)',
  coalesce: '{ "coalesce": [a, b, …] } — the first value that is not empty',
  choose: '{ "choose": [ { "when": condition, "then": value }, … ], "otherwise": value } — the first matching case',
};

export const REFERENCES: Readonly<Record<string, string>> = {
  fact: '{ "fact": "name" } — a column of the row, a computed value, "asOf" or "effectiveDate"',
  param: '{ "param": "name" } — a parameter\'s value at the row\'s effective date ({ "param": "name", "at": date } for another date)',
  output: '{ "output": "name" } — an output already set for the row (only in a subject\'s output formulas); { "output": "name", "if": { "parameter": value } } — the value it would have if those parameters had those values (every rule and formula evaluated again for the row), e.g. the duty if benefits were withdrawn',
};

export function isReference(expr: unknown, kind: 'fact' | 'param' | 'output'): boolean {
  return typeof expr === 'object' && expr !== null && !Array.isArray(expr) && kind in expr;
}

export function isLeafCondition(c: Condition): c is LeafCondition {
  return 'operator' in c;
}
