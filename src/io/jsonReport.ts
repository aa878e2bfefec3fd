/**
 * The JSON report, written as results come: its rows are kept in a temporary file until the
 * summary, which comes before them, is known; then the report is written out in order. The
 * bytes are those of `JSON.stringify(report, null, 2)` and a line end.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowResult } from '../core/engine/evaluator';
import type { Report } from '../core/report';
import type { TableRow } from '../core/table';
import { fileOutput, type Output } from './output';
import type { ResultsWriter } from './resultsWriter';

export class JsonReportWriter implements ResultsWriter {
  private rows = 0;

  private constructor(private readonly folder: string, private readonly spill: Output, private readonly output: Output) {}

  static async open(output: Output): Promise<JsonReportWriter> {
    const folder = await mkdtemp(join(tmpdir(), 'clausewise-report-'));
    return new JsonReportWriter(folder, fileOutput(join(folder, 'rows.json')), output);
  }

  async write(_rows: readonly TableRow[], results: readonly RowResult[]): Promise<void> {
    let text = '';
    for (const result of results) {
      // A row as JSON.stringify(report, null, 2) lays it out: two levels in, four spaces.
      text += `${this.rows++ === 0 ? '' : ',\n'}    ${JSON.stringify(result, null, 2).replace(/\n/g, '\n    ')}`;
    }
    if (text) await this.spill.write(text);
  }

  async finish(report: Omit<Report, 'rows'>): Promise<void> {
    await this.spill.commit();
    const empty = JSON.stringify({ ...report, rows: [] }, null, 2);
    if (!empty.endsWith('"rows": []\n}')) throw new Error('internal: the report must end with its rows');
    await this.output.write(empty.slice(0, -'[]\n}'.length));
    if (this.rows === 0) {
      await this.output.write('[]\n}\n');
    } else {
      await this.output.write('[\n');
      for await (const piece of createReadStream(join(this.folder, 'rows.json'))) await this.output.write(piece as Buffer);
      await this.output.write('\n  ]\n}\n');
    }
    await rm(this.folder, { recursive: true, force: true });
    await this.output.commit();
  }

  async abort(): Promise<void> {
    await this.spill.abort();
    await rm(this.folder, { recursive: true, force: true });
    await this.output.abort();
  }
}
