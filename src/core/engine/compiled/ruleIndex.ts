/**
 * Which rules a row can meet, found by the row's values of a few facts instead of by testing every
 * rule. Many rules open with conditions such as "country of origin is JP" or "category is one of
 * …" under nothing but `all` groups (their gates): a rule whose gate fails for the row's value
 * cannot apply, so it is not tested. The facts chosen are those the most rules gate on (up to
 * three); the rules left for each combination of their values are worked out the first time the
 * combination is met, in finding order. Skipping a rule only ever skips a test that would have
 * said no, so the rules that apply are exactly those the full test finds.
 */
import type { Value } from '../evaluateExpr';
import type { Gate } from './compileRuleConditions';
import type { RowFrame } from './frame';

/** Facts an index splits on, at most. */
const MAX_FACTS = 3;
/** Combinations remembered per index before it starts afresh (each is a short list). */
const MAX_COMBINATIONS = 4096;

export interface IndexedRule {
  /** The rule's gates; none for rules decided elsewhere (json-rules-engine). */
  gates: readonly Gate[];
}

type Level<R> = Map<Value | undefined, Level<R> | R[]>;

export class RuleIndex<R extends IndexedRule> {
  /** The slots split on, most-gated first. */
  private readonly slots: number[];
  private root: Level<R> = new Map();
  private combinations = 0;

  constructor(private readonly rules: readonly R[]) {
    const counts = new Map<number, number>();
    for (const r of rules) {
      for (const slot of new Set(r.gates.filter((g) => g.operator === 'equal' || g.operator === 'in').map((g) => g.slot))) counts.set(slot, (counts.get(slot) ?? 0) + 1);
    }
    this.slots = [...counts].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_FACTS).map(([slot]) => slot);
  }

  /** Whether the index narrows anything (some facts to split on). */
  get useful(): boolean {
    return this.slots.length > 0;
  }

  /** The rules that may apply to the row, in the order given. */
  candidates(frame: RowFrame): readonly R[] {
    if (!this.slots.length) return this.rules;
    let level: Level<R> = this.root;
    const last = this.slots.length - 1;
    for (let i = 0; i < last; i++) {
      const v = frame.facts[this.slots[i]!];
      let next = level.get(v) as Level<R> | undefined;
      if (!next) level.set(v, (next = new Map()));
      level = next;
    }
    const v = frame.facts[this.slots[last]!];
    let list = level.get(v) as R[] | undefined;
    if (!list) {
      if (++this.combinations > MAX_COMBINATIONS) {
        this.root = new Map();
        this.combinations = 1;
        return this.candidates(frame);
      }
      const values = this.slots.map((slot) => frame.facts[slot]);
      list = this.rules.filter((r) => r.gates.every((g) => {
        const at = this.slots.indexOf(g.slot);
        return at < 0 || g.admits(values[at]);
      }));
      level.set(v, list);
    }
    return list;
  }
}
