/**
 * JSON Schemas for the rulebook files, generated from the zod schemas in schema.ts so that an
 * editor (VS Code reads the `"$schema"` property of each file) autocompletes and underlines the
 * same mistakes Clausewise reports. `npm run schema` writes them to `rules/schema/`; a test keeps
 * the committed files identical to what this module generates.
 *
 * Target: JSON Schema draft-07, the draft VS Code's JSON language service supports most
 * completely. Expressions and conditions are `z.custom` in zod (the reference checker validates
 * them with friendlier messages); here they are replaced by a hand-written description of the
 * real vocabulary, built from COMPUTATIONS, REFERENCES and OPERATORS so that the hover text is
 * the documentation Clausewise itself prints.
 *
 * Besides standard keywords the schemas carry VS Code's annotations (`markdownDescription`,
 * `patternErrorMessage`, `errorMessage`, `enumDescriptions`, `defaultSnippets`); validators
 * ignore them.
 *
 * Pure: no file system access.
 */
import { z } from 'zod';
import { OPERATORS } from '../operators';
import { COMPUTATIONS, REFERENCES } from './expressions';
import { FILE_SCHEMAS, type FileKind } from './schema';

/** A JSON Schema node, as plain JSON. */
export type JsonSchemaNode = { [key: string]: unknown };

/** VS Code's non-standard annotation keywords used in the generated schemas. */
export const EDITOR_KEYWORDS = [
  'markdownDescription', 'patternErrorMessage', 'errorMessage', 'enumDescriptions', 'defaultSnippets',
] as const;

const DEFINITIONS = 'definitions';
const ref = (name: string): JsonSchemaNode => ({ $ref: `#/${DEFINITIONS}/${name}` });

/** The heading of each generated file. */
const TITLES: Readonly<Record<FileKind, string>> = {
  rulebook: 'Clausewise rulebook manifest (rulebook.json)',
  calendars: 'Clausewise business-day calendars (calendars.json)',
  parameters: 'Clausewise parameters (parameters.json)',
  subjects: 'Clausewise subjects (subjects.json)',
  rules: 'Clausewise rules and computed values (rules/*.json)',
  tests: 'Clausewise rule tests (tests/*.json)',
  scenario: 'Clausewise scenario (scenarios/*.json)',
};

/** File name of the schema for one kind of rulebook file. */
export function schemaFileName(kind: FileKind): string {
  return `${kind}.schema.json`;
}

/** Real calendar dates are checked by `format: "date"`; the pattern catches most mistakes in editors that ignore formats. */
export const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const DATE_MESSAGE = 'Must be a date written YYYY-MM-DD, such as 2025-09-16';

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** `{ "addDays": … } — the date…` → a markdown hover with the syntax as code. */
function markdown(doc: string): string {
  const at = doc.indexOf(' — ');
  if (at < 0) return doc;
  return `\`${doc.slice(0, at)}\`\n\n${sentence(doc.slice(at + 3))}`;
}

/** `description` and `markdownDescription` from one line of COMPUTATIONS / REFERENCES. */
function documented(doc: string): JsonSchemaNode {
  return { description: doc, markdownDescription: markdown(doc) };
}

function objectWith(properties: Record<string, JsonSchemaNode>, required: string[], extra: JsonSchemaNode = {}): JsonSchemaNode {
  return { type: 'object', ...extra, properties, required, additionalProperties: false };
}

const dateLiteral = (): JsonSchemaNode => ({
  type: 'string', format: 'date', pattern: DATE_PATTERN, patternErrorMessage: DATE_MESSAGE,
});

const listOf = (items: JsonSchemaNode, what: string, exactly?: number): JsonSchemaNode => ({
  type: 'array',
  ...(exactly === undefined ? { minItems: 1 } : { minItems: exactly, maxItems: exactly }),
  items,
  description: what,
});

/** The object form of each computation, keyed as in COMPUTATIONS. */
function computation(op: string): JsonSchemaNode {
  const doc = COMPUTATIONS[op] ?? op;
  const property = (schema: JsonSchemaNode): JsonSchemaNode => ({ ...schema, ...documented(doc) });
  const dayArgs = {
    dayType: {
      description: 'Count "calendar" days (the default) or "business" days of "calendar"',
      anyOf: [
        { type: 'string', enum: ['calendar', 'business'], enumDescriptions: ['Every day counts', 'Only business days of "calendar" count'] },
        ref('Formula'),
      ],
    },
    calendar: {
      description: 'The calendar whose business days count: a name from calendars.json, such as "US"',
      anyOf: [{ type: 'string' }, ref('Formula')],
    },
  };
  const withDescription = (name: string, description: string): JsonSchemaNode => ({ description, allOf: [ref(name)] });
  switch (op) {
    case 'addDays':
      return objectWith({
        addDays: property(objectWith({
          date: withDescription('DateValue', 'The date to count from'),
          days: withDescription('NumberValue', 'How many days to add (negative to go back)'),
          ...dayArgs,
        }, ['date', 'days'])),
      }, ['addDays']);
    case 'daysBetween':
      return objectWith({
        daysBetween: property(objectWith({
          from: withDescription('DateValue', 'The day after which counting starts'),
          to: withDescription('DateValue', 'The last day counted'),
          ...dayArgs,
        }, ['from', 'to'])),
      }, ['daysBetween']);
    case 'provisionalHolidays':
      return objectWith({
        provisionalHolidays: property(objectWith({
          from: withDescription('DateValue', 'The day after which holidays are looked for'),
          to: withDescription('DateValue', 'The last day looked at'),
          calendar: {
            description: 'The calendar whose provisional holidays are listed: a name from calendars.json, such as "JP"',
            anyOf: [{ type: 'string' }, ref('Formula')],
          },
        }, ['from', 'to', 'calendar'])),
      }, ['provisionalHolidays']);
    case 'min':
    case 'max':
      return objectWith({ [op]: property(listOf(ref('NumberOrDateValue'), 'Numbers or dates')) }, [op]);
    case 'sum':
    case 'product':
      return objectWith({ [op]: property(listOf(ref('NumberValue'), 'Numbers')) }, [op]);
    case 'difference':
    case 'ratio':
      return objectWith({ [op]: property(listOf(ref('NumberValue'), 'Exactly two numbers', 2)) }, [op]);
    case 'coalesce':
      return objectWith({ [op]: property(listOf(ref('Expression'), 'Values, the first not empty wins')) }, [op]);
    case 'choose':
      return objectWith({
        choose: property(listOf(objectWith({
          when: withDescription('Condition', 'When this condition holds…'),
          then: withDescription('Expression', '…the value is this'),
        }, ['when', 'then']), 'Cases, tried in order')),
        otherwise: { description: 'The value when no case matches (empty if left out)', allOf: [ref('Expression')] },
      }, ['choose']);
    default:
      throw new Error(`jsonSchema.ts has no JSON Schema for the computation "${op}": describe it in computation().`);
  }
}

/** `{ "fact": … }`, `{ "param": …, "at"? }`, `{ "output": … }`, keyed as in REFERENCES. */
function reference(kind: string, allowAt: boolean): JsonSchemaNode {
  const doc = REFERENCES[kind] ?? kind;
  const name = { type: 'string', ...documented(doc) };
  switch (kind) {
    case 'fact':
      return objectWith({ [kind]: name }, [kind]);
    case 'output':
      return objectWith({
        output: name,
        if: {
          type: 'object', minProperties: 1,
          description: 'Parameters and the values they would have: the output is then the value it would take for this row under them',
          additionalProperties: { type: ['string', 'number', 'boolean', 'array', 'null'] },
        },
      }, ['output']);
    case 'param':
      return objectWith({
        param: name,
        ...(allowAt ? { at: withAt() } : {}),
      }, ['param']);
    default:
      throw new Error(`jsonSchema.ts has no JSON Schema for the reference "${kind}": describe it in reference().`);
  }
}

function withAt(): JsonSchemaNode {
  return { description: 'The date at which to read the parameter, instead of the row\'s effective date', allOf: [ref('DateValue')] };
}

function snippet(label: string, doc: string, body: unknown): JsonSchemaNode {
  return { label, markdownDescription: markdown(doc), body };
}

const EXPRESSION_SNIPPETS: Readonly<Record<string, unknown>> = {
  fact: { fact: '$1' },
  param: { param: '$1' },
  output: { output: '$1' },
  addDays: { addDays: { date: { fact: '$1' }, days: '^${2:0}' } },
  daysBetween: { daysBetween: { from: { fact: '$1' }, to: { fact: '$2' } } },
  provisionalHolidays: { provisionalHolidays: { from: { fact: '$1' }, to: { fact: '$2' }, calendar: { param: '$3' } } },
  min: { min: ['$1'] },
  max: { max: ['$1'] },
  sum: { sum: ['$1'] },
  difference: { difference: ['$1', '$2'] },
  product: { product: ['$1'] },
  ratio: { ratio: ['$1', '$2'] },
  coalesce: { coalesce: ['$1'] },
  choose: { choose: [{ when: { fact: '$1', operator: '$2', value: '$3' }, then: '$4' }], otherwise: null },
};

const NO_VALUE = OPERATORS.filter((o) => o.valueKind === 'none').map((o) => o.name);
const LIST_VALUE = OPERATORS.filter((o) => o.valueKind === 'list').map((o) => o.name);
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(' and ');

function operatorDescription(o: (typeof OPERATORS)[number]): string {
  if (o.valueKind === 'none') return `${o.reads} (takes no "value")`;
  if (o.valueKind === 'list') return `${o.reads} — "value" is a list, such as ["vehicle", "auto-part"]`;
  return o.reads;
}

/** The leaf condition `{ fact | param, operator, value }`, with the value its operator needs. */
function leafCondition(side: 'fact' | 'param'): JsonSchemaNode {
  const sideDoc = side === 'fact'
    ? 'The fact to test: a column of the row, a computed value, "asOf" or "effectiveDate"'
    : 'The parameter to test, at the row\'s effective date';
  return {
    type: 'object',
    properties: {
      [side]: { type: 'string', description: sideDoc },
      operator: ref('Operator'),
      value: { description: 'What to compare with: a plain value, a list (for "in" / "notIn"), { "fact": "name" } or { "param": "name" }', allOf: [ref('ConditionValue')] },
    },
    required: [side, 'operator'],
    additionalProperties: false,
    allOf: [
      {
        if: { required: ['operator'], properties: { operator: { enum: [...NO_VALUE] } } },
        then: { properties: { value: { const: true, errorMessage: `${quoted(NO_VALUE)} take no value: remove "value"` } } },
        else: { required: ['value'] },
      },
      {
        if: { required: ['operator'], properties: { operator: { enum: [...LIST_VALUE] } } },
        then: { properties: { value: { type: ['array', 'object', 'null'], errorMessage: `${quoted(LIST_VALUE)} compare with a list, such as ["vehicle", "auto-part"]` } } },
      },
    ],
  };
}

/**
 * The hand-written definitions for expressions and conditions, in the order they appear in the
 * generated files. `Expression` and `Condition` replace zod's `z.custom` nodes; the others are
 * added to a file when something in it refers to them.
 */
export function vocabularyDefinitions(): Record<string, JsonSchemaNode> {
  const computations = Object.keys(COMPUTATIONS);
  const references = Object.keys(REFERENCES);
  const plain = 'text, a number, true/false, a date written YYYY-MM-DD, or null for empty';
  return {
    Expression: {
      description: `A value: a plain value (${plain}), a list of plain values, a reference (${references.join(', ')}) or one computation (${computations.join(', ')})`,
      anyOf: [ref('Literal'), ref('LiteralList'), ref('Formula')],
      defaultSnippets: Object.keys(EXPRESSION_SNIPPETS).map((k) =>
        snippet(k, REFERENCES[k] ?? COMPUTATIONS[k] ?? k, EXPRESSION_SNIPPETS[k])),
    },
    Condition: {
      description: 'A condition: { "all": [ … ] }, { "any": [ … ] }, { "not": … } or { "fact" | "param": …, "operator": …, "value": … }',
      anyOf: [
        objectWith({ all: listOf(ref('Condition'), 'Holds when every condition in the list holds') }, ['all']),
        objectWith({ any: listOf(ref('Condition'), 'Holds when at least one condition in the list holds') }, ['any']),
        objectWith({ not: { description: 'Holds when this condition does not', allOf: [ref('Condition')] } }, ['not']),
        leafCondition('fact'),
        leafCondition('param'),
      ],
      defaultSnippets: [
        { label: 'all', description: 'Every condition holds', body: { all: [{ fact: '$1', operator: '$2', value: '$3' }] } },
        { label: 'any', description: 'At least one condition holds', body: { any: [{ fact: '$1', operator: '$2', value: '$3' }] } },
        { label: 'not', description: 'The condition does not hold', body: { not: { fact: '$1', operator: '$2', value: '$3' } } },
        { label: 'fact … operator … value', description: 'Compare a fact of the row', body: { fact: '$1', operator: '$2', value: '$3' } },
      ],
    },
    Literal: {
      description: `A plain value: ${plain}`,
      type: ['string', 'number', 'boolean', 'null'],
    },
    LiteralList: {
      description: 'A list of plain values, such as ["vehicle", "auto-part"]',
      type: 'array',
      items: ref('Literal'),
    },
    Formula: {
      description: 'A reference or a computation',
      anyOf: [
        ...references.map((k) => reference(k, true)),
        ...computations.map((k) => computation(k)),
      ],
    },
    NumberValue: {
      description: 'A number, or a reference or computation that gives one',
      anyOf: [{ type: ['number', 'null'] }, ref('Formula')],
    },
    DateValue: {
      description: 'A date written YYYY-MM-DD, or a reference or computation that gives one',
      anyOf: [dateLiteral(), { type: 'null' }, ref('Formula')],
    },
    NumberOrDateValue: {
      description: 'A number or a date, or a reference or computation that gives one',
      anyOf: [{ type: ['number', 'null'] }, dateLiteral(), ref('Formula')],
    },
    Operator: {
      description: 'How the fact is compared with "value"',
      type: 'string',
      enum: OPERATORS.map((o) => o.name),
      enumDescriptions: OPERATORS.map(operatorDescription),
    },
    ConditionValue: {
      description: 'A plain value, a list of plain values, { "fact": "name" } or { "param": "name" } — not a computation (define a computed value for that)',
      anyOf: [ref('Literal'), ref('LiteralList'), reference('fact', false), reference('param', false)],
    },
  };
}

type ZodInternals = {
  _zod: {
    def: {
      type: string;
      format?: string;
      protocol?: RegExp;
      checks?: readonly ZodInternals[];
      check?: string;
      tx?: (value: string) => string;
      error?: (issue: unknown) => unknown;
    };
  };
};

/** The message a zod check or schema was given (`{ message: … }`), if any. */
function messageOf(node: ZodInternals): string | undefined {
  const error = node._zod.def.error;
  if (!error) return undefined;
  const result = error({});
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object' && typeof (result as { message?: unknown }).message === 'string') {
    return (result as { message: string }).message;
  }
  return undefined;
}

/** Adds to a string's JSON Schema what zod's refinements and messages say but the conversion drops. */
function refineString(zodSchema: ZodInternals, json: JsonSchemaNode): void {
  const def = zodSchema._zod.def;
  const checks = def.checks ?? [];
  if (json.format === 'date' && json.pattern === undefined) {
    const refine = checks.find((c) => c._zod.def.check === 'custom');
    json.pattern = DATE_PATTERN;
    json.patternErrorMessage = sentence((refine && messageOf(refine)) ?? DATE_MESSAGE);
    return;
  }
  if (def.format === 'url' && def.protocol instanceof RegExp && json.pattern === undefined) {
    const protocol = def.protocol.source.replace(/^\^/, '').replace(/\$$/, '');
    json.pattern = `^(?:${protocol}):`;
    const message = messageOf(zodSchema);
    if (message) json.patternErrorMessage = sentence(message);
    return;
  }
  const regexes = checks.filter((c) => c._zod.def.check === 'string_format' && c._zod.def.format === 'regex');
  const [regex] = regexes;
  if (regexes.length === 1 && regex && typeof json.pattern === 'string') {
    const message = messageOf(regex);
    if (message) json.patternErrorMessage = sentence(message);
    return;
  }
  const trims = checks.some((c) => c._zod.def.check === 'overwrite' && c._zod.def.tx?.(' x ') === 'x');
  if (trims && typeof json.minLength === 'number' && json.minLength >= 1 && json.pattern === undefined) {
    json.pattern = '\\S';
    json.patternErrorMessage = 'Must not be empty or only spaces';
  }
}

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value);
      else collectRefs(value, into);
    }
  }
}

function replaceRefs(node: unknown, from: string, to: string): void {
  if (Array.isArray(node)) {
    for (const item of node) replaceRefs(item, from, to);
  } else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === '$ref' && value === from) record[key] = to;
      else replaceRefs(value, from, to);
    }
  }
}

/** The JSON Schema for one kind of rulebook file, as a plain object. */
export function jsonSchemaFor(kind: FileKind): JsonSchemaNode {
  const schema = FILE_SCHEMAS[kind];
  const vocabulary = vocabularyDefinitions();
  // A z.custom(...).meta({ id }) is a copy of the bare z.custom, which zod converts too (as the
  // copy's parent). Both are accepted here; only the copy, which the file refers to, is replaced.
  const vocabularyCustoms = new Set<unknown>();
  const idOf = (s: unknown): string | undefined => {
    const id = z.globalRegistry.get(s as z.ZodType)?.id;
    return typeof id === 'string' && id in vocabulary ? id : undefined;
  };
  const generated = z.toJSONSchema(schema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: (ctx) => {
      if (ctx.zodSchema._zod.def.type !== 'custom') return 'throw';
      if (idOf(ctx.zodSchema)) {
        vocabularyCustoms.add(ctx.zodSchema._zod.parent);
        return 'any';
      }
      return vocabularyCustoms.has(ctx.zodSchema) ? 'any' : 'throw';
    },
    override: (ctx) => {
      const zodSchema = ctx.zodSchema as unknown as ZodInternals;
      const json = ctx.jsonSchema as JsonSchemaNode;
      if (zodSchema._zod.def.type === 'custom') {
        if (vocabularyCustoms.has(ctx.zodSchema)) return;
        const id = idOf(ctx.zodSchema);
        const replacement = id === undefined ? undefined : vocabulary[id];
        if (!replacement) throw new Error('A z.custom schema has no JSON Schema: give it .meta({ id }) and add that id to vocabularyDefinitions().');
        for (const key of Object.keys(json)) delete json[key];
        Object.assign(json, structuredClone(replacement));
      } else if (zodSchema._zod.def.type === 'string') {
        refineString(zodSchema, json);
      }
    },
  }) as JsonSchemaNode;

  // zod puts the root in definitions and refers to it; hoist it so the file's own heading,
  // description and properties sit at the top, where editors look for them.
  const definitions = { ...((generated[DEFINITIONS] ?? {}) as Record<string, JsonSchemaNode>) };
  const rootId = z.globalRegistry.get(schema)?.id;
  const body = rootId === undefined ? undefined : definitions[String(rootId)];
  if (!body || generated.$ref !== `#/${DEFINITIONS}/${String(rootId)}`) {
    throw new Error(`${kind}: the file's zod schema needs .meta({ id }) so its JSON Schema can be laid out`);
  }
  delete definitions[String(rootId)];
  replaceRefs([body, definitions], `#/${DEFINITIONS}/${String(rootId)}`, '#');
  const { description, ...rest } = body;

  // Add the vocabulary definitions that something in the file refers to, transitively.
  for (;;) {
    const refs = new Set<string>();
    collectRefs([rest, definitions], refs);
    const missing = Object.keys(vocabulary).filter((name) => !(name in definitions) && refs.has(`#/${DEFINITIONS}/${name}`));
    if (missing.length === 0) break;
    for (const name of missing) definitions[name] = structuredClone(vocabulary[name] as JsonSchemaNode);
  }
  const refs = new Set<string>();
  collectRefs([rest, definitions], refs);
  for (const target of refs) {
    const name = target.startsWith(`#/${DEFINITIONS}/`) ? target.slice(DEFINITIONS.length + 3) : undefined;
    if (target !== '#' && (name === undefined || !(name in definitions))) throw new Error(`${kind}: unresolved $ref ${target}`);
  }
  // Definitions zod made come first, in its order, then the vocabulary's, in declaration order.
  const ordered: Record<string, JsonSchemaNode> = {};
  for (const name of Object.keys(definitions)) if (!(name in vocabulary)) ordered[name] = definitions[name] as JsonSchemaNode;
  for (const name of Object.keys(vocabulary)) if (name in definitions) ordered[name] = definitions[name] as JsonSchemaNode;

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: TITLES[kind],
    ...(description === undefined ? {} : { description }),
    ...rest,
    ...(Object.keys(ordered).length ? { [DEFINITIONS]: ordered } : {}),
  };
}

/** Every schema file: file name → its text (2-space indentation, trailing newline). */
export function generateSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const kind of Object.keys(FILE_SCHEMAS) as FileKind[]) {
    files[schemaFileName(kind)] = `${JSON.stringify(jsonSchemaFor(kind), null, 2)}\n`;
  }
  return files;
}
