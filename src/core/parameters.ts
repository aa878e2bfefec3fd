/**
 * Time-versioned parameters: the value in force at a date, the checks on a value's type, and
 * the overrides a what-if applies for one run (`--set name=value`, `--scenario file`), without
 * ever touching the rule files.
 */
import { coerceCell } from './coerce';
import type { ColumnSpec } from './columns';
import { addCalendarDays, isIsoDate, type IsoDate } from './dates';
import { plainDecimal } from './numbers';
import type { Rulebook } from './rulebook/model';
import type { ParameterDefinition, ParameterValue, ParameterValueItem, ScenarioDefinition } from './rulebook/schema';
import { didYouMean, quoteList, sentence } from './suggest';

export type ParamValue = ParameterValueItem;

/** The value in force on `date`, or null when no period covers it (or the period's value is null). */
export function parameterAt(values: readonly ParameterValue[], date: IsoDate): ParamValue {
  let found: ParamValue = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.from > date) break;
    const next = values[i + 1];
    const end = v.to ?? (next ? addCalendarDays(next.from, -1) : undefined);
    if (end === undefined || date <= end) found = v.value;
  }
  return found;
}

/** Why `value` cannot be a value of this parameter, or null when it can. */
export function valueProblem(def: ParameterDefinition, value: unknown, calendars: Iterable<string>): string | null {
  if (value === null) return null;
  switch (def.type) {
    case 'number':
    case 'money':
      return typeof value === 'number' && Number.isFinite(value) ? null : `must be a number, not ${JSON.stringify(value)}`;
    case 'rate':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a rate written as a fraction (0.15 for 15%), not ${JSON.stringify(value)}`;
      return value < 0 ? 'must not be negative' : null;
    case 'date':
      return isIsoDate(value) ? null : `must be a date written YYYY-MM-DD, not ${JSON.stringify(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `must be true or false, not ${JSON.stringify(value)}`;
    case 'text':
      return typeof value === 'string' ? null : `must be text, not ${JSON.stringify(value)}`;
    case 'list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : 'must be a list of texts, such as ["energy", "semiconductors"]';
    case 'enum': {
      const allowed = def.allowed ?? [];
      if (typeof value === 'string' && allowed.includes(value)) return null;
      return `must be one of ${quoteList(allowed)}, not ${JSON.stringify(value)}.${didYouMean(String(value), allowed)}`;
    }
    case 'calendar': {
      const known = [...calendars];
      if (typeof value === 'string' && known.includes(value)) return null;
      return `must name a calendar defined in calendars.json (${quoteList(known)}), not ${JSON.stringify(value)}.${didYouMean(String(value), known)}`;
    }
  }
}

const SETTING_COLUMN_TYPES: Partial<Record<ParameterDefinition['type'], ColumnSpec['type']>> = {
  number: 'number', rate: 'rate', money: 'money', date: 'date', boolean: 'boolean',
};

/** A value typed on the command line or in the task pane (`25%`, `60`, `JP`, `2026-07-24`) for a parameter. */
export function parseSetting(def: ParameterDefinition, input: string | number | boolean | readonly string[], calendars: Iterable<string>):
  { ok: true; value: ParamValue } | { ok: false; problem: string } {
  let value: unknown = input;
  const columnType = SETTING_COLUMN_TYPES[def.type];
  if (columnType && !Array.isArray(input)) {
    const coerced = coerceCell(input as string | number | boolean, { name: 'setting', header: 'setting', type: columnType }, { date1904: false });
    if (!coerced.ok) return coerced;
    value = coerced.value;
  } else if (def.type === 'list' && typeof input === 'string') {
    value = input.split(',').map((s) => s.trim()).filter((s) => s !== '');
  } else if (typeof input === 'string') {
    value = input.trim();
  }
  const problem = valueProblem(def, value, calendars);
  return problem ? { ok: false, problem } : { ok: true, value: value as ParamValue };
}

export interface Overrides {
  /** A scenario from the rulebook's scenarios/ folder, or one the user supplied. */
  scenario?: { name: string; definition: ScenarioDefinition };
  /** `--set name=value` pairs, applied after the scenario. */
  set?: Readonly<Record<string, string | number | boolean>>;
}

export interface ParameterTable {
  /** Each parameter's dated values, after overrides. */
  values: ReadonlyMap<string, readonly ParameterValue[]>;
  /** What was overridden, for the report: name → value (or the scenario's name). */
  applied: Record<string, unknown>;
}

/**
 * The parameters in force for a run: the rulebook's values with a scenario's replacements and
 * `set` values applied. A `set` value replaces the value of every dated period (the periods' dates
 * stay, so a rate still starts when its clause does). Problems are returned, all of them, as sentences.
 */
export function resolveParameters(rulebook: Rulebook, overrides: Overrides = {}): { table: ParameterTable; problems: string[] } {
  const values = new Map<string, readonly ParameterValue[]>();
  for (const [name, p] of rulebook.parameters) values.set(name, p.definition.values);
  const applied: Record<string, unknown> = {};
  const problems: string[] = [];
  const calendars = [...rulebook.calendars.keys()];
  const known = [...rulebook.parameters.keys()];
  const override = (name: string, where: string, input: string | number | boolean | readonly string[]) => {
    const p = rulebook.parameters.get(name);
    if (!p) {
      problems.push(`${where}: there is no parameter "${name}".${didYouMean(name, known)} Run "clausewise describe" to list the parameters.`);
      return;
    }
    const parsed = parseSetting(p.definition, input, calendars);
    if (!parsed.ok) {
      problems.push(sentence(`${where}: ${name} ${parsed.problem}`));
      return;
    }
    values.set(name, p.definition.values.map((v) => ({ ...v, value: parsed.value, note: `overridden by ${where}` })));
    applied[name] = parsed.value;
  };

  const scenario = overrides.scenario;
  if (scenario) {
    applied.scenario = scenario.name;
    for (const [name, series] of Object.entries(scenario.definition.values ?? {})) {
      const p = rulebook.parameters.get(name);
      if (!p) {
        problems.push(`scenario "${scenario.name}": there is no parameter "${name}".${didYouMean(name, known)}`);
        continue;
      }
      const bad = [
        ...series.map((v) => valueProblem(p.definition, v.value, calendars)).filter((x): x is string => x !== null).map((x) => `${name} ${x}`),
        ...periodProblems(series).map((m) => `${name}, value ${m.index + 1}: ${m.text}`),
        ...series.filter((v) => !(v.citation.source in rulebook.manifest.sources))
          .map((v) => `${name} cites the source "${v.citation.source}", which rulebook.json does not list.${didYouMean(v.citation.source, Object.keys(rulebook.manifest.sources))}`),
      ];
      if (bad.length) problems.push(...bad.map((b) => sentence(`scenario "${scenario.name}": ${b}`)));
      else {
        values.set(name, [...series].sort((a, b) => (a.from < b.from ? -1 : 1)));
        applied[name] = series.map((v) => ({ from: v.from, ...(v.to ? { to: v.to } : {}), value: v.value }));
      }
    }
    for (const [name, value] of Object.entries(scenario.definition.set ?? {})) override(name, `scenario "${scenario.name}"`, value);
  }
  for (const [name, value] of Object.entries(overrides.set ?? {})) override(name, `--set ${name}=${String(value)}`, value);
  return { table: { values, applied }, problems };
}

/** A parameter value as text for messages: rates as percentages, lists comma-separated. */
export function showParameterValue(def: ParameterDefinition, value: ParamValue): string {
  if (value === null) return '(none)';
  if (Array.isArray(value)) return value.join(', ');
  if (def.type === 'rate' && typeof value === 'number') return `${plainDecimal(value * 100)}%`;
  return String(value);
}

/** Dated values must be in order, with no overlap and no gap. */
export function periodProblems(values: readonly ParameterValue[]): { index: number; field: 'from' | 'to'; text: string }[] {
  const out: { index: number; field: 'from' | 'to'; text: string }[] = [];
  values.forEach((v, i) => {
    if (v.to !== undefined && v.to < v.from) out.push({ index: i, field: 'to', text: `This period ends (${v.to}) before it starts (${v.from}).` });
    const prev = values[i - 1];
    if (!prev) return;
    if (v.from <= prev.from) {
      out.push({ index: i, field: 'from', text: `Values must be listed in date order: this one starts ${v.from}, the one before starts ${prev.from}.` });
      return;
    }
    if (prev.to === undefined) return; // the previous value runs until this one starts
    if (v.from <= prev.to) {
      out.push({ index: i, field: 'from', text: `This value starts ${v.from}, but the one before runs to ${prev.to}: the periods overlap. End the earlier one on ${addCalendarDays(v.from, -1)}.` });
    } else if (addCalendarDays(prev.to, 1) !== v.from) {
      out.push({ index: i, field: 'from', text: `No value covers ${addCalendarDays(prev.to, 1)} to ${addCalendarDays(v.from, -1)}: the one before ends ${prev.to} and this one starts ${v.from}. Close the gap, or add a period with "value": null if the parameter has no value then.` });
    }
  });
  return out;
}

