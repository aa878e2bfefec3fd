/**
 * Evaluating a rulebook against table rows. For each row: coerce its cells, compute its values,
 * decide which rules apply, then gather status, outputs and findings with their clause citations.
 * Rows out = rows in, in input order; a row that cannot be read is `invalid` with its errors and
 * never stops the others.
 *
 * Two engines decide the rules and compute the same answers. `compiled` (the default) runs the
 * rulebook compiled into synchronous closures (./compiled); `json-rules-engine` is the reference:
 * one `engine.run` per row, as that library's README shows, and what the compiled engine is tested
 * against. A rule the compiler cannot compile is decided by json-rules-engine, and `notes` says so.
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
import type { RuleTrace } from './compiled/compileRuleConditions';
import { settingKey } from './compiled/frame';
import { collectIfSettings, SubjectProgram, type CoercedCells, type ProgramRun } from './compiled/subjectProgram';
import { contractOutcome, errorMessage, sameValue, scalar } from './rowResult';
import { evaluateExpr, EvaluationError, type RowScope, type Value } from './evaluateExpr';
import { buildEngine, paramFact, paramsInConditions } from './jsonRulesEngine';
import { coerceRow, effectiveDateOf, rawKey, type RowError } from './rowFacts';
import { renderMessage, typeOfName } from './template';

export type { ConditionTrace, RuleTrace } from './compiled/compileRuleConditions';

/** The engines that decide a rulebook's rules; both give the same answers. */
export const ENGINE_NAMES = ['compiled', 'json-rules-engine'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export interface EvaluatorOptions {
  /** `compiled` (the default) or `json-rules-engine`, the reference. */
  engine?: EngineName;
}

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

/** One row with everything `explain` shows: its facts and what json-rules-engine reports (or would report) for every rule. */
export interface RowTrace {
  result: RowResult;
  facts: ReadonlyMap<string, Value>;
  effectiveDate: IsoDate;
  /** Every rule of the subject, in finding order (priority, then rulebook order). */
  ruleResults: RuleTrace[];
}

/** json-rules-engine's report of one rule, as a plain RuleTrace. */
function ruleTraceOf(r: RuleResult): RuleTrace {
  const json = r.toJSON(false) as unknown as RuleTrace;
  return { name: json.name, priority: json.priority, result: json.result, conditions: json.conditions };
}

const byFindingOrder = (a: Rule, b: Rule): number => (b.definition.priority ?? 1) - (a.definition.priority ?? 1) || a.order - b.order;

interface SubjectRuntime {
  subject: Subject;
  rules: Rule[];
  ruleById: Map<string, Rule>;
  engine: Engine;
  conditionParams: string[];
  /** The parameter settings of the subject's `{ "output", "if" }` formulas, by their JSON text. */
  ifSettings: Map<string, Readonly<Record<string, unknown>>>;
}

/** A subject compiled for this run, with what json-rules-engine needs for the rules that could not be compiled. */
interface CompiledSubject {
  program: SubjectProgram;
  run: ProgramRun;
  fallback?: { engine: Engine; params: string[] };
}

/**
 * The rulebook's calendars, built once per rulebook: they depend on its calendar files only, and
 * each keeps its business-day index, which what-if runs and `{ output, if }` variants then share.
 */
const calendarsOf = new WeakMap<Rulebook, Map<string, BusinessCalendar>>();

export class Evaluator {
  private readonly runtimes = new Map<string, SubjectRuntime>();
  private readonly compiled = new Map<string, CompiledSubject>();
  /** Evaluators of this run with some parameters set otherwise, for `{ "output", "if" }`. */
  private readonly variants = new Map<string, Evaluator>();

  private constructor(
    readonly rulebook: Rulebook,
    readonly parameters: ParameterTable,
    private readonly calendars: Map<string, BusinessCalendar>,
    private readonly request: Overrides,
    /** The engine that decides the rules: `compiled` or the reference, `json-rules-engine`. */
    readonly engine: EngineName,
  ) {}

  /** An evaluator for one run with these overrides; problems (bad --set values…) are all returned. */
  static prepare(rulebook: Rulebook, overrides: Overrides = {}, options: EvaluatorOptions = {}): { ok: true; evaluator: Evaluator } | { ok: false; problems: string[] } {
    const engine = options.engine ?? 'compiled';
    if (!(ENGINE_NAMES as readonly string[]).includes(engine)) {
      return { ok: false, problems: [`"${String(engine)}" is not an engine: use ${ENGINE_NAMES.map((n) => `"${n}"`).join(' or ')}.`] };
    }
    const { table, problems } = resolveParameters(rulebook, overrides);
    if (problems.length) return { ok: false, problems };
    let calendars = calendarsOf.get(rulebook);
    if (!calendars) {
      try {
        calendars = buildCalendars([...rulebook.calendars].map(([name, c]) => ({ name, ...c.definition })));
      } catch (err) {
        return { ok: false, problems: [`calendars.json: ${(err as Error).message}`] };
      }
      calendarsOf.set(rulebook, calendars);
    }
    return { ok: true, evaluator: new Evaluator(rulebook, table, calendars, overrides, engine) };
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

  private compiledSubject(subject: Subject): CompiledSubject {
    let c = this.compiled.get(subject.name);
    if (!c) {
      const program = new SubjectProgram(this.rulebook, subject, this.parameters, this.calendars);
      const fallbackRules = program.fallbackRules.map((f) => f.rule);
      c = {
        program,
        run: { variant: (set) => this.variant(set).compiledSubject(subject).program },
        // json-rules-engine gets the parameters every condition of the subject names, as in the reference run.
        ...(fallbackRules.length ? { fallback: { engine: buildEngine(fallbackRules), params: [...program.engineParams] } } : {}),
      };
      this.compiled.set(subject.name, c);
    }
    return c;
  }

  /**
   * How this run evaluates, for the output: with the compiled engine, every rule the compiler
   * could not compile (decided by json-rules-engine instead) and why. Empty when there is nothing to say.
   */
  get notes(): string[] {
    if (this.engine !== 'compiled') return [];
    return [...this.rulebook.subjects.values()].flatMap((s) =>
      this.compiledSubject(s).program.fallbackRules.map((f) => `Rule ${f.rule.definition.id} (${s.name}) is decided by json-rules-engine, not the compiled engine: ${f.reason}.`));
  }

  /** Whether rows of `subject` can be evaluated synchronously (compiled engine, every rule compiled). */
  synchronous(subject: Subject): boolean {
    return this.engine === 'compiled' && this.compiledSubject(subject).program.compiledEntirely;
  }

  /**
   * One row, evaluated at once. Needs the compiled engine with every rule of the subject compiled
   * (see `synchronous`); otherwise use `evaluateRow`.
   */
  evaluateRowNow(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate): RowResult {
    if (!this.synchronous(match.subject)) throw new Error(`Rows of ${match.subject.name} need json-rules-engine here (engine ${this.engine}): use evaluateRow.`);
    const c = this.compiledSubject(match.subject);
    return c.program.evaluate(table, match, row, asOf, c.run);
  }

  /** One row, evaluated with this run's engine. */
  async evaluateRow(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate): Promise<RowResult> {
    if (this.engine === 'json-rules-engine') return (await this.referenceTrace(table, match, row, asOf)).result;
    const c = this.compiledSubject(match.subject);
    if (!c.fallback) return c.program.evaluate(table, match, row, asOf, c.run);
    const cells = c.program.coerce(table, match, row);
    const run = await this.askFallback(match.subject, table, match, row, asOf, cells);
    return c.program.evaluate(table, match, row, asOf, run, 0, cells);
  }

  /** These rows, in order. */
  async evaluateRows(table: Table, match: SubjectMatch, rows: readonly TableRow[], asOf: IsoDate): Promise<RowResult[]> {
    if (this.synchronous(match.subject)) {
      const c = this.compiledSubject(match.subject);
      return rows.map((row) => c.program.evaluate(table, match, row, asOf, c.run));
    }
    const out: RowResult[] = [];
    for (const row of rows) out.push(await this.evaluateRow(table, match, row, asOf));
    return out;
  }

  /** Every row of the table, in order. `onProgress` is called after each row. */
  async evaluateTable(table: Table, match: SubjectMatch, asOf: IsoDate, onProgress?: (done: number, total: number) => void): Promise<RowResult[]> {
    const results: RowResult[] = [];
    const now = this.synchronous(match.subject) ? this.compiledSubject(match.subject) : undefined;
    for (const row of table.rows) {
      results.push(now ? now.program.evaluate(table, match, row, asOf, now.run) : await this.evaluateRow(table, match, row, asOf));
      onProgress?.(results.length, table.rows.length);
    }
    return results;
  }

  /**
   * json-rules-engine's answers for the rules that could not be compiled: for this row and for each
   * `{ "output", "if" }` variant it will be evaluated under. Returns the run to evaluate the row with,
   * and json-rules-engine's reports of those rules for the row itself.
   */
  private async askFallback(subject: Subject, table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate, cells: CoercedCells): Promise<ProgramRun & { traces: RuleTrace[] }> {
    const own = this.compiledSubject(subject);
    const fallbackFired = new Map<SubjectProgram, ReadonlySet<string>>();
    const ask = async (c: CompiledSubject): Promise<{ results: RuleResult[]; effectiveDate?: IsoDate }> => {
      const { frame, failed } = c.program.prepare(row, asOf, cells);
      if (failed || !c.fallback) return { results: [] };
      const facts = c.program.engineFacts(frame);
      for (const name of c.fallback.params) facts[paramFact(name)] = c.program.paramAt(name, frame.effectiveDate);
      const run = await c.fallback.engine.run(facts);
      fallbackFired.set(c.program, new Set(run.results.map((r) => r.name)));
      return { results: [...run.results, ...run.failureResults], effectiveDate: frame.effectiveDate };
    };
    const mine = await ask(own);
    if (mine.effectiveDate !== undefined) {
      for (const set of own.program.variantSettings(mine.effectiveDate)) {
        let variant: CompiledSubject;
        try {
          variant = this.variant(set).compiledSubject(subject);
        } catch {
          continue; // the row's own evaluation meets this problem at the same point and reports it
        }
        await ask(variant);
      }
    }
    return { ...own.run, fallbackFired, traces: mine.results.map(ruleTraceOf) };
  }

  /** This run with `set` applied on top of its own overrides (after its scenario and --set). */
  private variant(set: Readonly<Record<string, unknown>>): Evaluator {
    const key = settingKey(set);
    let v = this.variants.get(key);
    if (!v) {
      const prepared = Evaluator.prepare(this.rulebook, { ...this.request, set: { ...this.request.set, ...(set as Record<string, string | number | boolean>) } }, { engine: this.engine });
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

  /** One row with everything `explain` shows, from this run's engine. */
  async traceRow(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate): Promise<RowTrace> {
    if (this.engine === 'json-rules-engine') return this.referenceTrace(table, match, row, asOf);
    const c = this.compiledSubject(match.subject);
    if (!c.fallback) return c.program.trace(table, match, row, asOf, c.run);
    const cells = c.program.coerce(table, match, row);
    const run = await this.askFallback(match.subject, table, match, row, asOf, cells);
    const trace = c.program.trace(table, match, row, asOf, run);
    const order = new Map(this.rulebook.rules.map((r) => [r.definition.id, r]));
    const ruleResults = [...trace.ruleResults, ...run.traces].sort((a, b) => byFindingOrder(order.get(a.name)!, order.get(b.name)!));
    return { ...trace, ruleResults };
  }

  /**
   * One row the reference way: json-rules-engine decides the rules (one `engine.run`). `depth` 1 is
   * a row evaluated for an `{ "output", "if" }` of another run: its own such formulas read its own outputs.
   */
  private async referenceTrace(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate, depth = 0): Promise<RowTrace> {
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
    if (errors.length) return { result: base, facts, effectiveDate, ruleResults: [] };

    const outputs = new Map<string, Value>();
    const scope = this.scope(facts, outputs, effectiveDate);
    try {
      for (const c of this.rulebook.computed.values()) {
        if (c.definition.subject === subject.name) facts.set(c.name, evaluateExpr(c.definition.value, scope));
      }
    } catch (err) {
      return { result: { ...base, errors: [{ message: errorMessage(err, 'while computing values') }] }, facts, effectiveDate, ruleResults: [] };
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
        alternatives.set(key, (await this.variant(set).referenceTrace(table, match, row, asOf, 1)).result.outputs);
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
      facts, effectiveDate,
      ruleResults: [...run.results, ...run.failureResults].map(ruleTraceOf).sort((a, b) => byFindingOrder(rt.ruleById.get(a.name)!, rt.ruleById.get(b.name)!)),
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
