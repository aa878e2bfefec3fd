/**
 * A tiny element builder for the pane: `h('button', { class: 'cw-button', onclick }, 'Evaluate')`.
 * Text children are text nodes, never HTML, so values from workbooks and rulebooks are always shown
 * as text.
 */
type Child = Node | string | number | null | undefined | false;

type Props<K extends keyof HTMLElementTagNameMap> = Partial<Omit<HTMLElementTagNameMap[K], 'style' | 'children'>> & {
  class?: string;
  /** Attributes set with setAttribute (aria-*, data-*, role, for…); null or undefined leaves one out. */
  attrs?: Record<string, string | number | boolean | null | undefined>;
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props<K> | null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    const { class: className, attrs, ...rest } = props;
    if (className) el.className = className;
    for (const [name, value] of Object.entries(attrs ?? {})) {
      if (value !== null && value !== undefined && value !== false) el.setAttribute(name, value === true ? '' : String(value));
    }
    Object.assign(el, rest);
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replace an element's content. */
export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let ids = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix: string): string {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A section of the pane with its heading; `collapsible` makes it a <details> (closed unless `open`). */
export function section(title: string, options: { id: string; collapsible?: boolean; open?: boolean; description?: string }): { element: HTMLElement; body: HTMLElement; heading: HTMLElement } {
  const body = h('div', { class: 'cw-section__body' });
  const intro = options.description ? h('p', { class: 'cw-secondary' }, options.description) : null;
  if (options.collapsible) {
    const heading = h('span', { class: 'cw-section__title' }, title);
    const element = h('details', { class: 'cw-section cw-section--collapsible', id: options.id, open: options.open === true },
      h('summary', { class: 'cw-section__summary' }, heading), intro, body);
    return { element, body, heading };
  }
  const headingId = `${options.id}-title`;
  const heading = h('h2', { class: 'cw-section__title', id: headingId }, title);
  const element = h('section', { class: 'cw-section', id: options.id, attrs: { 'aria-labelledby': headingId } }, heading, intro, body);
  return { element, body, heading };
}

/** A labelled form field: label above the control, an optional hint and an inline problem below it. */
export function field(label: string, control: HTMLElement, hint?: string): { element: HTMLElement; problem: HTMLElement; setProblem(text: string | null): void } {
  if (!control.id) control.id = uid('cw-field');
  const hintEl = hint ? h('p', { class: 'cw-hint', id: `${control.id}-hint` }, hint) : null;
  const problem = h('p', { class: 'cw-problem', id: `${control.id}-problem`, hidden: true, attrs: { role: 'alert' } });
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  const element = h('div', { class: 'cw-field' }, h('label', { class: 'cw-label', htmlFor: control.id }, label), control, hintEl, problem);
  return {
    element,
    problem,
    setProblem(text) {
      problem.textContent = text ?? '';
      problem.hidden = !text;
      if (text) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const described = [hintEl?.id, text ? problem.id : undefined].filter(Boolean).join(' ');
      if (described) control.setAttribute('aria-describedby', described);
      else control.removeAttribute('aria-describedby');
    },
  };
}

export function button(label: string, onClick: () => void, kind: 'primary' | 'default' | 'subtle' = 'default', extra?: Props<'button'>): HTMLButtonElement {
  return h('button', { type: 'button', class: `cw-button cw-button--${kind}`, onclick: onClick, ...extra }, label);
}
