/**
 * A subject's status vocabulary: the words its rows are judged in (`rated`, `rate-unconfirmed`,
 * `declined`…), each standing for one status of the JSON contract (compliant, pending, breach,
 * not-applicable), so the sheet, the pane, the CLI and exports speak the subject's words while
 * outside tools keep reading the five contract statuses. A subject that names no words uses the
 * contract's own. `invalid` (a row that cannot be read) is every subject's.
 */
import { DECIDED_STATUSES, type Status, type SubjectDefinition } from './rulebook/schema';

export interface StatusWord {
  word: string;
  means: Status;
  title: string;
  description: string;
}

/** How serious each contract status is when several rules decide: the most serious wins. */
const SEVERITY: Record<Status, number> = { invalid: 5, breach: 4, pending: 3, compliant: 2, 'not-applicable': 1 };

const CONTRACT_WORDS: Record<Status, Omit<StatusWord, 'word' | 'means'>> = {
  compliant: { title: 'Compliant', description: 'The clause is met.' },
  pending: { title: 'Pending', description: 'Not decided yet: a period is running or data is missing.' },
  breach: { title: 'Breach', description: 'The clause is not met.' },
  'not-applicable': { title: 'Not applicable', description: 'No clause reaches this row.' },
  invalid: { title: 'Invalid', description: 'The row could not be read: see its errors.' },
};

export const INVALID: StatusWord = { word: 'invalid', means: 'invalid', ...CONTRACT_WORDS.invalid };

export class StatusVocabulary {
  private readonly byWord = new Map<string, StatusWord>();
  private readonly rank = new Map<string, number>();

  constructor(readonly words: readonly StatusWord[]) {
    const all = words.some((w) => w.word === 'invalid') ? words : [...words, INVALID];
    all.forEach((w, i) => {
      this.byWord.set(w.word, w);
      // Within one contract status, the word listed first is the more serious.
      this.rank.set(w.word, SEVERITY[w.means] * 1000 - i);
    });
  }

  static of(definition: Pick<SubjectDefinition, 'statuses'>): StatusVocabulary {
    if (!definition.statuses) return new StatusVocabulary(DECIDED_STATUSES.map((s) => ({ word: s, means: s, ...CONTRACT_WORDS[s] })));
    return new StatusVocabulary(Object.entries(definition.statuses).map(([word, s]) => ({ word, ...s })));
  }

  /** Words a rule may decide (every word but invalid). */
  get decidable(): string[] {
    return this.words.filter((w) => w.means !== 'invalid').map((w) => w.word);
  }

  /** Every word, invalid last. */
  get all(): StatusWord[] {
    return [...this.byWord.values()];
  }

  has(word: string): boolean {
    return this.byWord.has(word);
  }

  get(word: string): StatusWord | undefined {
    return this.byWord.get(word);
  }

  /** The contract status a word stands for; a contract status stands for itself. */
  meaning(word: string): Status {
    const w = this.byWord.get(word);
    if (w) return w.means;
    if ((DECIDED_STATUSES as readonly string[]).includes(word) || word === 'invalid') return word as Status;
    throw new Error(`"${word}" is not a status of this subject.`);
  }

  /** The most serious of the rules' outcomes (notes do not count), else the fallback. */
  combine(outcomes: readonly string[], fallback: string): string {
    let best: string | undefined;
    for (const o of outcomes) {
      if (o === 'note') continue;
      if (best === undefined || (this.rank.get(o) ?? 0) > (this.rank.get(best) ?? 0)) best = o;
    }
    return best ?? fallback;
  }

  /** Whether a row with this word passes a filter of words and contract statuses. */
  matches(word: string, filter: readonly string[]): boolean {
    return filter.includes(word) || filter.includes(this.meaning(word));
  }
}

/**
 * The words that stand for each contract status, for colouring a status column with one
 * conditional-format rule per colour whatever the subject's vocabulary.
 */
export function wordsByMeaning(vocabulary: StatusVocabulary): Map<Status, string[]> {
  const out = new Map<Status, string[]>();
  for (const w of vocabulary.all) out.set(w.means, [...(out.get(w.means) ?? []), w.word]);
  return out;
}

/** A conditional-format formula, relative to `cell`, true when it holds one of `words`: `OR(E2="rated",E2="what-if")`. */
export function statusFormula(cell: string, words: readonly string[]): string {
  const tests = words.map((w) => `${cell}="${w.replace(/"/g, '""')}"`);
  return tests.length === 1 ? tests[0]! : `OR(${tests.join(',')})`;
}
