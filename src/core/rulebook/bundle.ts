/**
 * A rulebook as one file, for the task pane's "Load rulebook…" and for storing in a workbook:
 * `{ "clausewiseRulebook": 1, "folder": "us-japan-2025", "files": { "rulebook.json": "<text>", … } }`.
 * The files keep their exact text, so the digest is the same as the folder's.
 */
import type { RulebookFile } from './load';

export interface RulebookBundle {
  clausewiseRulebook: 1;
  folder: string;
  files: Record<string, string>;
}

export function makeBundle(folder: string, files: readonly RulebookFile[]): RulebookBundle {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { clausewiseRulebook: 1, folder, files: Object.fromEntries(sorted.map((f) => [f.path, f.text])) };
}

/** The folder name and files of a bundle file's text, or a sentence saying what is wrong with it. */
export function readBundle(text: string, name: string): { ok: true; folder: string; files: RulebookFile[] } | { ok: false; problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, problem: `${name} is not a JSON file. A rulebook file is made with "clausewise bundle DIR --out FILE".` };
  }
  const b = data as Partial<RulebookBundle> | null;
  if (!b || typeof b !== 'object' || b.clausewiseRulebook !== 1 || typeof b.files !== 'object' || b.files === null) {
    return { ok: false, problem: `${name} is not a Clausewise rulebook file (it has no "clausewiseRulebook": 1 and "files"). Make one with "clausewise bundle DIR --out FILE".` };
  }
  const files: RulebookFile[] = [];
  for (const [path, fileText] of Object.entries(b.files)) {
    if (typeof fileText !== 'string' || path.includes('..') || path.startsWith('/')) {
      return { ok: false, problem: `${name}: the entry "${path}" is not a rulebook file's text.` };
    }
    files.push({ path, text: fileText });
  }
  const folder = typeof b.folder === 'string' && b.folder.trim() ? b.folder.trim() : name.replace(/\.json$/i, '');
  return { ok: true, folder, files };
}
