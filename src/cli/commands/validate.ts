/** `clausewise validate [DIR]`: every problem in every rulebook file, then exit 0 (valid, warnings or not) or 2. */
import type { ParsedArgs } from '../args';
import { loadWithWarningsOrExit, rulebookFolder, type Io } from '../context';
import { displayPath } from '../../io/rulebookFolder';

export async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const folder = rulebookFolder(args, args.positional[0]);
  const { rulebook, warnings } = await loadWithWarningsOrExit(folder, io);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  io.out(
    `${displayPath(folder)}: valid — ${rulebook.manifest.id} ${rulebook.manifest.version}, ${count(rulebook.subjects.size, 'subject')}, ` +
      `${count(rulebook.parameters.size, 'parameter')}, ${count(rulebook.calendars.size, 'calendar')}, ${count(rulebook.computed.size, 'computed value')}, ` +
      `${count(rulebook.rules.length, 'rule')}, ${count(rulebook.tests.length, 'test case')}, ${count(rulebook.scenarios.size, 'scenario')}.`,
  );
  if (warnings) io.out(`${count(warnings, 'warning')} (listed above): the rulebook can be used, but check each one.`);
  return 0;
}
