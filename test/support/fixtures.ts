/**
 * Fixtures shared by the rulebook, evaluation and CLI tests: the real rulebook's files read from
 * rules/us-japan-2025, one-place text edits whose line and column can be computed from the text
 * written, in-memory tables typed the way a user would type them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { RulebookFile } from '../../src/core/rulebook/load';
import type { RawCell, Table } from '../../src/core/table';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules', 'us-japan-2025', 'rulebook.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`No Clausewise repository above ${start}`);
    dir = up;
  }
}

/** The repository root (tests run from build/test, so found by walking up). */
export const REPO_ROOT = findRepoRoot(__dirname);
/** The bundled rulebook folder. */
export const RULEBOOK_DIR = join(REPO_ROOT, 'rules', 'us-japan-2025');
/** How the tests name the rulebook folder to loadRulebook: every issue's file starts with it. */
export const FOLDER = 'us-japan-2025';

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, out);
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Every .json file of the real rulebook, with its path inside the folder (`rules/x.json`). */
export function realRulebookFiles(): RulebookFile[] {
  return listFiles(RULEBOOK_DIR)
    .filter((p) => p.endsWith('.json'))
    .sort()
    .map((p) => ({ path: relative(RULEBOOK_DIR, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
}

/** SHA-256 of every file under `dir` by relative path: to prove a run modified nothing. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of listFiles(dir).sort()) out[relative(dir, p).split(sep).join('/')] = createHash('sha256').update(readFileSync(p)).digest('hex');
  return out;
}

/** 1-based line and column of `offset` in `text`, counted independently of the code under test. */
export function position(text: string, offset: number): { line: number; column: number } {
  assert.ok(offset >= 0 && offset <= text.length, `offset ${offset} outside the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export interface Edit {
  files: RulebookFile[];
  /** The edited file's new text. */
  text: string;
  /** Where the replacement starts in the new text. */
  offset: number;
  /** The replacement text. */
  to: string;
}

/** Replace the one occurrence of `from` in file `path` (fails when it is absent or not unique). */
export function edit(files: readonly RulebookFile[], path: string, from: string, to: string): Edit {
  const file = files.find((f) => f.path === path);
  assert.ok(file, `no file ${path} in the rulebook`);
  const first = file.text.indexOf(from);
  assert.ok(first >= 0, `${JSON.stringify(from)} not found in ${path}`);
  assert.equal(file.text.indexOf(from, first + 1), -1, `${JSON.stringify(from)} occurs more than once in ${path}`);
  const text = file.text.slice(0, first) + to + file.text.slice(first + from.length);
  return { files: files.map((f) => (f.path === path ? { path, text } : f)), text, offset: first, to };
}

/** Line and column of `token` inside the replacement an edit wrote (its `nth` occurrence there, 0-based). */
export function positionIn(e: Edit, token: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = e.to.indexOf(token, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(token)} (occurrence ${nth}) not in the replacement ${JSON.stringify(e.to)}`);
  }
  return position(e.text, e.offset + at);
}

/** A table as a reader would produce it: headers as a user types them, one data row per array. */
export function makeTable(headers: string[], rows: RawCell[][], options: { source?: string; sheet?: string } = {}): Table {
  return {
    source: options.source ?? 'input.csv',
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    headerRow: 1,
    headers,
    date1904: false,
    rows: rows.map((cells, i) => ({ row: i + 1, sourceRow: i + 2, cells })),
  };
}
