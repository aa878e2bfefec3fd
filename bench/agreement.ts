/**
 * Whether two evaluations of the same rows agree: status, subject status, every output, the rules
 * that fired (in order) and the number of problems. Disagreements are described with the row's cells,
 * so a reader can rebuild the case.
 */
import type { FactValue } from '../src/core/columns';
import { showCell, type Table } from '../src/core/table';
import type { Decision } from './handWritten';

function same(a: FactValue | undefined, b: FactValue | undefined): boolean {
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

/** The first way `actual` differs from `expected`, or null when they agree. */
export function firstDifference(expected: Decision, actual: Decision): string | null {
  if (expected.row !== actual.row) return `row number ${actual.row}, expected ${expected.row}`;
  if (expected.subjectStatus !== actual.subjectStatus || expected.status !== actual.status) {
    return `status ${actual.subjectStatus} (${actual.status}), expected ${expected.subjectStatus} (${expected.status})`;
  }
  if (expected.rules.join(' ') !== actual.rules.join(' ')) return `rules [${actual.rules.join(', ')}], expected [${expected.rules.join(', ')}]`;
  for (const name of new Set([...Object.keys(expected.outputs), ...Object.keys(actual.outputs)])) {
    if (!same(expected.outputs[name], actual.outputs[name])) {
      return `output ${name} = ${JSON.stringify(actual.outputs[name] ?? null)}, expected ${JSON.stringify(expected.outputs[name] ?? null)}`;
    }
  }
  if (expected.errors !== actual.errors) return `${actual.errors} problems, expected ${expected.errors}`;
  return null;
}

/** The row's cells by header, for a disagreement report. */
export function describeRow(table: Table, rowNumber: number): string {
  const row = table.rows.find((r) => r.row === rowNumber);
  if (!row) return `(row ${rowNumber} not in the table)`;
  return table.headers
    .map((h, i) => [h, row.cells[i] ?? null] as const)
    .filter(([, c]) => c !== null)
    .map(([h, c]) => `${h}: ${showCell(c)}`)
    .join('; ');
}

export interface Agreement {
  compared: number;
  disagreements: number;
  /** The first few, each with the row's cells. */
  examples: string[];
}

/** Compares two evaluations row by row (same rows, same order). */
export function compareDecisions(table: Table, expected: readonly Decision[], actual: readonly Decision[], names: { expected: string; actual: string }, limit = 5): Agreement {
  const examples: string[] = [];
  let disagreements = 0;
  if (expected.length !== actual.length) {
    return { compared: 0, disagreements: 1, examples: [`${names.actual} returned ${actual.length} rows for ${expected.length} (${names.expected}): rows out must equal rows in`] };
  }
  for (let i = 0; i < expected.length; i++) {
    const diff = firstDifference(expected[i]!, actual[i]!);
    if (diff === null) continue;
    disagreements++;
    if (examples.length < limit) {
      examples.push(`row ${expected[i]!.row}: ${names.actual} gives ${diff} (${names.expected}; rules fired there: ${expected[i]!.rules.join(', ') || 'none'}) — ${describeRow(table, expected[i]!.row)}`);
    }
  }
  return { compared: expected.length, disagreements, examples };
}
