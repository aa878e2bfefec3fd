/** `clausewise test [DIR]`: run the rulebook's test cases; prints `N passed, M failed`. */
import { formatJsonPath } from '../../core/rulebook/issues';
import { runRuleTests } from '../../core/ruleTests';
import type { ParsedArgs } from '../args';
import { loadOrExit, rulebookFolder, type Io } from '../context';
import { terminalStyle, paintStatus } from '../terminal';

export async function testCommand(args: ParsedArgs, io: Io): Promise<number> {
  const rulebook = await loadOrExit(rulebookFolder(args, args.positional[0]), io);
  const style = terminalStyle(process.stdout, args.flags.has('no-color'));
  const outcomes = await runRuleTests(rulebook);
  let failed = 0;
  for (const o of outcomes) {
    const t = o.test;
    if (o.passed) {
      if (args.flags.has('verbose')) io.out(`  ${paintStatus('compliant', 'pass', style)}  ${t.definition.name}`);
      continue;
    }
    failed++;
    io.out(`  ${paintStatus('breach', 'FAIL', style)}  ${t.definition.name}  (${t.origin.file} ${formatJsonPath(t.origin.path)})`);
    for (const f of o.failures) io.out(`          ${f}`);
  }
  io.out(`${outcomes.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
