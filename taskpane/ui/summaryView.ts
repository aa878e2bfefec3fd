/**
 * The evaluation at a glance: rows per status as coloured chips, then the subject's totals
 * (money at risk, duty…), each saying how many rows it covers and how many had no value.
 */
import { formatMoney } from '../../src/core/format';
import type { Report } from '../../src/core/report';
import { h, replace } from './dom';
import { statusChip, STATUSES } from './status';

export class SummaryView {
  readonly element = h('div', { class: 'cw-summary', attrs: { 'aria-live': 'polite' } });

  constructor() {
    this.clear();
  }

  clear(text = 'Evaluate to see the rows per status and the money at risk.'): void {
    replace(this.element, h('p', { class: 'cw-secondary' }, text));
  }

  /** `subjectTitle`: what the rows are, as the rulebook says (e.g. "Investment project under the US$550 billion MOU"). */
  show(report: Report, subjectTitle?: string): void {
    const s = report.summary;
    const chips = STATUSES.filter((status) => s.byStatus[status] > 0 || status !== 'invalid')
      .map((status) => {
        const chip = statusChip(status, `${s.byStatus[status]} ${status}`);
        if (s.byStatus[status] === 0) chip.classList.add('cw-chip--zero');
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
        h('p', { class: 'cw-hint cw-summary__subject' }, subjectTitle ?? report.input.subject)),
      h('ul', { class: 'cw-chips', attrs: { 'aria-label': 'Rows per status' } }, chips),
      totals.length ? h('dl', { class: 'cw-totals' }, totals) : null,
      Object.keys(report.overrides).length
        ? h('p', { class: 'cw-hint' }, `What-if: ${Object.entries(report.overrides).map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')}`)
        : null);
  }
}
