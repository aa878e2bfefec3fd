/**
 * What the CLAUSE.* custom functions compute, as pure functions: Excel-style arguments in (date
 * serials or ISO text, rates as fractions or "2.5%", ranges as 2-D arrays), the real core
 * evaluating a one-row table, a number or text out. A bad argument or an invalid row throws a
 * FunctionError whose message says what to write instead; functions.ts turns it into an Excel
 * error (#VALUE! or #N/A) with that message. No Office globals: mocha tests these in Node.
 *
 * The rulebook is passed as its files (the bundled one in the add-in, the folder's files in
 * tests); it is loaded once per files array and evaluators are kept per set of overrides.
 */
import { coerceCell, describeType } from '../core/coerce';
import { normalizeHeader, type ColumnSpec, type FactValue } from '../core/columns';
import { isoFromParts, toSpreadsheetSerial, type IsoDate } from '../core/dates';
import { Evaluator, type RowResult } from '../core/engine/evaluator';
import type { Overrides } from '../core/parameters';
import { formatIssue } from '../core/rulebook/issues';
import { loadRulebook, type RulebookFile } from '../core/rulebook/load';
import type { Rulebook, Subject } from '../core/rulebook/model';
import { oneRowTable, type RawCell, type Table } from '../core/table';

/** A rulebook as its files: `folder` names it in messages. */
export interface RulebookSource {
  folder: string;
  files: readonly RulebookFile[];
}

/**
 * A problem to show in the cell. `invalidValue` becomes #VALUE! (a bad argument or row),
 * `notAvailable` #N/A (the rulebook gives no value for these arguments, or cannot be loaded).
 */
export class FunctionError extends Error {
  constructor(message: string, readonly code: 'invalidValue' | 'notAvailable' = 'invalidValue') {
    super(message);
    this.name = 'FunctionError';
  }
}

/** A value as Excel passes it to a custom function: a scalar, or null for an empty/omitted one. */
export type CellArg = string | number | boolean | null | undefined;

// ---------------------------------------------------------------------------------------------
// Rulebook and evaluators, cached

const rulebooks = new WeakMap<readonly RulebookFile[], Promise<Rulebook>>();
const evaluators = new WeakMap<Rulebook, Map<string, Evaluator>>();
const MAX_EVALUATORS = 32;

/** The rulebook of these files, loaded once (per files array). Throws a FunctionError if it has errors. */
export function rulebookOf(source: RulebookSource): Promise<Rulebook> {
  let promise = rulebooks.get(source.files);
  if (!promise) {
    promise = loadRulebook(source.folder, source.files).then(({ rulebook, issues }) => {
      if (rulebook) return rulebook;
      const errors = issues.filter((i) => i.severity === 'error');
      const shown = errors.slice(0, 3).map(formatIssue).join(' ');
      const more = errors.length > 3 ? ` (and ${errors.length - 3} more problems)` : '';
      throw new FunctionError(`The rulebook ${source.folder} cannot be used: ${shown}${more}`, 'notAvailable');
    });
    rulebooks.set(source.files, promise);
  }
  return promise;
}

function evaluatorFor(rulebook: Rulebook, overrides: Overrides): Evaluator {
  let cache = evaluators.get(rulebook);
  if (!cache) evaluators.set(rulebook, (cache = new Map()));
  const key = JSON.stringify({ scenario: overrides.scenario?.name ?? null, set: overrides.set ?? {} });
  let evaluator = cache.get(key);
  if (!evaluator) {
    const prepared = Evaluator.prepare(rulebook, overrides);
    if (!prepared.ok) throw new FunctionError(prepared.problems.join(' '));
    evaluator = prepared.evaluator;
    if (cache.size >= MAX_EVALUATORS) cache.delete(cache.keys().next().value as string);
    cache.set(key, evaluator);
  }
  return evaluator;
}

// ---------------------------------------------------------------------------------------------
// Arguments

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** "a", "b" or "c" */
function orList(items: readonly string[]): string {
  const quoted = items.map((i) => `"${i}"`);
  if (quoted.length <= 1) return quoted[0] ?? '(none)';
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function subjectOf(rulebook: Rulebook, name: string): Subject {
  const subject = rulebook.subjects.get(name);
  if (!subject) {
    throw new FunctionError(`The rulebook ${rulebook.folder} has no "${name}" rows, which this function needs; its subjects are ${orList([...rulebook.subjects.keys()])}.`, 'notAvailable');
  }
  return subject;
}

function columnOf(subject: Subject, name: string): ColumnSpec {
  const column = subject.columns.find((c) => c.name === name);
  if (!column) throw new FunctionError(`The rulebook's ${subject.name} rows have no ${name} column, which this function needs.`, 'notAvailable');
  return column;
}

/** A cell a table row can hold, for an argument already checked against its column. */
function rawOf(value: FactValue, column: ColumnSpec): RawCell {
  if (value !== null && column.type === 'date') return { date: String(value) };
  return value;
}

/**
 * An argument read the way its column reads cells (rates as 0.025 or "2.5%", dates as serials
 * or "2025-09-16", categories by name or alias). Empty → null, or an error when `required`.
 */
function readArg(argName: string, value: unknown, column: ColumnSpec, required: boolean): FactValue {
  if (isEmpty(value)) {
    if (required) throw new FunctionError(`${argName} is empty: give ${describeType(column)}.`);
    return null;
  }
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new FunctionError(`${argName} must be a single value, not a range: give ${describeType(column)}.`);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new FunctionError(`${argName} is not a number Excel can pass: give ${describeType(column)}.`);
  }
  if (column.type === 'date' && typeof value === 'number' && (value < 1 || value >= 2958466)) {
    throw new FunctionError(`${argName} is ${value}, which is not an Excel date: give a date such as DATE(2025,9,16) or "2025-09-16".`);
  }
  let result: ReturnType<typeof coerceCell>;
  try {
    result = coerceCell(value, column, { date1904: false });
  } catch (err) {
    // fromSpreadsheetSerial throws for serial 60, Excel's phantom 1900-02-29.
    throw new FunctionError(`${argName}: ${(err as Error).message}; give a date such as DATE(2025,9,16) or "2025-09-16".`);
  }
  if (!result.ok) throw new FunctionError(`${argName}: ${result.problem}`);
  if (result.value === null && required) throw new FunctionError(`${argName} is empty: give ${describeType(column)}.`);
  return result.value;
}

const DATE_COLUMN: ColumnSpec = { name: 'date', header: 'Date', type: 'date' };

/** A date argument (serial or ISO text) as an ISO date; `fallback` when empty, else an error. */
export function dateArg(argName: string, value: unknown, fallback?: IsoDate): IsoDate {
  if (isEmpty(value) && fallback !== undefined) return fallback;
  return readArg(argName, value, DATE_COLUMN, true) as IsoDate;
}

/** Today's date where the function runs (the workbook user's local date). */
export function today(now: Date = new Date()): IsoDate {
  return isoFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

function scenarioOverrides(rulebook: Rulebook, scenario: unknown): Overrides {
  if (isEmpty(scenario)) return {};
  if (typeof scenario !== 'string') {
    throw new FunctionError(`scenario must be the name of one of the rulebook's scenarios: ${orList([...rulebook.scenarios.keys()])}.`);
  }
  const wanted = scenario.trim();
  const found = rulebook.scenarios.get(wanted)
    ?? [...rulebook.scenarios.values()].find((s) => normalizeHeader(s.name) === normalizeHeader(wanted));
  if (!found) {
    throw new FunctionError(`There is no scenario "${wanted}" in the rulebook: use ${orList([...rulebook.scenarios.keys()])}, or leave scenario empty.`);
  }
  return { scenario: found };
}

// ---------------------------------------------------------------------------------------------
// Evaluating one row

/** The row's errors as one message, with positions given as the n-th value rather than a file line. */
function rowErrorMessage(result: RowResult): string {
  const text = result.errors.map((e) => e.message.replace(/^line \d+, field (\d+) /, 'value $1 ')).join(' ');
  return text || 'The row cannot be evaluated.';
}

/** Header matches, remembered per rulebook: a sheet's formulas pass the same headers thousands of times. */
const matches = new WeakMap<Rulebook, Map<string, ReturnType<Evaluator['match']>>>();

function matchOf(evaluator: Evaluator, table: Table, subject: string | undefined): ReturnType<Evaluator['match']> {
  let cache = matches.get(evaluator.rulebook);
  if (!cache) matches.set(evaluator.rulebook, (cache = new Map()));
  const key = JSON.stringify([subject ?? null, table.headers]);
  let matched = cache.get(key);
  if (!matched) {
    matched = evaluator.match(table, subject);
    if (cache.size >= 256) cache.delete(cache.keys().next().value as string);
    cache.set(key, matched);
  }
  return matched;
}

async function evaluateRow(evaluator: Evaluator, table: Table, subject: string | undefined, asOf: IsoDate): Promise<RowResult> {
  const matched = matchOf(evaluator, table, subject);
  if (!matched.ok) throw new FunctionError(matched.problem.replace(/, or choose the sheet with --sheet\.$/, '.'));
  const row = table.rows[0];
  if (!row) throw new FunctionError('There is no row to evaluate.');
  // The compiled evaluator (compiled once per rulebook and scenario, cached above).
  const result = await evaluator.evaluateRow(table, matched.match, row, asOf);
  if (result.status === 'invalid') throw new FunctionError(rowErrorMessage(result));
  return result;
}

/** Why an output is empty, from the rules that applied (or a plain sentence). */
function whyEmpty(result: RowResult, fallback: string): string {
  const messages = result.findings.map((f) => f.message).filter((m) => m.trim() !== '');
  return messages.length ? `${fallback} ${messages.join(' ')}` : fallback;
}

// ---------------------------------------------------------------------------------------------
// Tariff lines

/** Every output of a Japanese-origin tariff line with this column 1 rate, category and entry date. */
export async function tariffLine(source: RulebookSource, column1Rate: unknown, category: unknown, entryDate: unknown, scenario?: unknown): Promise<RowResult> {
  const rulebook = await rulebookOf(source);
  const subject = subjectOf(rulebook, 'tariffLine');
  const rateColumn = columnOf(subject, 'enteredColumn1Rate');
  const categoryColumn = columnOf(subject, 'category');
  const dateColumn = columnOf(subject, 'entryDate');
  const rate = readArg('column1Rate', column1Rate, rateColumn, true);
  const cat = readArg('category', category, categoryColumn, true);
  const entered = readArg('entryDate', entryDate, dateColumn, true) as IsoDate;
  const evaluator = evaluatorFor(rulebook, scenarioOverrides(rulebook, scenario));
  const table = oneRowTable('CLAUSE.TOTALRATE', [
    [columnOf(subject, 'htsCode').header, 'formula'],
    [columnOf(subject, 'countryOfOrigin').header, 'JP'],
    [categoryColumn.header, rawOf(cat, categoryColumn)],
    [rateColumn.header, rawOf(rate, rateColumn)],
    [dateColumn.header, rawOf(entered, dateColumn)],
  ]);
  return evaluateRow(evaluator, table, subject.name, entered);
}

function rateOutput(result: RowResult, name: string, title: string): number {
  const value = result.outputs[name];
  if (typeof value === 'number') return value;
  throw new FunctionError(whyEmpty(result, `The rulebook gives no ${title} for this line.`), 'notAvailable');
}

/** CLAUSE.TOTALRATE: the total rate (column 1 plus additional duty) of a Japanese-origin line, as a fraction. */
export async function totalRate(source: RulebookSource, column1Rate: unknown, category: unknown, entryDate: unknown, scenario?: unknown): Promise<number> {
  return rateOutput(await tariffLine(source, column1Rate, category, entryDate, scenario), 'totalRate', 'total rate');
}

/** CLAUSE.ADDITIONALRATE: the additional duty rate on top of column 1, as a fraction. */
export async function additionalRate(source: RulebookSource, column1Rate: unknown, category: unknown, entryDate: unknown, scenario?: unknown): Promise<number> {
  return rateOutput(await tariffLine(source, column1Rate, category, entryDate, scenario), 'additionalRate', 'additional duty rate');
}

// ---------------------------------------------------------------------------------------------
// Funding deadline

/** The calendar name as the rulebook spells it (`us+jp` → `US+JP`), or an error listing them. */
function calendarArg(rulebook: Rulebook, calendar: unknown): string | undefined {
  if (isEmpty(calendar)) return undefined;
  const names = [...rulebook.calendars.keys()];
  const wanted = String(calendar).trim();
  const key = (s: string) => s.toUpperCase().replace(/\s+/g, '');
  const found = names.find((n) => key(n) === key(wanted));
  if (!found) throw new FunctionError(`calendar "${wanted}" is not a calendar of the rulebook: use ${orList(names)}, or leave it empty for the rulebook's default.`);
  return found;
}

function daysArg(days: unknown): number | undefined {
  if (isEmpty(days)) return undefined;
  const n = typeof days === 'number' ? days : typeof days === 'string' ? Number(days.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 3660) {
    throw new FunctionError(`days must be a whole number of days from 1 to 3660, such as 45 or 60; got ${typeof days === 'string' ? JSON.stringify(days) : String(days)}.`);
  }
  return n;
}

/**
 * CLAUSE.FUNDINGDEADLINE: the funding deadline of a project selected on `noticeDate`, as an
 * Excel date serial; `days` and `calendar` override fundingPeriod.days and fundingPeriod.calendar.
 */
export async function fundingDeadline(source: RulebookSource, noticeDate: unknown, days?: unknown, calendar?: unknown): Promise<number> {
  const rulebook = await rulebookOf(source);
  const subject = subjectOf(rulebook, 'project');
  const dateColumn = columnOf(subject, 'selectionNoticeDate');
  const notice = readArg('noticeDate', noticeDate, dateColumn, true) as IsoDate;
  const set: Record<string, string | number> = {};
  const d = daysArg(days);
  if (d !== undefined) set['fundingPeriod.days'] = d;
  const c = calendarArg(rulebook, calendar);
  if (c !== undefined) set['fundingPeriod.calendar'] = c;
  const evaluator = evaluatorFor(rulebook, Object.keys(set).length ? { set } : {});
  const table = oneRowTable('CLAUSE.FUNDINGDEADLINE', [
    [columnOf(subject, 'project').header, 'formula'],
    [columnOf(subject, 'stage').header, 'selected'],
    [dateColumn.header, { date: notice }],
  ]);
  const result = await evaluateRow(evaluator, table, subject.name, notice);
  const deadline = result.outputs.fundingDeadline;
  if (typeof deadline !== 'string' || deadline === '') {
    throw new FunctionError(whyEmpty(result, `There is no funding deadline for a selection notice on ${notice}.`), 'notAvailable');
  }
  return toSpreadsheetSerial(deadline);
}

// ---------------------------------------------------------------------------------------------
// Status of a row

type Matrix = ReadonlyArray<ReadonlyArray<unknown>>;

/** A range (2-D array) or a single value as a flat list of cells. */
function flatten(value: unknown): unknown[] {
  if (Array.isArray(value)) return (value as unknown[]).flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
  return [value];
}

function cellOf(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: '#NUM!' };
  if (value instanceof Date) return { date: isoFromParts(value.getFullYear(), value.getMonth() + 1, value.getDate()) };
  return String(value);
}

function subjectArg(rulebook: Rulebook, subject: unknown): string | undefined {
  if (isEmpty(subject)) return undefined;
  const wanted = String(subject).trim();
  const names = [...rulebook.subjects.keys()];
  const found = names.find((n) => normalizeHeader(n) === normalizeHeader(wanted));
  if (!found) throw new FunctionError(`subject "${wanted}" is not a kind of row of the rulebook: use ${orList(names)}, or leave it empty to tell from the headers.`);
  return found;
}

/**
 * CLAUSE.STATUS: the status of one row in its subject's words (e.g. rated, awaiting-funding) given its
 * header cells and its value cells, as of `asOf` (today when empty). An invalid row is an error
 * with the row's messages.
 */
export async function rowStatus(source: RulebookSource, subject: unknown, headers: Matrix | unknown, values: Matrix | unknown, asOf?: unknown, now?: Date): Promise<string> {
  const rulebook = await rulebookOf(source);
  const name = subjectArg(rulebook, subject);
  const headerCells = flatten(headers);
  const valueCells = flatten(values);
  if (headerCells.length !== valueCells.length) {
    throw new FunctionError(`headers has ${headerCells.length} cells and values has ${valueCells.length}: give two ranges of the same size, such as A1:G1 and A5:G5.`);
  }
  if (headerCells.every(isEmpty)) throw new FunctionError('headers is empty: give the header row of the table, such as A1:G1.');
  const date = dateArg('asOf', asOf, today(now));
  const evaluator = evaluatorFor(rulebook, {});
  const table = oneRowTable('CLAUSE.STATUS', headerCells.map((h, i) => [isEmpty(h) ? '' : String(h).trim(), cellOf(valueCells[i])] as const));
  const result = await evaluateRow(evaluator, table, name, date);
  return result.subjectStatus;
}
