/**
 * Writers of evaluation results that take them a chunk at a time, in input order, so that a
 * table of any length is written in bounded memory: CSV (csvResults.ts), an .xlsx workbook
 * (writeXlsxStream.ts) and the JSON report (jsonReport.ts).
 */
import type { RowResult } from '../core/engine/evaluator';
import type { Report } from '../core/report';
import type { TableRow } from '../core/table';

export interface ResultsWriter {
  /** The next rows of the table and their results (one each, same order). */
  write(rows: readonly TableRow[], results: readonly RowResult[]): Promise<void>;
  /** After the last rows: the report without its rows (the summary) completes the output. */
  finish(report: Omit<Report, 'rows'>): Promise<void>;
  /** Stop after a failure, leaving no partial file. */
  abort(): Promise<void>;
}
