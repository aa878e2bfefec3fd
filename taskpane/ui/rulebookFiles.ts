/**
 * A rulebook chosen in the pane, as files for Session.open: a rulebook file (the one-file bundle
 * `clausewise bundle` writes) or a folder picked with <input webkitdirectory>.
 */
import { readBundle } from '../../src/core/rulebook/bundle';
import type { RulebookFile } from '../../src/core/rulebook/load';

export type RulebookChoice = { ok: true; folder: string; files: RulebookFile[]; label: string } | { ok: false; problem: string };

/** One .json rulebook file. */
export async function readRulebookFile(file: File): Promise<RulebookChoice> {
  const read = readBundle(await file.text(), file.name);
  return read.ok ? { ...read, label: file.name } : read;
}

/**
 * The files of a picked folder: the rulebook is the folder holding the shallowest rulebook.json
 * (so picking `rules/` or `rules/us-japan-2025/` both work); only its .json files are read.
 */
export async function readRulebookFolder(list: readonly File[]): Promise<RulebookChoice> {
  const withPath = list.map((file) => ({ file, path: (file.webkitRelativePath || file.name).replace(/\\/g, '/') }));
  const manifests = withPath
    .filter((f) => f.path === 'rulebook.json' || f.path.endsWith('/rulebook.json'))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const manifest = manifests[0];
  if (!manifest) {
    return { ok: false, problem: 'The folder has no rulebook.json: pick the rulebook folder itself, such as rules/us-japan-2025.' };
  }
  const root = manifest.path.slice(0, manifest.path.length - 'rulebook.json'.length);
  const folder = root.replace(/\/$/, '').split('/').pop() || 'rulebook';
  const files: RulebookFile[] = [];
  for (const f of withPath) {
    if (!f.path.startsWith(root) || !f.path.toLowerCase().endsWith('.json')) continue;
    files.push({ path: f.path.slice(root.length), text: await f.file.text() });
  }
  return { ok: true, folder, files, label: `folder ${folder}` };
}
