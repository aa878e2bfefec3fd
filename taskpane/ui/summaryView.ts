/**
 * The evaluation at a glance: rows per status as coloured chips, then the subject's totals
 * (money at risk, duty…), each saying how many rows it covers and how many had no value.
 */
import { formatMoney } from '../../src/core/format';
import type { Report } from '../../src/core/report';
import { h, replace } from './dom';
import type { Subject } from '../../src/core/rulebook/model';
import { statusChip } from './status';

export class SummaryView {
  readonly element = h('div', { class: 'cw-summary', attrs: { 'aria-live': 'polite' } });

  constructor() {
    this.clear();
  }

  clear(text = 'Evaluate to see the rows per status and the money at risk.'): void {
    replace(this.element, h('p', { class: 'cw-secondary' }, text));
  }

  /** Rows per status in the subject's words (each chip coloured by the contract status it stands for, its title as tooltip). */
  show(report: Report, subject: Subject): void {
    const s = report.summary;
    const subjectTitle = subject.definition.title;
    // Only the statuses some row has: a subject's vocabulary can be long, and a row of zeros hides the answer.
    const chips = Object.entries(s.bySubjectStatus).filter(([, n]) => n > 0)
      .map(([word, n]) => {
        const chip = statusChip(subject.statuses.meaning(word), `${n} ${word}`);
        chip.title = subject.statuses.get(word)?.title ?? word;
        chip.dataset.word = word;
        return h('li', null, chip);
      });
    const totals = s.totals.map((t) => {
      const note = [`${t.rows} row${t.rows === 1 ? '' : 's'}`, t.rowsWithoutValue ? `${t.rowsWithoutValue} without a value` : ''].filter(Boolean).join(', ');
      return h('div', { class: 'cw-total', attrs: { 'data-total': t.field } },
        h('dt', { class: 'cw-total__title' }, t.title),
        h('dd', { class: 'cw-total__value' }, formatMoney(t.value), h('span', { class: 'cw-total__note' }, ` · ${note}`)));
    });
    replace(this.element,
      h('div', null,
        h('p', { class: 'cw-summary__head' }, `${s.rows} row${s.rows === 1 ? '' : 's'} as of `, h('span', { class: 'cw-nowrap' }, report.asOf)),
        h('p', { class: 'cw-hint cw-summary__subject' }, subjectTitle)),
      h('ul', { class: 'cw-chips', attrs: { 'aria-label': 'Rows per status' } }, chips),
      totals.length ? h('dl', { class: 'cw-totals' }, totals) : null,
      Object.keys(report.overrides).length
        ? h('p', { class: 'cw-hint' }, `What-if: ${Object.entries(report.overrides).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')}`)
        : null);
  }
}
