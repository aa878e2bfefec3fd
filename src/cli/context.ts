/**
 * What every command shares: output streams, loading the rulebook (printing its problems),
 * reading the input table and preparing an evaluator with the run's overrides.
 */
import { readFile } from 'node:fs/promises';
import { isIsoDate, isoFromParts, type IsoDate } from '../core/dates';
import { ENGINE_NAMES, Evaluator, type EngineName } from '../core/engine/evaluator';
import type { SubjectMatch } from '../core/match';
import type { Overrides } from '../core/parameters';
import { formatIssue } from '../core/rulebook/issues';
import { issueAt, parseJsonSource } from '../core/rulebook/jsonSource';
import type { Rulebook } from '../core/rulebook/model';
import { scenarioSchema, type ScenarioDefinition } from '../core/rulebook/schema';
import { zodIssueToIssues } from '../core/rulebook/zodIssues';
import type { Table, TableHead } from '../core/table';
import { DEFAULT_RULEBOOK, displayPath, loadRulebookFolder } from '../io/rulebookFolder';
import { readTableFile } from '../io/readTable';
import { openTableStream, type TableStream } from '../io/tableStream';
import { settings, single, UsageError, type ParsedArgs } from './args';

/** Ends a command with an exit code after its message was printed. */
export class Exit extends Error {
  constructor(readonly code: number, message = '') {
    super(message);
  }
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

export function rulebookFolder(args: ParsedArgs, positional?: string): string {
  return single(args, 'rulebook') ?? positional ?? DEFAULT_RULEBOOK;
}

/** The rulebook, or exit 2 after printing every problem with file:line:column. Warnings are printed too. */
export async function loadOrExit(folder: string, io: Io): Promise<Rulebook> {
  return (await loadWithWarningsOrExit(folder, io)).rulebook;
}

/** loadOrExit, also saying how many warnings were printed (they never stop a rulebook from loading). */
export async function loadWithWarningsOrExit(folder: string, io: Io): Promise<{ rulebook: Rulebook; warnings: number }> {
  let result;
  try {
    result = await loadRulebookFolder(folder);
  } catch (err) {
    throw new Exit(2, (err as Error).message);
  }
  const errors = result.issues.filter((i) => i.severity === 'error');
  for (const issue of result.issues) io.err(formatIssue(issue));
  if (!result.rulebook) {
    throw new Exit(2, `The rulebook in ${displayPath(folder)} has ${errors.length} problem${errors.length === 1 ? '' : 's'} (listed above); fix them and run again. "clausewise validate ${displayPath(folder)}" checks it alone.`);
  }
  return { rulebook: result.rulebook, warnings: result.issues.length - errors.length };
}

/** The local calendar date today: the default --as-of, decided here at the edge, never in the core. */
export function today(): IsoDate {
  const now = new Date();
  return isoFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function asOfFrom(args: ParsedArgs): { asOf: IsoDate; isDefault: boolean } {
  const given = single(args, 'as-of');
  if (given === undefined) return { asOf: today(), isDefault: true };
  if (!isIsoDate(given)) throw new UsageError(`--as-of ${given} is not a date: write it as YYYY-MM-DD, for example --as-of 2026-04-30.`);
  return { asOf: given, isDefault: false };
}

/** A scenario by name from the rulebook's scenarios/ folder, or from a JSON file the user names. */
export async function scenarioFrom(args: ParsedArgs, rulebook: Rulebook, io: Io): Promise<Overrides['scenario']> {
  const given = single(args, 'scenario');
  if (given === undefined) return undefined;
  const bundled = rulebook.scenarios.get(given.replace(/\.json$/, ''));
  if (bundled && !given.includes('/')) return { name: bundled.name, definition: bundled.definition };
  let text: string;
  try {
    text = await readFile(given, 'utf8');
  } catch {
    const names = [...rulebook.scenarios.keys()];
    throw new Exit(2, `--scenario ${given}: there is no such file, nor a scenario of that name in the rulebook (${names.length ? names.join(', ') : 'it has none'}).`);
  }
  const { source, issues } = parseJsonSource(given, text);
  if (!issues.length) {
    const parsed = scenarioSchema.safeParse(source.value, { reportInput: true });
    if (parsed.success) return { name: given, definition: parsed.data as ScenarioDefinition };
    for (const zi of parsed.error.issues) issues.push(...zodIssueToIssues(source, scenarioSchema, zi));
  }
  if (!issues.length) issues.push(issueAt(source, [], 'This is not a scenario file.'));
  for (const issue of issues) io.err(formatIssue(issue));
  throw new Exit(2, `The scenario file ${given} has problems (listed above).`);
}

export async function evaluatorFor(args: ParsedArgs, rulebook: Rulebook, io: Io): Promise<Evaluator> {
  return (await preparedRun(args, rulebook, io)).evaluator;
}

/** The evaluator for this run, with the overrides and engine it was prepared with (for evaluation workers). */
export async function preparedRun(args: ParsedArgs, rulebook: Rulebook, io: Io): Promise<{ evaluator: Evaluator; overrides: Overrides; engine?: EngineName }> {
  const engine = engineFrom(args);
  const overrides: Overrides = { scenario: await scenarioFrom(args, rulebook, io), set: settings(args) };
  const prepared = Evaluator.prepare(rulebook, overrides, { engine });
  if (!prepared.ok) {
    for (const p of prepared.problems) io.err(p);
    throw new Exit(2, 'The what-if settings above cannot be applied; nothing was evaluated.');
  }
  // Rules the compiler could not compile are decided by json-rules-engine: said, never silent.
  for (const note of prepared.evaluator.notes) io.err(`Note: ${note}`);
  return { evaluator: prepared.evaluator, overrides, engine };
}

/** `--engine compiled|json-rules-engine`; undefined leaves the choice to Evaluator.prepare (compiled). */
export function engineFrom(args: ParsedArgs): EngineName | undefined {
  const given = single(args, 'engine');
  if (given === undefined) return undefined;
  if (!(ENGINE_NAMES as readonly string[]).includes(given)) {
    throw new UsageError(`--engine ${given} is not an engine: use --engine compiled (the default) or --engine json-rules-engine (the reference, slower).`);
  }
  return given as EngineName;
}

export async function tableFrom(file: string | undefined, args: ParsedArgs): Promise<Table> {
  if (!file) throw new UsageError('Name the CSV or .xlsx file to evaluate, for example: clausewise evaluate samples/us-japan-2025.xlsx');
  try {
    return await readTableFile(file, single(args, 'sheet'));
  } catch (err) {
    throw new Exit(2, (err as Error).message);
  }
}

/** The table in FILE opened as a stream (header read, rows to follow), or exit 2 with the reader's message. */
export async function tableStreamFrom(file: string | undefined, args: ParsedArgs): Promise<TableStream> {
  if (!file) throw new UsageError('Name the CSV or .xlsx file to evaluate, for example: clausewise evaluate samples/us-japan-2025.xlsx');
  try {
    return await openTableStream(file, single(args, 'sheet'));
  } catch (err) {
    throw new Exit(2, (err as Error).message);
  }
}

export function matchOrExit(evaluator: Evaluator, table: TableHead, args: ParsedArgs, io: Io): SubjectMatch {
  const matched = evaluator.match(table, single(args, 'subject'));
  if (!matched.ok) {
    const where = table.sheet ? `${table.source}, sheet ${table.sheet}` : table.source;
    throw new Exit(2, `${where}: ${matched.problem}`);
  }
  const m = matched.match;
  for (const c of m.missingRequired) {
    io.err(`${table.source}: the table has no "${c.header}" column (${c.aliases?.length ? `or ${c.aliases.join(', ')}` : 'no alias'}); every row will be invalid until it is added.`);
  }
  return m;
}
