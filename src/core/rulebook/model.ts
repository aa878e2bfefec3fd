/**
 * A loaded rulebook: every file parsed, validated and gathered by kind, with each definition
 * remembering the file and JSON path it came from (for messages that point at the JSON).
 */
import type { ColumnSpec } from '../columns';
import type { StatusVocabulary } from '../statuses';
import type { JsonPath } from './issues';
import type { JsonSource } from './jsonSource';
import type {
  CalendarDefinition, Citation, ComputedDefinition, Manifest, ParameterDefinition, RuleDefinition,
  ScenarioDefinition, SubjectDefinition, TestCase, ValueType,
} from './schema';

/** Where a definition was written. */
export interface Origin {
  file: string;
  path: JsonPath;
}

export interface Located<T> {
  definition: T;
  origin: Origin;
}

export interface Subject {
  name: string;
  definition: SubjectDefinition;
  /** Columns in file order, with their fact names. */
  columns: ColumnSpec[];
  /** The words its rows are judged in, each standing for a contract status. */
  statuses: StatusVocabulary;
  origin: Origin;
}

export interface Computed {
  name: string;
  definition: ComputedDefinition;
  origin: Origin;
}

export interface Rule {
  definition: RuleDefinition;
  origin: Origin;
  /** Position in the rulebook (files in name order, rules in file order): ties between priorities. */
  order: number;
}

export interface RuleTest {
  definition: TestCase;
  origin: Origin;
}

export interface Scenario {
  name: string;
  definition: ScenarioDefinition;
  origin: Origin;
}

export interface Rulebook {
  /** The folder as the user named it, e.g. `rules/us-japan-2025`. */
  folder: string;
  manifest: Manifest;
  /** SHA-256 of every rulebook file's path and text, in path order. */
  digest: string;
  calendars: Map<string, Located<CalendarDefinition>>;
  parameters: Map<string, Located<ParameterDefinition>>;
  subjects: Map<string, Subject>;
  /** Computed values by name, in an order where each comes after those it uses. */
  computed: Map<string, Computed>;
  rules: Rule[];
  tests: RuleTest[];
  scenarios: Map<string, Scenario>;
  sources: Map<string, JsonSource>;
}

/** Facts every row has, whatever its subject. */
export const BUILT_IN_FACTS: Readonly<Record<string, { type: ValueType; description: string }>> = {
  asOf: { type: 'date', description: 'The date of evaluation (--as-of)' },
  effectiveDate: {
    type: 'date',
    description: "The row's date that decides which clauses and parameter values apply: the subject's date column, or the as-of date when that is empty",
  },
};

/** `EO 14345 §2(a)` — a citation as one line of text. */
export function formatCitation(citation: Citation): string {
  return `${citation.source} ${citation.section}`.trim();
}
