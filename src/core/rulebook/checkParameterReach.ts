/**
 * Parameter reach: warnings for a rule that can apply on dates where a parameter it reads has no
 * value. A rule reads parameters at the row's effective date; when the parameter's first dated
 * value starts after the rule's `effective.from` (or its last value ends before the rule's
 * `effective.to`, or ends at all while the rule has no `to`), rows in between see an empty value,
 * and a scenario or `--set` that changes the parameter cannot reach them (it keeps the dates).
 *
 * What counts as read: `{ "param": … }` in the rule's conditions, outputs and message
 * (`{param:name}`), also through the computed values they use, at any depth. A reference with
 * `"at"` reads another date and is exempt. A period written with `"value": null` is a value
 * (deliberately empty), not a gap. Rules without `effective.from` get no warning for the start.
 *
 * The same check runs for each bundled scenario on the parameters it changes: with the
 * parameter's own dates for `set`, with the scenario's own periods for `values`.
 */
import { addCalendarDays, type IsoDate } from '../dates';
import type { Issue, JsonPath } from './issues';
import { issueAt, type JsonSource } from './jsonSource';
import type { Origin, Rule, Rulebook, Subject } from './model';
import type { ParameterValue } from './schema';

/** The `code` of every issue this check reports, so tools and tests can tell them apart. */
export const PARAMETER_GAP = 'parameter-gap';

/** How a rule reaches a parameter: `[]` directly, else the chain of computed values in between. */
type Via = readonly string[];

/** Every parameter a rule reads at the row's effective date, with the shortest way it reaches it. */
export function parametersReadBy(rulebook: Rulebook, rule: Rule): Map<string, Via> {
  const def = rule.definition;
  const out = new Map<string, Via>();
  const params = new Set<string>();
  const facts = new Set<string>();
  walk(def.conditions, params, facts);
  walk(def.outputs ?? {}, params, facts);
  for (const match of def.message.matchAll(/\{([^{}]*)\}/g)) {
    const inner = (match[1] ?? '').trim();
    if (inner.startsWith('param:')) params.add(inner.slice(6).trim());
    else facts.add(inner);
  }
  for (const p of params) out.set(p, []);
  // Breadth first through the computed values of the rule's subject, so each parameter keeps its shortest chain.
  const seen = new Set<string>();
  let frontier: { name: string; via: Via }[] = [...facts].map((name) => ({ name, via: [] }));
  while (frontier.length) {
    const next: { name: string; via: Via }[] = [];
    for (const { name, via } of frontier) {
      const c = rulebook.computed.get(name);
      if (!c || c.definition.subject !== def.subject || seen.has(name)) continue;
      seen.add(name);
      const chain = [...via, name];
      const cParams = new Set<string>();
      const cFacts = new Set<string>();
      walk(c.definition.value, cParams, cFacts);
      for (const p of cParams) if (!out.has(p)) out.set(p, chain);
      for (const f of cFacts) next.push({ name: f, via: chain });
    }
    frontier = next;
  }
  return out;
}

/** Parameters read at the row's date (`{ "param" }` without `"at"`; the `"at"` expression itself is read) and facts. */
function walk(node: unknown, params: Set<string>, facts: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, params, facts);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'param' && typeof v === 'string') {
      if (!('at' in obj)) params.add(v);
    } else if (k === 'fact' && typeof v === 'string') facts.add(v);
    else walk(v, params, facts);
  }
}

/** Dates a rule may apply on, and dates a parameter's periods cover (null periods included). */
interface Span {
  from?: IsoDate;
  to?: IsoDate;
}

/** Rows the rule may apply to but the parameter does not cover: before its first value, after its last. */
export interface Gap {
  side: 'start' | 'end';
  /** First and last day of the gap (`to` absent: open-ended). */
  from: IsoDate;
  to?: IsoDate;
}

function coverage(values: readonly ParameterValue[]): { first: IsoDate; end?: IsoDate; lastIndex: number } | undefined {
  if (!values.length) return undefined;
  let first = values[0]!.from;
  let lastIndex = 0;
  values.forEach((v, i) => {
    if (v.from < first) first = v.from;
    if (v.from >= values[lastIndex]!.from) lastIndex = i;
  });
  return { first, end: values[lastIndex]!.to, lastIndex };
}

/** The gaps between a rule's effective dates and a parameter's periods. */
export function gapsBetween(rule: Span, values: readonly ParameterValue[]): Gap[] {
  const cov = coverage(values);
  if (!cov) return [];
  if (rule.from && rule.to && rule.to < rule.from) return []; // reported as an error elsewhere
  const gaps: Gap[] = [];
  if (rule.from && cov.first > rule.from) {
    const dayBefore = addCalendarDays(cov.first, -1);
    gaps.push({ side: 'start', from: rule.from, to: rule.to && rule.to < dayBefore ? rule.to : dayBefore });
  }
  if (cov.end !== undefined && (rule.to === undefined || rule.to > cov.end)) {
    const dayAfter = addCalendarDays(cov.end, 1);
    gaps.push({ side: 'end', from: rule.from && rule.from > dayAfter ? rule.from : dayAfter, ...(rule.to ? { to: rule.to } : {}) });
  }
  return gaps;
}

/** `rows with an entry date` (the subject's date column), or what stands for it. */
function rowsDated(subject: Subject | undefined): string {
  const column = subject?.columns.find((c) => c.name === subject.definition.date);
  if (!column) return 'rows evaluated as of a date';
  const header = column.header.toLowerCase();
  return `rows with ${/^[aeiou]/.test(header) ? 'an' : 'a'} ${header}`;
}

const range = (g: Gap) => (g.to === undefined ? `from ${g.from} on` : g.from === g.to ? `on ${g.from}` : `from ${g.from} to ${g.to}`);
const nullPeriod = (g: Gap) => `{ "from": "${g.from}"${g.to ? `, "to": "${g.to}"` : ''}, "value": null, … }`;
const through = (via: Via) =>
  via.length === 0 ? '' : ` (through the computed value${via.length > 1 ? 's' : ''} ${via.map((v) => `"${v}"`).join(' → ')})`;

function ruleMessage(rule: Rule, subject: Subject | undefined, name: string, via: Via, values: readonly ParameterValue[], gap: Gap): string {
  const id = rule.definition.id;
  const eff = rule.definition.effective ?? {};
  const cov = coverage(values)!;
  const what = `For ${rowsDated(subject)} ${range(gap)} the rule sees an empty value, so a scenario or --set that changes "${name}" does not reach them.`;
  if (gap.side === 'start') {
    const ruleCanStartLater = !eff.to || eff.to >= cov.first;
    return `The rule "${id}" applies from ${eff.from}, but the parameter "${name}" it reads${through(via)} has a value only from ${cov.first}. ${what} ` +
      `Start the parameter's first value on ${eff.from}${ruleCanStartLater ? `, or start the rule on ${cov.first}` : ''}, ` +
      `or, if the gap is intended, add a period ${nullPeriod(gap)} to the parameter.`;
  }
  const end = cov.end!;
  const ruleCanEndEarlier = !eff.from || eff.from <= end;
  const reach = eff.to ? `applies up to ${eff.to}` : 'has no end date ("effective.to")';
  return `The rule "${id}" ${reach}, but the parameter "${name}" it reads${through(via)} has no value after ${end}, where its last value ends. ${what} ` +
    `${eff.to ? `Extend the parameter's last value to ${eff.to}` : `Leave out the "to" of the parameter's last value`}` +
    `${ruleCanEndEarlier ? `, or end the rule on ${end}` : ''}, or, if the gap is intended, add a period ${nullPeriod(gap)} to the parameter.`;
}

export function checkParameterReach(rulebook: Rulebook, issues: Issue[]): void {
  const warn = (origin: Origin, sub: JsonPath, message: string) => {
    const source: JsonSource | undefined = rulebook.sources.get(origin.file);
    if (source) issues.push({ ...issueAt(source, [...origin.path, ...sub], message, 'warning'), code: PARAMETER_GAP });
  };
  const reads = rulebook.rules
    .filter((rule) => rulebook.subjects.has(rule.definition.subject))
    .map((rule) => ({ rule, params: parametersReadBy(rulebook, rule) }));

  for (const { rule, params } of reads) {
    const subject = rulebook.subjects.get(rule.definition.subject);
    const eff = rule.definition.effective ?? {};
    for (const [name, via] of params) {
      const p = rulebook.parameters.get(name);
      if (!p) continue; // an unknown parameter is an error reported elsewhere
      const values = p.definition.values;
      for (const gap of gapsBetween(eff, values)) {
        const message = ruleMessage(rule, subject, name, via, values, gap);
        if (gap.side === 'start') warn(rule.origin, ['effective', 'from'], message);
        else if (eff.to) warn(rule.origin, ['effective', 'to'], message);
        else warn(p.origin, ['values', coverage(values)!.lastIndex, 'to'], message);
      }
    }
  }

  for (const scenario of rulebook.scenarios.values()) {
    const { set = {}, values = {} } = scenario.definition;
    const changed: { name: string; series: readonly ParameterValue[]; own: boolean }[] = [];
    for (const name of Object.keys(set)) {
      const p = rulebook.parameters.get(name);
      if (p) changed.push({ name, series: p.definition.values, own: false });
    }
    for (const [name, series] of Object.entries(values)) {
      if (!(name in set) && rulebook.parameters.has(name) && series.length) changed.push({ name, series, own: true });
    }
    for (const { name, series, own } of changed) {
      const cov = coverage(series)!;
      for (const side of ['start', 'end'] as const) {
        const hit = reads
          .filter(({ params }) => params.has(name))
          .flatMap(({ rule }) => gapsBetween(rule.definition.effective ?? {}, series).filter((g) => g.side === side).map((gap) => ({ rule, gap })));
        if (!hit.length) continue;
        const subject = rulebook.subjects.get(hit[0]!.rule.definition.subject);
        const ids = hit.map((h) => `"${h.rule.definition.id}"`);
        const rules = ids.length === 1 ? `the rule ${ids[0]}` : `the rules ${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
        const sameGap = hit.every((h) => h.gap.from === hit[0]!.gap.from && h.gap.to === hit[0]!.gap.to);
        const where = sameGap ? `for ${rowsDated(subject)} ${range(hit[0]!.gap)}` : `for ${rowsDated(subject)} ${hit.map((h) => `${range(h.gap)} ("${h.rule.definition.id}")`).join(', ')}`;
        const periods = own ? `this scenario's values for it` : `its values in parameters.json (a scenario keeps their dates)`;
        const bound = side === 'start' ? `start only on ${cov.first}` : `end on ${cov.end}`;
        const fix = side === 'start'
          ? own
            ? `Start this scenario's first value for "${name}" earlier`
            : `Start the parameter's first value in parameters.json earlier (see the warning there), or give this scenario "values" for it that start earlier`
          : own
            ? `Extend this scenario's last value for "${name}"`
            : `Extend the parameter's last value in parameters.json (see the warning there)`;
        const message = `This scenario changes "${name}", but ${periods} ${bound}, while ${rules}, which read${ids.length === 1 ? 's' : ''} it, ` +
          `can apply ${where}: there ${ids.length === 1 ? 'it sees' : 'they see'} an empty value, and this scenario does not reach them. ` +
          `${fix}, or say in the scenario's description which dates it leaves out.`;
        const path: JsonPath = own ? ['values', name, side === 'start' ? 0 : cov.lastIndex, side === 'start' ? 'from' : 'to'] : ['set', name];
        warn(scenario.origin, path, message);
      }
    }
  }
}
