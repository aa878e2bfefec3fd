/**
 * Loading a rulebook from its files' text: parse each file with positions, validate it against
 * its zod schema, gather the definitions, then check every cross-reference. Pure: the caller
 * reads the files (from disk in the CLI, from the workbook or a bundle in the add-in).
 *
 * Layout of a rulebook folder:
 *   rulebook.json          id, title, version, source documents
 *   calendars.json         business-day calendars (optional)
 *   parameters.json        time-versioned parameters (or several files in parameters/)
 *   subjects.json          kinds of table row and their columns
 *   rules/*.json           computed values and rules
 *   tests/*.json           rule test cases (optional)
 *   scenarios/*.json       what-if scenarios (optional)
 */
import type { ColumnSpec } from '../columns';
import { StatusVocabulary } from '../statuses';
import { checkRulebook } from './check';
import { sortIssues, type Issue } from './issues';
import { issueAt, parseJsonSource, type JsonSource } from './jsonSource';
import type { Computed, Located, Rule, RuleTest, Rulebook, Scenario, Subject } from './model';
import {
  FILE_SCHEMAS, type CalendarDefinition, type ComputedDefinition, type FileKind, type Manifest,
  type ParameterDefinition, type RuleDefinition, type ScenarioDefinition, type SubjectDefinition, type TestCase,
} from './schema';
import { zodIssueToIssues } from './zodIssues';

export interface RulebookFile {
  /** Path inside the rulebook folder with `/` separators: `rules/funding-deadline.json`. */
  path: string;
  text: string;
}

export interface LoadResult {
  /** Present only when there is no error (warnings allowed). */
  rulebook?: Rulebook;
  issues: Issue[];
}

export function fileKind(path: string): FileKind | undefined {
  if (path === 'rulebook.json') return 'rulebook';
  if (path === 'calendars.json') return 'calendars';
  if (path === 'parameters.json' || /^parameters\/[^/]+\.json$/.test(path)) return 'parameters';
  if (path === 'subjects.json') return 'subjects';
  if (/^rules\/[^/]+\.json$/.test(path)) return 'rules';
  if (/^tests\/[^/]+\.json$/.test(path)) return 'tests';
  if (/^scenarios\/[^/]+\.json$/.test(path)) return 'scenario';
  return undefined;
}

interface ParsedFile {
  kind: FileKind;
  source: JsonSource;
  data: unknown;
}

/** `folder` is how the user named the rulebook folder; it prefixes every file name in messages. */
export async function loadRulebook(folder: string, files: readonly RulebookFile[]): Promise<LoadResult> {
  const issues: Issue[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parsed: ParsedFile[] = [];
  const sources = new Map<string, JsonSource>();
  const display = (path: string) => (folder ? `${folder.replace(/\/+$/, '')}/${path}` : path);

  for (const file of sorted) {
    if (!file.path.endsWith('.json')) continue;
    const kind = fileKind(file.path);
    const { source, issues: syntax } = parseJsonSource(display(file.path), file.text);
    sources.set(source.file, source);
    if (!kind) {
      issues.push(issueAt(source, [], 'This file is not part of the rulebook layout and is ignored: put rules in rules/, tests in tests/, scenarios in scenarios/.', 'warning'));
      continue;
    }
    if (syntax.length) {
      issues.push(...syntax);
      continue;
    }
    const schema = FILE_SCHEMAS[kind];
    const result = schema.safeParse(source.value, { reportInput: true });
    if (!result.success) {
      for (const zi of result.error.issues) issues.push(...zodIssueToIssues(source, schema, zi));
      continue;
    }
    parsed.push({ kind, source, data: result.data });
  }

  const manifestFile = parsed.find((p) => p.kind === 'rulebook');
  if (!manifestFile) {
    if (!sorted.some((f) => f.path === 'rulebook.json')) {
      issues.push({ file: display('rulebook.json'), line: 1, column: 1, path: [], severity: 'error', message: 'A rulebook folder needs a rulebook.json with its id, title, version and sources; none was found.' });
    }
    return { issues: sortIssues(issues) };
  }
  if (!parsed.some((p) => p.kind === 'subjects') && !sorted.some((f) => f.path === 'subjects.json')) {
    issues.push({ file: display('subjects.json'), line: 1, column: 1, path: [], severity: 'error', message: 'A rulebook needs a subjects.json describing the table rows it evaluates; none was found.' });
  }

  const rulebook = assemble(folder, manifestFile.data as Manifest, parsed, sources, issues);
  rulebook.digest = await digestOf(sorted);
  if (!issues.some((i) => i.severity === 'error')) issues.push(...checkRulebook(rulebook));
  const hasError = issues.some((i) => i.severity === 'error');
  return { rulebook: hasError ? undefined : rulebook, issues: sortIssues(issues) };
}

function assemble(folder: string, manifest: Manifest, parsed: ParsedFile[], sources: Map<string, JsonSource>, issues: Issue[]): Rulebook {
  const rulebook: Rulebook = {
    folder, manifest, digest: '', sources,
    calendars: new Map(), parameters: new Map(), subjects: new Map(), computed: new Map(),
    rules: [], tests: [], scenarios: new Map(),
  };
  const seen = (map: Map<string, { origin: { file: string } }>, name: string, what: string, source: JsonSource, path: (string | number)[]): boolean => {
    const earlier = map.get(name);
    if (earlier) issues.push(issueAt(source, path, `The ${what} "${name}" is already defined in ${earlier.origin.file}: give one of them another name.`));
    return !!earlier;
  };
  const ruleIds = new Map<string, Rule>();

  for (const { kind, source, data } of parsed) {
    const file = source.file;
    switch (kind) {
      case 'calendars':
        for (const [name, definition] of Object.entries((data as { calendars: Record<string, CalendarDefinition> }).calendars)) {
          const path = ['calendars', name];
          if (!seen(rulebook.calendars, name, 'calendar', source, path)) rulebook.calendars.set(name, { definition, origin: { file, path } });
        }
        break;
      case 'parameters':
        for (const [name, definition] of Object.entries((data as { parameters: Record<string, ParameterDefinition> }).parameters)) {
          const path = ['parameters', name];
          if (!seen(rulebook.parameters, name, 'parameter', source, path)) rulebook.parameters.set(name, { definition, origin: { file, path } } as Located<ParameterDefinition>);
        }
        break;
      case 'subjects':
        for (const [name, definition] of Object.entries((data as { subjects: Record<string, SubjectDefinition> }).subjects)) {
          const path = ['subjects', name];
          if (seen(rulebook.subjects, name, 'subject', source, path)) continue;
          const columns: ColumnSpec[] = Object.entries(definition.columns).map(([columnName, c]) => ({ name: columnName, ...c }));
          rulebook.subjects.set(name, { name, definition, columns, statuses: StatusVocabulary.of(definition), origin: { file, path } } satisfies Subject);
        }
        break;
      case 'rules': {
        const body = data as { computed?: Record<string, ComputedDefinition>; rules: RuleDefinition[] };
        for (const [name, definition] of Object.entries(body.computed ?? {})) {
          const path = ['computed', name];
          if (!seen(rulebook.computed, name, 'computed value', source, path)) rulebook.computed.set(name, { name, definition, origin: { file, path } } satisfies Computed);
        }
        body.rules.forEach((definition, i) => {
          const path = ['rules', i];
          const rule: Rule = { definition, origin: { file, path }, order: rulebook.rules.length };
          if (!seen(ruleIds, definition.id, 'rule id', source, [...path, 'id'])) ruleIds.set(definition.id, rule);
          rulebook.rules.push(rule);
        });
        break;
      }
      case 'tests':
        (data as { tests: TestCase[] }).tests.forEach((definition, i) => {
          rulebook.tests.push({ definition, origin: { file, path: ['tests', i] } } satisfies RuleTest);
        });
        break;
      case 'scenario': {
        const name = file.replace(/^.*\//, '').replace(/\.json$/, '');
        rulebook.scenarios.set(name, { name, definition: data as ScenarioDefinition, origin: { file, path: [] } } satisfies Scenario);
        break;
      }
      case 'rulebook':
        break;
    }
  }
  return rulebook;
}

/** SHA-256 (hex) of every file's path and text, in path order: the same files give the same digest. */
export async function digestOf(files: readonly RulebookFile[]): Promise<string> {
  const text = files.map((f) => `${f.path}\n${f.text.length}\n${f.text}\n`).join('');
  const bytes = new TextEncoder().encode(text);
  const hash = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}
