/**
 * One subject of a rulebook compiled for one run (one set of parameter values): the row pipeline
 * of Evaluator.traceRow — coerce the cells, work out the effective date and the computed values,
 * decide the rules, set the outputs, write the findings — as synchronous closures over slots.
 * Every step keeps the reference's order, checks and messages; `trace` adds, on demand, what
 * json-rules-engine would report for every condition.
 *
 * Rules whose conditions cannot be compiled are decided by json-rules-engine (the caller passes
 * its answers in `fallbackFired`); they are listed in `fallbackRules` with the reason.
 */
import type { BusinessCalendar } from '../../calendar/calendar';
import { coerceCell, type CoerceResult } from '../../coerce';
import type { ColumnSpec, FactValue } from '../../columns';
import type { IsoDate } from '../../dates';
import type { SubjectMatch } from '../../match';
import type { ParameterTable } from '../../parameters';
import { formatCitation, type Rule, type Rulebook, type Subject } from '../../rulebook/model';
import type { Outcome } from '../../rulebook/schema';
import { cellReference, type RawCell, type Table, type TableRow } from '../../table';
import type { Expr } from '../../rulebook/expressions';
import { EvaluationError, type Value } from '../evaluateExpr';
import { effectiveConditions, paramsInConditions } from '../jsonRulesEngine';
import { rawKey, type RowError } from '../rowFacts';
import { contractOutcome, errorMessage, sameValue, scalar } from '../rowResult';
import { typeOfName } from '../template';
import { compileExpr } from './compileExpr';
import { compileRuleConditions, type ConditionTrace, type Gate, type RuleTrace } from './compileRuleConditions';
import { RuleIndex } from './ruleIndex';
import { compileTemplate } from './compileTemplate';
import { settingKey, type CompileContext, type Compiled, type RowFrame } from './frame';
import { compileParamLookup, type ParamLookup } from './paramLookup';

/** The result shapes are the evaluator's; they are declared there and repeated structurally here to keep the core acyclic. */
export interface ProgramFinding { rule: string; clause: string; outcome: Outcome; subjectStatus: string; message: string }
export interface ProgramResult {
  row: number; key: FactValue; subject: string; status: import('../../rulebook/schema').Status; subjectStatus: string;
  outputs: Record<string, FactValue>; findings: ProgramFinding[]; errors: RowError[];
}
export interface ProgramTrace {
  result: ProgramResult;
  facts: ReadonlyMap<string, Value>;
  effectiveDate: IsoDate;
  ruleResults: RuleTrace[];
}

/** A rule the compiler could not compile, and why. */
export interface FallbackRule {
  rule: Rule;
  reason: string;
}

interface CompiledRule {
  rule: Rule;
  id: string;
  test: Compiled<boolean> | undefined;
  trace: ((f: RowFrame) => { result: boolean; conditions: ConditionTrace }) | undefined;
  gates: readonly Gate[];
  outputs: { name: string; slot: number; value: Compiled<Value> }[];
  clause: string;
  /** The contract outcome (a function so that a word the subject lacks fails when the rule applies, as in the reference). */
  outcome: () => Outcome;
  message: Compiled<string>;
}

interface ColumnPlan {
  column: ColumnSpec;
  slot: number;
  index: number | undefined;
  header: string;
  /**
   * The column's readings of the cells met so far (coerceCell is a pure function of the cell, the
   * column and the workbook's date system): a table's rows repeat their categories, dates and rates.
   * None for text columns, whose reading costs less than remembering it.
   */
  readings: Map<string | number | boolean, CoerceResult> | undefined;
  dateReadings: Map<string | number | boolean, CoerceResult> | undefined;
  /** Cells found and not found so far: a column whose cells rarely repeat (amounts, names) stops remembering. */
  hits: number;
  misses: number;
}

/** Readings remembered per column before the memory starts afresh. */
const MAX_READINGS = 8192;

interface TablePlan {
  table: Table;
  columns: ColumnPlan[];
  options: { date1904: boolean };
}

/** An `{ "output", "if" }` setting: the parameters it sets, and the program of the subject under it once made. */
interface IfSetting {
  key: string;
  set: Readonly<Record<string, unknown>>;
  checks: { lookup: ParamLookup | undefined; json: string }[];
  /** By date: whether every parameter already has the setting's value then. */
  alreadySetOn: Map<IsoDate, boolean>;
  program?: SubjectProgram;
}

/** A row after coercion: the column facts by slot and the cells' problems. */
export interface CoercedCells {
  facts: (Value | undefined)[];
  errors: RowError[];
  key: FactValue;
}

/** The run's other programs, for `{ "output", "if" }`: the same subject with some parameters set otherwise. */
export interface ProgramRun {
  variant(set: Readonly<Record<string, unknown>>): SubjectProgram;
  /** json-rules-engine's answers for the rules that could not be compiled, for this program's row (async callers fill it). */
  fallbackFired?: Map<SubjectProgram, ReadonlySet<string>>;
}

/** coerceCell, remembering the column's readings of repeated cells (dates by their text, apart from text cells). */
function read(plan: ColumnPlan, cell: RawCell, options: { date1904: boolean }): CoerceResult {
  if (cell === null || !plan.readings || Object.is(cell, -0) || (typeof cell === 'object' && !('date' in cell))) return coerceCell(cell, plan.column, options);
  const memory = typeof cell === 'object' ? plan.dateReadings! : plan.readings;
  const key = typeof cell === 'object' ? cell.date : cell;
  const known = memory.get(key);
  if (known) {
    plan.hits++;
    return known;
  }
  const r = coerceCell(cell, plan.column, options);
  if (++plan.misses >= 2048 && plan.hits * 3 < plan.misses) {
    // Fewer than one cell in four repeated an earlier one: remembering costs more than it saves.
    plan.readings = undefined;
    plan.dateReadings = undefined;
    return r;
  }
  if (memory.size >= MAX_READINGS) memory.clear();
  memory.set(key, r);
  return r;
}

function outcomeOf(subject: Subject, word: string): () => Outcome {
  try {
    const outcome = contractOutcome(subject, word);
    return () => outcome;
  } catch {
    return () => contractOutcome(subject, word);
  }
}

/** Every `"if"` of an `{ "output": …, "if": … }` inside an expression, by its setting key. */
export function collectIfSettings(node: unknown, out: Map<string, Readonly<Record<string, unknown>>>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => collectIfSettings(n, out));
    return;
  }
  const o = node as Record<string, unknown>;
  if ('output' in o && o.if && typeof o.if === 'object') out.set(settingKey(o.if as Record<string, unknown>), o.if as Record<string, unknown>);
  for (const v of Object.values(o)) collectIfSettings(v, out);
}

export class SubjectProgram {
  private readonly factSlots = new Map<string, number>();
  private readonly outputSlots = new Map<string, number>();
  private readonly columnSlots: { column: ColumnSpec; slot: number }[] = [];
  private readonly asOfSlot: number;
  private readonly effectiveDateSlot: number;
  private readonly keySlot: number | undefined;
  private readonly dateSlot: number | undefined;
  private readonly computed: { name: string; slot: number; value: Compiled<Value> }[] = [];
  /** All the subject's rules in the order their findings are listed: priority, then rulebook order. */
  private readonly rules: CompiledRule[] = [];
  readonly fallbackRules: FallbackRule[] = [];
  /** The rules a row can meet, by its values of the facts most rules gate on. */
  private readonly index: RuleIndex<CompiledRule>;
  private readonly outputNames: string[];
  private readonly computedOutputs: { slot: number; factSlot: number | undefined }[] = [];
  private readonly formulas: { slot: number; value: Compiled<Value> }[] = [];
  private readonly ifSettings: IfSetting[] = [];
  private readonly plans = new WeakMap<SubjectMatch, TablePlan>();
  private readonly ctx: CompileContext;
  /** The facts slots in use, for building a row's fact list. */
  private readonly factCount: () => number;

  constructor(
    readonly rulebook: Rulebook,
    readonly subject: Subject,
    parameters: ParameterTable,
    calendars: ReadonlyMap<string, BusinessCalendar>,
  ) {
    const lookups = new Map<string, ParamLookup>();
    const paramLookup = (name: string): ParamLookup | undefined => {
      let l = lookups.get(name);
      if (!l) {
        const series = parameters.values.get(name);
        if (!series) return undefined;
        l = compileParamLookup(series);
        lookups.set(name, l);
      }
      return l;
    };
    const calendarNames = [...calendars.keys()];
    const factSlot = (name: string) => this.factSlots.get(name);
    const define = (name: string) => {
      let slot = this.factSlots.get(name);
      if (slot === undefined) this.factSlots.set(name, (slot = this.factSlots.size));
      return slot;
    };
    this.ctx = {
      factSlot,
      outputSlot: (name) => {
        let slot = this.outputSlots.get(name);
        if (slot === undefined) this.outputSlots.set(name, (slot = this.outputSlots.size));
        return slot;
      },
      param: paramLookup,
      calendar: (name) => calendars.get(name),
      calendarNames: () => [...calendarNames],
      engineParams: paramsInConditions(rulebook.rules.filter((r) => r.definition.subject === subject.name)),
    };
    this.factCount = () => this.factSlots.size;

    for (const column of subject.columns) this.columnSlots.push({ column, slot: define(column.name) });
    this.keySlot = subject.columns.some((c) => c.name === subject.definition.key) ? factSlot(subject.definition.key) : undefined;
    const dateColumn = subject.definition.date;
    this.dateSlot = dateColumn && subject.columns.some((c) => c.name === dateColumn) ? factSlot(dateColumn) : undefined;
    this.asOfSlot = define('asOf');
    this.effectiveDateSlot = define('effectiveDate');
    const ownComputed = [...rulebook.computed.values()].filter((c) => c.definition.subject === subject.name);
    // Slots first, so that a computed value reading a later one reads it as not yet set.
    for (const c of ownComputed) define(c.name);
    for (const c of ownComputed) this.computed.push({ name: c.name, slot: factSlot(c.name)!, value: compileExpr(c.definition.value, this.ctx) });

    const typeOf = (name: string) => typeOfName(rulebook, subject, name);
    const subjectRules = rulebook.rules.filter((r) => r.definition.subject === subject.name);
    const ordered = [...subjectRules].sort((a, b) => (b.definition.priority ?? 1) - (a.definition.priority ?? 1) || a.order - b.order);
    for (const rule of ordered) {
      const d = rule.definition;
      let conditions;
      try {
        conditions = compileRuleConditions(effectiveConditions(rule), this.ctx);
      } catch (err) {
        conditions = { ok: false as const, reason: (err as Error).message };
      }
      if (!conditions.ok) this.fallbackRules.push({ rule, reason: conditions.reason });
      this.rules.push({
        rule, id: d.id,
        test: conditions.ok ? conditions.test : undefined,
        trace: conditions.ok ? conditions.trace : undefined,
        gates: conditions.ok ? conditions.gates : [],
        outputs: Object.entries(d.outputs ?? {}).map(([name, expr]) => ({ name, slot: this.ctx.outputSlot(name), value: compileExpr(expr as Expr, this.ctx) })),
        clause: formatCitation(d.clause),
        outcome: outcomeOf(subject, d.outcome),
        message: compileTemplate(d.message, rulebook, typeOf, this.ctx),
      });
    }

    this.index = new RuleIndex(this.rules);
    this.outputNames = Object.keys(subject.definition.outputs);
    for (const name of this.outputNames) {
      if (rulebook.computed.has(name)) this.computedOutputs.push({ slot: this.ctx.outputSlot(name), factSlot: factSlot(name) });
    }
    const settings = new Map<string, Readonly<Record<string, unknown>>>();
    for (const [name, output] of Object.entries(subject.definition.outputs)) {
      collectIfSettings(output.value, settings);
      if (output.value !== undefined) this.formulas.push({ slot: this.ctx.outputSlot(name), value: compileExpr(output.value as Expr, this.ctx) });
    }
    for (const [key, set] of settings) {
      this.ifSettings.push({ key, set, checks: Object.entries(set).map(([name, value]) => ({ lookup: paramLookup(name), json: JSON.stringify(value) })), alreadySetOn: new Map() });
    }
    // Template placeholders may name outputs no rule sets; every output slot exists by now.
    for (const name of this.outputNames) this.ctx.outputSlot(name);
  }

  /** A parameter's value at a date, as a row's scope reads it (an EvaluationError when there is no such parameter). */
  paramAt(name: string, date: IsoDate): Value {
    const lookup = this.ctx.param(name);
    if (!lookup) throw new EvaluationError(`There is no parameter "${name}".`);
    return lookup(date);
  }

  /** The parameters json-rules-engine is handed as `param:` facts for this subject (for the rules it decides). */
  get engineParams(): ReadonlySet<string> {
    return this.ctx.engineParams;
  }

  /** Whether every rule's conditions compiled (so rows are evaluated without json-rules-engine). */
  get compiledEntirely(): boolean {
    return this.fallbackRules.length === 0;
  }

  private plan(table: Table, match: SubjectMatch): TablePlan {
    const cached = this.plans.get(match);
    if (cached && cached.table === table && cached.options.date1904 === table.date1904) return cached;
    const columns = this.columnSlots.map(({ column, slot }) => {
      const index = match.indexOf.get(column.name);
      const remember = column.type !== 'text';
      return {
        column, slot, index, header: index === undefined ? column.header : table.headers[index] ?? column.header,
        readings: remember ? new Map() : undefined, dateReadings: remember ? new Map() : undefined, hits: 0, misses: 0,
      };
    });
    const plan = { table, columns, options: { date1904: table.date1904 } };
    this.plans.set(match, plan);
    return plan;
  }

  /** The row's cells coerced by column type, with a located error for every cell that cannot be read (as coerceRow). */
  coerce(table: Table, match: SubjectMatch, row: TableRow): CoercedCells {
    const { columns, options } = this.plan(table, match);
    const facts: (Value | undefined)[] = new Array(this.factCount());
    const errors: RowError[] = [];
    const subject = this.subject;
    for (const plan of columns) {
      const { column, slot, index, header } = plan;
      if (index === undefined) {
        facts[slot] = null;
        if (column.required) {
          errors.push({ column: column.header, message: `The table has no "${column.header}" column, which ${subject.name} rows need: add it (or rename the header that holds it).` });
        }
        continue;
      }
      const result = read(plan, row.cells[index] ?? null, options);
      if (!result.ok) {
        facts[slot] = null;
        const where = cellReference(table, row.sourceRow, index);
        errors.push({ cell: where, column: header, message: `${where} (${header}): ${result.problem}` });
        continue;
      }
      if (result.value === null && column.required) {
        const where = cellReference(table, row.sourceRow, index);
        errors.push({ cell: where, column: header, message: `${where} (${header}) is empty; every ${subject.name} row needs it. Fill it in.` });
      }
      facts[slot] = result.value;
    }
    const keyValue = this.keySlot === undefined ? undefined : facts[this.keySlot];
    return { facts, errors, key: (keyValue ?? rawKey(subject, match, row)) as FactValue };
  }

  /** The effective date: the subject's date column when filled in, else the as-of date. */
  private effectiveDate(facts: readonly (Value | undefined)[], asOf: IsoDate): IsoDate {
    const value = this.dateSlot === undefined ? null : facts[this.dateSlot];
    return typeof value === 'string' && value !== '' ? value : asOf;
  }

  /** A row's frame after its computed values, or the finished (invalid) result when it cannot be read. */
  prepare(row: TableRow, asOf: IsoDate, cells: CoercedCells): { frame: RowFrame; base: ProgramResult; failed: true } | { frame: RowFrame; base: undefined; failed: false } {
    // The cells are read again by the rows evaluated for { "output", "if" }: those need them untouched.
    const facts = this.ifSettings.length ? cells.facts.slice() : cells.facts;
    const effectiveDate = this.effectiveDate(facts, asOf);
    facts[this.asOfSlot] = asOf;
    facts[this.effectiveDateSlot] = effectiveDate;
    const frame: RowFrame = { facts, outputs: [], effectiveDate };
    if (cells.errors.length) return { frame, base: this.invalid(row, cells, cells.errors), failed: true };
    try {
      for (const c of this.computed) facts[c.slot] = c.value(frame);
    } catch (err) {
      return { frame, base: this.invalid(row, cells, [{ message: errorMessage(err, 'while computing values') }]), failed: true };
    }
    return { frame, base: undefined, failed: false };
  }

  /** A row that cannot be evaluated: invalid, every output empty, with its errors. */
  private invalid(row: TableRow, cells: CoercedCells, errors: RowError[]): ProgramResult {
    return {
      row: row.row, key: cells.key, subject: this.subject.name,
      status: 'invalid', subjectStatus: 'invalid', outputs: this.emptyOutputs(), findings: [], errors,
    };
  }

  /** The engine facts of a prepared row, as Evaluator.traceRow hands them to json-rules-engine (for fallback rules). */
  engineFacts(frame: RowFrame): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, slot] of this.factSlots) if (frame.facts[slot] !== undefined) out[name] = frame.facts[slot];
    return out;
  }

  private emptyOutputs(): Record<string, FactValue> {
    const o: Record<string, FactValue> = {};
    for (const name of this.outputNames) o[name] = null;
    return o;
  }

  private fired(frame: RowFrame, run: ProgramRun): CompiledRule[] {
    const fallback = this.fallbackRules.length ? run.fallbackFired?.get(this) : undefined;
    if (this.fallbackRules.length && !fallback) throw new Error(`Internal: ${this.subject.name} has rules for json-rules-engine, but no answers from it were given.`);
    const out: CompiledRule[] = [];
    for (const r of this.index.candidates(frame)) if (r.test ? r.test(frame) : fallback!.has(r.id)) out.push(r);
    return out;
  }

  /**
   * Whether every parameter of a setting already has its value on `date` (then the setting changes
   * nothing). Remembered by date per setting: the parameters' values at a date are fixed for a program.
   */
  private alreadySet(setting: IfSetting, date: IsoDate): boolean {
    const known = setting.alreadySetOn.get(date);
    if (known !== undefined) return known;
    let same = true;
    for (const c of setting.checks) if (!c.lookup || JSON.stringify(c.lookup(date)) !== c.json) { same = false; break; }
    if (setting.alreadySetOn.size >= 4096) setting.alreadySetOn.clear();
    setting.alreadySetOn.set(date, same);
    return same;
  }

  /** The `{ "output", "if" }` settings a row dated `effectiveDate` is evaluated again under (those that change something). */
  variantSettings(effectiveDate: IsoDate): Readonly<Record<string, unknown>>[] {
    if (!this.formulas.length) return [];
    return this.ifSettings.filter((s) => !this.alreadySet(s, effectiveDate)).map((s) => s.set);
  }

  /** One row, evaluated. `depth` 1 is a row evaluated for an `{ "output", "if" }` of another program. */
  evaluate(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate, run: ProgramRun, depth = 0, cells = this.coerce(table, match, row)): ProgramResult {
    const prepared = this.prepare(row, asOf, cells);
    if (prepared.failed) return prepared.base;
    return this.finish(table, match, row, asOf, run, depth, cells, prepared.frame, this.fired(prepared.frame, run));
  }

  /** One row with everything `explain` shows: its facts and, for every rule, json-rules-engine's report of its conditions. */
  trace(table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate, run: ProgramRun): ProgramTrace {
    const cells = this.coerce(table, match, row);
    const prepared = this.prepare(row, asOf, cells);
    const frame = prepared.frame;
    const facts = new Map<string, Value>();
    for (const [name, slot] of this.factSlots) if (frame.facts[slot] !== undefined) facts.set(name, frame.facts[slot]!);
    if (prepared.failed) return { result: prepared.base, facts, effectiveDate: frame.effectiveDate, ruleResults: [] };
    const fallback = this.fallbackRules.length ? run.fallbackFired?.get(this) : undefined;
    const ruleResults: RuleTrace[] = [];
    const fired: CompiledRule[] = [];
    for (const r of this.rules) {
      if (r.trace) {
        const { result, conditions } = r.trace(frame);
        ruleResults.push({ name: r.id, priority: r.rule.definition.priority ?? 1, result, conditions });
        if (result) fired.push(r);
      } else if (fallback?.has(r.id)) fired.push(r);
    }
    const result = this.finish(table, match, row, asOf, run, 0, cells, frame, fired);
    return { result, facts, effectiveDate: frame.effectiveDate, ruleResults };
  }

  private finish(
    table: Table, match: SubjectMatch, row: TableRow, asOf: IsoDate, run: ProgramRun, depth: number,
    cells: CoercedCells, frame: RowFrame, fired: CompiledRule[],
  ): ProgramResult {
    const outputs = frame.outputs;
    const rowErrors: RowError[] = [];
    for (const c of this.computedOutputs) outputs[c.slot] = c.factSlot === undefined ? null : frame.facts[c.factSlot] ?? null;
    try {
      let setBy: (string | undefined)[] | undefined;
      for (const rule of fired) {
        for (const { name, slot, value: expr } of rule.outputs) {
          const value = expr(frame);
          setBy ??= [];
          const earlier = setBy[slot];
          if (earlier !== undefined && !sameValue(outputs[slot], value)) {
            rowErrors.push({ message: `Rules ${earlier} and ${rule.id} both apply and set ${name} differently (${String(outputs[slot])} and ${String(value)}): make their conditions exclusive.` });
            continue;
          }
          setBy[slot] = rule.id;
          outputs[slot] = value;
        }
      }
      if (this.formulas.length) {
        // The settings' programs are made first, as json-rules-engine's path does: a setting that is
        // not a valid value (a negative rate) is the row's error even where no formula reaches it.
        let settings: Map<string, SubjectProgram> | undefined;
        if (depth === 0) {
          for (const s of this.ifSettings) {
            if (!this.alreadySet(s, frame.effectiveDate)) (settings ??= new Map()).set(s.key, s.program ??= run.variant(s.set));
          }
        }
        // The row itself is evaluated under another setting only when a formula reads an output under
        // it (a `choose` may not reach it): the variant's outputs are a pure function of the row, so
        // evaluating it later, or not at all, gives the same outputs as evaluating it first.
        let alternatives: Map<string, Record<string, FactValue> | null> | undefined;
        const alternative = (key: string): Record<string, FactValue> | null => {
          let other = alternatives?.get(key);
          if (other !== undefined) return other;
          const program = settings?.get(key);
          other = program ? program.evaluate(table, match, row, asOf, run, 1, cells).outputs : null;
          (alternatives ??= new Map()).set(key, other);
          return other;
        };
        frame.outputIf = (name, key) => {
          const other = alternative(key);
          return other ? other[name] ?? null : outputs[this.ctx.outputSlot(name)] ?? null;
        };
        try {
          for (const f of this.formulas) outputs[f.slot] = f.value(frame);
        } finally {
          frame.outputIf = undefined;
        }
      }
    } catch (err) {
      rowErrors.push({ message: errorMessage(err, 'while computing outputs') });
    }

    const outputRecord = this.emptyOutputs();
    for (const name of this.outputNames) outputRecord[name] = scalar(outputs[this.outputSlots.get(name)!]);
    // A row evaluated for another's { "output", "if" } gives only its outputs: its messages are not written.
    const findings: ProgramFinding[] = fired.map((rule) => ({
      rule: rule.id, clause: rule.clause, outcome: rule.outcome(), subjectStatus: rule.rule.definition.outcome, message: depth > 0 ? '' : rule.message(frame),
    }));
    const subject = this.subject;
    const subjectStatus = rowErrors.length ? 'invalid' : subject.statuses.combine(findings.map((f) => f.subjectStatus), subject.definition.defaultStatus ?? 'not-applicable');
    const status = subject.statuses.meaning(subjectStatus);
    return { row: row.row, key: cells.key, subject: subject.name, status, subjectStatus, outputs: outputRecord, findings, errors: rowErrors };
  }
}

