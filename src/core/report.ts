/**
 * The evaluation report and its JSON form — a contract outside tools read, kept stable:
 * { rulebook: {id, version, digest}, asOf, overrides, input, summary, rows: [ {row, key, subject,
 *   status, outputs, findings: [{rule, clause, outcome, message}], errors} ] }.
 * Dates are YYYY-MM-DD strings, rates fractions (0.15), money US dollars.
 */
import type { IsoDate } from './dates';
import type { RowResult } from './engine/evaluator';
import type { Rulebook } from './rulebook/model';
import { STATUSES, type Status } from './rulebook/schema';
import type { StatusVocabulary } from './statuses';
import type { Total } from './summaries';

export interface Report {
  rulebook: { id: string; version: string; digest: string };
  asOf: IsoDate;
  overrides: Record<string, unknown>;
  input: { file: string; sheet: string | null; subject: string; headerRow: number; unmatchedHeaders: string[] };
  /** `byStatus` counts the contract's five statuses; `bySubjectStatus` the subject's own words, in its order. */
  summary: { rows: number; byStatus: Record<Status, number>; bySubjectStatus: Record<string, number>; totals: Total[] };
  rows: RowResult[];
}

export function summarize(rows: readonly RowResult[], totals: Total[] = [], vocabulary?: StatusVocabulary): Report['summary'] {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const bySubjectStatus: Record<string, number> = Object.fromEntries((vocabulary?.all ?? []).map((w) => [w.word, 0]));
  for (const r of rows) {
    byStatus[r.status]++;
    bySubjectStatus[r.subjectStatus] = (bySubjectStatus[r.subjectStatus] ?? 0) + 1;
  }
  return { rows: rows.length, byStatus, bySubjectStatus, totals };
}

export function buildReport(args: {
  rulebook: Rulebook; asOf: IsoDate; overrides: Record<string, unknown>;
  file: string; sheet?: string; subject: string; headerRow: number; unmatchedHeaders: string[]; rows: RowResult[]; totals?: Total[];
}): Report {
  return {
    rulebook: { id: args.rulebook.manifest.id, version: args.rulebook.manifest.version, digest: args.rulebook.digest },
    asOf: args.asOf,
    overrides: args.overrides,
    input: { file: args.file, sheet: args.sheet ?? null, subject: args.subject, headerRow: args.headerRow, unmatchedHeaders: args.unmatchedHeaders },
    summary: summarize(args.rows, args.totals, args.rulebook.subjects.get(args.subject)?.statuses),
    rows: args.rows,
  };
}
