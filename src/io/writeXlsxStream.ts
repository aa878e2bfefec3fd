/**
 * The results workbook (laid out by writeXlsx.ts) written as results come, through exceljs's
 * streaming writer (ExcelJS.stream.xlsx.WorkbookWriter): each Results row is committed as it is
 * written; the findings wait in a temporary file (one JSON line each) until the Results sheet is
 * complete, as the zip holds one sheet after the other.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import type { RowResult } from '../core/engine/evaluator';
import type { Subject } from '../core/rulebook/model';
import type { Report } from '../core/report';
import { resultColumns, type ResultColumn } from '../core/resultGrid';
import type { TableHead, TableRow } from '../core/table';
import { fileOutput, type Output } from './output';
import type { ResultsWriter } from './resultsWriter';
import { FINDINGS_HEADERS, findingRows, layOutFindings, layOutResults, layOutRun, resultsHeader, resultsRow, RESULTS_VIEWS, runFacts, statusColours } from './writeXlsx';

type SheetWriter = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

export class WorkbookResultsWriter implements ResultsWriter {
  private readonly columns: ResultColumn[];
  private rows = 0;

  private constructor(
    private readonly head: TableHead,
    private readonly subject: Subject,
    private readonly output: Output,
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly results: SheetWriter,
    private readonly folder: string,
    private readonly findings: Output,
  ) {
    this.columns = resultColumns(subject);
  }

  /** A workbook written to `output`, its Results sheet laid out for this table's columns. */
  static async open(head: TableHead, subject: Subject, output: Output): Promise<WorkbookResultsWriter> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output.stream, useStyles: true, useSharedStrings: false, creator: 'Clausewise' } as Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>);
    const sheet = workbook.addWorksheet('Results', { views: RESULTS_VIEWS });
    const columns = resultColumns(subject);
    // Columns are laid out before the first row: the streaming writer writes them first.
    layOutResults(sheet, head, columns);
    const header = sheet.addRow(resultsHeader(head, columns));
    header.font = { bold: true };
    header.commit();
    const folder = await mkdtemp(join(tmpdir(), 'clausewise-findings-'));
    return new WorkbookResultsWriter(head, subject, output, workbook, sheet, folder, fileOutput(join(folder, 'findings.jsonl')));
  }

  async write(rows: readonly TableRow[], results: readonly RowResult[]): Promise<void> {
    let findings = '';
    rows.forEach((row, i) => {
      const result = results[i];
      const values = resultsRow(this.head, this.columns, row, result);
      const added = this.results.addRow(values);
      values.forEach((v, c) => {
        if (v !== null) added.getCell(c + 1).style = this.styleOf(c, v instanceof Date);
      });
      added.commit();
      for (const f of result ? findingRows(result) : []) findings += `${JSON.stringify(f)}\n`;
    });
    this.rows += rows.length;
    if (findings) await this.findings.write(findings);
    await zipTaken(this.results);
    await this.output.drained();
  }

  /**
   * One style object per column (and per column for dates, which exceljs formats as dates when the
   * column has no format of its own): exceljs looks a cell's style up by the object's identity, and
   * would otherwise render each cell's own copy to XML to find its id (most of the writing time).
   */
  private styleOf(column: number, isDate: boolean): Partial<ExcelJS.Style> {
    const key = column * 2 + (isDate ? 1 : 0);
    let style = this.styles.get(key);
    if (!style) {
      style = { ...this.results.getColumn(column + 1).style };
      this.styles.set(key, style);
    }
    return style;
  }

  private readonly styles = new Map<number, Partial<ExcelJS.Style>>();

  async finish(report: Omit<Report, 'rows'>): Promise<void> {
    statusColours(this.results, this.head, this.subject, this.rows);
    this.results.commit();
    await this.findings.commit();

    const findings = this.workbook.addWorksheet('Findings', { views: RESULTS_VIEWS });
    layOutFindings(findings);
    const header = findings.addRow(FINDINGS_HEADERS);
    header.font = { bold: true };
    header.commit();
    const lines = createInterface({ input: createReadStream(join(this.folder, 'findings.jsonl')), crlfDelay: Infinity });
    let count = 0;
    for await (const line of lines) {
      findings.addRow(JSON.parse(line) as ExcelJS.CellValue[]).commit();
      if (++count % 2000 === 0) {
        await zipTaken(findings);
        await this.output.drained();
      }
    }
    findings.commit();

    const run = this.workbook.addWorksheet('Run');
    layOutRun(run);
    for (const m of runFacts(report, this.subject)) run.addRow(m).commit();
    run.commit();
    await this.workbook.commit();
    await rm(this.folder, { recursive: true, force: true });
    await this.output.commit();
  }

  async abort(): Promise<void> {
    await this.findings.abort();
    await rm(this.folder, { recursive: true, force: true });
    await this.output.abort();
  }
}

/** Bytes a sheet may have committed that the zip has not compressed yet. */
const ZIP_BACKLOG = 1 << 20;

/**
 * Until the zip has taken most of what the sheet committed. exceljs's sheet stream (a StreamBuf)
 * keeps what is committed until the zip reaches the sheet (the zip takes one sheet after the
 * other), then hands it on without waiting; so without this, bytes pile up in memory whenever rows
 * are committed faster than they are compressed (measured: 125 MB for 100,000 rows).
 * Reads exceljs 4.4's `stream.pipes`; without them, it only yields to the event loop.
 */
async function zipTaken(sheet: SheetWriter): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const stream = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream;
  if (!Array.isArray(stream?.pipes)) return;
  // The zip is still compressing an earlier sheet.
  while (stream.pipes.length === 0) await new Promise<void>((resolve) => setTimeout(resolve, 5));
  for (const pipe of stream.pipes as (NodeJS.EventEmitter & { _writableState?: { length: number } })[]) {
    while ((pipe._writableState?.length ?? 0) > ZIP_BACKLOG) await new Promise<void>((resolve) => pipe.once('drain', () => resolve()));
  }
}
