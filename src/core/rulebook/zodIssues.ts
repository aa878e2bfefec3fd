/**
 * zod's issues turned into sentences a non-programmer understands, each located at its
 * line and column: "values[0].from must be a date written YYYY-MM-DD", "\"sectoin\" is not a
 * field of a citation. Did you mean \"section\"?".
 */
import type { z } from 'zod';
import { didYouMean, quoteList, sentence } from '../suggest';
import type { Issue, JsonPath } from './issues';
import { issueAt, type JsonSource } from './jsonSource';

type ZodIssue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** The schema that describes the value at `path`, looking through optional, record and array. */
function schemaAt(schema: AnySchema, path: JsonPath): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const part of path) {
    current = current && unwrap(current);
    if (!current) return undefined;
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object' && typeof part === 'string') current = (def.shape as Record<string, AnySchema>)[part];
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else if (def.type === 'array') current = def.element as AnySchema;
    else return undefined;
  }
  return current && unwrap(current);
}

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = s._zod.def as unknown as Record<string, unknown>;
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) s = def.innerType as AnySchema;
    else return s;
  }
}

function allowedKeys(schema: AnySchema, path: JsonPath): string[] {
  const s = schemaAt(schema, path);
  const def = s?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object).filter((k) => k !== '$schema') : [];
}

function requiredKeys(schema: AnySchema, path: JsonPath): string[] {
  const s = schemaAt(schema, path);
  const def = s?._zod.def as unknown as Record<string, unknown> | undefined;
  if (def?.type !== 'object') return [];
  return Object.entries(def.shape as Record<string, AnySchema>)
    .filter(([, v]) => (v._zod.def as unknown as { type: string }).type !== 'optional')
    .map(([k]) => k);
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text in double quotes',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
  null: 'null',
};

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'an object';
  if (typeof input === 'string') return `the text ${JSON.stringify(input)}`;
  return `${typeof input} ${JSON.stringify(input)}`;
}

function lastName(path: JsonPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return `"${String(path[i])}"`;
  return 'This value';
}

export function zodIssueToIssues(source: JsonSource, schema: AnySchema, issue: ZodIssue): Issue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path);
      return issue.keys.map((key) =>
        issueAt(source, [...path, key], `"${key}" is not a field here.${didYouMean(key, allowed)} Allowed fields: ${quoteList(allowed, 20)}.`),
      );
    }
    case 'invalid_type': {
      if (input === undefined) {
        const name = lastName(path);
        const required = requiredKeys(schema, path.slice(0, -1));
        const also = required.length > 1 ? ` (required here: ${quoteList(required)})` : '';
        return [issueAt(source, path, `${name} is missing: add it as ${TYPE_WORDS[issue.expected] ?? issue.expected}${also}.`)];
      }
      return [issueAt(source, path, `${lastName(path)} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}, not ${describeInput(input)}.`)];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const given = typeof input === 'string' ? input : String(input);
      return [issueAt(source, path, `${JSON.stringify(input)} is not allowed for ${lastName(path)}.${didYouMean(given, options)} Use one of ${quoteList(options, 20)}.`)];
    }
    case 'invalid_union':
      return [issueAt(source, path, `${lastName(path)} must be text, a number, true/false, a list of texts, or null; it is ${describeInput(input)}.`)];
    default:
      return [issueAt(source, path, sentence(`${lastName(path)} ${issue.message}`))];
  }
}
