/**
 * A problem found in a rulebook or an input, located so a user can go straight to it.
 * Like zod's issues: every problem has a path and a message, and all of them are reported at once.
 */

export type JsonPath = (string | number)[];

export interface Issue {
  /** The file, relative to the rulebook folder's parent (e.g. `us-japan-2025/parameters.json`). */
  file: string;
  /** 1-based line and column of the offending value (or of the nearest enclosing one). */
  line: number;
  column: number;
  /** JSON path to the value: `parameters["fundingPeriod.days"].values[0].from`. */
  path: JsonPath;
  /** A sentence a non-programmer understands, saying what is wrong and what to do. */
  message: string;
  severity: 'error' | 'warning';
  /** For kinds of issue that tools or tests pick out: `parameter-gap` (see checkParameterReach.ts). */
  code?: string;
}

/** `parameters["fundingPeriod.days"].values[0]` */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(top level)';
}

/** `us-japan-2025/parameters.json:12:7  parameters["x"].values[0].from  must be a date …` */
export function formatIssue(issue: Issue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const tag = issue.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${formatJsonPath(issue.path)}  ${tag}${issue.message}`;
}

/** Errors first, then warnings, each in file, line and column order (a stable sort: ties keep their order). */
export function sortIssues(issues: Issue[]): Issue[] {
  const rank = (i: Issue) => (i.severity === 'error' ? 0 : 1);
  return [...issues].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
