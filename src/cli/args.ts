/**
 * Command-line arguments: a command, positional arguments and --options (repeatable --set).
 */

export class UsageError extends Error {}

export interface ParsedArgs {
  command: string | undefined;
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/** Options that take a value; everything else starting with -- is a flag. */
const VALUE_OPTIONS = new Set(['sheet', 'rulebook', 'as-of', 'set', 'scenario', 'format', 'out', 'row', 'subject', 'engine', 'workers']);
const FLAGS = new Set(['help', 'version', 'force', 'no-color', 'quiet', 'verbose']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (FLAGS.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value.`);
      flags.add(name);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`Unknown option --${name}. Run "clausewise help" for the options.`);
    const value = eq !== -1 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { command: positional.shift(), positional, options, flags };
}

export function single(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  if (values && values.length > 1) throw new UsageError(`--${name} is given ${values.length} times; give it once.`);
  return values?.[0];
}

/** `--set a=1 --set b=25%` → { a: '1', b: '25%' } */
export function settings(args: ParsedArgs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of args.options.get('set') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: write --set name=value, for example --set fundingPeriod.days=60.`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}
