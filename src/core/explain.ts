/**
 * Why a row came out as it did, as data: its facts, computed values, and every rule of its subject —
 * whether it applied, each condition with the actual value and its result, and the clause cited.
 * The CLI's `explain` and the task pane's explanation panel both render this.
 */
import type { FactValue } from './columns';
import type { RowTrace } from './engine/evaluator';
import { typeOfName } from './engine/template';
import { formatValue } from './format';
import { findOperator } from './operators';
import { formatCitation, type Rulebook, type Subject } from './rulebook/model';
import type { Outcome, Status } from './rulebook/schema';

export interface ConditionLine {
  /** Nesting depth, 0 for the rule's top-level conditions. */
  depth: number;
  /** `✔` held, `✘` did not, `·` not evaluated. */
  result: boolean | undefined;
  /** `stage (selected) is one of [selected, funded]`, or `any of:` for a group. */
  text: string;
}

export interface RuleExplanation {
  id: string;
  title: string;
  clause: string;
  url?: string;
  applies: boolean;
  /** The contract's outcome (compliant, pending, breach, not-applicable, note), for colour. */
  outcome: Outcome;
  /** What the rule decides in the subject's words (`rated`, `declined`…), or note. */
  subjectStatus: string;
  /** The finding's message when the rule applied. */
  message?: string;
  conditions: ConditionLine[];
}

export interface RowExplanation {
  row: number;
  key: FactValue;
  subject: string;
  status: Status;
  /** The status in the subject's words, with its legend title. */
  subjectStatus: string;
  statusTitle: string;
  asOf: string;
  effectiveDate: string;
  /** The header of the column the effective date comes from, if the subject has one. */
  effectiveDateColumn?: string;
  errors: string[];
  facts: { name: string; header: string; value: string }[];
  computed: { name: string; value: string; clause: string }[];
  rules: RuleExplanation[];
  outputs: { name: string; title: string; value: string }[];
}

interface ConditionJson {
  all?: ConditionJson[];
  any?: ConditionJson[];
  not?: ConditionJson;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

export function explainRow(rulebook: Rulebook, subject: Subject, trace: RowTrace, asOf: string): RowExplanation {
  const show = (name: string, value: unknown): string => {
    if (name.startsWith('param:')) {
      const def = rulebook.parameters.get(name.slice(6))?.definition;
      return formatValue(value as FactValue, def?.type ?? 'any');
    }
    return formatValue(value as FactValue, typeOfName(rulebook, subject, name));
  };
  const r = trace.result;
  const results = new Map(trace.ruleResults.map((x) => [x.name, x]));
  const rules = rulebook.rules
    .filter((x) => x.definition.subject === subject.name)
    .map((rule): RuleExplanation => {
      const d = rule.definition;
      const res = results.get(d.id);
      const json = res as { conditions: ConditionJson } | undefined;
      const url = d.clause.url ?? rulebook.manifest.sources[d.clause.source]?.url;
      return {
        id: d.id, title: d.title, clause: formatCitation(d.clause), ...(url ? { url } : {}),
        applies: res?.result === true, outcome: d.outcome === 'note' ? 'note' : (subject.statuses.meaning(d.outcome) as Outcome), subjectStatus: d.outcome,
        message: r.findings.find((f) => f.rule === d.id)?.message,
        conditions: json ? conditionLines(json.conditions, 0, show) : [],
      };
    });
  const dateColumn = subject.definition.date ? subject.columns.find((c) => c.name === subject.definition.date)?.header : undefined;
  return {
    row: r.row, key: r.key, subject: subject.name, status: r.status, subjectStatus: r.subjectStatus, statusTitle: subject.statuses.get(r.subjectStatus)?.title ?? r.subjectStatus, asOf, effectiveDate: trace.effectiveDate,
    ...(dateColumn ? { effectiveDateColumn: dateColumn } : {}),
    errors: r.errors.map((e) => e.message),
    facts: subject.columns.map((c) => ({ name: c.name, header: c.header, value: show(c.name, trace.facts.get(c.name) ?? null) })),
    computed: [...rulebook.computed.values()]
      .filter((c) => c.definition.subject === subject.name)
      .map((c) => ({ name: c.name, value: show(c.name, trace.facts.get(c.name) ?? null), clause: formatCitation(c.definition.clause) })),
    rules,
    outputs: Object.entries(subject.definition.outputs).map(([name, o]) => ({ name, title: o.title, value: formatValue(r.outputs[name] ?? null, o.type) })),
  };
}

function describeValue(value: unknown, show: (name: string, v: unknown) => string, valueResult: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) {
    const name = String((value as { fact: string }).fact);
    return `${name} (${valueResult === undefined ? 'not evaluated' : show(name, valueResult)})`;
  }
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return JSON.stringify(value);
}

function conditionLines(c: ConditionJson, depth: number, show: (name: string, v: unknown) => string): ConditionLine[] {
  for (const group of ['all', 'any'] as const) {
    const list = c[group];
    if (!list) continue;
    // A top-level "all" is implied; nested groups and every "any" get a heading line.
    const heading = group === 'any' || depth > 0;
    const children = list.flatMap((x) => conditionLines(x, depth + (heading ? 1 : 0), show));
    const direct = children.filter((x) => x.depth === depth + (heading ? 1 : 0)).map((x) => x.result);
    const derived = direct.includes(undefined) ? undefined : group === 'all' ? direct.every(Boolean) : direct.some(Boolean);
    const head: ConditionLine[] = heading ? [{ depth, result: c.result ?? derived, text: group === 'all' ? 'all of:' : 'any of:' }] : [];
    return [...head, ...children];
  }
  if (c.not) return [{ depth, result: c.result, text: 'not:' }, ...conditionLines(c.not, depth + 1, show)];
  const fact = c.fact ?? '?';
  const op = findOperator(c.operator ?? '');
  const actual = c.factResult === undefined && c.result === undefined ? 'not evaluated' : show(fact, c.factResult ?? null);
  const rhs = op && !op.needsValue ? '' : ` ${describeValue(c.value, show, c.valueResult)}`;
  return [{ depth, result: c.result, text: `${fact} (${actual}) ${op?.reads ?? c.operator}${rhs}` }];
}
