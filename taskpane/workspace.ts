/**
 * What the Excel pane and the standalone page share: the session (rulebook, as-of date, what-ifs)
 * and the panels that edit it — as-of date, scenario and parameters, column mapping, rulebook —
 * plus the summary, the explanation and the message bar. Each mode adds its own table source and
 * decides what "evaluate again" means.
 */
import { BUNDLED_RULEBOOK } from '../src/app/bundledRulebook';
import { Session, type ColumnMapping } from '../src/app/session';
import { makeBundle, type RulebookBundle } from '../src/core/rulebook/bundle';
import { formatIssue, type Issue } from '../src/core/rulebook/issues';
import type { RulebookFile } from '../src/core/rulebook/load';
import type { Overrides } from '../src/core/parameters';
import { AsOfInput, todayLocal } from './ui/asOfInput';
import { ExplanationView } from './ui/explanationView';
import { MappingEditor } from './ui/mappingEditor';
import { MessageBar } from './ui/messageBar';
import { RulebookPanel } from './ui/rulebookPanel';
import { SummaryView } from './ui/summaryView';
import { WhatIfPanel, type WhatIf } from './ui/whatIfPanel';

export interface WorkspaceHooks {
  /** The rulebook, the as-of date or the what-ifs changed: evaluate again what was evaluated. */
  sessionChanged(): void;
  /** The user edited the column mapping (null: match automatically again). */
  mappingChanged(subject: string, mapping: ColumnMapping | null): void;
  /** A rulebook was loaded by the user (to store with the workbook), or null: back to the bundled one. */
  rulebookChanged?(bundle: RulebookBundle | null): void | Promise<void>;
}

export interface RulebookSource {
  folder: string;
  files: RulebookFile[];
  /** Where it came from, as shown: "bundled with Clausewise", "loaded from rules.json". */
  origin: string;
  bundled: boolean;
}

export const BUNDLED: RulebookSource = { ...BUNDLED_RULEBOOK, origin: 'bundled with Clausewise', bundled: true };

export class Workspace {
  readonly messages = new MessageBar();
  readonly summary = new SummaryView();
  readonly explanation = new ExplanationView();
  readonly asOf: AsOfInput;
  readonly whatIf: WhatIfPanel;
  readonly mapping: MappingEditor;
  readonly rulebookPanel: RulebookPanel;
  private sessionValue: Session | undefined;

  constructor(private readonly hooks: WorkspaceHooks) {
    this.asOf = new AsOfInput(todayLocal(), (date) => {
      if (!this.sessionValue) return;
      this.sessionValue.asOf = date;
      this.whatIf.refresh();
      this.hooks.sessionChanged();
    });
    this.whatIf = new WhatIfPanel({
      apply: (next) => {
        const session = this.sessionValue;
        if (!session) return ['The rulebook is not loaded yet.'];
        const problems = session.setOverrides(this.overridesOf(session, next));
        if (problems.length === 0) queueMicrotask(() => this.hooks.sessionChanged());
        return problems;
      },
    });
    this.mapping = new MappingEditor({ change: (subject, mapping) => this.hooks.mappingChanged(subject, mapping) });
    this.rulebookPanel = new RulebookPanel({
      load: async (choice) => {
        const issues = await this.useRulebook({ folder: choice.folder, files: choice.files, origin: `loaded from ${choice.label}`, bundled: false });
        if (!issues.some((i) => i.severity === 'error')) await this.hooks.rulebookChanged?.(makeBundle(choice.folder, choice.files));
        return issues;
      },
      useBundled: async () => {
        await this.useRulebook(BUNDLED);
        this.rulebookPanel.clearProblems();
        await this.hooks.rulebookChanged?.(null);
      },
    });
  }

  get session(): Session | undefined {
    return this.sessionValue;
  }

  /**
   * Open a rulebook; on success it replaces the session (keeping the as-of date and the what-ifs
   * that still make sense) and the mode is told to evaluate again. On problems nothing changes.
   */
  async useRulebook(source: RulebookSource): Promise<Issue[]> {
    const opened = await Session.open(source.folder, source.files, this.asOf.value);
    if (!opened.ok) return opened.issues;
    const session = opened.session;
    const previous = this.whatIf.current;
    const kept: WhatIf = { scenario: session.rulebook.scenarios.has(previous.scenario) ? previous.scenario : '', set: {} };
    for (const [name, value] of Object.entries(previous.set)) if (session.rulebook.parameters.has(name)) kept.set[name] = value;
    const state = session.setOverrides(this.overridesOf(session, kept)).length ? { scenario: '', set: {} } : kept;
    if (state !== kept) session.setOverrides({});
    this.sessionValue = session;
    this.whatIf.build(session, state);
    this.rulebookPanel.show(session.rulebook, source.origin, source.bundled);
    this.hooks.sessionChanged();
    return [];
  }

  /** Open the first rulebook that loads: the one stored with the workbook, else the bundled one. */
  async start(stored?: RulebookSource): Promise<void> {
    if (stored) {
      const issues = await this.useRulebook(stored);
      if (!issues.some((i) => i.severity === 'error')) return;
      this.rulebookPanel.showProblems(`The rulebook stored in this workbook (${stored.folder}) has problems; the bundled one is used:`, issues.map(formatIssue));
    }
    const issues = await this.useRulebook(BUNDLED);
    if (issues.length) this.messages.show('error', 'The bundled rulebook could not be loaded.', issues.map(formatIssue));
  }

  private overridesOf(session: Session, w: WhatIf): Overrides {
    const scenario = w.scenario ? session.rulebook.scenarios.get(w.scenario) : undefined;
    return {
      ...(scenario ? { scenario: { name: scenario.name, definition: scenario.definition } } : {}),
      ...(Object.keys(w.set).length ? { set: { ...w.set } } : {}),
    };
  }
}
