/** `clausewise describe [DIR]`: the rulebook in plain words (Markdown), for review without reading JSON. */
import { describeRulebook } from '../../core/describe';
import type { ParsedArgs } from '../args';
import { loadOrExit, rulebookFolder, type Io } from '../context';

export async function describeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const rulebook = await loadOrExit(rulebookFolder(args, args.positional[0]), io);
  io.out(describeRulebook(rulebook));
  return 0;
}
