/**
 * Statuses and rule outcomes as the pane shows them: a coloured chip with the status's own word
 * (the colour is never the only carrier of meaning).
 */
import { STATUSES, type Outcome, type Status } from '../../src/core/rulebook/schema';
import { h } from './dom';

export { STATUSES };

export function statusChip(status: Status | Outcome, text: string = status): HTMLElement {
  return h('span', { class: `cw-chip cw-chip--${status}`, attrs: { 'data-status': status } }, text);
}
