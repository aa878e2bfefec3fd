/**
 * The pane's message bar (Fluent MessageBar): one message at a time — an error that stopped an
 * action, a warning about the input, or a confirmation — with optional detail lines such as the
 * file:line:column of rulebook problems or the cells a write would overwrite.
 */
import { h, replace } from './dom';

export type MessageKind = 'error' | 'warning' | 'info' | 'success';

export class MessageBar {
  readonly element = h('div', { class: 'cw-message', hidden: true });
  private readonly live = h('div', { class: 'cw-visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });

  /** The live region announcing messages to screen readers; put it anywhere in the page. */
  get announcer(): HTMLElement {
    return this.live;
  }

  show(kind: MessageKind, text: string, details: readonly string[] = []): void {
    this.element.className = `cw-message cw-message--${kind}`;
    this.element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    this.element.dataset.kind = kind;
    const list = details.length
      ? h('ul', { class: 'cw-message__details' }, details.map((d) => h('li', null, d)))
      : null;
    replace(this.element, h('p', { class: 'cw-message__text' }, text), list);
    this.element.hidden = false;
  }

  clear(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
    delete this.element.dataset.kind;
  }

  /** Say something to screen readers only (e.g. "Row 3 re-evaluated: compliant"). */
  announce(text: string): void {
    this.live.textContent = text;
  }
}
