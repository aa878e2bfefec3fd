/**
 * The results as CSV, written as they come: resultsCsv's header and lines (resultGrid.ts),
 * the same bytes as resultsCsv gives for the whole table.
 */
import type { RowResult } from '../core/engine/evaluator';
import type { Subject } from '../core/rulebook/model';
import { resultColumns, resultsCsvHeader, resultsCsvLine, type ResultColumn } from '../core/resultGrid';
import type { TableHead, TableRow } from '../core/table';
import type { Output } from './output';
import type { ResultsWriter } from './resultsWriter';

export class CsvResultsWriter implements ResultsWriter {
  private readonly columns: ResultColumn[];
  private started = false;

  constructor(private readonly head: TableHead, subject: Subject, private readonly output: Output) {
    this.columns = resultColumns(subject);
  }

  async write(rows: readonly TableRow[], results: readonly RowResult[]): Promise<void> {
    let text = this.started ? '' : resultsCsvHeader(this.head, this.columns);
    this.started = true;
    rows.forEach((row, i) => (text += resultsCsvLine(this.head, this.columns, row, results[i])));
    await this.output.write(text);
  }

  async finish(): Promise<void> {
    if (!this.started) await this.write([], []);
    await this.output.commit();
  }

  abort(): Promise<void> {
    return this.output.abort();
  }
}
