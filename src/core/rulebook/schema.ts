/**
 * The shape of every rulebook file, as zod schemas. The JSON Schemas committed under
 * `rules/schema/` are generated from these (see scripts/generate-schema.ts), so an editor and
 * Clausewise agree on what a file may contain.
 *
 * Expressions and conditions are recursive and get friendlier messages from the reference
 * checker (check.ts); here they are accepted as any JSON value and described for the editor by
 * hand-written JSON Schema (jsonSchema.ts).
 */
import { z } from 'zod';
import { isIsoDate } from '../dates';
import { COLUMN_TYPES } from '../columns';
import type { Condition, Expr } from './expressions';

export const STATUSES = ['compliant', 'pending', 'breach', 'not-applicable', 'invalid'] as const;
export type Status = (typeof STATUSES)[number];
export const OUTCOMES = ['breach', 'pending', 'compliant', 'not-applicable', 'note'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The statuses a rule can decide (every status but invalid, which only unreadable rows get). */
export const DECIDED_STATUSES = ['compliant', 'pending', 'breach', 'not-applicable'] as const;
export type DecidedStatus = (typeof DECIDED_STATUSES)[number];
/** A status in a subject's own words, such as `rated` or `declined`. */
const STATUS_WORD = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export const PARAMETER_TYPES = ['number', 'rate', 'money', 'date', 'text', 'enum', 'boolean', 'calendar', 'list'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** Types a computed value or an output may have. */
export const VALUE_TYPES = ['number', 'rate', 'money', 'date', 'text', 'boolean', 'list'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

const NAME = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/;
const IDENT = /^[A-Za-z][A-Za-z0-9]*$/;

const isoDate = z
  .string()
  .refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD, such as 2025-09-16' })
  .meta({ description: 'A calendar date, YYYY-MM-DD', format: 'date' });

const schemaRef = z.string().optional().meta({ description: 'The JSON Schema this file follows, for editors' });
const text = z.string().trim().min(1, { message: 'must not be empty' });
const identifier = z.string().regex(IDENT, { message: 'must be a name of letters and digits starting with a letter, such as fundingDeadline' });

export const citationSchema = z
  .strictObject({
    source: text.meta({ description: 'The id of a source document listed in rulebook.json' }),
    section: text.meta({ description: 'Section, clause or paragraph, e.g. "§2(a)"' }),
    url: z.url({ protocol: /^https?$/, message: 'must be a web address starting with https://' }).optional(),
    grade: z.enum(['P', 'S', 'U']).optional().meta({ description: 'P primary US government text, S reliable secondary, U unconfirmed' }),
    note: z.string().optional(),
  })
  .meta({ id: 'Citation', description: 'Where the clause or value comes from' });
export type Citation = z.infer<typeof citationSchema>;

export const sourceDocumentSchema = z.strictObject({
  title: text,
  url: z.url({ protocol: /^https?$/, message: 'must be a web address starting with https://' }).optional(),
  date: isoDate.optional(),
  grade: z.enum(['P', 'S', 'U']).optional(),
  note: z.string().optional(),
});
export type SourceDocument = z.infer<typeof sourceDocumentSchema>;

export const manifestSchema = z
  .strictObject({
    $schema: schemaRef,
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'must be lower-case letters, digits and hyphens, such as us-japan-2025' }),
    title: text,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'must be a version such as 1.0.0' }),
    description: z.string().optional(),
    sources: z.record(z.string(), sourceDocumentSchema).meta({ description: 'Source documents by short id, cited by rules and parameters' }),
  })
  .meta({ id: 'Rulebook', description: 'rulebook.json: what the rulebook is and the documents it cites' });
export type Manifest = z.infer<typeof manifestSchema>;

export const calendarSchema = z.strictObject({
  title: text,
  weekend: z.array(z.enum(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'])).optional(),
  holidays: z.array(z.enum(['us-federal', 'jp-national', 'us-federal-reserve'])).optional().meta({ description: 'Holiday lists from maintained libraries' }),
  closedEveryYear: z.array(z.strictObject({ monthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'must be MM-DD, such as 12-31' }), name: text })).optional(),
  closedOn: z.array(z.strictObject({ date: isoDate, name: text, citation: citationSchema.optional() })).optional(),
  openOn: z.array(isoDate).optional(),
  closedWhenClosedIn: z.array(text).optional().meta({ description: 'A business day only when it is one in every calendar named here' }),
  announcedThrough: z
    .array(z.strictObject({
      holidays: z.enum(['jp-national']).meta({ description: 'A holiday source whose equinox days are announced a year ahead' }),
      year: z.number().int().meta({ description: 'The last year whose announced dates the source holds; its announced holidays after it are provisional' }),
      citation: citationSchema,
    }))
    .optional()
    .meta({ description: 'Through which year the announced holidays (Japan\'s equinox days) are official; later ones are provisional' }),
  citation: citationSchema,
});
export type CalendarDefinition = z.infer<typeof calendarSchema>;

export const calendarsFileSchema = z
  .strictObject({ $schema: schemaRef, calendars: z.record(z.string(), calendarSchema) })
  .meta({ id: 'Calendars', description: 'calendars.json: business-day calendars by name' });

const parameterValueItem = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]);
export type ParameterValueItem = z.infer<typeof parameterValueItem>;

export const parameterValueSchema = z.strictObject({
  from: isoDate.meta({ description: 'First date this value applies (inclusive)' }),
  to: isoDate.optional().meta({ description: 'Last date this value applies (inclusive); open-ended when left out' }),
  value: parameterValueItem.meta({ description: 'The value; null when the parameter has no value in this period' }),
  citation: citationSchema,
  note: z.string().optional(),
});
export type ParameterValue = z.infer<typeof parameterValueSchema>;

export const parameterSchema = z.strictObject({
  title: text,
  description: text.meta({ description: 'What it is and, for an uncertain value, why it is uncertain' }),
  type: z.enum(PARAMETER_TYPES),
  unit: z.string().optional(),
  allowed: z.array(z.string()).optional().meta({ description: 'For enum parameters: the values it may take' }),
  uncertain: z.boolean().optional(),
  alternatives: z.array(z.strictObject({ value: parameterValueItem, note: text })).optional(),
  values: z.array(parameterValueSchema).min(1, { message: 'needs at least one value with its start date' }),
});
export type ParameterDefinition = z.infer<typeof parameterSchema>;

export const parametersFileSchema = z
  .strictObject({
    $schema: schemaRef,
    parameters: z.record(z.string().regex(NAME, { message: 'must be dotted names such as fundingPeriod.days' }), parameterSchema),
  })
  .meta({ id: 'Parameters', description: 'parameters.json: time-versioned values, each with its citation' });

const enumValueSchema = z.strictObject({ value: text, aliases: z.array(z.string()).optional(), description: z.string().optional() });

export const columnSchema = z.strictObject({
  header: text.meta({ description: 'The header as it usually appears in a sheet' }),
  aliases: z.array(z.string()).optional(),
  type: z.enum(COLUMN_TYPES),
  required: z.boolean().optional(),
  values: z.array(enumValueSchema).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  description: z.string().optional(),
});

const exprSchema = z.custom<Expr>(() => true).meta({ id: 'Expression' });
const conditionSchema = z.custom<Condition>(() => true).meta({ id: 'Condition' });

export const outputSchema = z.strictObject({
  type: z.enum(VALUE_TYPES),
  title: text,
  description: z.string().optional(),
  value: exprSchema.optional().meta({ description: 'A formula computed after the rules ran; left out when rules set this output' }),
});

export const subjectSchema = z.strictObject({
  title: text,
  description: z.string().optional(),
  key: identifier.meta({ description: 'The column that names a row, e.g. project' }),
  date: identifier.optional().meta({ description: 'The date column that decides which clauses and parameter values apply to a row; the as-of date when absent or empty' }),
  columns: z.record(identifier, columnSchema),
  outputs: z.record(identifier, outputSchema),
  statuses: z
    .record(
      z.string().regex(STATUS_WORD, { message: 'must be lower-case words joined by hyphens, such as rate-unconfirmed' }),
      z.strictObject({
        means: z.enum(DECIDED_STATUSES).meta({ description: 'The status of the JSON contract this word stands for (compliant, pending, breach or not-applicable), so outside tools keep working' }),
        title: text.meta({ description: 'The status in a few words, as a legend shows it, e.g. "Declined: US remedy available"' }),
        description: text.meta({ description: 'What the status means for a row, in plain words' }),
      }),
    )
    .optional()
    .meta({ description: "The subject's own words for its statuses, most serious first within each meaning. Rules then decide one of these words (or note); left out, rules use compliant, pending, breach and not-applicable" }),
  defaultStatus: z
    .string()
    .regex(STATUS_WORD, { message: 'must be a status such as not-applicable' })
    .optional()
    .meta({ description: "Status when no rule decides one (one of the subject's statuses when it names them); not-applicable if left out" }),
  summaries: z
    .array(z.strictObject({
      title: text.meta({ description: 'What the total means, e.g. "Amount of projects pending or in breach"' }),
      sum: identifier.meta({ description: 'A money column or output to add up' }),
      statuses: z.array(z.string().regex(STATUS_WORD, { message: 'must be a status such as breach' })).optional().meta({ description: "Only rows with these statuses (the subject's own words, or the contract's compliant, pending, breach, not-applicable, invalid); all rows when left out" }),
    }))
    .optional()
    .meta({ description: 'Totals shown beside the status counts, such as money at risk' }),
});
export type SubjectDefinition = z.infer<typeof subjectSchema>;

export const subjectsFileSchema = z
  .strictObject({ $schema: schemaRef, subjects: z.record(identifier, subjectSchema) })
  .meta({ id: 'Subjects', description: 'subjects.json: the kinds of table row and their columns' });

export const computedSchema = z.strictObject({
  subject: identifier,
  type: z.enum(VALUE_TYPES),
  title: text,
  description: z.string().optional(),
  clause: citationSchema,
  value: exprSchema,
});
export type ComputedDefinition = z.infer<typeof computedSchema>;

export const ruleSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, { message: 'must be letters, digits, dots and hyphens, such as I3.funded-late' }),
  title: text,
  description: z.string().optional(),
  subject: identifier,
  clause: citationSchema,
  effective: z
    .strictObject({ from: isoDate.optional(), to: isoDate.optional() })
    .optional()
    .meta({ description: "Dates (inclusive) between which the rule applies, compared with the row's effective date" }),
  priority: z.number().int().min(1).max(100).optional(),
  conditions: conditionSchema,
  outcome: z
    .string()
    .regex(STATUS_WORD, { message: 'must be a status such as rated, or note' })
    .meta({ description: "What the rule decides: one of the subject's statuses (or compliant, pending, breach, not-applicable when the subject names none), or note, which informs without changing the status" }),
  message: text.meta({ description: 'The finding shown to the user; {name} shows a value, {param:name} a parameter' }),
  outputs: z.record(identifier, exprSchema).optional(),
});
export type RuleDefinition = z.infer<typeof ruleSchema>;

export const rulesFileSchema = z
  .strictObject({
    $schema: schemaRef,
    computed: z.record(identifier, computedSchema).optional(),
    rules: z.array(ruleSchema),
  })
  .meta({ id: 'Rules', description: 'rules/*.json: computed values and rules for one clause or group of clauses' });

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const testCaseSchema = z.strictObject({
  name: text,
  subject: identifier.optional(),
  asOf: isoDate,
  scenario: z.string().optional().meta({ description: 'A scenario file name in scenarios/, without .json' }),
  set: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  row: z.record(z.string(), cellValue).meta({ description: 'The row as it would be typed in a sheet: header → cell' }),
  expect: z.strictObject({
    status: z.string().regex(STATUS_WORD, { message: 'must be a status such as rated' }).optional().meta({ description: "The row's status in the subject's own words (or invalid)" }),
    outputs: z.record(z.string(), cellValue).optional(),
    findings: z.array(z.string()).optional().meta({ description: 'Rule ids that must fire' }),
    absentFindings: z.array(z.string()).optional().meta({ description: 'Rule ids that must not fire' }),
    messageIncludes: z.array(z.string()).optional(),
    errorIncludes: z.array(z.string()).optional(),
  }),
});
export type TestCase = z.infer<typeof testCaseSchema>;

export const testsFileSchema = z
  .strictObject({ $schema: schemaRef, tests: z.array(testCaseSchema) })
  .meta({ id: 'Tests', description: 'tests/*.json: rule test cases as data' });

export const scenarioSchema = z
  .strictObject({
    $schema: schemaRef,
    title: text,
    description: text,
    set: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional()
      .meta({ description: 'Parameter values replacing the value of every period' }),
    values: z.record(z.string(), z.array(parameterValueSchema)).optional()
      .meta({ description: "Parameters whose dated values are replaced entirely" }),
  })
  .meta({ id: 'Scenario', description: 'scenarios/*.json: a what-if that overrides parameters for one run' });
export type ScenarioDefinition = z.infer<typeof scenarioSchema>;

export type FileKind = 'rulebook' | 'calendars' | 'parameters' | 'subjects' | 'rules' | 'tests' | 'scenario';

export const FILE_SCHEMAS: Readonly<Record<FileKind, z.ZodType>> = {
  rulebook: manifestSchema,
  calendars: calendarsFileSchema,
  parameters: parametersFileSchema,
  subjects: subjectsFileSchema,
  rules: rulesFileSchema,
  tests: testsFileSchema,
  scenario: scenarioSchema,
};
