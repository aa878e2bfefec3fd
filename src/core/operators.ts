/**
 * The comparison operators a condition may use. One table serves json-rules-engine (registered
 * as its operators, replacing its defaults) and Clausewise's own condition evaluator, so both
 * give identical answers. Every operator is false, never an exception, when a fact is empty
 * (null) — except `isEmpty`, which is exactly that test.
 */
import type { FactValue } from './columns';

export type OperandValue = FactValue | readonly FactValue[] | undefined;

export interface OperatorDefinition {
  name: string;
  /** One sentence for documentation and the explain view: "is on or before". */
  reads: string;
  /** Whether the condition's `value` is needed (false for isEmpty / isNotEmpty). */
  needsValue: boolean;
  /** What the value must be: a single value, or a list for in / notIn. */
  valueKind: 'single' | 'list' | 'none';
  test(fact: OperandValue, value: OperandValue): boolean;
  /**
   * `test` with its value fixed, for compiled rules: the same answers, with the work that depends
   * only on the value (a list made a set, phrases normalised) done once.
   */
  withValue?(value: OperandValue): (fact: OperandValue) => boolean;
}

const isEmptyValue = (v: OperandValue): boolean => v === null || v === undefined || v === '';

function comparable(a: OperandValue, b: OperandValue): a is number | string {
  if (isEmptyValue(a) || isEmptyValue(b)) return false;
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

/** Lower-case words separated by single spaces: "Energy / AI infrastructure" → "energy ai infrastructure". */
function words(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** words(), remembered for the texts a table repeats (sectors, descriptions). */
const wordsOf = new Map<string, string>();
function wordsRemembered(text: string): string {
  let w = wordsOf.get(text);
  if (w === undefined) {
    w = words(text);
    if (wordsOf.size >= 8192) wordsOf.clear();
    wordsOf.set(text, w);
  }
  return w;
}

/** The phrases of a mentionsAnyOf list, each padded with spaces for a whole-word search. */
function phrases(list: OperandValue): string[] {
  return (listOf(list) ?? []).filter((item): item is string => typeof item === 'string' && item.trim() !== '').map((item) => ` ${words(item)} `);
}

function listOf(v: OperandValue): readonly FactValue[] | null {
  return Array.isArray(v) ? (v as readonly FactValue[]) : null;
}

function op(name: string, reads: string, valueKind: OperatorDefinition['valueKind'], test: OperatorDefinition['test'], withValue?: OperatorDefinition['withValue']): OperatorDefinition {
  return { name, reads, needsValue: valueKind !== 'none', valueKind, test, ...(withValue ? { withValue } : {}) };
}

export const OPERATORS: readonly OperatorDefinition[] = [
  op('equal', 'equals', 'single', (a, b) => !isEmptyValue(a) && a === b),
  op('notEqual', 'does not equal', 'single', (a, b) => !isEmptyValue(a) && a !== b),
  op('in', 'is one of', 'list', (a, b) => !isEmptyValue(a) && (listOf(b)?.includes(a as FactValue) ?? false), (b) => {
    const list = listOf(b);
    if (!list) return () => false;
    const set = new Set(list); // Set.has and Array.includes both compare by SameValueZero
    return (a) => !isEmptyValue(a) && set.has(a as FactValue);
  }),
  op('notIn', 'is not one of', 'list', (a, b) => !isEmptyValue(a) && !(listOf(b)?.includes(a as FactValue) ?? true), (b) => {
    const list = listOf(b);
    if (!list) return () => false;
    const set = new Set(list);
    return (a) => !isEmptyValue(a) && !set.has(a as FactValue);
  }),
  op('contains', 'contains', 'single', (a, b) => (listOf(a)?.includes(b as FactValue) ?? (typeof a === 'string' && typeof b === 'string' && a.includes(b)))),
  op('doesNotContain', 'does not contain', 'single', (a, b) => {
    const list = listOf(a);
    if (list) return !list.includes(b as FactValue);
    return typeof a === 'string' && typeof b === 'string' && !a.includes(b);
  }),
  op('lessThan', 'is less than', 'single', (a, b) => comparable(a, b) && a < (b as typeof a)),
  op('lessThanInclusive', 'is at most', 'single', (a, b) => comparable(a, b) && a <= (b as typeof a)),
  op('greaterThan', 'is greater than', 'single', (a, b) => comparable(a, b) && a > (b as typeof a)),
  op('greaterThanInclusive', 'is at least', 'single', (a, b) => comparable(a, b) && a >= (b as typeof a)),
  op('before', 'is before', 'single', (a, b) => comparable(a, b) && a < (b as typeof a)),
  op('onOrBefore', 'is on or before', 'single', (a, b) => comparable(a, b) && a <= (b as typeof a)),
  op('after', 'is after', 'single', (a, b) => comparable(a, b) && a > (b as typeof a)),
  op('onOrAfter', 'is on or after', 'single', (a, b) => comparable(a, b) && a >= (b as typeof a)),
  op('mentionsAnyOf', 'mentions one of', 'list', (a, b) => {
    if (typeof a !== 'string' || isEmptyValue(a)) return false;
    const text = words(a);
    return (listOf(b) ?? []).some((item) => typeof item === 'string' && item.trim() !== '' && ` ${text} `.includes(` ${words(item)} `));
  }, (b) => {
    const wanted = phrases(b);
    return (a) => {
      if (typeof a !== 'string' || isEmptyValue(a)) return false;
      const text = ` ${wordsRemembered(a)} `;
      return wanted.some((p) => text.includes(p));
    };
  }),
  op('isEmpty', 'is empty', 'none', (a) => isEmptyValue(a)),
  op('isNotEmpty', 'is filled in', 'none', (a) => !isEmptyValue(a)),
];

export const OPERATOR_NAMES: readonly string[] = OPERATORS.map((o) => o.name);

const byName = new Map(OPERATORS.map((o) => [o.name, o]));

export function findOperator(name: string): OperatorDefinition | undefined {
  return byName.get(name);
}
