/**
 * Matching a table to a subject by its header row: each header is compared with every subject's
 * column headers and aliases (case, spaces and punctuation ignored), and the subject whose
 * columns the headers cover best wins.
 */
import { normalizeHeader, type ColumnSpec } from './columns';
import type { Subject } from './rulebook/model';
import { quoteList } from './suggest';

export interface ColumnMatch {
  /** For each of the subject's columns: the table column index holding it, if any. */
  indexOf: Map<string, number>;
  /** Table headers that belong to no column of the subject (carried along, not evaluated). */
  unmatched: string[];
  /** Required columns with no header in the table. */
  missingRequired: ColumnSpec[];
}

export interface SubjectMatch extends ColumnMatch {
  subject: Subject;
}

export function matchColumns(subject: Subject, headers: readonly string[]): ColumnMatch {
  const byHeader = new Map<string, ColumnSpec>();
  for (const column of subject.columns) {
    for (const h of [column.header, ...(column.aliases ?? []), column.name]) byHeader.set(normalizeHeader(h), column);
  }
  const indexOf = new Map<string, number>();
  const unmatched: string[] = [];
  headers.forEach((header, i) => {
    const column = byHeader.get(normalizeHeader(header));
    if (column && !indexOf.has(column.name)) indexOf.set(column.name, i);
    else if (header.trim() !== '') unmatched.push(header);
  });
  const missingRequired = subject.columns.filter((c) => c.required && !indexOf.has(c.name));
  return { indexOf, unmatched, missingRequired };
}

/**
 * The subject a table's headers describe. `wanted` forces one by name. The best match must
 * include the subject's key column; otherwise the problem says what headers were expected.
 */
export function matchSubject(subjects: Iterable<Subject>, headers: readonly string[], wanted?: string):
  { ok: true; match: SubjectMatch } | { ok: false; problem: string } {
  const all = [...subjects];
  const candidates = wanted !== undefined ? all.filter((s) => s.name === wanted) : all;
  if (wanted !== undefined && candidates.length === 0) {
    return { ok: false, problem: `There is no subject "${wanted}" in this rulebook; its subjects are ${quoteList(all.map((s) => s.name))}.` };
  }
  let best: SubjectMatch | undefined;
  let bestScore = -1;
  for (const subject of candidates) {
    const m = matchColumns(subject, headers);
    if (!m.indexOf.has(subject.definition.key)) continue;
    const score = m.indexOf.size;
    if (score > bestScore) {
      best = { subject, ...m };
      bestScore = score;
    }
  }
  if (best) return { ok: true, match: best };
  const expected = candidates
    .map((s) => `${s.name}: ${quoteList(s.columns.filter((c) => c.required || c.name === s.definition.key).map((c) => c.header))}`)
    .join('; ');
  const found = headers.filter((h) => h.trim() !== '');
  return {
    ok: false,
    problem: `The header row (${found.length ? quoteList(found, 10) : 'empty'}) does not match any subject of the rulebook. Expected headers — ${expected}. Rename the headers, or choose the sheet with --sheet.`,
  };
}
