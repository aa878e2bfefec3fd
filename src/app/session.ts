/**
 * One user's working session, in the task pane or the standalone page: a rulebook, the as-of
 * date and what-if overrides, and evaluation of a table with its column mapping. Pure: it knows
 * nothing of Office or the DOM, so Excel mode, the standalone page and the tests share it.
 */
import type { IsoDate } from '../core/dates';
import { Evaluator, type RowResult } from '../core/engine/evaluator';
import { explainRow, type RowExplanation } from '../core/explain';
import { matchColumns, type SubjectMatch } from '../core/match';
import { parameterAt, type Overrides } from '../core/parameters';
import { buildReport, type Report } from '../core/report';
import type { Issue } from '../core/rulebook/issues';
import { loadRulebook, type RulebookFile } from '../core/rulebook/load';
import type { Rulebook, Subject } from '../core/rulebook/model';
import type { ParameterType } from '../core/rulebook/schema';
import { computeTotals } from '../core/summaries';
import type { Table } from '../core/table';

/** Rows evaluated between checks of the clock; the event loop runs when a slice took over SLICE_MS. */
const SLICE_ROWS = 250;
const SLICE_MS = 12;

/** A full evaluation stopped because a newer one (or the user) cancelled it. */
export class EvaluationCancelled extends Error {
  constructor() {
    super('The evaluation was cancelled.');
  }
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Let the event loop run (input, paint) without the 4 ms clamp of nested timeouts. */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** For each of the subject's columns, the table header chosen for it (null: not in the table). */
export type ColumnMapping = Record<string, string | null>;

export interface ParameterView {
  name: string;
  title: string;
  description: string;
  type: ParameterType;
  allowed?: string[];
  uncertain: boolean;
  /** The value in force at the as-of date, after overrides. */
  value: unknown;
  overridden: boolean;
}

export interface Evaluation {
  match: SubjectMatch;
  results: RowResult[];
  report: Report;
}

export class Session {
  private evaluator: Evaluator;
  private overridesValue: Overrides = {};

  private constructor(readonly rulebook: Rulebook, evaluator: Evaluator, public asOf: IsoDate) {
    this.evaluator = evaluator;
  }

  /** A session on a rulebook's files; every problem in them is returned, with file:line:column. */
  static async open(folder: string, files: readonly RulebookFile[], asOf: IsoDate): Promise<{ ok: true; session: Session } | { ok: false; issues: Issue[] }> {
    const { rulebook, issues } = await loadRulebook(folder, files);
    if (!rulebook) return { ok: false, issues };
    const prepared = Evaluator.prepare(rulebook);
    if (!prepared.ok) return { ok: false, issues: prepared.problems.map((message) => ({ file: folder, line: 1, column: 1, path: [], message, severity: 'error' as const })) };
    return { ok: true, session: new Session(rulebook, prepared.evaluator, asOf) };
  }

  get overrides(): Overrides {
    return this.overridesValue;
  }

  /** Apply what-if overrides for the following evaluations; on a problem nothing changes. */
  setOverrides(overrides: Overrides): string[] {
    const prepared = Evaluator.prepare(this.rulebook, overrides);
    if (!prepared.ok) return prepared.problems;
    this.evaluator = prepared.evaluator;
    this.overridesValue = overrides;
    return [];
  }

  /** The parameters, each with its value at the as-of date after overrides (for the pane's editor). */
  parameters(): ParameterView[] {
    const applied = this.evaluator.overrides;
    return [...this.rulebook.parameters].map(([name, p]) => {
      const values = this.evaluator.parameters.values.get(name) ?? p.definition.values;
      return {
        name, title: p.definition.title, description: p.definition.description, type: p.definition.type,
        ...(p.definition.allowed ? { allowed: p.definition.allowed } : {}),
        uncertain: p.definition.uncertain === true,
        value: parameterAt(values, this.asOf) ?? (values.length ? values[values.length - 1]!.value : null),
        overridden: name in applied,
      };
    });
  }

  /** The subject a table's headers describe, with a remembered mapping applied on top. */
  match(table: Table, remembered?: { subject: string; mapping: ColumnMapping }): { ok: true; match: SubjectMatch } | { ok: false; problem: string } {
    if (remembered) {
      const subject = this.rulebook.subjects.get(remembered.subject);
      if (subject) return { ok: true, match: applyMapping(subject, table.headers, remembered.mapping) };
    }
    return this.evaluator.match(table);
  }

  /**
   * Every row, in slices: between slices the event loop runs (the page stays responsive and can
   * paint the progress), and a cancelled `signal` stops the work with an EvaluationCancelled.
   */
  async evaluate(table: Table, match: SubjectMatch, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<Evaluation> {
    const results: RowResult[] = [];
    const total = table.rows.length;
    let sliceStart = now();
    for (let start = 0; start < total; start += SLICE_ROWS) {
      if (signal?.aborted) throw new EvaluationCancelled();
      const slice = await this.evaluator.evaluateRows(table, match, table.rows.slice(start, start + SLICE_ROWS), this.asOf);
      for (const r of slice) results.push(r);
      onProgress?.(results.length, total);
      if (now() - sliceStart > SLICE_MS && results.length < total) {
        await yieldToEventLoop();
        sliceStart = now();
      }
    }
    if (signal?.aborted) throw new EvaluationCancelled();
    return { match, results, report: this.report(table, match, results) };
  }

  /** Re-evaluate some rows (0-based indexes into table.rows), for live what-if. */
  async evaluateRows(table: Table, match: SubjectMatch, rowIndexes: readonly number[]): Promise<Map<number, RowResult>> {
    const out = new Map<number, RowResult>();
    for (const i of rowIndexes) {
      const row = table.rows[i];
      if (row) out.set(i, await this.evaluator.evaluateRow(table, match, row, this.asOf));
    }
    return out;
  }

  async explain(table: Table, match: SubjectMatch, rowIndex: number): Promise<RowExplanation | undefined> {
    const row = table.rows[rowIndex];
    if (!row) return undefined;
    const trace = await this.evaluator.traceRow(table, match, row, this.asOf);
    return explainRow(this.rulebook, match.subject, trace, this.asOf);
  }

  report(table: Table, match: SubjectMatch, results: RowResult[]): Report {
    return buildReport({
      rulebook: this.rulebook, asOf: this.asOf, overrides: this.evaluator.overrides, file: table.source, sheet: table.sheet,
      subject: match.subject.name, headerRow: table.headerRow, unmatchedHeaders: match.unmatched, rows: results,
      totals: computeTotals(table, match, results),
    });
  }
}

/** The mapping a match stands for, to show, edit and remember. */
export function mappingOf(match: SubjectMatch, headers: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {};
  for (const c of match.subject.columns) {
    const i = match.indexOf.get(c.name);
    out[c.name] = i === undefined ? null : headers[i] ?? null;
  }
  return out;
}

/** A match from an explicit mapping; a header that is no longer in the table maps to nothing. */
export function applyMapping(subject: Subject, headers: readonly string[], mapping: ColumnMapping): SubjectMatch {
  const automatic = matchColumns(subject, headers);
  const indexOf = new Map<string, number>();
  for (const c of subject.columns) {
    if (c.name in mapping) {
      const header = mapping[c.name];
      const i = header === null || header === undefined ? -1 : headers.indexOf(header);
      if (i >= 0) indexOf.set(c.name, i);
    } else {
      const i = automatic.indexOf.get(c.name);
      if (i !== undefined) indexOf.set(c.name, i);
    }
  }
  const used = new Set(indexOf.values());
  return {
    subject, indexOf,
    unmatched: headers.filter((h, i) => !used.has(i) && h.trim() !== ''),
    missingRequired: subject.columns.filter((c) => c.required && !indexOf.has(c.name)),
  };
}
