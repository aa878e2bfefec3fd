/**
 * Why the selected row came out as it did: its status and figures, the rules that applied with
 * their messages and clauses (linked to the source), then — folded — the rules that did not apply
 * with each condition and its actual value, the row's facts and the computed values.
 */
import type { ConditionLine, RowExplanation, RuleExplanation } from '../../src/core/explain';
import { h, replace } from './dom';
import { statusChip } from './status';

const MARK: Record<string, { sign: string; words: string; cls: string }> = {
  true: { sign: '✔', words: 'holds', cls: 'cw-cond--true' },
  false: { sign: '✘', words: 'does not hold', cls: 'cw-cond--false' },
  undefined: { sign: '·', words: 'not evaluated', cls: 'cw-cond--skipped' },
};

function conditions(lines: readonly ConditionLine[]): HTMLElement | null {
  if (!lines.length) return null;
  return h('ul', { class: 'cw-conditions' }, lines.map((line) => {
    const mark = MARK[String(line.result)]!;
    return h('li', { class: `cw-cond ${mark.cls}`, attrs: { style: `--depth:${line.depth}` } },
      h('span', { class: 'cw-cond__mark', attrs: { 'aria-hidden': 'true' } }, mark.sign),
      h('span', { class: 'cw-visually-hidden' }, `${mark.words}: `),
      h('span', { class: 'cw-cond__text' }, line.text));
  }));
}

function clause(rule: RuleExplanation): HTMLElement {
  const text = rule.clause;
  return h('p', { class: 'cw-clause' }, 'Clause: ',
    rule.url ? h('a', { href: rule.url, target: '_blank', rel: 'noopener noreferrer' }, text) : h('cite', null, text));
}

function ruleItem(rule: RuleExplanation, applied: boolean): HTMLElement {
  return h('li', { class: `cw-rule ${applied ? 'cw-rule--applied' : ''}`, attrs: { 'data-rule': rule.id } },
    h('div', { class: 'cw-rule__head' }, applied ? statusChip(rule.outcome, rule.subjectStatus) : null, h('span', { class: 'cw-rule__title' }, rule.title)),
    h('p', { class: 'cw-rule__id cw-mono' }, rule.id),
    applied && rule.message ? h('p', { class: 'cw-rule__message' }, rule.message) : null,
    clause(rule),
    rule.conditions.length
      ? h('details', { class: 'cw-rule__conditions' },
        h('summary', null, 'Conditions'), conditions(rule.conditions))
      : null);
}

function pairs(items: readonly { label: string; value: string; hint?: string }[]): HTMLElement {
  return h('dl', { class: 'cw-pairs' }, items.map((i) =>
    h('div', { class: 'cw-pairs__item' }, h('dt', null, i.label), h('dd', null, i.value, i.hint ? h('span', { class: 'cw-hint' }, ` ${i.hint}`) : null))));
}

/**
 * The explanation is not a live region: moving through the grid with the arrow keys would read
 * each row's whole explanation. A short summary is announced instead (row, key, status, how many
 * rules apply); the explanation itself is there to read.
 */
export class ExplanationView {
  private readonly content = h('div', { class: 'cw-explanation__content' });
  private readonly live = h('p', { class: 'cw-visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
  readonly element = h('div', { class: 'cw-explanation' }, this.content, this.live);

  constructor() {
    this.clear();
  }

  clear(text = 'Select a row to see why it has its status, with the clauses cited.'): void {
    replace(this.content, h('p', { class: 'cw-secondary' }, text));
    this.live.textContent = '';
  }

  /** What is announced when a row's explanation is shown. */
  static summary(x: RowExplanation): string {
    const applied = x.rules.filter((r) => r.applies).length;
    const key = x.key === null ? '' : ` ${String(x.key)},`;
    return `Row ${x.row}:${key} ${x.subjectStatus}; ${applied === 0 ? 'no rule applies' : applied === 1 ? '1 rule applies' : `${applied} rules apply`}.`;
  }

  /** `where` says where the row is: `Projects!A4` or `row 3`. */
  show(x: RowExplanation, where: string): void {
    const applied = x.rules.filter((r) => r.applies);
    const others = x.rules.filter((r) => !r.applies);
    this.live.textContent = ExplanationView.summary(x);
    replace(this.content,
      h('div', { class: 'cw-explanation__head' },
        h('h3', { class: 'cw-explanation__title' }, `Row ${x.row}: ${x.key === null ? '(no key)' : String(x.key)}`),
        statusChip(x.status, x.subjectStatus)),
      x.statusTitle !== x.subjectStatus ? h('p', { class: 'cw-hint cw-explanation__status' }, x.statusTitle) : null,
      h('p', { class: 'cw-secondary cw-explanation__meta' },
        `${where} · as of `, h('span', { class: 'cw-nowrap' }, x.asOf),
        ' · effective date ', h('span', { class: 'cw-nowrap' }, x.effectiveDate),
        x.effectiveDateColumn ? ` (${x.effectiveDateColumn})` : ''),
      x.errors.length ? h('div', { class: 'cw-message cw-message--error', attrs: { role: 'note' } }, h('ul', { class: 'cw-message__details' }, x.errors.map((e) => h('li', null, e)))) : null,
      h('h4', { class: 'cw-explanation__sub' }, applied.length ? `Rules that apply (${applied.length})` : 'No rule applies'),
      applied.length ? h('ul', { class: 'cw-rules' }, applied.map((r) => ruleItem(r, true))) : h('p', { class: 'cw-secondary' }, 'The status is the subject\'s default.'),
      x.outputs.length ? h('h4', { class: 'cw-explanation__sub' }, 'Figures') : null,
      x.outputs.length ? pairs(x.outputs.map((o) => ({ label: o.title, value: o.value }))) : null,
      others.length
        ? h('details', { class: 'cw-subsection' }, h('summary', { class: 'cw-subsection__summary' }, `Rules that do not apply (${others.length})`),
          h('ul', { class: 'cw-rules' }, others.map((r) => ruleItem(r, false))))
        : null,
      h('details', { class: 'cw-subsection' }, h('summary', { class: 'cw-subsection__summary' }, 'Facts of the row'),
        pairs(x.facts.map((f) => ({ label: f.header, value: f.value })))),
      x.computed.length
        ? h('details', { class: 'cw-subsection' }, h('summary', { class: 'cw-subsection__summary' }, 'Computed values'),
          pairs(x.computed.map((c) => ({ label: c.name, value: c.value, hint: c.clause }))))
        : null);
  }
}
