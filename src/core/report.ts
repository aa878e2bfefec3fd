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
  const counts = new StatusCounts(vocabulary);
  counts.add(rows);
  return counts.summary(totals);
}

/** The status counts kept chunk by chunk, for results written as they come: the same summary as summarize. */
export class StatusCounts {
  private rows = 0;
  private readonly byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  private readonly bySubjectStatus: Record<string, number>;

  constructor(vocabulary?: StatusVocabulary) {
    this.bySubjectStatus = Object.fromEntries((vocabulary?.all ?? []).map((w) => [w.word, 0]));
  }

  add(results: readonly RowResult[]): void {
    for (const r of results) {
      this.byStatus[r.status]++;
      this.bySubjectStatus[r.subjectStatus] = (this.bySubjectStatus[r.subjectStatus] ?? 0) + 1;
    }
    this.rows += results.length;
  }

  summary(totals: Total[] = []): Report['summary'] {
    return { rows: this.rows, byStatus: { ...this.byStatus }, bySubjectStatus: { ...this.bySubjectStatus }, totals };
  }
}

export interface ReportInput {
  rulebook: Rulebook; asOf: IsoDate; overrides: Record<string, unknown>;
  file: string; sheet?: string; subject: string; headerRow: number; unmatchedHeaders: string[];
}

export function buildReport(args: ReportInput & { rows: RowResult[]; totals?: Total[] }): Report {
  return { ...reportHead(args, summarize(args.rows, args.totals, args.rulebook.subjects.get(args.subject)?.statuses)), rows: args.rows };
}

/** The report without its rows, for results that were written out as they came. */
export function reportHead(args: ReportInput, summary: Report['summary']): Omit<Report, 'rows'> {
  return {
    rulebook: { id: args.rulebook.manifest.id, version: args.rulebook.manifest.version, digest: args.rulebook.digest },
    asOf: args.asOf,
    overrides: args.overrides,
    input: { file: args.file, sheet: args.sheet ?? null, subject: args.subject, headerRow: args.headerRow, unmatchedHeaders: args.unmatchedHeaders },
    summary,
  };
}
