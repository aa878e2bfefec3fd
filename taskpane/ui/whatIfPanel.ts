/**
 * What-if: a scenario of the rulebook and the parameters, each editable. The rule files are never
 * changed; the overrides apply to the following evaluations, as `--scenario` and `--set` do.
 */
import type { Session } from '../../src/app/session';
import { button, field, h, replace } from './dom';
import { ParameterEditor, type SetValue } from './parameterEditor';

export interface WhatIf {
  /** A scenario name of the rulebook, or '' for none. */
  scenario: string;
  set: Record<string, SetValue>;
}

export interface WhatIfHooks {
  /** Apply new overrides to the session; returns the problems (then nothing changed). */
  apply(next: WhatIf): string[];
}

export class WhatIfPanel {
  readonly element: HTMLElement;
  private readonly select = h('select', { class: 'cw-select', id: 'cw-scenario', name: 'scenario' });
  private readonly scenarioField;
  private readonly scenarioDescription = h('p', { class: 'cw-hint' });
  private readonly editor: ParameterEditor;
  private readonly paramsCount = h('span', { class: 'cw-count' });
  private readonly resetAll: HTMLButtonElement;
  private state: WhatIf = { scenario: '', set: {} };
  private session: Session | undefined;

  constructor(private readonly hooks: WhatIfHooks) {
    this.scenarioField = field('Scenario', this.select);
    this.scenarioField.element.appendChild(this.scenarioDescription);
    this.select.addEventListener('change', () => {
      const problems = this.apply({ ...this.state, scenario: this.select.value });
      this.scenarioField.setProblem(problems.length ? problems.join(' ') : null);
      if (problems.length) this.select.value = this.state.scenario;
    });
    this.editor = new ParameterEditor({
      change: (name, value) => {
        const set = { ...this.state.set };
        if (value === undefined) delete set[name];
        else set[name] = value;
        return this.apply({ ...this.state, set });
      },
    });
    this.resetAll = button('Reset all what-ifs', () => {
      this.apply({ scenario: '', set: {} });
      this.scenarioField.setProblem(null);
    }, 'subtle', { hidden: true });
    const params = h('details', { class: 'cw-subsection', id: 'cw-parameters' },
      h('summary', { class: 'cw-subsection__summary' }, 'Parameters ', this.paramsCount),
      h('p', { class: 'cw-hint' }, 'Values in force at the as-of date. A value you type replaces the parameter in every dated period, for this session only.'),
      this.editor.element);
    this.element = h('div', { class: 'cw-whatif' }, this.scenarioField.element, params, this.resetAll);
  }

  get current(): WhatIf {
    return this.state;
  }

  /** A new session (new rulebook): rebuild the scenario list and the parameter inputs. */
  build(session: Session, state: WhatIf): void {
    this.session = session;
    this.state = state;
    const scenarios = [...session.rulebook.scenarios.values()];
    replace(this.select,
      h('option', { value: '' }, 'None: the rulebook as written'),
      scenarios.map((s) => h('option', { value: s.name }, s.definition.title)));
    this.select.value = state.scenario;
    const views = session.parameters();
    this.paramsCount.textContent = `(${views.length})`;
    this.editor.build(session.rulebook, views, state.set);
    this.showState();
  }

  /** Values at the as-of date changed (as-of date or overrides): show them. */
  refresh(): void {
    if (!this.session) return;
    this.editor.refresh(this.session.parameters(), this.state.set);
    this.showState();
  }

  private apply(next: WhatIf): string[] {
    const problems = this.hooks.apply(next);
    if (problems.length === 0) this.state = next;
    this.refresh();
    return problems;
  }

  private showState(): void {
    const scenario = this.state.scenario ? this.session?.rulebook.scenarios.get(this.state.scenario) : undefined;
    this.scenarioDescription.textContent = scenario?.definition.description ?? 'Choose a what-if from the rulebook, or change parameters below.';
    this.select.value = this.state.scenario;
    this.resetAll.hidden = !this.state.scenario && Object.keys(this.state.set).length === 0;
  }
}
