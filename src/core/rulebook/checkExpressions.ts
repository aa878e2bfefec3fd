/**
 * Checks expressions, conditions and message templates against what a subject's rows have:
 * every fact, parameter, output, calendar and operator named must exist, and values must have
 * the right kind (a date where a date is needed, a list for "in"). Each problem is an issue at the
 * JSON path of the offending part, with a "did you mean" when a name is nearly right.
 */
import { isIsoDate } from '../dates';
import { findOperator, OPERATOR_NAMES } from '../operators';
import { didYouMean, quoteList } from '../suggest';
import { COMPUTATIONS, REFERENCES } from './expressions';
import type { Issue, JsonPath } from './issues';
import { issueAt, type JsonSource } from './jsonSource';

/** The kind of value an expression gives. Numeric kinds (number, rate, money) mix in arithmetic. */
export type ExprType = 'number' | 'rate' | 'money' | 'date' | 'text' | 'boolean' | 'list' | 'calendar' | 'any';

export interface FactInfo {
  type: ExprType;
  /** For enum columns and enum parameters: the values it can take. */
  allowed?: readonly string[];
  what: string;
}

export interface Scope {
  subject: string;
  facts: ReadonlyMap<string, FactInfo>;
  params: ReadonlyMap<string, FactInfo>;
  /** Outputs an expression may read (`{ "output": … }`); empty outside output formulas. */
  outputs: ReadonlyMap<string, FactInfo>;
  calendars: readonly string[];
}

const NUMERIC: readonly ExprType[] = ['number', 'rate', 'money'];
const isNumeric = (t: ExprType) => NUMERIC.includes(t);

/** Whether a value of type `actual` can stand where `wanted` is expected. */
export function compatible(wanted: ExprType, actual: ExprType): boolean {
  if (wanted === 'any' || actual === 'any' || wanted === actual) return true;
  return isNumeric(wanted) && isNumeric(actual);
}

const TYPE_WORDS: Record<ExprType, string> = {
  number: 'a number', rate: 'a rate', money: 'an amount of money', date: 'a date', text: 'text',
  boolean: 'true or false', list: 'a list', calendar: 'a calendar name', any: 'a value',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ExpressionChecker {
  constructor(
    private readonly source: JsonSource,
    private readonly scope: Scope,
    private readonly issues: Issue[],
  ) {}

  private problem(path: JsonPath, message: string): void {
    this.issues.push(issueAt(this.source, path, message));
  }

  /** The type of `expr`, reporting every problem inside it. Facts it reads are added to `reads`. */
  expression(expr: unknown, path: JsonPath, reads?: Set<string>): ExprType {
    if (expr === null) return 'any';
    if (typeof expr === 'number') return 'number';
    if (typeof expr === 'boolean') return 'boolean';
    if (typeof expr === 'string') return isIsoDate(expr) ? 'date' : 'text';
    if (Array.isArray(expr)) {
      expr.forEach((item, i) => {
        if (item !== null && typeof item === 'object') this.problem([...path, i], 'A list may hold only plain values (text, numbers, true/false, dates).');
      });
      return 'list';
    }
    if (!isObject(expr)) return 'any';
    const keys = Object.keys(expr);
    if ('fact' in expr) return this.reference(expr, path, 'fact', reads);
    if ('param' in expr) return this.reference(expr, path, 'param', reads);
    if ('output' in expr) return this.reference(expr, path, 'output', reads);
    if ('choose' in expr) return this.choose(expr, path, reads);
    const [op] = keys;
    if (keys.length !== 1 || op === undefined || !(op in COMPUTATIONS)) {
      const known = [...Object.keys(REFERENCES), ...Object.keys(COMPUTATIONS)];
      const name = keys.find((k) => !(k in COMPUTATIONS)) ?? keys.join(', ');
      this.problem(keys.length ? [...path, name] : path,
        keys.length === 0
          ? 'An empty object is not a value: write a number, a date, or a computation such as { "fact": "name" }.'
          : `"${name}" is not a computation Clausewise knows.${didYouMean(name, known)} Use one of ${quoteList(known, 20)} — one per object.`);
      return 'any';
    }
    return this.computation(op, expr[op], [...path, op], reads);
  }

  private reference(expr: Record<string, unknown>, path: JsonPath, kind: 'fact' | 'param' | 'output', reads?: Set<string>): ExprType {
    const extra = Object.keys(expr).filter((k) => k !== kind && !(kind === 'param' && k === 'at') && !(kind === 'output' && k === 'if'));
    for (const k of extra) this.problem([...path, k], `"${k}" does not belong in a { "${kind}": … } reference.`);
    const name = expr[kind];
    if (typeof name !== 'string') {
      this.problem([...path, kind], `The ${kind} name must be text in double quotes.`);
      return 'any';
    }
    if (kind === 'param' && 'at' in expr) this.expect(expr.at, [...path, 'at'], 'date', 'The "at" date', reads);
    if (kind === 'output' && 'if' in expr) this.outputIf(expr.if, [...path, 'if']);
    const info = this.lookup(kind, name, [...path, kind]);
    if (info && kind === 'fact') reads?.add(name);
    return info?.type ?? 'any';
  }

  /** `"if": { "parameter": value }` of an output reference: real parameters, each with a value of its kind. */
  private outputIf(set: unknown, path: JsonPath): void {
    if (!isObject(set) || Object.keys(set).length === 0) {
      this.problem(path, '"if" takes the parameters to change and their values, such as { "t7.benefitsWithdrawn": true }.');
      return;
    }
    for (const [name, value] of Object.entries(set)) {
      const info = this.lookup('param', name, [...path, name]);
      if (!info) continue;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        this.problem([...path, name], `The value of ${name} in "if" must be written out (a number, text, true/false or a list), not computed.`);
        continue;
      }
      const actual: ExprType = Array.isArray(value) ? 'list' : this.expression(value, [...path, name]);
      const wanted = info.type === 'calendar' ? 'text' : info.type;
      if (!compatible(wanted, actual)) this.problem([...path, name], `${name} is ${TYPE_WORDS[info.type]}, but this is ${TYPE_WORDS[actual]}.`);
      else if (info.allowed && typeof value === 'string' && !info.allowed.includes(value)) {
        this.problem([...path, name], `${name} is one of ${quoteList(info.allowed)}, not "${value}".${didYouMean(value, info.allowed)}`);
      }
    }
  }

  /** The fact, parameter or output called `name`, or an issue saying it does not exist. */
  lookup(kind: 'fact' | 'param' | 'output', name: string, path: JsonPath): FactInfo | undefined {
    const table = kind === 'fact' ? this.scope.facts : kind === 'param' ? this.scope.params : this.scope.outputs;
    const info = table.get(name);
    if (info) return info;
    if (kind === 'output' && this.scope.outputs.size === 0) {
      this.problem(path, `{ "output": "${name}" } can only be used in a subject's output formulas.`);
    } else if (kind === 'output') {
      this.problem(path, `"${name}" is not an output set before this one.${didYouMean(name, table.keys())} Outputs available here: ${quoteList([...table.keys()])}.`);
    } else if (kind === 'fact') {
      const hint = this.scope.params.has(name) ? ` "${name}" is a parameter: write { "param": "${name}" }.` : didYouMean(name, table.keys());
      this.problem(path, `"${name}" is not a column, computed value or built-in fact of a ${this.scope.subject} row.${hint} Known facts: ${quoteList([...table.keys()], 30)}.`);
    } else {
      const hint = this.scope.facts.has(name) ? ` "${name}" is a fact of the row: write { "fact": "${name}" }.` : didYouMean(name, table.keys());
      this.problem(path, `There is no parameter "${name}" in parameters.json.${hint}`);
    }
    return undefined;
  }

  private expect(expr: unknown, path: JsonPath, wanted: ExprType, what: string, reads?: Set<string>): ExprType {
    if (wanted === 'calendar' && typeof expr === 'string') {
      if (!this.scope.calendars.includes(expr)) {
        this.problem(path, `"${expr}" is not a calendar in calendars.json.${didYouMean(expr, this.scope.calendars)} Calendars: ${quoteList(this.scope.calendars)}.`);
      }
      return 'calendar';
    }
    const actual = this.expression(expr, path, reads);
    if (wanted === 'calendar' && actual === 'text') return actual;
    if (!compatible(wanted, actual)) this.problem(path, `${what} must be ${TYPE_WORDS[wanted]}, but this gives ${TYPE_WORDS[actual]}.`);
    return actual;
  }

  private dayType(expr: unknown, path: JsonPath, reads?: Set<string>): void {
    if (typeof expr === 'string') {
      if (expr !== 'calendar' && expr !== 'business') this.problem(path, `"dayType" must be "calendar" or "business", not "${expr}".`);
      return;
    }
    this.expect(expr, path, 'text', '"dayType"', reads);
  }

  private args(value: unknown, path: JsonPath, op: string, allowed: string[], required: string[]): Record<string, unknown> | undefined {
    if (!isObject(value)) {
      this.problem(path, `"${op}" takes an object with ${quoteList(required)}: ${COMPUTATIONS[op]}.`);
      return undefined;
    }
    for (const k of Object.keys(value)) {
      if (!allowed.includes(k)) this.problem([...path, k], `"${k}" is not an argument of "${op}".${didYouMean(k, allowed)} Arguments: ${quoteList(allowed)}.`);
    }
    for (const k of required) if (!(k in value)) this.problem(path, `"${op}" needs "${k}": ${COMPUTATIONS[op]}.`);
    return value;
  }

  private list(value: unknown, path: JsonPath, op: string, exact?: number): unknown[] | undefined {
    if (!Array.isArray(value) || value.length === 0 || (exact !== undefined && value.length !== exact)) {
      this.problem(path, `"${op}" takes a list of ${exact ?? 'one or more'} values: ${COMPUTATIONS[op]}.`);
      return undefined;
    }
    return value;
  }

  private computation(op: string, value: unknown, path: JsonPath, reads?: Set<string>): ExprType {
    switch (op) {
      case 'addDays':
      case 'daysBetween': {
        const dateArgs = op === 'addDays' ? ['date'] : ['from', 'to'];
        const a = this.args(value, path, op, [...dateArgs, ...(op === 'addDays' ? ['days'] : []), 'dayType', 'calendar'], [...dateArgs, ...(op === 'addDays' ? ['days'] : [])]);
        if (!a) return op === 'addDays' ? 'date' : 'number';
        for (const d of dateArgs) if (d in a) this.expect(a[d], [...path, d], 'date', `"${d}"`, reads);
        if ('days' in a) this.expect(a.days, [...path, 'days'], 'number', '"days"', reads);
        if ('dayType' in a) this.dayType(a.dayType, [...path, 'dayType'], reads);
        if ('calendar' in a) this.expect(a.calendar, [...path, 'calendar'], 'calendar', '"calendar"', reads);
        const business = a.dayType !== undefined && a.dayType !== 'calendar';
        if (business && !('calendar' in a)) this.problem(path, `Counting business days needs a "calendar" (one of ${quoteList(this.scope.calendars)}).`);
        return op === 'addDays' ? 'date' : 'number';
      }
      case 'provisionalHolidays': {
        const a = this.args(value, path, op, ['from', 'to', 'calendar'], ['from', 'to', 'calendar']);
        if (!a) return 'list';
        for (const d of ['from', 'to']) if (d in a) this.expect(a[d], [...path, d], 'date', `"${d}"`, reads);
        if ('calendar' in a) this.expect(a.calendar, [...path, 'calendar'], 'calendar', '"calendar"', reads);
        return 'list';
      }
      case 'min':
      case 'max':
      case 'coalesce': {
        const items = this.list(value, path, op);
        if (!items) return 'any';
        const types = items.map((item, i) => this.expression(item, [...path, i], reads));
        const known = types.filter((t) => t !== 'any');
        const first = known[0] ?? 'any';
        if (known.some((t) => !compatible(first, t))) this.problem(path, `"${op}" mixes ${quoteList([...new Set(known)].map((t) => TYPE_WORDS[t]))}: give it values of one kind.`);
        if (op !== 'coalesce' && !['any', 'date', ...NUMERIC].includes(first)) this.problem(path, `"${op}" works on numbers or dates, not ${TYPE_WORDS[first]}.`);
        return known.every((t) => t === first) ? first : isNumeric(first) ? 'number' : first;
      }
      case 'sum':
      case 'difference':
      case 'product':
      case 'ratio': {
        const items = this.list(value, path, op, op === 'difference' || op === 'ratio' ? 2 : undefined);
        if (!items) return 'number';
        const types = items.map((item, i) => this.expect(item, [...path, i], 'number', `Each value of "${op}"`, reads));
        if (op === 'ratio') return 'number';
        if (op === 'product') return types.includes('money') ? 'money' : types.every((t) => t === 'rate' || t === 'any') && types.includes('rate') ? 'rate' : 'number';
        const first = types.find((t) => t !== 'any') ?? 'number';
        return types.every((t) => t === first || t === 'any') ? first : 'number';
      }
      default:
        return 'any';
    }
  }

  private choose(expr: Record<string, unknown>, path: JsonPath, reads?: Set<string>): ExprType {
    for (const k of Object.keys(expr)) {
      if (k !== 'choose' && k !== 'otherwise') this.problem([...path, k], `"${k}" does not belong beside "choose": ${COMPUTATIONS.choose}.`);
    }
    const cases = this.list(expr.choose, [...path, 'choose'], 'choose');
    const types: ExprType[] = [];
    cases?.forEach((c, i) => {
      const p = [...path, 'choose', i];
      if (!isObject(c) || !('when' in c) || !('then' in c)) {
        this.problem(p, 'Each case of "choose" is { "when": condition, "then": value }.');
        return;
      }
      this.condition(c.when, [...p, 'when'], reads);
      types.push(this.expression(c.then, [...p, 'then'], reads));
    });
    if ('otherwise' in expr) types.push(this.expression(expr.otherwise, [...path, 'otherwise'], reads));
    const known = types.filter((t) => t !== 'any');
    const first = known[0] ?? 'any';
    if (known.some((t) => !compatible(first, t))) this.problem(path, `The cases of "choose" give different kinds of value (${quoteList([...new Set(known)].map((t) => TYPE_WORDS[t]))}).`);
    return known.every((t) => t === first) ? first : isNumeric(first) ? 'number' : first;
  }

  /** A json-rules-engine condition: all / any / not, or a leaf { fact | param, operator, value }. */
  condition(cond: unknown, path: JsonPath, reads?: Set<string>): void {
    if (!isObject(cond)) {
      this.problem(path, 'A condition is an object: { "all": [ … ] }, { "any": [ … ] }, { "not": … } or { "fact": …, "operator": …, "value": … }.');
      return;
    }
    for (const group of ['all', 'any'] as const) {
      if (group in cond) {
        const extra = Object.keys(cond).filter((k) => k !== group);
        for (const k of extra) this.problem([...path, k], `"${k}" does not belong beside "${group}": put each condition inside the list.`);
        const list = cond[group];
        if (!Array.isArray(list) || list.length === 0) this.problem([...path, group], `"${group}" takes a list of one or more conditions.`);
        else list.forEach((c, i) => this.condition(c, [...path, group, i], reads));
        return;
      }
    }
    if ('not' in cond) {
      for (const k of Object.keys(cond).filter((key) => key !== 'not')) this.problem([...path, k], `"${k}" does not belong beside "not".`);
      this.condition(cond.not, [...path, 'not'], reads);
      return;
    }
    this.leaf(cond, path, reads);
  }

  private leaf(cond: Record<string, unknown>, path: JsonPath, reads?: Set<string>): void {
    const side = 'fact' in cond ? 'fact' : 'param' in cond ? 'param' : undefined;
    const allowed = [side ?? 'fact', 'operator', 'value'];
    for (const k of Object.keys(cond)) {
      if (!allowed.includes(k)) {
        this.problem([...path, k], `"${k}" is not part of a condition.${didYouMean(k, ['all', 'any', 'not', 'fact', 'param', 'operator', 'value'])} A condition is { "fact": …, "operator": …, "value": … }, or "all", "any", "not".`);
      }
    }
    if (!side) {
      this.problem(path, 'This condition names no fact: add "fact" (a column or computed value) or "param".');
      return;
    }
    const name = cond[side];
    const left = typeof name === 'string' ? this.lookup(side, name, [...path, side]) : undefined;
    if (typeof name !== 'string') this.problem([...path, side], `The ${side} name must be text in double quotes.`);
    else if (side === 'fact' && left) reads?.add(name);

    const opName = cond.operator;
    if (typeof opName !== 'string') {
      this.problem([...path, 'operator'], `The condition needs an "operator": one of ${quoteList(OPERATOR_NAMES, 20)}.`);
      return;
    }
    const op = findOperator(opName);
    if (!op) {
      this.problem([...path, 'operator'], `"${opName}" is not an operator.${didYouMean(opName, OPERATOR_NAMES)} Use one of ${quoteList(OPERATOR_NAMES, 20)}.`);
      return;
    }
    if (!op.needsValue) {
      if ('value' in cond && cond.value !== true) this.problem([...path, 'value'], `"${opName}" takes no value: remove "value".`);
      return;
    }
    if (!('value' in cond)) {
      this.problem(path, `"${opName}" compares with a "value": add one.`);
      return;
    }
    const value = cond.value;
    const vpath = [...path, 'value'];
    let right: FactInfo | undefined;
    if (isObject(value)) {
      const keys = Object.keys(value);
      if (keys.length !== 1 || !('fact' in value || 'param' in value)) {
        this.problem(vpath, 'A condition compares with a plain value, a list, { "fact": "name" } or { "param": "name" } — not a computation. Define a computed value for it instead.');
        return;
      }
      const kind = 'fact' in value ? 'fact' : 'param';
      const rname = value[kind];
      if (typeof rname === 'string') {
        right = this.lookup(kind, rname, [...vpath, kind]);
        if (kind === 'fact' && right) reads?.add(rname);
      }
    } else if (Array.isArray(value)) {
      right = { type: 'list', what: 'list' };
      value.forEach((item, i) => {
        if (item !== null && typeof item === 'object') this.problem([...vpath, i], 'A list may hold only plain values.');
      });
    } else {
      right = { type: this.expression(value, vpath), what: 'value' };
    }
    if (!left || !right) return;
    this.compareKinds(op.name, op.valueKind, left, right, value, vpath);
  }

  private compareKinds(opName: string, valueKind: string, left: FactInfo, right: FactInfo, value: unknown, vpath: JsonPath): void {
    if (valueKind === 'list') {
      if (right.type !== 'list' && right.type !== 'any') this.problem(vpath, `"${opName}" needs a list of values, such as ["vehicle", "auto-part"].`);
      if (Array.isArray(value)) value.forEach((item, i) => this.checkAllowed(left, item, [...vpath, i]));
      return;
    }
    const dateOps = ['before', 'onOrBefore', 'after', 'onOrAfter'];
    const numberOps = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
    if (dateOps.includes(opName) && (left.type !== 'date' && left.type !== 'any')) {
      this.problem(vpath.slice(0, -1), `"${opName}" compares dates, but ${left.what} is ${TYPE_WORDS[left.type]}.${isNumeric(left.type) ? ' Use lessThan / greaterThan for numbers.' : ''}`);
    } else if (numberOps.includes(opName) && !isNumeric(left.type) && left.type !== 'any') {
      this.problem(vpath.slice(0, -1), `"${opName}" compares numbers, but ${left.what} is ${TYPE_WORDS[left.type]}.${left.type === 'date' ? ' Use before / after for dates.' : ''}`);
    }
    if (opName === 'contains' || opName === 'doesNotContain') return;
    if (!compatible(left.type, right.type) && !(left.type === 'calendar' && right.type === 'text')) {
      this.problem(vpath, `This compares ${left.what} (${TYPE_WORDS[left.type]}) with ${TYPE_WORDS[right.type]}.`);
      return;
    }
    this.checkAllowed(left, value, vpath);
  }

  private checkAllowed(left: FactInfo, value: unknown, path: JsonPath): void {
    if (!left.allowed || typeof value !== 'string') return;
    if (!left.allowed.includes(value)) {
      this.problem(path, `"${value}" is not a value ${left.what} can take.${didYouMean(value, left.allowed)} Its values: ${quoteList(left.allowed, 20)}.`);
    }
  }

  /** A message template: every {name} and {param:name} must be something the row has. */
  template(text: string, path: JsonPath, outputs: ReadonlyMap<string, FactInfo>): void {
    for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
      const inner = (match[1] ?? '').trim();
      if (inner.startsWith('param:')) {
        const name = inner.slice(6).trim();
        if (!this.scope.params.has(name)) this.problem(path, `The message shows {param:${name}}, but there is no parameter "${name}".${didYouMean(name, this.scope.params.keys())}`);
      } else if (!this.scope.facts.has(inner) && !outputs.has(inner)) {
        const known = [...this.scope.facts.keys(), ...outputs.keys()];
        this.problem(path, `The message shows {${inner}}, but a ${this.scope.subject} row has no fact or output "${inner}".${didYouMean(inner, known)} Write {name} for a fact or output, {param:name} for a parameter.`);
      }
    }
  }
}
