/**
 * One input per rulebook parameter, showing its value in force at the as-of date (after the
 * scenario and the user's changes). A change is checked here first (parseSetting, the same reading
 * as `--set`), so a problem is shown at the parameter and nothing else changes.
 */
import type { ParameterView } from '../../src/app/session';
import { formatNumber, formatPercent } from '../../src/core/format';
import { parseSetting } from '../../src/core/parameters';
import type { Rulebook } from '../../src/core/rulebook/model';
import { button, h, uid } from './dom';

export type SetValue = string | number | boolean;

export interface ParameterEditorHooks {
  /** Apply the user's value for a parameter (undefined: back to the rulebook's); returns problems. */
  change(name: string, value: SetValue | undefined): string[];
}

interface Row {
  view: ParameterView;
  element: HTMLElement;
  control: HTMLInputElement | HTMLSelectElement;
  problem: HTMLElement;
  reset: HTMLButtonElement;
  badge: HTMLElement;
}

/** A parameter value as text in its input: rates as percentages, money with separators. */
export function showSetting(view: Pick<ParameterView, 'type' | 'value'>): string {
  const v = view.value;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number') {
    if (view.type === 'rate') return formatPercent(v);
    if (view.type === 'money') return formatNumber(v);
    return String(v);
  }
  return String(v);
}

export class ParameterEditor {
  readonly element = h('div', { class: 'cw-params' });
  private rows = new Map<string, Row>();

  constructor(private readonly hooks: ParameterEditorHooks) {}

  /** Build the inputs for a rulebook's parameters. */
  build(rulebook: Rulebook, views: readonly ParameterView[], userSet: Readonly<Record<string, SetValue>>): void {
    this.rows.clear();
    this.element.replaceChildren();
    const calendars = [...rulebook.calendars.keys()];
    for (const view of views) {
      const row = this.row(rulebook, view, calendars);
      this.rows.set(view.name, row);
      this.element.appendChild(row.element);
    }
    this.refresh(views, userSet);
  }

  /** Show the values in force now (after an as-of change or an override) without rebuilding. */
  refresh(views: readonly ParameterView[], userSet: Readonly<Record<string, SetValue>>): void {
    for (const view of views) {
      const row = this.rows.get(view.name);
      if (!row) continue;
      row.view = view;
      const control = row.control;
      // A value the user is typing, or one refused (its problem shown), stays as typed until fixed.
      const keep = control.getAttribute('aria-invalid') === 'true' || (document.activeElement === control && !(control instanceof HTMLSelectElement));
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = view.value === true;
      else if (!keep) control.value = showSetting(view);
      row.badge.hidden = !view.overridden;
      row.reset.hidden = !(view.name in userSet);
      row.element.classList.toggle('cw-param--changed', view.overridden);
    }
  }

  private row(rulebook: Rulebook, view: ParameterView, calendars: string[]): Row {
    const id = uid('cw-param');
    const def = rulebook.parameters.get(view.name)!.definition;
    let control: HTMLInputElement | HTMLSelectElement;
    if (view.type === 'boolean') {
      control = h('input', { type: 'checkbox', id, class: 'cw-checkbox' });
    } else if (view.type === 'enum' || view.type === 'calendar') {
      const options = view.type === 'enum' ? (view.allowed ?? []) : calendars;
      control = h('select', { id, class: 'cw-select' }, options.map((o) => h('option', { value: o }, o)));
    } else if (view.type === 'date') {
      control = h('input', { type: 'date', id, class: 'cw-input' });
    } else {
      control = h('input', {
        type: 'text', id, class: 'cw-input', spellcheck: false, autocomplete: 'off',
        placeholder: view.type === 'rate' ? 'e.g. 15%' : view.type === 'list' ? 'comma-separated' : 'none at this date',
      });
    }
    control.dataset.param = view.name;
    const problem = h('p', { class: 'cw-problem', id: `${id}-problem`, hidden: true, attrs: { role: 'alert' } });
    const description = h('p', { class: 'cw-param__description', id: `${id}-description` }, view.description);
    control.setAttribute('aria-describedby', description.id);
    const badge = h('span', { class: 'cw-badge cw-badge--changed' }, 'what-if');
    const reset = button('Reset', () => this.apply(view.name, undefined), 'subtle', { hidden: true, attrs: { 'aria-label': `Reset ${view.title}` } });
    const label = h('label', { class: 'cw-label', htmlFor: id }, view.title);
    const row: Row = {
      view, control, problem, reset, badge,
      element: h('div', { class: 'cw-param', attrs: { 'data-param': view.name } },
        h('div', { class: 'cw-param__head' }, label, view.uncertain ? h('span', { class: 'cw-badge', title: 'The source leaves this value uncertain; see the description.' }, 'uncertain') : null, badge),
        h('div', { class: 'cw-param__control' }, control, reset),
        h('p', { class: 'cw-param__name cw-mono' }, view.name),
        description, problem),
    };
    control.addEventListener('change', () => {
      let value: SetValue | undefined;
      if (control instanceof HTMLInputElement && control.type === 'checkbox') value = control.checked;
      else value = control.value.trim() === '' ? undefined : control.value.trim();
      if (value !== undefined) {
        const parsed = parseSetting(def, value, calendars);
        if (!parsed.ok) {
          this.setProblem(row, `${view.title}: ${parsed.problem}`);
          return;
        }
      }
      this.apply(view.name, value);
    });
    return row;
  }

  private apply(name: string, value: SetValue | undefined): void {
    const row = this.rows.get(name);
    if (!row) return;
    const problems = this.hooks.change(name, value);
    this.setProblem(row, problems.length ? problems.join(' ') : null);
  }

  private setProblem(row: Row, text: string | null): void {
    row.problem.textContent = text ?? '';
    row.problem.hidden = !text;
    row.control.setAttribute('aria-describedby', [row.control.getAttribute('aria-describedby')?.split(' ')[0], text ? row.problem.id : ''].filter(Boolean).join(' '));
    if (text) row.control.setAttribute('aria-invalid', 'true');
    else row.control.removeAttribute('aria-invalid');
  }
}
