/**
 * Excel mode: the pane beside the workbook. Evaluate reads the table the selection is in (an Excel
 * table, or the used range with its header row), matches it with the mapping remembered in the
 * workbook, evaluates, and writes Status, the outputs and Findings in the add-in's own block beside
 * the table — or, if other data is in the way, writes nothing and says where. Then edits to input
 * cells re-evaluate their rows (live what-if, latest wins), and the selected row is explained.
 * All Office I/O goes through the adapters in src/excel.
 */
import { mappingOf, type ColumnMapping } from '../src/app/session';
import type { RowResult } from '../src/core/engine/evaluator';
import type { SubjectMatch } from '../src/core/match';
import type { Table } from '../src/core/table';
import { parseAreas, sheetAddress } from '../src/excel/a1';
import { attachLiveWhatIf, liveTableOf, LiveWhatIf } from '../src/excel/liveWhatIf';
import { clearMapping, loadMapping, loadRulebookChoice, mappingKey, saveMapping, saveRulebookChoice } from '../src/excel/mappingStore';
import { readRows, readTableFromSheet, type TableAddress } from '../src/excel/readTable';
import { blockRect, planResultBlock, writeResults, writeRows, type ResultBlock } from '../src/excel/writeResults';
import { button, h, section } from './ui/dom';
import { BUNDLED, Workspace, type RulebookSource } from './workspace';

interface Found {
  table: Table;
  address: TableAddress;
  key: string;
  match?: SubjectMatch;
  remembered: boolean;
}

interface Evaluated extends Found {
  match: SubjectMatch;
  results: RowResult[];
  block: ResultBlock;
}

interface Subscription {
  detach(): Promise<void>;
}

export async function startExcelMode(root: HTMLElement): Promise<void> {
  const pane = new ExcelPane(root);
  await pane.start();
}

function message(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

class ExcelPane {
  private readonly ws: Workspace;
  private readonly tableInfo = h('p', { class: 'cw-secondary', id: 'cw-table-info' }, 'Select a cell in your table, then Evaluate.');
  private readonly liveInfo = h('p', { class: 'cw-hint', id: 'cw-live-info' });
  private readonly evaluateButton: HTMLButtonElement;
  private found: Found | undefined;
  private evaluated: Evaluated | undefined;
  private live: LiveWhatIf | undefined;
  private subscriptions: Subscription[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private explainToken = 0;
  private selectedRow = -1;

  constructor(private readonly root: HTMLElement) {
    this.ws = new Workspace({
      sessionChanged: () => {
        if (this.evaluated) void this.evaluate();
        else if (this.found) this.rematch(this.found);
      },
      mappingChanged: (subject, mapping) => void this.mappingChanged(subject, mapping),
      rulebookChanged: (bundle) => this.excel((context) => saveRulebookChoice(context, bundle
        ? { kind: 'workbook', name: bundle.folder, files: bundle.files }
        : { kind: 'bundled', id: BUNDLED.folder })),
    });
    this.evaluateButton = button('Evaluate', () => void this.evaluate(), 'primary', { id: 'cw-evaluate' });
    this.layout();
  }

  async start(): Promise<void> {
    let stored: RulebookSource | undefined;
    try {
      const choice = await Excel.run((context) => loadRulebookChoice(context));
      if (choice?.kind === 'workbook') {
        stored = {
          folder: choice.name, files: Object.entries(choice.files).map(([path, text]) => ({ path, text })),
          origin: 'stored in this workbook', bundled: false,
        };
      }
    } catch (error) {
      this.ws.messages.show('warning', `The rulebook stored in this workbook could not be read: ${message(error)} The bundled rulebook is used.`);
    }
    await this.ws.start(stored);
    await this.find();
  }

  private layout(): void {
    const table = section('Table', { id: 'cw-table' });
    table.body.append(this.tableInfo, h('div', { class: 'cw-actions' }, button('Find the table again', () => void this.find(), 'subtle', { id: 'cw-find' })));

    const run = section('Evaluate', { id: 'cw-run' });
    run.body.append(this.ws.asOf.element, h('div', { class: 'cw-actions cw-actions--fill' }, this.evaluateButton), this.liveInfo,
      this.ws.messages.element, this.ws.messages.announcer);

    const results = section('Results', { id: 'cw-results' });
    results.body.append(this.ws.summary.element);
    const why = section('Explanation', { id: 'cw-why' });
    why.body.append(this.ws.explanation.element);
    this.ws.explanation.clear('Select a cell in a row of the table to see why it has its status, with the clauses cited.');

    const whatIf = section('What-if', { id: 'cw-what-if', collapsible: true });
    whatIf.body.append(this.ws.whatIf.element);
    const mapping = section('Columns', { id: 'cw-columns', collapsible: true });
    mapping.body.append(this.ws.mapping.element);
    const rulebook = section('Rulebook', { id: 'cw-rulebook', collapsible: true });
    rulebook.body.append(this.ws.rulebookPanel.element);

    this.root.replaceChildren(table.element, run.element, results.element, why.element, whatIf.element, mapping.element, rulebook.element);
    this.root.classList.add('cw-app--excel');
    this.root.dataset.mode = 'excel';
  }

  /** Excel.run with errors shown in the message bar. */
  private async excel<T>(work: (context: Excel.RequestContext) => Promise<T>): Promise<T | undefined> {
    try {
      return await Excel.run(work);
    } catch (error) {
      this.ws.messages.show('error', `Excel reported a problem: ${message(error)}`);
      return undefined;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Finding and matching the table

  /** Read the table (without writing anything) to show what was found and its mapping. */
  private async find(): Promise<Found | undefined> {
    const found = await this.excel(async (context) => {
      const read = await readTableFromSheet(context);
      if (!read.ok) {
        this.tableInfo.textContent = read.problem;
        return undefined;
      }
      const key = mappingKey(read.address);
      const stored = await loadMapping(context, key);
      const f: Found = { table: read.table, address: read.address, key, remembered: stored !== undefined };
      this.rematch(f, stored ? { subject: stored.subject, mapping: stored.columns } : undefined);
      return f;
    });
    this.found = found;
    if (found) {
      const a = found.address;
      const where = sheetAddress(a.sheetName, { row: a.firstRow, column: a.firstColumn, rowCount: a.rowCount, columnCount: a.columnCount });
      this.tableInfo.textContent = `${a.tableName ? `Excel table ${a.tableName}, ` : ''}${where}: ${found.table.rows.length} rows${found.match ? ` of ${found.match.subject.name}` : ''}.`;
    }
    return found;
  }

  private rematch(found: Found, remembered?: { subject: string; mapping: ColumnMapping }): void {
    const session = this.ws.session;
    if (!session) return;
    const matched = session.match(found.table, remembered ?? (found.match && found.remembered ? { subject: found.match.subject.name, mapping: mappingOf(found.match, found.table.headers) } : undefined));
    if (!matched.ok) {
      found.match = undefined;
      this.ws.mapping.clear(matched.problem, session.rulebook);
      return;
    }
    found.match = matched.match;
    this.ws.mapping.show(session.rulebook, found.table.headers, matched.match, mappingOf(matched.match, found.table.headers), found.remembered);
  }

  private async mappingChanged(subject: string, mapping: ColumnMapping | null): Promise<void> {
    const found = this.found;
    if (!found) return;
    await this.excel((context) => (mapping === null ? clearMapping(context, found.key) : saveMapping(context, found.key, { subject, columns: mapping })));
    found.remembered = mapping !== null;
    if (mapping === null) found.match = undefined;
    this.rematch(found, mapping === null ? undefined : { subject, mapping });
    if (this.evaluated) await this.evaluate();
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluating and writing

  /** Latest wins: asked again while running, it runs once more when the current run ends. */
  private evaluate(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      this.setBusy(true);
      try {
        do {
          this.again = false;
          await this.evaluateNow();
        } while (this.again);
      } finally {
        this.setBusy(false);
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private setBusy(busy: boolean): void {
    this.root.dataset.busy = String(busy);
    this.evaluateButton.setAttribute('aria-busy', String(busy));
    this.evaluateButton.textContent = busy ? 'Evaluating…' : 'Evaluate';
  }

  private async evaluateNow(): Promise<void> {
    const session = this.ws.session;
    if (!session) return;
    this.ws.messages.clear();
    await this.stopLive();
    const found = await this.find();
    if (!found) return;
    if (!found.match) {
      this.ws.messages.show('error', 'The table\'s headers do not match a kind of row of the rulebook. Choose one under Columns.');
      const columns = this.root.querySelector<HTMLDetailsElement>('#cw-columns');
      if (columns) columns.open = true;
      return;
    }
    const match = found.match;
    // Evaluated in slices (the pane stays responsive); a long run shows its progress on the button.
    const evaluation = await session.evaluate(found.table, match, (done, total) => {
      if (total > 2000 && done < total) this.evaluateButton.textContent = `Evaluating ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}…`;
    });
    const target = blockRect(planResultBlock(found.table, found.address, match.subject));
    const outcome = await this.excel((context) => writeResults(context, { table: found.table, address: found.address, subject: match.subject, results: evaluation.results }));
    if (!outcome) return;
    if (!outcome.ok) {
      // Nothing was written: say where the obstacle is (the problem names the cells), show no results.
      this.evaluated = undefined;
      this.liveInfo.textContent = '';
      this.ws.messages.show('error', outcome.problem);
      this.ws.summary.clear('No results were written.');
      return;
    }
    this.evaluated = { ...found, match, results: [...evaluation.results], block: outcome.block };
    this.ws.summary.show(evaluation.report, match.subject);
    const missing = match.missingRequired.map((c) => c.header);
    if (missing.length) this.ws.messages.show('warning', `The table has no column for ${missing.join(', ')}: its rows are invalid until one is chosen under Columns.`);
    this.ws.messages.announce(`Results written to ${sheetAddress(found.address.sheetName, target)}.`);
    this.liveInfo.textContent = `Results in ${sheetAddress(found.address.sheetName, target)}, owned by Clausewise. Editing a cell of the table re-evaluates its row.`;
    await this.startLive(this.evaluated);
    if (this.selectedRow >= 0) void this.explain(this.selectedRow);
  }

  // ---------------------------------------------------------------------------------------------
  // Live what-if and the selected row

  private async startLive(state: Evaluated): Promise<void> {
    const live = new LiveWhatIf({
      table: liveTableOf(state.table, state.address, state.block),
      reevaluate: (rows) => this.reevaluateRows(state, rows),
      onStructureChange: () => void this.evaluate(),
      onError: (error) => this.ws.messages.show('error', `A live update failed: ${message(error)}`),
    });
    this.live = live;
    const sheetName = state.address.sheetName;
    const changes = await this.excel((context) => attachLiveWhatIf(context, sheetName, live));
    if (changes) this.subscriptions.push(changes);
    const selection = await this.excel(async (context) => {
      const sheet = context.workbook.worksheets.getItem(sheetName);
      const registration = sheet.onSelectionChanged.add(async (args) => this.selectionChanged(state, args.address));
      await context.sync();
      return {
        async detach() {
          registration.remove();
          await registration.context.sync();
        },
      };
    });
    if (selection) this.subscriptions.push(selection);
  }

  private async stopLive(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (live) await live.idle();
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    for (const s of subscriptions) {
      try {
        await s.detach();
      } catch {
        // the sheet may be gone: nothing left to detach
      }
    }
    live?.stop();
  }

  /** Edited rows: read their cells, evaluate them, rewrite their results (as the add-in's own write). */
  private async reevaluateRows(state: Evaluated, rowIndexes: number[]): Promise<void> {
    const session = this.ws.session;
    const live = this.live;
    if (!session || !live || state !== this.evaluated) return;
    await Excel.run(async (context) => {
      const rows = await readRows(context, state.table, state.address, rowIndexes);
      rowIndexes.forEach((index, i) => {
        const row = rows[i];
        if (row) state.table.rows[index] = row;
      });
      const evaluated = await session.evaluateRows(state.table, state.match, rowIndexes);
      const indexes = rowIndexes.filter((i) => evaluated.has(i));
      const results = indexes.map((i) => evaluated.get(i)!);
      indexes.forEach((index, k) => (state.results[index] = results[k]!));
      await live.whileWriting(() => writeRows(context, state.block, indexes, results));
      this.ws.summary.show(session.report(state.table, state.match, state.results), state.match.subject);
      const changed = results.map((r) => `row ${r.row}: ${r.status}`).join(', ');
      if (changed) this.ws.messages.announce(`Re-evaluated ${changed}.`);
    });
    if (rowIndexes.includes(this.selectedRow)) void this.explain(this.selectedRow);
  }

  private selectionChanged(state: Evaluated, address: string): void {
    const area = parseAreas(address)?.[0];
    if (!area) return;
    const index = state.table.rows.findIndex((r) => r.sourceRow - 1 === area.row);
    if (index < 0 || index === this.selectedRow) return;
    this.selectedRow = index;
    void this.explain(index);
  }

  private async explain(index: number): Promise<void> {
    const state = this.evaluated;
    const session = this.ws.session;
    const token = ++this.explainToken;
    if (!state || !session) return;
    const explanation = await session.explain(state.table, state.match, index);
    if (token !== this.explainToken || !explanation) return;
    const row = state.table.rows[index];
    const a = state.address;
    const where = row ? sheetAddress(a.sheetName, { row: row.sourceRow - 1, column: a.firstColumn, rowCount: 1, columnCount: a.columnCount }) : `row ${index + 1}`;
    this.ws.explanation.show(explanation, where);
  }
}
