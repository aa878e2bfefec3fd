/**
 * Reading a rulebook folder from disk (Node only) and loading it with the pure loader.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { loadRulebook, type LoadResult, type RulebookFile } from '../core/rulebook/load';

/** The rulebook bundled with Clausewise, used when no --rulebook is given. */
export const DEFAULT_RULEBOOK = resolve(__dirname, '..', '..', '..', 'rules', 'us-japan-2025');

async function listJson(root: string, dir: string, out: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await listJson(root, full, out);
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
}

/** The rulebook's files, with paths relative to the folder (`rules/x.json`). */
export async function readRulebookFiles(folder: string): Promise<RulebookFile[]> {
  let info;
  try {
    info = await stat(folder);
  } catch {
    throw new Error(`There is no rulebook folder at ${folder}: give the folder that holds rulebook.json (for example rules/us-japan-2025).`);
  }
  if (!info.isDirectory()) throw new Error(`${folder} is a file; a rulebook is a folder holding rulebook.json, subjects.json, parameters.json and rules/.`);
  const paths: string[] = [];
  await listJson(folder, folder, paths);
  return Promise.all(paths.sort().map(async (p) => ({ path: relative(folder, p).split(sep).join('/'), text: await readFile(p, 'utf8') })));
}

/** How a folder is named in messages: relative to the working directory when inside it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : resolve(path);
}

export async function loadRulebookFolder(folder: string): Promise<LoadResult> {
  return loadRulebook(displayPath(folder), await readRulebookFiles(folder));
}
