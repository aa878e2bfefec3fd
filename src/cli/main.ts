/**
 * The `clausewise` command. Messages, never stack traces: exit 0 when evaluated (whatever the
 * statuses), 2 for unusable input or rulebook, 1 when rule tests fail or on an internal error.
 */
import { parseArgs, UsageError } from './args';
import { Exit, processIo, type Io } from './context';
import { bundleCommand } from './commands/bundle';
import { describeCommand } from './commands/describe';
import { evaluateCommand } from './commands/evaluate';
import { explainCommand } from './commands/explain';
import { testCommand } from './commands/test';
import { validateCommand } from './commands/validate';

export const HELP = `clausewise — trade-agreement clauses as code, evaluated against spreadsheet rows

Usage:
  clausewise evaluate FILE [--sheet NAME] [--rulebook DIR] [--as-of YYYY-MM-DD]
                      [--set name=value]... [--scenario NAME|FILE]
                      [--format table|json|csv|xlsx] [--out FILE] [--force] [--subject NAME]
                      [--engine compiled|json-rules-engine] [--workers N] [--quiet]
  clausewise explain FILE --row N [same options as evaluate]
  clausewise validate [DIR]      check a rulebook: every problem with file:line:column
  clausewise test [DIR]          run the rulebook's test cases (N passed, M failed)
  clausewise describe [DIR]      the rulebook's sources, parameters and rules, for review
  clausewise bundle [DIR] --out FILE   the rulebook as one file, to load in the task pane
  clausewise help

FILE is a .csv or .xlsx file whose header row names the columns (first sheet unless --sheet).
The rulebook defaults to the bundled rules/us-japan-2025. --as-of defaults to today and is
printed with the results; pass it for reproducible runs. --set and --scenario change parameters
for one run only; the rule files are never modified. Rows are read, evaluated and written a chunk
at a time, in input order, so CSV files of millions of rows fit in memory (an .xlsx input is read whole); large files are evaluated by
--workers threads (default: one fewer than the processors; none with 2 or fewer). A progress line is shown on a terminal unless --quiet.
Rules are decided by the rulebook compiled into functions (--engine compiled, the default) or by
json-rules-engine (--engine json-rules-engine, the reference the compiled engine is tested against;
slower); both give the same results. A rule the compiler cannot compile is decided by
json-rules-engine, with a note saying so.

Exit codes: 0 evaluated (whatever the statuses), 2 unusable input or rulebook, 1 failed rule tests.`;

const COMMANDS: Record<string, (args: ReturnType<typeof parseArgs>, io: Io) => Promise<number>> = {
  evaluate: evaluateCommand,
  explain: explainCommand,
  validate: validateCommand,
  test: testCommand,
  describe: describeCommand,
  bundle: bundleCommand,
};

export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.has('version')) {
      io.out(require('../../../package.json').version as string);
      return 0;
    }
    if (!args.command || args.command === 'help' || args.flags.has('help')) {
      io.out(HELP);
      return args.command && args.command !== 'help' && !COMMANDS[args.command] ? 2 : 0;
    }
    const command = COMMANDS[args.command];
    if (!command) throw new UsageError(`"${args.command}" is not a command. Commands: ${Object.keys(COMMANDS).join(', ')}. Run "clausewise help".`);
    return await command(args, io);
  } catch (err) {
    if (err instanceof Exit) {
      if (err.message) io.err(err.message);
      return err.code;
    }
    if (err instanceof UsageError) {
      io.err(err.message);
      return 2;
    }
    io.err(`Clausewise stopped on an internal error: ${(err as Error)?.message ?? String(err)}. Please report it with the command you ran.`);
    if (process.env.CLAUSEWISE_DEBUG) io.err(String((err as Error)?.stack));
    return 1;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
