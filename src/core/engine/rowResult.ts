/**
 * The small rules both engines follow when they assemble a row's result: the contract outcome of a
 * rule's word, when two rules set an output "the same", how an output is shown in one cell, and how
 * an evaluation error becomes a row error.
 */
import type { FactValue } from '../columns';
import type { Subject } from '../rulebook/model';
import type { Outcome } from '../rulebook/schema';
import { EvaluationError, type Value } from './evaluateExpr';

/** The contract outcome of a rule's decision in the subject's words (`note` stays a note). */
export function contractOutcome(subject: Subject, word: string): Outcome {
  return word === 'note' ? 'note' : (subject.statuses.meaning(word) as Outcome);
}

/** Whether two rules setting an output agree (compared as JSON). */
export function sameValue(a: Value | undefined, b: Value): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b);
}

/** An output as one cell: a list joined with commas, unset as empty. */
export function scalar(v: Value | undefined): FactValue {
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : (v as FactValue);
}

/** An error met while evaluating a row, as the row's error message. */
export function errorMessage(err: unknown, when: string): string {
  if (err instanceof EvaluationError) return `${err.message} (${when})`;
  return `Unexpected problem ${when}: ${(err as Error)?.message ?? String(err)}`;
}
