/**
 * Cross-reference checks over a whole rulebook, after each file passed its own schema:
 * citations name listed sources, parameters' dated values neither overlap nor leave gaps,
 * subjects' key and date columns exist, rules and computed values name only facts, parameters,
 * operators and outputs that exist, tests and scenarios name real things; and warns when a rule
 * can apply on dates where a parameter it reads has no value (checkParameterReach.ts).
 */
import { ANNOUNCED_HOLIDAY_SOURCES, HOLIDAY_SOURCES } from '../calendar/holidaySources';
import { normalizeHeader } from '../columns';
import { parseSetting, periodProblems, valueProblem } from '../parameters';
import { didYouMean, quoteList, sentence } from '../suggest';
import { ExpressionChecker, compatible, type ExprType, type FactInfo, type Scope } from './checkExpressions';
import { checkParameterReach } from './checkParameterReach';
import type { Issue, JsonPath } from './issues';
import { issueAt, type JsonSource } from './jsonSource';
import { BUILT_IN_FACTS, type Computed, type Origin, type Rulebook, type Subject } from './model';
import { DECIDED_STATUSES, STATUSES, type Citation, type ParameterDefinition } from './schema';
import { checkTests } from './checkTests';

export function checkRulebook(rulebook: Rulebook): Issue[] {
  const issues: Issue[] = [];
  const at = (origin: Origin, sub: JsonPath, message: string, severity: Issue['severity'] = 'error') => {
    const source = rulebook.sources.get(origin.file);
    if (source) issues.push(issueAt(source, [...origin.path, ...sub], message, severity));
  };
  const citation = (origin: Origin, sub: JsonPath, c: Citation) => {
    if (!(c.source in rulebook.manifest.sources)) {
      const known = Object.keys(rulebook.manifest.sources);
      at(origin, [...sub, 'source'], `The citation names the source "${c.source}", which rulebook.json does not list.${didYouMean(c.source, known)} Sources: ${quoteList(known)}.`);
    }
  };

  checkCalendars(rulebook, at, citation);
  for (const [name, p] of rulebook.parameters) checkParameter(rulebook, name, p.definition, p.origin, at, citation);
  for (const subject of rulebook.subjects.values()) checkSubject(subject, at);
  orderComputed(rulebook, at);
  checkFormulas(rulebook, issues, at, citation);
  checkTests(rulebook, at);
  checkScenarios(rulebook, at, citation);
  checkParameterReach(rulebook, issues);
  return issues;
}

type At = (origin: Origin, sub: JsonPath, message: string, severity?: Issue['severity']) => void;
type Cite = (origin: Origin, sub: JsonPath, c: Citation) => void;

function checkCalendars(rulebook: Rulebook, at: At, citation: Cite): void {
  const names = [...rulebook.calendars.keys()];
  for (const [name, { definition, origin }] of rulebook.calendars) {
    citation(origin, ['citation'], definition.citation);
    (definition.closedWhenClosedIn ?? []).forEach((other, i) => {
      if (!rulebook.calendars.has(other)) at(origin, ['closedWhenClosedIn', i], `"${other}" is not a calendar defined here.${didYouMean(other, names)} Calendars: ${quoteList(names)}.`);
      else if (other === name) at(origin, ['closedWhenClosedIn', i], `Calendar "${name}" cannot be built from itself.`);
    });
    if (!definition.holidays?.length && !definition.closedWhenClosedIn?.length && !definition.closedOn?.length && !definition.closedEveryYear?.length) {
      at(origin, [], `Calendar "${name}" has no holidays: name a holiday list (${HOLIDAY_SOURCES.join(', ')}), closed days, or calendars it combines.`, 'warning');
    }
    (definition.closedOn ?? []).forEach((c, i) => {
      if (c.citation) citation(origin, ['closedOn', i, 'citation'], c.citation);
    });
    const holidays = definition.holidays ?? [];
    const announced = new Set<string>();
    (definition.announcedThrough ?? []).forEach((a, i) => {
      citation(origin, ['announcedThrough', i, 'citation'], a.citation);
      if (!holidays.includes(a.holidays)) at(origin, ['announcedThrough', i, 'holidays'], `Calendar "${name}" does not use the ${a.holidays} holidays: add "${a.holidays}" to its "holidays" or remove this entry.`);
      if (announced.has(a.holidays)) at(origin, ['announcedThrough', i, 'holidays'], `${a.holidays} is listed twice in announcedThrough.`);
      announced.add(a.holidays);
    });
    for (const source of holidays) {
      if (ANNOUNCED_HOLIDAY_SOURCES.includes(source) && !announced.has(source)) {
        at(origin, ['holidays'], `Calendar "${name}" uses the ${source} holidays, whose equinox days are announced a year ahead: add { "holidays": "${source}", "year": … } to "announcedThrough" with its citation, or later equinox days are taken as final.`, 'warning');
      }
    }
  }
}

function checkParameter(rulebook: Rulebook, name: string, def: ParameterDefinition, origin: Origin, at: At, citation: Cite): void {
  const calendars = [...rulebook.calendars.keys()];
  if (def.type === 'enum' && !def.allowed?.length) at(origin, ['type'], `Parameter "${name}" is an enum: list its possible values in "allowed".`);
  if (def.type !== 'enum' && def.allowed) at(origin, ['allowed'], `"allowed" is only for enum parameters; "${name}" is ${def.type}.`);
  def.values.forEach((v, i) => {
    citation(origin, ['values', i, 'citation'], v.citation);
    const problem = valueProblem(def, v.value, calendars);
    if (problem) at(origin, ['values', i, 'value'], sentence(`The value of "${name}" ${problem}`));
  });
  (def.alternatives ?? []).forEach((alt, i) => {
    const problem = valueProblem(def, alt.value, calendars);
    if (problem) at(origin, ['alternatives', i, 'value'], sentence(`This alternative for "${name}" ${problem}`));
  });
  for (const message of periodProblems(def.values)) at(origin, ['values', message.index, message.field], message.text);
}

/** A subject's status words: the default and the summaries' filters name real ones. */
function checkStatuses(subject: Subject, at: At): void {
  const def = subject.definition;
  const words = subject.statuses.decidable;
  if (def.statuses) {
    for (const [word, s] of Object.entries(def.statuses)) {
      if (word === 'note' || word === 'invalid') at(subject.origin, ['statuses', word], `"${word}" is a reserved word (notes never change a status; invalid is for unreadable rows): give the status another name.`);
      else if ((DECIDED_STATUSES as readonly string[]).includes(word) && s.means !== word) at(subject.origin, ['statuses', word, 'means'], `The status "${word}" is the contract's own word, so it must mean ${word}, not ${s.means}: give it another name.`);
    }
  }
  if (def.defaultStatus !== undefined && !words.includes(def.defaultStatus)) {
    at(subject.origin, ['defaultStatus'], `"${def.defaultStatus}" is not a status of ${subject.name} rows.${didYouMean(def.defaultStatus, words)} Statuses: ${quoteList(words)}.`);
  }
  if (def.statuses && def.defaultStatus === undefined && !words.includes('not-applicable')) {
    at(subject.origin, ['statuses'], `Name the status of a row no rule decides in "defaultStatus" (${quoteList(words)}): this subject has no status called not-applicable.`);
  }
  (def.summaries ?? []).forEach((s, i) => (s.statuses ?? []).forEach((w, j) => {
    if (!subject.statuses.has(w) && !(STATUSES as readonly string[]).includes(w)) {
      at(subject.origin, ['summaries', i, 'statuses', j], `"${w}" is not a status of ${subject.name} rows.${didYouMean(w, words)} Statuses: ${quoteList([...words, 'invalid'])}, or the contract's ${quoteList([...STATUSES])}.`);
    }
  }));
}

function checkSubject(subject: Subject, at: At): void {
  const def = subject.definition;
  const columns = new Map(subject.columns.map((c) => [c.name, c]));
  if (!columns.has(def.key)) at(subject.origin, ['key'], `The key column "${def.key}" is not one of this subject's columns.${didYouMean(def.key, columns.keys())}`);
  if (def.date !== undefined) {
    const dateColumn = columns.get(def.date);
    if (!dateColumn) at(subject.origin, ['date'], `The date column "${def.date}" is not one of this subject's columns.${didYouMean(def.date, columns.keys())}`);
    else if (dateColumn.type !== 'date') at(subject.origin, ['date'], `The date column "${def.date}" has type ${dateColumn.type}; it must be a date column.`);
  }
  checkStatuses(subject, at);
  const headers = new Map<string, string>();
  for (const column of subject.columns) {
    const path = ['columns', column.name];
    if (column.type === 'enum' && !column.values?.length) at(subject.origin, [...path, 'type'], `Column "${column.name}" is an enum: list its values in "values".`);
    if (column.type !== 'enum' && column.values) at(subject.origin, [...path, 'values'], `"values" is only for enum columns; "${column.name}" is ${column.type}.`);
    if (column.name in BUILT_IN_FACTS) at(subject.origin, path, `"${column.name}" is a built-in fact; give the column another name.`);
    for (const header of [column.header, ...(column.aliases ?? [])]) {
      const key = normalizeHeader(header);
      const other = headers.get(key);
      if (other && other !== column.name) at(subject.origin, path, `The header "${header}" would match both "${other}" and "${column.name}": headers compare without case, spaces or punctuation.`);
      headers.set(key, column.name);
    }
    if (column.values) {
      const seen = new Map<string, string>();
      column.values.forEach((v, i) => {
        for (const spelling of [v.value, ...(v.aliases ?? [])]) {
          const key = normalizeHeader(spelling);
          const other = seen.get(key);
          if (other && other !== v.value) at(subject.origin, [...path, 'values', i], `"${spelling}" would match both "${other}" and "${v.value}".`);
          seen.set(key, v.value);
        }
      });
    }
  }
  for (const name of Object.keys(def.outputs)) {
    if (columns.has(name)) at(subject.origin, ['outputs', name], `"${name}" is both a column and an output; give the output another name.`);
  }
  (def.summaries ?? []).forEach((summary, i) => {
    const type = columns.get(summary.sum)?.type ?? def.outputs[summary.sum]?.type;
    const known = [...columns.keys(), ...Object.keys(def.outputs)];
    if (!type) at(subject.origin, ['summaries', i, 'sum'], `"${summary.sum}" is not a column or output of ${subject.name} rows.${didYouMean(summary.sum, known)}`);
    else if (!['money', 'number', 'rate'].includes(type)) at(subject.origin, ['summaries', i, 'sum'], `"${summary.sum}" is ${type}; a summary adds up money or numbers.`);
  });
}

const columnExprType = (type: string): ExprType => (type === 'enum' || type === 'country' ? 'text' : (type as ExprType));

/** What rows of `subject` have: columns, computed values, built-ins and parameters. */
export function scopeFor(rulebook: Rulebook, subject: Subject, outputs: ReadonlyMap<string, FactInfo> = new Map()): Scope {
  const facts = new Map<string, FactInfo>();
  for (const [name, b] of Object.entries(BUILT_IN_FACTS)) facts.set(name, { type: b.type, what: `"${name}"` });
  for (const c of subject.columns) {
    facts.set(c.name, { type: columnExprType(c.type), allowed: c.values?.map((v) => v.value), what: `the column "${c.header}"` });
  }
  for (const c of rulebook.computed.values()) {
    if (c.definition.subject === subject.name) facts.set(c.name, { type: c.definition.type, what: `the computed value "${c.name}"` });
  }
  const params = new Map<string, FactInfo>();
  for (const [name, p] of rulebook.parameters) {
    const t = p.definition.type;
    params.set(name, { type: t === 'enum' ? 'text' : t === 'calendar' ? 'calendar' : (t as ExprType), allowed: p.definition.allowed, what: `the parameter "${name}"` });
  }
  return { subject: subject.name, facts, params, outputs, calendars: [...rulebook.calendars.keys()] };
}

/** Put computed values in an order where each follows the ones it reads; report unknown subjects and cycles. */
function orderComputed(rulebook: Rulebook, at: At): void {
  const reads = new Map<string, Set<string>>();
  const subjects = [...rulebook.subjects.keys()];
  for (const c of rulebook.computed.values()) {
    const subject = rulebook.subjects.get(c.definition.subject);
    if (!subject) {
      at(c.origin, ['subject'], `"${c.definition.subject}" is not a subject in subjects.json.${didYouMean(c.definition.subject, subjects)} Subjects: ${quoteList(subjects)}.`);
      continue;
    }
    if (subject.columns.some((col) => col.name === c.name) || c.name in BUILT_IN_FACTS) {
      at(c.origin, [], `"${c.name}" is already a column or built-in fact of ${c.definition.subject} rows; give the computed value another name.`);
    }
    reads.set(c.name, collectFacts(c.definition.value));
  }
  const ordered = new Map<string, Computed>();
  const visiting = new Set<string>();
  const visit = (name: string, chain: string[]) => {
    const c = rulebook.computed.get(name);
    if (!c || ordered.has(name)) return;
    if (visiting.has(name)) {
      at(c.origin, ['value'], `The computed values ${[...chain, name].join(' → ')} depend on each other in a circle: one of them must be computed another way.`);
      return;
    }
    visiting.add(name);
    for (const dep of reads.get(name) ?? []) if (rulebook.computed.get(dep)?.definition.subject === c.definition.subject) visit(dep, [...chain, name]);
    visiting.delete(name);
    ordered.set(name, c);
  };
  for (const name of rulebook.computed.keys()) visit(name, []);
  rulebook.computed = ordered;
}

/** Every fact name an expression or condition reads (a quick walk, before the full check). */
export function collectFacts(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectFacts(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fact' && typeof v === 'string') out.add(v);
      else collectFacts(v, out);
    }
  }
  return out;
}

function checkFormulas(rulebook: Rulebook, issues: Issue[], at: At, citation: Cite): void {
  const sourceOf = (origin: Origin): JsonSource => rulebook.sources.get(origin.file)!;
  const subjects = [...rulebook.subjects.keys()];
  const outputInfo = (subject: Subject) =>
    new Map<string, FactInfo>(Object.entries(subject.definition.outputs).map(([n, o]) => [n, { type: o.type, what: `the output "${n}"` }]));

  for (const c of rulebook.computed.values()) {
    citation(c.origin, ['clause'], c.definition.clause);
    const subject = rulebook.subjects.get(c.definition.subject);
    if (!subject) continue;
    const checker = new ExpressionChecker(sourceOf(c.origin), scopeFor(rulebook, subject), issues);
    const type = checker.expression(c.definition.value, [...c.origin.path, 'value']);
    if (!compatible(c.definition.type, type)) at(c.origin, ['type'], `"${c.name}" is declared ${c.definition.type}, but its formula gives ${type}.`);
  }

  for (const subject of rulebook.subjects.values()) {
    const earlier = new Map<string, FactInfo>();
    const scope = scopeFor(rulebook, subject, earlier);
    for (const [name, output] of Object.entries(subject.definition.outputs)) {
      if (output.value !== undefined) {
        const checker = new ExpressionChecker(sourceOf(subject.origin), { ...scope, outputs: new Map(earlier) }, issues);
        const type = checker.expression(output.value, [...subject.origin.path, 'outputs', name, 'value']);
        if (!compatible(output.type, type)) at(subject.origin, ['outputs', name, 'type'], `The output "${name}" is declared ${output.type}, but its formula gives ${type}.`);
      }
      earlier.set(name, { type: output.type, what: `the output "${name}"` });
    }
  }

  for (const rule of rulebook.rules) {
    const def = rule.definition;
    citation(rule.origin, ['clause'], def.clause);
    const subject = rulebook.subjects.get(def.subject);
    if (!subject) {
      at(rule.origin, ['subject'], `"${def.subject}" is not a subject in subjects.json.${didYouMean(def.subject, subjects)} Subjects: ${quoteList(subjects)}.`);
      continue;
    }
    if (def.effective?.from && def.effective.to && def.effective.to < def.effective.from) {
      at(rule.origin, ['effective', 'to'], `The rule stops applying (${def.effective.to}) before it starts (${def.effective.from}).`);
    }
    if (def.outcome !== 'note' && !subject.statuses.decidable.includes(def.outcome)) {
      const words = subject.statuses.decidable;
      at(rule.origin, ['outcome'], `"${def.outcome}" is not a status of ${def.subject} rows.${didYouMean(def.outcome, [...words, 'note'])} A rule decides one of ${quoteList(words)}, or note (which informs without changing the status).`);
    }
    const scope = scopeFor(rulebook, subject);
    const checker = new ExpressionChecker(sourceOf(rule.origin), scope, issues);
    checker.condition(def.conditions, [...rule.origin.path, 'conditions']);
    const outputs = outputInfo(subject);
    for (const [name, expr] of Object.entries(def.outputs ?? {})) {
      const declared = subject.definition.outputs[name];
      if (!declared) {
        at(rule.origin, ['outputs', name], `"${name}" is not an output of ${def.subject} rows.${didYouMean(name, outputs.keys())} Declare it under "outputs" in subjects.json first.`);
        continue;
      }
      if (declared.value !== undefined) at(rule.origin, ['outputs', name], `The output "${name}" has a formula in subjects.json, so a rule cannot set it.`);
      if (rulebook.computed.has(name)) at(rule.origin, ['outputs', name], `The output "${name}" shows the computed value of the same name, so a rule cannot set it.`);
      const type = checker.expression(expr, [...rule.origin.path, 'outputs', name]);
      if (!compatible(declared.type, type)) at(rule.origin, ['outputs', name], `The output "${name}" is ${declared.type}, but this gives ${type}.`);
    }
    checker.template(def.message, [...rule.origin.path, 'message'], outputs);
  }
}

function checkScenarios(rulebook: Rulebook, at: At, citation: Cite): void {
  const calendars = [...rulebook.calendars.keys()];
  const known = [...rulebook.parameters.keys()];
  for (const scenario of rulebook.scenarios.values()) {
    const { set = {}, values = {} } = scenario.definition;
    for (const [name, value] of Object.entries(set)) {
      const p = rulebook.parameters.get(name);
      if (!p) at(scenario.origin, ['set', name], `There is no parameter "${name}".${didYouMean(name, known)}`);
      else {
        const parsed = parseSetting(p.definition, value, calendars);
        if (!parsed.ok) at(scenario.origin, ['set', name], `${name} ${parsed.problem}`);
      }
    }
    for (const [name, series] of Object.entries(values)) {
      const p = rulebook.parameters.get(name);
      if (!p) {
        at(scenario.origin, ['values', name], `There is no parameter "${name}".${didYouMean(name, known)}`);
        continue;
      }
      series.forEach((v, i) => {
        citation(scenario.origin, ['values', name, i, 'citation'], v.citation);
        const problem = valueProblem(p.definition, v.value, calendars);
        if (problem) at(scenario.origin, ['values', name, i, 'value'], `${name} ${problem}`);
      });
      for (const m of periodProblems(series)) at(scenario.origin, ['values', name, m.index, m.field], m.text);
    }
  }
}
