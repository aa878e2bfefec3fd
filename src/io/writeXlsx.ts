/**
 * The results as a new .xlsx workbook: a Results sheet (the input columns as read, then Status,
 * outputs, Findings and Errors, typed and formatted), a Findings sheet (one row per finding with
 * its clause) and a Run sheet (rulebook, digest, as-of date, overrides). Never written over the input.
 *
 * Written as results come, through exceljs's streaming writer (ExcelJS.stream.xlsx.WorkbookWriter):
 * each Results row is committed as it is written; the findings wait in a temporary file (one JSON
 * line each) until the Results sheet is complete, as the zip holds one sheet after the other.
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
import { resultColumns, resultValue, type ResultColumn } from '../core/resultGrid';
import type { Status } from '../core/rulebook/schema';
import { statusFormula, wordsByMeaning } from '../core/statuses';
import type { RawCell, TableHead, TableRow } from '../core/table';
import { fileOutput, type Output } from './output';
import type { ResultsWriter } from './resultsWriter';

const FORMATS: Partial<Record<string, string>> = { rate: '0.0##%', money: '#,##0.##', date: 'yyyy-mm-dd', number: '#,##0.##' };
const STATUS_FILLS: Record<string, string> = {
  compliant: 'FFDFF6DD', pending: 'FFFFF4CE', breach: 'FFFDE7E9', 'not-applicable': 'FFF3F2F1', invalid: 'FFF1DFFA',
};
const FINDINGS_HEADERS = ['Row', 'Key', 'Rule', 'Clause', 'Outcome', 'Message'];
const FINDINGS_WIDTHS = [6, 30, 28, 40, 14, 100];

function utcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

function inputValue(cell: RawCell | undefined): ExcelJS.CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'object') return 'date' in cell ? utcDate(cell.date) : cell.error;
  return cell;
}

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
    const sheet = workbook.addWorksheet('Results', { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = resultColumns(subject);
    // Columns are laid out before the first row: the streaming writer writes them first.
    head.headers.forEach((h, c) => (sheet.getColumn(c + 1).width = Math.max(10, Math.min(40, h.length + 4))));
    const first = head.headers.length + 1;
    columns.forEach((column, k) => {
      const format = FORMATS[column.type];
      const col = sheet.getColumn(first + k);
      if (format) col.numFmt = format;
      const text = column.field === 'findings' || column.field === 'errors';
      col.width = text ? 80 : Math.max(12, column.title.length + 2);
      if (text) col.alignment = { wrapText: true, vertical: 'top' };
    });
    const header = sheet.addRow([...head.headers, ...columns.map((c) => c.title)]);
    header.font = { bold: true };
    header.commit();
    const folder = await mkdtemp(join(tmpdir(), 'clausewise-findings-'));
    return new WorkbookResultsWriter(head, subject, output, workbook, sheet, folder, fileOutput(join(folder, 'findings.jsonl')));
  }

  async write(rows: readonly TableRow[], results: readonly RowResult[]): Promise<void> {
    let findings = '';
    rows.forEach((row, i) => {
      const result = results[i];
      const values: ExcelJS.CellValue[] = this.head.headers.map((_, c) => inputValue(row.cells[c]));
      for (const column of this.columns) {
        const v = result ? resultValue(result, column) : null;
        values.push(column.type === 'date' && typeof v === 'string' ? utcDate(v) : v);
      }
      const added = this.results.addRow(values);
      values.forEach((v, c) => {
        if (v !== null) added.getCell(c + 1).style = this.styleOf(c, v instanceof Date);
      });
      added.commit();
      for (const f of result?.findings ?? []) findings += `${JSON.stringify([result!.row, result!.key, f.rule, f.clause, f.subjectStatus, f.message])}\n`;
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
    if (this.rows) {
      const letter = this.results.getColumn(this.head.headers.length + 1).letter;
      const words = wordsByMeaning(this.subject.statuses);
      this.results.addConditionalFormatting({
        ref: `${letter}2:${letter}${this.rows + 1}`,
        rules: Object.entries(STATUS_FILLS).flatMap(([status, color]) => {
          const these = words.get(status as Status);
          return these?.length ? [{ type: 'expression' as const, formulae: [statusFormula(`${letter}2`, these)], style: { fill: { type: 'pattern' as const, pattern: 'solid' as const, bgColor: { argb: color } } } }] : [];
        }).map((rule, i) => ({ ...rule, priority: i + 1 })),
      });
    }
    this.results.commit();
    await this.findings.commit();

    const findings = this.workbook.addWorksheet('Findings', { views: [{ state: 'frozen', ySplit: 1 }] });
    FINDINGS_WIDTHS.forEach((w, i) => (findings.getColumn(i + 1).width = w));
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
    run.getColumn(1).width = 28;
    run.getColumn(2).width = 80;
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

/** The Run sheet: what was evaluated, against which rulebook, as of when, and the counts. */
function runFacts(report: Omit<Report, 'rows'>, subject: Subject): [string, string][] {
  return [
    ['Rulebook', `${report.rulebook.id} ${report.rulebook.version}`],
    ['Rulebook digest (SHA-256)', report.rulebook.digest],
    ['As of', report.asOf],
    ['Overrides', Object.keys(report.overrides).length ? JSON.stringify(report.overrides) : 'none'],
    ['Input', `${report.input.file}${report.input.sheet ? ` — sheet ${report.input.sheet}` : ''}`],
    ['Subject', report.input.subject],
    ...Object.entries(report.summary.bySubjectStatus).filter(([, n]) => n > 0).map(([s, n]) => [`Rows ${s}${subject.statuses.meaning(s) === s ? '' : ` (${subject.statuses.meaning(s)})`}`, String(n)] as [string, string]),
  ];
}
