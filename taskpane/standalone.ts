/**
 * The standalone page (outside Excel): open an .xlsx/.csv file or the bundled sample, see it in a
 * grid, evaluate, edit cells with live re-evaluation of the edited row, download the results as a
 * new workbook. The opened file is never changed: the grid edits a copy of its table.
 */
import { mappingOf, type ColumnMapping, type Evaluation } from '../src/app/session';
import { formatNumber } from '../src/core/format';
import type { RowResult } from '../src/core/engine/evaluator';
import type { SubjectMatch } from '../src/core/match';
import { resultColumns } from '../src/core/resultGrid';
import type { Table } from '../src/core/table';
import { resultsWorkbook } from '../src/io/writeXlsx';
import { EvaluationQueue } from './evaluationQueue';
import { button, field, h, replace, section } from './ui/dom';
import { downloadBytes, XLSX_TYPE } from './ui/download';
import { WorkbookGrid } from './ui/grid';
import { openFile, type OpenedFile } from './ui/tableSource';
import { Workspace } from './workspace';

const SAMPLE_URL = 'samples/us-japan-2025.xlsx';
const SAMPLE_NAME = 'us-japan-2025.xlsx';

/** A full evaluation shows its progress (and Cancel) once it has run this long. */
const PROGRESS_AFTER_MS = 150;

/**
 * User Timing marks, read by `npm run bench` (scripts/bench-page.ts): `cw-edit` from a cell edit to
 * its row's new result in the grid, `cw-evaluate` from a full evaluation's start to the grid updated,
 * `cw-grid-update` the grid's own part of the latter (the results given to it, the rows in view redrawn).
 */
function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}

function measure(name: string, start: string): void {
  if (performance.getEntriesByName(start, 'mark').length === 0) return;
  performance.measure(name, start);
  performance.clearMarks(start);
}

interface Loaded {
  file: OpenedFile;
  sheet: string;
  table: Table;
  match?: SubjectMatch;
  results?: (RowResult | undefined)[];
}

export async function startStandalone(root: HTMLElement): Promise<void> {
  const page = new StandalonePage(root);
  await page.start();
}

class StandalonePage {
  private readonly ws: Workspace;
  private readonly grid: WorkbookGrid;
  private readonly queue: EvaluationQueue<{ loaded: Loaded; evaluation: Evaluation }, { loaded: Loaded; result: RowResult }>;
  private readonly remembered = new Map<string, { subject: string; mapping: ColumnMapping }>();
  private loaded: Loaded | undefined;
  private explainToken = 0;

  private readonly fileLabel = h('p', { class: 'cw-file', id: 'cw-file' }, 'No workbook open.');
  private readonly sheetSelect = h('select', { class: 'cw-select', id: 'cw-sheet', name: 'sheet', disabled: true });
  private readonly evaluateButton: HTMLButtonElement;
  private readonly downloadButton: HTMLButtonElement;
  private readonly gridHolder = h('div', { class: 'cw-grid-holder' });
  private readonly gridEmpty = h('p', { class: 'cw-secondary' }, 'Open a workbook, or the sample, to see its rows here.');
  /** Progress of a long full evaluation, with its Cancel button (hidden otherwise). */
  private readonly progressBar = h('progress', { class: 'cw-progress__bar', max: 1, value: 0, attrs: { 'aria-label': 'Rows evaluated' } });
  private readonly progressText = h('span', { class: 'cw-progress__text' }, '');
  private readonly progress = h('div', { class: 'cw-progress', id: 'cw-progress', hidden: true, attrs: { role: 'status' } },
    this.progressBar, this.progressText, button('Cancel', () => this.cancel(), 'default', { id: 'cw-cancel' }));

  constructor(private readonly root: HTMLElement) {
    this.ws = new Workspace({
      sessionChanged: () => this.sessionChanged(),
      mappingChanged: (subject, mapping) => this.mappingChanged(subject, mapping),
    });
    this.grid = new WorkbookGrid({
      edit: (row, column, text) => this.edit(row, column, text),
      select: (row) => void this.explain(row),
    });
    // Results are applied only to the table they were computed for (another sheet may be open by then).
    this.queue = new EvaluationQueue({
      all: (signal) => this.evaluateAll(signal),
      applyAll: ({ loaded, evaluation }) => {
        if (loaded === this.loaded) this.applyAll(loaded, evaluation);
      },
      rows: (rows) => this.evaluateRows(rows),
      applyRows: (results) => this.applyRows(results),
      failed: (error) => this.ws.messages.show('error', error instanceof Error ? error.message : String(error)),
    });
    this.evaluateButton = button('Evaluate', () => void this.evaluate(), 'primary', { id: 'cw-evaluate' });
    this.downloadButton = button('Download results (.xlsx)', () => void this.download(), 'default', { id: 'cw-download', disabled: true });
    this.layout();
  }

  async start(): Promise<void> {
    await this.ws.start();
  }

  // ---------------------------------------------------------------------------------------------
  // Layout

  private layout(): void {
    const fileInput = h('input', { type: 'file', accept: '.xlsx,.xlsm,.csv', class: 'cw-visually-hidden', tabIndex: -1, id: 'cw-file-input', attrs: { 'aria-hidden': 'true' } });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) void this.open(file.name, () => file.arrayBuffer());
    });
    this.sheetSelect.addEventListener('change', () => this.chooseSheet(this.sheetSelect.value));

    const workbook = section('Workbook', { id: 'cw-workbook' });
    workbook.body.append(
      h('div', { class: 'cw-actions cw-actions--fill' },
        button('Open the sample', () => void this.openSample(), 'default', { id: 'cw-open-sample', title: 'The US–Japan sample workbook: projects and tariff lines' }),
        button('Open workbook…', () => fileInput.click(), 'default', { id: 'cw-open-file', title: '.xlsx, .xlsm or .csv; the file itself is never changed' })),
      fileInput, this.fileLabel, field('Sheet', this.sheetSelect).element);

    const run = section('Evaluate', { id: 'cw-run' });
    run.body.append(this.ws.asOf.element,
      h('div', { class: 'cw-actions cw-actions--fill' }, this.evaluateButton, this.downloadButton),
      this.progress, this.ws.messages.element, this.ws.messages.announcer);

    const results = section('Results', { id: 'cw-results' });
    results.body.append(this.ws.summary.element, this.gridHolder);
    this.gridHolder.append(this.gridEmpty);

    const why = section('Explanation', { id: 'cw-why' });
    why.body.append(this.ws.explanation.element);

    const whatIf = section('What-if', { id: 'cw-what-if', collapsible: true, open: true });
    whatIf.body.append(this.ws.whatIf.element);
    const mapping = section('Columns', { id: 'cw-columns', collapsible: true });
    mapping.body.append(this.ws.mapping.element);
    const rulebook = section('Rulebook', { id: 'cw-rulebook', collapsible: true });
    rulebook.body.append(this.ws.rulebookPanel.element);

    const main = h('div', { class: 'cw-main' }, results.element, why.element);
    replace(this.root, workbook.element, run.element, main, whatIf.element, mapping.element, rulebook.element);
    this.root.classList.add('cw-app--standalone');
    this.root.dataset.mode = 'standalone';
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  private async openSample(): Promise<void> {
    await this.open(SAMPLE_NAME, async () => {
      const response = await fetch(SAMPLE_URL);
      if (!response.ok) throw new Error(`The sample workbook could not be fetched (${response.status} ${response.statusText}).`);
      return response.arrayBuffer();
    });
  }

  private async open(name: string, bytes: () => Promise<ArrayBuffer>): Promise<void> {
    this.ws.messages.clear();
    this.root.dataset.busy = 'true';
    try {
      const file = await openFile(name, await bytes());
      replace(this.sheetSelect, file.sheets.map((s) => h('option', { value: s }, s)));
      this.sheetSelect.disabled = file.sheets.length < 2;
      this.fileLabel.textContent = name;
      this.fileLabel.title = `${name} (read in this page; the file itself is never changed)`;
      const first = this.firstMatchingSheet(file);
      this.sheetSelect.value = first;
      this.loaded = undefined;
      this.show(file, first);
    } catch (error) {
      this.ws.messages.show('error', error instanceof Error ? error.message : String(error));
    } finally {
      if (!this.queue.busy) this.root.dataset.busy = 'false';
    }
  }

  /** The first sheet whose header row matches a subject of the rulebook; else the first sheet. */
  private firstMatchingSheet(file: OpenedFile): string {
    const session = this.ws.session;
    for (const sheet of file.sheets) {
      try {
        if (session?.match(file.read(sheet)).ok) return sheet;
      } catch {
        // an empty sheet: try the next
      }
    }
    return file.sheets[0] ?? '';
  }

  private chooseSheet(sheet: string): void {
    if (!this.loaded) return;
    this.ws.messages.clear();
    this.show(this.loaded.file, sheet);
  }

  private show(file: OpenedFile, sheet: string): void {
    let table: Table;
    try {
      table = file.read(sheet);
    } catch (error) {
      this.loaded = undefined;
      this.ws.messages.show('error', error instanceof Error ? error.message : String(error));
      this.gridHolder.replaceChildren(this.gridEmpty);
      return;
    }
    this.loaded = { file, sheet, table };
    this.grid.setTable(table, `${table.sheet ?? table.source}: ${table.rows.length} rows`);
    this.gridHolder.replaceChildren(this.grid.element);
    this.ws.summary.clear(`${table.rows.length} rows read from ${table.sheet ? `sheet ${table.sheet}` : table.source}. Evaluate to see their statuses.`);
    this.ws.explanation.clear();
    this.downloadButton.disabled = true;
    this.rematch();
  }

  private key(loaded: Loaded): string {
    return `${loaded.file.name}\u0000${loaded.sheet}`;
  }

  /** Match the table to a subject (with the mapping the user chose for it, if any) and show the mapping. */
  private rematch(): boolean {
    const loaded = this.loaded;
    const session = this.ws.session;
    if (!loaded || !session) return false;
    const remembered = this.remembered.get(this.key(loaded));
    const matched = session.match(loaded.table, remembered);
    if (!matched.ok) {
      loaded.match = undefined;
      this.ws.mapping.clear(matched.problem, session.rulebook);
      return false;
    }
    loaded.match = matched.match;
    this.ws.mapping.show(session.rulebook, loaded.table.headers, matched.match, mappingOf(matched.match, loaded.table.headers), remembered !== undefined);
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation

  private async evaluate(): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) {
      this.ws.messages.show('info', 'Open a workbook first, or the sample.');
      return;
    }
    this.ws.messages.clear();
    if (!this.rematch() || !loaded.match) {
      const sheet = loaded.table.sheet ? `Sheet ${loaded.table.sheet}` : loaded.table.source;
      this.ws.messages.show('error', `${sheet}: the columns do not match a kind of row of the rulebook. Choose one under Columns, or another sheet.`);
      const columns = this.root.querySelector<HTMLDetailsElement>('#cw-columns');
      if (columns) columns.open = true;
      return;
    }
    this.evaluateAllRows();
  }

  /** Start a full evaluation (a running one is stopped: the latest wins), timed as `cw-evaluate`. */
  private evaluateAllRows(): void {
    mark('cw-evaluate:start');
    void this.run(this.queue.evaluateAll());
  }

  private async evaluateAll(signal: AbortSignal): Promise<{ loaded: Loaded; evaluation: Evaluation }> {
    const loaded = this.loaded!;
    const started = performance.now();
    const total = loaded.table.rows.length;
    const onProgress = (done: number) => {
      // Shown only for runs long enough to notice.
      if (done >= total || performance.now() - started < PROGRESS_AFTER_MS) return;
      this.progress.hidden = false;
      this.progressBar.max = total;
      this.progressBar.value = done;
      this.progressText.textContent = `Evaluating ${formatNumber(done)} of ${formatNumber(total)} rows…`;
    };
    try {
      return { loaded, evaluation: await this.ws.session!.evaluate(loaded.table, loaded.match!, onProgress, signal) };
    } finally {
      this.progress.hidden = true;
    }
  }

  /** The user's Cancel: the results shown stay those of the last evaluation that finished. */
  private cancel(): void {
    if (!this.queue.evaluatingAll) return;
    this.queue.cancel();
    this.progress.hidden = true;
    this.ws.messages.show('info', 'Evaluation cancelled: the results shown are from the last evaluation that finished. Press Evaluate to run it again.');
  }

  private async evaluateRows(rows: number[]): Promise<Map<number, { loaded: Loaded; result: RowResult }>> {
    const loaded = this.loaded;
    const out = new Map<number, { loaded: Loaded; result: RowResult }>();
    if (!loaded?.match) return out;
    for (const [row, result] of await this.ws.session!.evaluateRows(loaded.table, loaded.match, rows)) out.set(row, { loaded, result });
    return out;
  }

  private applyAll(loaded: Loaded, evaluation: Evaluation): void {
    loaded.results = [...evaluation.results];
    const gridStart = performance.now();
    this.grid.setResults(resultColumns(evaluation.match.subject), loaded.results);
    performance.measure('cw-grid-update', { start: gridStart });
    this.ws.summary.show(evaluation.report, evaluation.match.subject);
    this.downloadButton.disabled = false;
    const missing = evaluation.match.missingRequired.map((c) => c.header);
    if (missing.length) this.ws.messages.show('warning', `The table has no column for ${missing.join(', ')}: its rows are invalid until one is chosen under Columns.`);
    this.ws.messages.announce(`Evaluated ${evaluation.results.length} rows as of ${evaluation.report.asOf}.`);
    measure('cw-evaluate', 'cw-evaluate:start');
    if (this.grid.selected >= 0) void this.explain(this.grid.selected);
  }

  private applyRows(results: Map<number, { loaded: Loaded; result: RowResult }>): void {
    const loaded = this.loaded;
    if (!loaded?.results || !loaded.match) return;
    let applied = false;
    for (const [row, { loaded: target, result }] of results) {
      if (target !== loaded) continue;
      applied = true;
      loaded.results[row] = result;
      this.grid.updateRow(row, result);
      this.ws.messages.announce(`Row ${result.row}: ${result.status}.`);
    }
    if (!applied) return;
    measure('cw-edit', 'cw-edit:start');
    this.ws.summary.show(this.ws.session!.report(loaded.table, loaded.match, loaded.results as RowResult[]), loaded.match.subject);
    if (results.has(this.grid.selected)) void this.explain(this.grid.selected);
  }

  private async run(work: Promise<void>): Promise<void> {
    this.setBusy(true);
    try {
      await work;
    } finally {
      if (!this.queue.busy) this.setBusy(false);
    }
  }

  private setBusy(busy: boolean): void {
    this.root.dataset.busy = String(busy);
    this.evaluateButton.setAttribute('aria-busy', String(busy));
    this.evaluateButton.textContent = busy && this.loaded ? 'Evaluating…' : 'Evaluate';
  }

  /** Rulebook, as-of date or what-ifs changed: evaluate again if the table was evaluated. */
  private sessionChanged(): void {
    const loaded = this.loaded;
    if (!loaded) return;
    this.rematch();
    if (loaded.results && loaded.match) this.evaluateAllRows();
  }

  private mappingChanged(subject: string, mapping: ColumnMapping | null): void {
    const loaded = this.loaded;
    if (!loaded) return;
    if (mapping === null) this.remembered.delete(this.key(loaded));
    else this.remembered.set(this.key(loaded), { subject, mapping });
    const ok = this.rematch();
    if (loaded.results && ok) this.evaluateAllRows();
  }

  /** A cell edited in the grid: the copy of the table changes (as typed: the core reads it), its row is re-evaluated. */
  private edit(row: number, column: number, text: string): void {
    const loaded = this.loaded;
    const target = loaded?.table.rows[row];
    if (!loaded || !target) return;
    target.cells[column] = text === '' ? null : text;
    mark('cw-edit:start');
    const live = loaded.results !== undefined && loaded.match !== undefined;
    this.grid.refreshCell(row, column, live);
    if (live) void this.run(this.queue.rowEdited(row));
  }

  private async explain(row: number): Promise<void> {
    const loaded = this.loaded;
    const session = this.ws.session;
    const token = ++this.explainToken;
    if (!loaded?.match || !loaded.results || !session) return;
    const explanation = await session.explain(loaded.table, loaded.match, row);
    if (token !== this.explainToken || !explanation) return;
    const source = loaded.table.rows[row];
    const where = `${loaded.table.sheet ? `sheet ${loaded.table.sheet}` : loaded.table.source}, row ${source?.sourceRow ?? row + 2}`;
    this.ws.explanation.show(explanation, where);
  }

  // ---------------------------------------------------------------------------------------------
  // Download

  private async download(): Promise<void> {
    await this.queue.idle();
    const loaded = this.loaded;
    const session = this.ws.session;
    if (!loaded?.match || !loaded.results || !session) return;
    const report = session.report(loaded.table, loaded.match, loaded.results as RowResult[]);
    const bytes = await resultsWorkbook(loaded.table, loaded.match.subject, report);
    const base = loaded.file.name.replace(/\.(xlsx|xlsm|csv|txt|tsv)$/i, '');
    const sheet = loaded.file.sheets.length > 1 ? `-${loaded.sheet.replace(/[^\w.-]+/g, '-')}` : '';
    downloadBytes(bytes, `${base}${sheet}-results.xlsx`, XLSX_TYPE);
    this.ws.messages.announce('Results downloaded.');
  }
}
