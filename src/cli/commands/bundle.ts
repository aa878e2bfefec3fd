/** `clausewise bundle [DIR] --out FILE`: the rulebook as one file, to load in the task pane or share. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { makeBundle } from '../../core/rulebook/bundle';
import { readRulebookFiles } from '../../io/rulebookFolder';
import { single, UsageError, type ParsedArgs } from '../args';
import { Exit, loadOrExit, rulebookFolder, type Io } from '../context';

export async function bundleCommand(args: ParsedArgs, io: Io): Promise<number> {
  const folder = rulebookFolder(args, args.positional[0]);
  const out = single(args, 'out');
  if (!out) throw new UsageError('Name the file to write with --out, for example --out us-japan-2025.rulebook.json');
  if (existsSync(out) && !args.flags.has('force')) throw new Exit(2, `${out} already exists; add --force to replace it.`);
  const rulebook = await loadOrExit(folder, io); // only a valid rulebook is bundled
  const bundle = makeBundle(basename(resolve(folder)), await readRulebookFiles(folder));
  await writeFile(out, `${JSON.stringify(bundle, null, 1)}\n`);
  io.err(`Wrote ${rulebook.manifest.id} ${rulebook.manifest.version} (${Object.keys(bundle.files).length} files, digest ${rulebook.digest.slice(0, 12)}) to ${out}.`);
  return 0;
}
