/**
 * The CLAUSE.* custom functions, as Excel calls them. Thin wrappers: the work is in logic.ts
 * (pure, tested in Node) on the bundled rulebook, loaded once. The JSDoc below is the source of
 * dist/functions.json (custom-functions-metadata-plugin): ids, descriptions and parameters come
 * from it, and the plugin appends the CustomFunctions.associate calls for each @customfunction.
 *
 * In the shared runtime this script runs in the task pane page (taskpane.html). Outside Excel
 * (the standalone page, tests) office.js may be missing: a no-op stand-in keeps the page working.
 */
import { BUNDLED_RULEBOOK } from '../app/bundledRulebook';
import * as logic from './logic';

/** The parts of the custom functions runtime (office.js) used here. */
interface CustomFunctionsRuntime {
  associate(id: string, fn: (...args: never[]) => unknown): void;
  Error?: new (code: string, message?: string) => Error;
  ErrorCode?: { invalidValue: string; notAvailable: string };
}

const host = globalThis as { CustomFunctions?: CustomFunctionsRuntime };
if (typeof host.CustomFunctions === 'undefined') host.CustomFunctions = { associate: () => undefined };

/** An Excel error (#VALUE! or #N/A) carrying the message, when the runtime is there; the error itself otherwise. */
function excelError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const runtime = host.CustomFunctions;
  if (runtime?.Error && runtime.ErrorCode) {
    const notAvailable = err instanceof logic.FunctionError && err.code === 'notAvailable';
    return new runtime.Error(notAvailable ? runtime.ErrorCode.notAvailable : runtime.ErrorCode.invalidValue, message);
  }
  return err instanceof Error ? err : new Error(message);
}

async function call<T>(compute: () => Promise<T>): Promise<T> {
  try {
    return await compute();
  } catch (err) {
    throw excelError(err);
  }
}

/**
 * Total US tariff rate (column 1 plus the agreement's additional duty) of a Japanese-origin tariff line, as a fraction (0.15 = 15%).
 * @customfunction TOTALRATE
 * @param column1Rate The line's column 1 (MFN) rate: 0.025, 2.5% or "Free".
 * @param category The line's category: general, vehicle, auto-part, civil-aircraft, wood, generic-pharmaceutical, unavailable-natural-resource or steel-aluminum-copper.
 * @param entryDate Date of entry: an Excel date or "2025-09-16".
 * @param [scenario] Optional what-if scenario of the rulebook, such as "tariffs-reinstated".
 * @returns The total rate as a fraction; format the cell as a percentage.
 */
export async function totalRate(column1Rate: number | string, category: string, entryDate: number | string, scenario?: string): Promise<number> {
  return call(() => logic.totalRate(BUNDLED_RULEBOOK, column1Rate, category, entryDate, scenario));
}

/**
 * Additional duty rate that the agreement adds on top of the column 1 rate of a Japanese-origin tariff line, as a fraction.
 * @customfunction ADDITIONALRATE
 * @param column1Rate The line's column 1 (MFN) rate: 0.025, 2.5% or "Free".
 * @param category The line's category, such as general, vehicle or auto-part.
 * @param entryDate Date of entry: an Excel date or "2025-09-16".
 * @param [scenario] Optional what-if scenario of the rulebook, such as "tariffs-reinstated".
 * @returns The additional rate as a fraction; format the cell as a percentage.
 */
export async function additionalRate(column1Rate: number | string, category: string, entryDate: number | string, scenario?: string): Promise<number> {
  return call(() => logic.additionalRate(BUNDLED_RULEBOOK, column1Rate, category, entryDate, scenario));
}

/**
 * Funding deadline of an investment project selected on the notice date (45 US business days after the notice by default), as an Excel date.
 * @customfunction FUNDINGDEADLINE
 * @param noticeDate Date of the selection notice: an Excel date or "2026-02-17".
 * @param [days] Optional length of the funding period in days (default 45).
 * @param [calendar] Optional business-day calendar: US (default), JP, US+JP or US-FED.
 * @returns The deadline as an Excel date serial; format the cell as a date.
 */
export async function fundingDeadline(noticeDate: number | string, days?: number, calendar?: string): Promise<number> {
  return call(() => logic.fundingDeadline(BUNDLED_RULEBOOK, noticeDate, days, calendar));
}

/**
 * Status of one row of a table in its subject's words (such as rated, rate-unconfirmed, awaiting-funding or overdue), given its header cells and its value cells.
 * @customfunction STATUS
 * @param subject Kind of row: project or tariffLine; empty to tell from the headers.
 * @param headers The table's header cells, such as A1:G1.
 * @param values The row's cells, such as A5:G5 (same size as headers).
 * @param [asOf] Optional as-of date (default today).
 * @returns The row's status.
 */
export async function status(subject: string, headers: any[][], values: any[][], asOf?: number | string): Promise<string> {
  return call(() => logic.rowStatus(BUNDLED_RULEBOOK, subject, headers, values, asOf));
}
