/**
 * Evaluating a rulebook against table rows. For each row: coerce its cells, compute its values,
 * let json-rules-engine decide which rules fire, then gather status, outputs and findings with
 * their clause citations. Rows out = rows in, in input order; a row that cannot be read is
 * `invalid` with its errors and never stops the others.
 */
import type { Engine, RuleResult } from 'json-rules-engine';
import { buildCalendars, type BusinessCalendar } from '../calendar/calendar';
import type { FactValue } from '../columns';
import type { IsoDate } from '../dates';
import { matchSubject, type SubjectMatch } from '../match';
import { parameterAt, resolveParameters, type Overrides, type ParameterTable } from '../parameters';
import { formatCitation, type Rule, type Rulebook, type Subject } from '../rulebook/model';
import type { Outcome, Status } from '../rulebook/schema';
import type { Table, TableRow } from '../table';
import { evaluateExpr, EvaluationError, type RowScope, type Value } from './evaluateExpr';
import { buildEngine, paramFact, paramsInConditions } from './jsonRulesEngine';
import { coerceRow, effectiveDateOf, rawKey, type RowError } from './rowFacts';
import { renderMessage, typeOfName } from './template';

export interface Finding {
  rule: string;
  clause: string;
  /** The contract's word: compliant, pending, breach, not-applicable, or note. */
  outcome: Outcome;
  /** The subject's own word for what the rule decides (`rated`, `declined`…), or note. */
  subjectStatus: string;
  message: string;
}

export interface RowResult {
  row: number;
  key: FactValue;
  subject: string;
  /** The contract's status: compliant, pending, breach, not-applicable or invalid. */
  status: Status;
  /** The status in the subject's own words (`rated`, `declined`…); the contract status when it names none. */
  subjectStatus: string;
  outputs: Record<string, FactValue>;
  findings: Finding[];
  errors: RowError[];
}

/** What json-rules-engine said about every rule for one row, for `explain`. */
export interface RowTrace {
  result: RowResult;
  facts: ReadonlyMap<string, Value>;
  effectiveDate: IsoDate;
  engineResults: RuleResult[];
}

/** The contract outcome of a rule's decision in the subject's words. */
function contractOutcome(subject: Subject, word: string): Outcome {
  return word === 'note' ? 'note' : (subject.statuses.meaning(word) as Outcome);
}

interface SubjectRuntime {
  subject: Subject;
  rules: Rule[];
  ruleById: Map<string, Rule>;
  engine: Engine;
  conditionParams: string[];
  /** The parameter settings of the subject's `{ "output", "if" }` formulas, by their JSON text. */
  ifSettings: Map<string, Readonly<Record<string, unknown>>>;
}

/** Every `"if"` of an `{ "output": …, "if": … }` inside an expression. */
function collectIfSettings(node: unknown, out: Map<string, Readonly<Record<string, unknown>>>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => collectIfSettings(n, out));
    return;
  }
  const o = node as Record<string, unknown>;
  if ('output' in o && o.if && typeof o.if === 'object') out.set(settingKey(o.if as Record<string, unknown>), o.if as Record<string, unknown>);
  for (const v of Object.values(o)) collectIfSettings(v, out);
}

function settingKey(set: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(set).sort().map((k) => [k, set[k]]));
}

export class Evaluator {
  private readonly runtimes = new Map<string, SubjectRuntime>();
  /** Evaluators of this run with some parameters set otherwise, for `{ "output", "if" }`. */
  private readonly variants = new Map<string, Evaluator>();

  private constructor(
    readonly rulebook: Rulebook,
    readonly parameters: ParameterTable,
    private readonly calendars: Map<string, BusinessCalendar>,
    private readonly request: Overrides,
  ) {}

  /** An evaluator for one run with these overrides; problems (bad --set values…) are all returned. */
  static prepare(rulebook: Rulebook, overrides: Overrides = {}): { ok: true; evaluator: Evaluator } | { ok: false; problems: string[] } {
    const { table, problems } = resolveParameters(rulebook, overrides);
    if (problems.length) return { ok: false, problems };
    let calendars: Map<string, BusinessCalendar>;
    try {
      calendars = buildCalendars([...rulebook.calendars].map(([name, c]) => ({ name, ...c.definition })));
    } catch (err) {
      return { ok: false, problems: [`calendars.json: ${(err as Error).message}`] };
    }
    return { ok: true, evaluator: new Evaluator(rulebook, table, calendars, overrides) };
  }

  get overrides(): Record<string, unknown> {
    return this.parameters.applied;
  }

  calendar(name: string): BusinessCalendar | undefined {
    return this.calendars.get(name);
  }

  private runtime(subject: Subject): SubjectRuntime {
    let rt = this.runtimes.get(subject.name);
    if (!rt) {
      const rules = this.rulebook.rules.filter((r) => r.definition.subject === subject.name);
      rt = {
        subject, rules,
        ruleById: new Map(rules.map((r) => [r.definition.id, r])),
        engine: buildEngine(rules),
        conditionParams: [...paramsInConditions(rules)],
        ifSettings: new Map(),
      };
      for (const output of Object.values(subject.definition.outputs)) collectIfSettings(output.value, rt.ifSettings);
      this.runtimes.set(subject.name, rt);
    }
    return rt;
  }

  match(table: Pick<Table, 'headers'>, subject?: string): ReturnType<typeof matchSubject> {
    return matchSubject(this.rulebook.subjects.values(), table.headers, subject);
  }

  /** Every row of the table, in order. `onProgress` is called after each row. */
  async evaluateTable(table: Table, match: SubjectMatch, asOf: IsoDate, onProgress?: (done: number, total: number) => void): Promise<RowResult[]> {
    const results: RowResult[] = [];
    for (const row of table.rows) {
      results.push((await this.traceRow(table, match, row, asOf)).result);
      onProgress?.(results.length, table.rows.length);
    }
    return results;
  }

  /** This run with `set` applied on top of its own overrides (after its scenario and --set). */
  private variant(set: Readonly<Record<string, unknown>>): Evaluator {
    const key = settingKey(set);
    let v = this.variants.get(key);
    if (!v) {
      const prepared = Evaluator.prepare(this.rulebook, { ...this.request, set: { ...this.request.set, ...(set as Record<string, string | number | boolean>) } });
      if (!prepared.ok) throw new EvaluationError(prepared.problems.join(' '));
      v = prepared.evaluator;
      this.variants.set(key, v);
    }
    return v;
  }

  /** Whether `set` changes nothing for a row dated `date`: every parameter already has that value then. */
  private alreadySet(set: Readonly<Record<string, unknown>>, date: IsoDate): boolean {
    return Object.entries(set).every(([name, value]) => {
      const series = this.parameters.values.get(name);
      return series !== undefined && JSON.stringify(parameterAt(series, date)) === JSON.stringify(value);
    });
  }

  /**
   * One row, with everything `explain` shows. `depth` 1 is a row evaluated for an
   * `{ "output", "if" }` of another run: its own such formulas read its own outputs.
   */
  async traceRow(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate, depth = 0): Promise<RowTrace> {
    const subject = match.subject;
    const rt = this.runtime(subject);
    const outputNames = Object.keys(subject.definition.outputs);
    const emptyOutputs = () => Object.fromEntries(outputNames.map((n) => [n, null])) as Record<string, FactValue>;
    const { facts: cells, errors } = coerceRow(subject, match, table, row);
    const facts = new Map<string, Value>(cells);
    const effectiveDate = effectiveDateOf(subject, cells, asOf);
    facts.set('asOf', asOf);
    facts.set('effectiveDate', effectiveDate);
    const base: RowResult = {
      row: row.row, key: cells.get(subject.definition.key) ?? rawKey(subject, match, row), subject: subject.name,
      status: 'invalid', subjectStatus: 'invalid', outputs: emptyOutputs(), findings: [], errors,
    };
    if (errors.length) return { result: base, facts, effectiveDate, engineResults: [] };

    const outputs = new Map<string, Value>();
    const scope = this.scope(facts, outputs, effectiveDate);
    try {
      for (const c of this.rulebook.computed.values()) {
        if (c.definition.subject === subject.name) facts.set(c.name, evaluateExpr(c.definition.value, scope));
      }
    } catch (err) {
      return { result: { ...base, errors: [{ message: errorMessage(err, 'while computing values') }] }, facts, effectiveDate, engineResults: [] };
    }

    const engineFacts: Record<string, unknown> = Object.fromEntries(facts);
    for (const name of rt.conditionParams) engineFacts[paramFact(name)] = scope.param(name);
    const run = await rt.engine.run(engineFacts);
    const fired = run.results
      .map((r) => rt.ruleById.get(r.name))
      .filter((r): r is Rule => r !== undefined)
      .sort((a, b) => (b.definition.priority ?? 1) - (a.definition.priority ?? 1) || a.order - b.order);

    const rowErrors: RowError[] = [];
    const setBy = new Map<string, string>();
    for (const name of outputNames) if (this.rulebook.computed.has(name)) outputs.set(name, facts.get(name) ?? null);
    try {
      for (const rule of fired) {
        for (const [name, expr] of Object.entries(rule.definition.outputs ?? {})) {
          const value = evaluateExpr(expr, scope);
          const earlier = setBy.get(name);
          if (earlier !== undefined && !sameValue(outputs.get(name), value)) {
            rowErrors.push({ message: `Rules ${earlier} and ${rule.definition.id} both apply and set ${name} differently (${String(outputs.get(name))} and ${String(value)}): make their conditions exclusive.` });
            continue;
          }
          setBy.set(name, rule.definition.id);
          outputs.set(name, value);
        }
      }
      const alternatives = new Map<string, Record<string, FactValue>>();
      for (const [key, set] of rt.ifSettings) {
        if (depth > 0 || this.alreadySet(set, effectiveDate)) continue;
        alternatives.set(key, (await this.variant(set).traceRow(table, match, row, asOf, 1)).result.outputs);
      }
      const outputScope: RowScope = {
        ...scope,
        outputIf: (name, set) => {
          const other = alternatives.get(settingKey(set));
          return other ? other[name] ?? null : outputs.get(name) ?? null;
        },
      };
      for (const [name, output] of Object.entries(subject.definition.outputs)) {
        if (output.value !== undefined) outputs.set(name, evaluateExpr(output.value, outputScope));
      }
    } catch (err) {
      rowErrors.push({ message: errorMessage(err, 'while computing outputs') });
    }

    const outputRecord = emptyOutputs();
    for (const name of outputNames) outputRecord[name] = scalar(outputs.get(name));
    const typeOf = (name: string) => typeOfName(this.rulebook, subject, name);
    const findings: Finding[] = fired.map((rule) => ({
      rule: rule.definition.id,
      clause: formatCitation(rule.definition.clause),
      outcome: contractOutcome(subject, rule.definition.outcome),
      subjectStatus: rule.definition.outcome,
      message: renderMessage(rule.definition.message, { scope, typeOf, rulebook: this.rulebook }),
    }));
    const subjectStatus = rowErrors.length ? 'invalid' : subject.statuses.combine(findings.map((f) => f.subjectStatus), subject.definition.defaultStatus ?? 'not-applicable');
    const status = subject.statuses.meaning(subjectStatus);
    return {
      result: { ...base, status, subjectStatus, outputs: outputRecord, findings, errors: rowErrors },
      facts, effectiveDate, engineResults: [...run.results, ...run.failureResults],
    };
  }

  /** The scope expressions of one row read from. Parameters are looked up at the row's effective date. */
  scope(facts: ReadonlyMap<string, Value>, outputs: ReadonlyMap<string, Value>, effectiveDate: IsoDate): RowScope {
    const values = this.parameters.values;
    const calendars = this.calendars;
    return {
      fact: (name) => facts.get(name) ?? null,
      param: (name, at) => {
        const series = values.get(name);
        if (!series) throw new EvaluationError(`There is no parameter "${name}".`);
        return parameterAt(series, at ?? effectiveDate);
      },
      output: (name) => outputs.get(name) ?? null,
      calendar: (name) => calendars.get(name),
      calendarNames: () => [...calendars.keys()],
    };
  }
}

function sameValue(a: Value | undefined, b: Value): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b);
}

function scalar(v: Value | undefined): FactValue {
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(', ') : (v as FactValue);
}

function errorMessage(err: unknown, when: string): string {
  if (err instanceof EvaluationError) return `${err.message} (${when})`;
  return `Unexpected problem ${when}: ${(err as Error)?.message ?? String(err)}`;
}
