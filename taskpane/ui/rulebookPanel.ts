/**
 * The rulebook in use: the bundled one by default, or one the user loads (a rulebook file or a
 * folder). Every problem in a loaded rulebook is listed as file:line:column with its JSON path.
 */
import { formatIssue, type Issue } from '../../src/core/rulebook/issues';
import type { Rulebook } from '../../src/core/rulebook/model';
import { button, h, replace } from './dom';
import { readRulebookFile, readRulebookFolder, type RulebookChoice } from './rulebookFiles';

export interface RulebookPanelHooks {
  /** Open the chosen rulebook; resolves to its problems (empty when it was loaded). */
  load(choice: Extract<RulebookChoice, { ok: true }>): Promise<Issue[]>;
  /** Go back to the bundled rulebook. */
  useBundled(): Promise<void>;
}

export class RulebookPanel {
  readonly element: HTMLElement;
  private readonly info = h('div', { class: 'cw-rulebook-info' });
  private readonly problems = h('div', { class: 'cw-problems', hidden: true, attrs: { role: 'alert' } });
  private readonly bundledButton: HTMLButtonElement;

  constructor(private readonly hooks: RulebookPanelHooks) {
    const fileInput = h('input', { type: 'file', accept: '.json,application/json', class: 'cw-visually-hidden', tabIndex: -1, id: 'cw-rulebook-file', attrs: { 'aria-hidden': 'true' } });
    const folderInput = h('input', { type: 'file', class: 'cw-visually-hidden', tabIndex: -1, id: 'cw-rulebook-folder', multiple: true, attrs: { webkitdirectory: true, 'aria-hidden': 'true' } });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      fileInput.value = '';
      if (file) void this.choose(readRulebookFile(file));
    });
    folderInput.addEventListener('change', () => {
      const files = [...(folderInput.files ?? [])];
      folderInput.value = '';
      if (files.length) void this.choose(readRulebookFolder(files));
    });
    this.bundledButton = button('Use the bundled rulebook', () => void this.hooks.useBundled(), 'subtle');
    this.element = h('div', { class: 'cw-rulebook' },
      this.info,
      h('div', { class: 'cw-actions cw-actions--fill' },
        button('Load rulebook file…', () => fileInput.click(), 'default', { title: 'A rulebook file made with "clausewise bundle"' }),
        button('Load rulebook folder…', () => folderInput.click(), 'default', { title: 'A rulebook folder such as rules/us-japan-2025' }),
        this.bundledButton),
      fileInput, folderInput, this.problems);
  }

  /** Show the rulebook in use and where it came from. */
  show(rulebook: Rulebook, origin: string, bundled: boolean): void {
    const m = rulebook.manifest;
    replace(this.info,
      h('p', { class: 'cw-rulebook-info__title' }, m.title),
      h('p', { class: 'cw-secondary' }, `${m.id} ${m.version} · ${origin}`),
      h('p', { class: 'cw-secondary cw-mono', title: rulebook.digest }, `digest ${rulebook.digest.slice(0, 12)}`));
    this.bundledButton.hidden = bundled;
  }

  showProblems(title: string, issues: readonly string[]): void {
    replace(this.problems, h('p', { class: 'cw-problems__title' }, title), h('ul', { class: 'cw-problems__list' }, issues.map((i) => h('li', { class: 'cw-mono' }, i))));
    this.problems.hidden = false;
  }

  clearProblems(): void {
    this.problems.hidden = true;
    this.problems.replaceChildren();
  }

  private async choose(reading: Promise<RulebookChoice>): Promise<void> {
    const choice = await reading;
    if (!choice.ok) {
      this.showProblems('The rulebook could not be loaded:', [choice.problem]);
      return;
    }
    const issues = await this.hooks.load(choice);
    const errors = issues.filter((i) => i.severity === 'error');
    if (errors.length) this.showProblems(`${choice.label} has ${errors.length} problem${errors.length === 1 ? '' : 's'}; the rulebook in use is unchanged:`, issues.map(formatIssue));
    else this.clearProblems();
  }
}
