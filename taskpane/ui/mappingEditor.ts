/**
 * The column mapping: which kind of row the table holds (its subject) and, for each of the
 * subject's columns, the table header read for it — found automatically from the headers and
 * their aliases, editable here.
 */
import type { ColumnMapping } from '../../src/app/session';
import type { SubjectMatch } from '../../src/core/match';
import type { Rulebook } from '../../src/core/rulebook/model';
import { button, field, h, replace, uid } from './dom';

export interface MappingHooks {
  /** The user changed the subject or a column (mapping null: match automatically again). */
  change(subject: string, mapping: ColumnMapping | null): void;
}

const NONE = '\u0000none';

export class MappingEditor {
  readonly element: HTMLElement;
  private readonly subjectSelect = h('select', { class: 'cw-select', id: 'cw-subject', name: 'subject' });
  private readonly columns = h('div', { class: 'cw-mapping__columns' });
  private readonly notes = h('div', { class: 'cw-mapping__notes' });
  private readonly origin = h('p', { class: 'cw-hint' });
  private mapping: ColumnMapping = {};
  private subject = '';

  constructor(private readonly hooks: MappingHooks) {
    this.subjectSelect.addEventListener('change', () => this.hooks.change(this.subjectSelect.value, {}));
    this.element = h('div', { class: 'cw-mapping' },
      h('p', { class: 'cw-hint', id: 'cw-mapping-empty' }, 'Open a table to see how its columns are read.'),
      field('Rows are', this.subjectSelect).element,
      this.origin, this.columns, this.notes,
      h('div', { class: 'cw-actions' }, button('Match automatically', () => this.hooks.change(this.subject, null), 'subtle')));
    this.setEnabled(false);
  }

  /** Show a table's match; `remembered` says whether the mapping was edited by the user. */
  show(rulebook: Rulebook, headers: readonly string[], match: SubjectMatch, mapping: ColumnMapping, remembered: boolean): void {
    this.setEnabled(true);
    this.subject = match.subject.name;
    this.mapping = { ...mapping };
    replace(this.subjectSelect, [...rulebook.subjects.values()].map((s) => h('option', { value: s.name }, s.definition.title)));
    this.subjectSelect.value = match.subject.name;
    this.origin.textContent = remembered
      ? 'Mapping chosen by you and remembered for this table.'
      : 'Matched automatically from the headers (case, spaces and punctuation ignored).';
    const options = headers.map((header, i) => ({ header, label: header.trim() === '' ? `(column ${i + 1}, no header)` : header }));
    replace(this.columns, match.subject.columns.map((column) => {
      const id = uid('cw-map');
      const select = h('select', { class: 'cw-select', id, attrs: { 'data-column': column.name } },
        h('option', { value: NONE }, '(none)'),
        options.map((o) => h('option', { value: o.header }, o.label)));
      select.value = mapping[column.name] ?? NONE;
      select.addEventListener('change', () => {
        this.mapping = { ...this.mapping, [column.name]: select.value === NONE ? null : select.value };
        this.hooks.change(this.subject, this.mapping);
      });
      const aliases = column.aliases?.length ? `Also read from: ${column.aliases.join(', ')}.` : '';
      return h('div', { class: 'cw-mapping__row' },
        h('label', { class: 'cw-label', htmlFor: id }, column.header, column.required ? h('span', { class: 'cw-required', title: 'required' }, ' *') : null),
        select,
        aliases ? h('p', { class: 'cw-hint' }, `${column.type}. ${aliases}`) : h('p', { class: 'cw-hint' }, column.type));
    }));
    const missing = match.missingRequired.map((c) => c.header);
    replace(this.notes,
      missing.length ? h('p', { class: 'cw-problem' }, `No column for ${missing.join(', ')}: every row will be invalid until one is chosen.`) : null,
      match.unmatched.length ? h('p', { class: 'cw-hint' }, `Carried along, not evaluated: ${match.unmatched.join(', ')}.`) : null);
  }

  /** No table, or no subject matched: say so. */
  clear(problem?: string, rulebook?: Rulebook): void {
    this.setEnabled(rulebook !== undefined);
    if (rulebook) {
      replace(this.subjectSelect, h('option', { value: '' }, 'Choose…'), [...rulebook.subjects.values()].map((s) => h('option', { value: s.name }, s.definition.title)));
      this.subjectSelect.value = '';
    }
    this.columns.replaceChildren();
    replace(this.notes, problem ? h('p', { class: 'cw-problem' }, problem) : null);
    this.origin.textContent = '';
  }

  private setEnabled(enabled: boolean): void {
    this.element.querySelector<HTMLElement>('#cw-mapping-empty')!.hidden = enabled;
    this.subjectSelect.disabled = !enabled;
  }
}
