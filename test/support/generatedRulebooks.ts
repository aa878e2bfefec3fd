/**
 * Random rulebooks and rows for property tests (fast-check arbitraries): one subject with columns
 * of every type, dated parameters of every type with gaps, calendars, computed values and output
 * formulas using every computation, rules with nested conditions using every operator, priorities,
 * effective dates, outputs and message templates — written as rulebook files for loadRulebook,
 * and a table of rows typed the way users type them (empty cells, stray spaces, aliases, a few
 * unreadable cells).
 *
 * Every generated expression and condition is type-correct for the rulebook checker, so nearly
 * every rulebook loads. A few shapes the checker refuses but an engine must still decide alike —
 * empty `all` / `any` groups, a comparison with no `value`, a fact the subject lacks, a message
 * placeholder naming no parameter — are generated as a pair: the checked form, written to the
 * files, and the raw form, put into the loaded rulebook's definitions afterwards (see `rawForms`).
 */
import fc from 'fast-check';
import { coerceCell } from '../../src/core/coerce';
import type { ColumnType } from '../../src/core/columns';
import { addCalendarDays } from '../../src/core/dates';
import { OPERATORS, type OperatorDefinition } from '../../src/core/operators';
import type { Condition, Expr } from '../../src/core/rulebook/expressions';
import type { RulebookFile } from '../../src/core/rulebook/load';
import type { Rulebook } from '../../src/core/rulebook/model';
import type { ParameterType, ValueType } from '../../src/core/rulebook/schema';
import type { RawCell, Table } from '../../src/core/table';

/** A generated part in two forms: `ok` is what the checker accepts, `raw` what the engines are given. */
export interface Both<T = unknown> {
  raw: T;
  ok: T;
}

const same = <T>(v: T): Both<T> => ({ raw: v, ok: v });
const both = <T>(parts: readonly Both[], f: (xs: unknown[]) => T): Both<T> => ({ raw: f(parts.map((p) => p.raw)), ok: f(parts.map((p) => p.ok)) });

/** The kinds the checker tells apart (number, rate and money mix: they are `numeric` here). */
type Kind = 'numeric' | 'date' | 'text' | 'boolean' | 'list' | 'calendar';

interface Named {
  name: string;
  kind: Kind;
  /** Enum columns and enum parameters: the values a literal compared with them must be one of. */
  allowed?: readonly string[];
}

const NUMERIC_TYPES: readonly string[] = ['number', 'rate', 'money'];
const kindOf = (type: string): Kind => (NUMERIC_TYPES.includes(type) ? 'numeric' : type === 'enum' || type === 'country' ? 'text' : (type as Kind));

export const WINDOW_START = '2025-01-01';
/** A date near the generated rows' dates: days after WINDOW_START (negative before it). */
export const day = (offset: number): string => addCalendarDays(WINDOW_START, offset);
const dateArb = fc.integer({ min: 0, max: 119 }).map(day);

const NUMBERS = [0, 1, 2, 3, -1, 2.5, 0.15, 0.025, 10, 45, 1000, 2_500_000];
const RATES = [0, 0.025, 0.1, 0.15, 0.5, 1];
const WORDS = ['', ' ', 'energy', 'Energy / AI infrastructure', 'semiconductors', 'business', 'calendar', 'MonFri', 'JP', 'US', 'auto-part', 'vehicle', 'x'];
const LIST_WORDS = ['energy', 'AI infrastructure', 'semiconductors', 'ENERGY', ' ', 'vehicle', 'JP'];
const ENUM_VALUES = [
  { value: 'auto-part', aliases: ['Auto parts', 'parts'] },
  { value: 'vehicle', aliases: ['car'] },
  { value: 'general' },
  { value: 'energy', aliases: ['Energy / AI'] },
];
export const CALENDARS = ['MonFri', 'SunThu', 'Both', 'USFed', 'JP'];
const PARAMETER_ENUM = ['low', 'high', 'business', 'calendar'];
/** Names no generated subject has: read as facts, they are undefined for json-rules-engine (and must be for the compiled engine). */
const GHOST_FACTS = ['ghost', 'constructor', 'toString', 'valueOf'];

// ---------------------------------------------------------------------------------------------
// The skeleton: columns, parameters, calendars

export interface ColumnGen {
  name: string;
  header: string;
  aliases: string[];
  type: ColumnType;
  required: boolean;
  values?: typeof ENUM_VALUES;
  min?: number;
  max?: number;
}

export interface ParamGen {
  name: string;
  type: ParameterType;
  allowed?: string[];
  values: { from: string; to?: string; value: unknown }[];
}

const COLUMN_TYPES: readonly ColumnType[] = ['text', 'number', 'rate', 'money', 'date', 'enum', 'boolean', 'country'];
const PARAMETER_TYPES: readonly ParameterType[] = ['number', 'rate', 'money', 'date', 'text', 'enum', 'boolean', 'calendar', 'list'];

const columnsArb: fc.Arbitrary<ColumnGen[]> = fc
  .tuple(...COLUMN_TYPES.map((type) => fc.tuple(fc.constant(type), fc.integer({ min: 0, max: 2 }), fc.array(fc.integer({ min: 0, max: 4 }).map((n) => n === 0), { minLength: 2, maxLength: 2 }), fc.subarray(ENUM_VALUES, { minLength: 1 }), fc.option(fc.constantFrom<[number | undefined, number | undefined]>([0, 100], [undefined, 1000], [-5, undefined]), { nil: undefined }))))
  .map((perType) => {
    const columns: ColumnGen[] = [{ name: 'id', header: 'ID', aliases: ['Key'], type: 'text', required: true }];
    for (const [type, count, required, values, limits] of perType) {
      for (let i = 1; i <= count; i++) {
        const c: ColumnGen = { name: `${type}${i}`, header: `${type[0]!.toUpperCase()}${type.slice(1)} ${i}`, aliases: [`${type.slice(0, 3)}-${i}`], type, required: required[i - 1]! };
        if (type === 'enum') c.values = values;
        if (limits && (type === 'number' || type === 'money' || (type === 'rate' && limits[0] !== -5))) {
          if (limits[0] !== undefined) c.min = limits[0];
          if (limits[1] !== undefined) c.max = limits[1];
        }
        columns.push(c);
      }
    }
    return columns;
  });

function paramValueArb(type: ParameterType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'number':
    case 'money':
      return fc.constantFrom(...NUMBERS);
    case 'rate':
      return fc.constantFrom(...RATES);
    case 'date':
      return dateArb;
    case 'text':
      return fc.constantFrom(...WORDS);
    case 'enum':
      return fc.constantFrom(...PARAMETER_ENUM);
    case 'boolean':
      return fc.boolean();
    case 'calendar':
      return fc.constantFrom(...CALENDARS);
    case 'list':
      return fc.uniqueArray(fc.constantFrom(...LIST_WORDS), { maxLength: 3 });
  }
}

/** 1–3 dated values in order with no overlap: starting before or inside the window, a null period, an end. */
function paramArb(type: ParameterType, index: number): fc.Arbitrary<ParamGen> {
  return fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: -30, max: 150 }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.tuple(fc.option(paramValueArb(type), { nil: null, freq: 6 }), fc.boolean()), { minLength: 3, maxLength: 3 }),
      fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    )
    .map(([starts, vals, lastLength]) => {
      const from = [...starts].sort((a, b) => a - b);
      const values = from.map((f, i) => {
        const [value, closed] = vals[i]!;
        const next = from[i + 1];
        const v: ParamGen['values'][number] = { from: day(f), value };
        if (next !== undefined && closed) v.to = day(next - 1);
        if (next === undefined && lastLength !== undefined) v.to = day(f + lastLength);
        return v;
      });
      return { name: `p.${type}${index}`, type, ...(type === 'enum' ? { allowed: PARAMETER_ENUM } : {}), values };
    });
}

const paramsArb: fc.Arbitrary<ParamGen[]> = fc
  .tuple(...PARAMETER_TYPES.map((type) => fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => paramArb(type, i + 1))))))
  .map((groups) => groups.flat());

interface CalendarGen {
  closedOn: string[];
  newYear: boolean;
}

const calendarsArb: fc.Arbitrary<CalendarGen[]> = fc.array(
  fc.record({ closedOn: fc.uniqueArray(dateArb, { maxLength: 4 }), newYear: fc.boolean() }),
  { minLength: 2, maxLength: 2 },
);

// ---------------------------------------------------------------------------------------------
// Expressions and conditions, typed for the checker

interface Universe {
  facts: Named[];
  params: Named[];
  /** Outputs an output formula may read (declared before it); empty elsewhere. */
  outputs: Named[];
  /** Parameters `{ "output", "if" }` may set (output formulas only). */
  ifParams: ParamGen[];
}

const compatible = (want: Kind, kind: Kind) => want === kind;

function literalArb(kind: Kind, allowed?: readonly string[]): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'numeric':
      return fc.constantFrom(...NUMBERS, ...RATES);
    case 'date':
      return dateArb;
    case 'text':
      return allowed?.length ? fc.constantFrom(...allowed) : fc.constantFrom(...WORDS);
    case 'boolean':
      return fc.boolean();
    case 'list':
      return fc.uniqueArray(fc.constantFrom(...LIST_WORDS), { maxLength: 3 });
    case 'calendar':
      return fc.constantFrom(...CALENDARS);
  }
}

/** A value a setting of `{ "output", "if" }` may give parameter `p` (a rate may be out of range: the run then reports it). */
function settingArb(p: ParamGen): fc.Arbitrary<unknown> {
  if (p.type === 'rate') return fc.constantFrom(...RATES, 2.5, -1);
  return fc.option(paramValueArb(p.type), { nil: null, freq: 8 });
}

type Weighted = fc.WeightedArbitrary<Both>;

const TRUE_LEAF = { fact: 'asOf', operator: 'isNotEmpty' };

class Generator {
  private readonly exprs = new Map<string, fc.Arbitrary<Both>>();
  private readonly conds = new Map<number, fc.Arbitrary<Both>>();

  constructor(private readonly u: Universe) {}

  private refs(list: readonly Named[], want: Kind): Named[] {
    return list.filter((n) => compatible(want, n.kind));
  }

  /** The calendar of an addDays / daysBetween: a calendar's name, a calendar parameter, or text (perhaps no calendar). */
  private calendarArb(): fc.Arbitrary<Both> {
    const opts: Weighted[] = [{ weight: 4, arbitrary: fc.constantFrom(...CALENDARS).map(same) }];
    const cals = this.refs(this.u.params, 'calendar');
    if (cals.length) opts.push({ weight: 3, arbitrary: fc.constantFrom(...cals).map((p) => same({ param: p.name })) });
    const texts = [...this.refs(this.u.params, 'text'), ...this.refs(this.u.facts, 'text')];
    if (texts.length) opts.push({ weight: 1, arbitrary: fc.constantFrom(...texts).map((n) => same(this.u.params.includes(n) ? { param: n.name } : { fact: n.name })) });
    return fc.oneof(...opts);
  }

  /** dayType and calendar of an addDays / daysBetween: calendar days, business days, or a day type read from text. */
  private dayArgsArb(depth: number): fc.Arbitrary<Both<Record<string, unknown>>> {
    const texts = this.refs(this.u.params, 'text');
    const opts: fc.WeightedArbitrary<Both<Record<string, unknown>>>[] = [
      { weight: 2, arbitrary: fc.constant(same({})) },
      { weight: 1, arbitrary: fc.constant(same({ dayType: 'calendar' })) },
      { weight: 1, arbitrary: fc.constantFrom(...CALENDARS).map((c) => same({ dayType: 'calendar', calendar: c })) },
      { weight: 4, arbitrary: this.calendarArb().map((c) => both([c], ([cal]) => ({ dayType: 'business', calendar: cal }))) },
    ];
    if (texts.length && depth > 0) {
      opts.push({ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...texts), this.calendarArb()).map(([t, c]) => both([c], ([cal]) => ({ dayType: { param: t.name }, calendar: cal }))) });
    }
    return fc.oneof(...opts);
  }

  expr(want: Kind, depth: number): fc.Arbitrary<Both> {
    const key = `${want}:${depth}`;
    let a = this.exprs.get(key);
    if (!a) {
      a = this.buildExpr(want, depth);
      this.exprs.set(key, a);
    }
    return a;
  }

  private buildExpr(want: Kind, depth: number): fc.Arbitrary<Both> {
    const u = this.u;
    const opts: Weighted[] = [
      { weight: 3, arbitrary: literalArb(want).map(same) },
      { weight: 1, arbitrary: fc.constant(same(null)) },
    ];
    const facts = this.refs(u.facts, want);
    if (facts.length) opts.push({ weight: 5, arbitrary: fc.constantFrom(...facts).map((f) => same({ fact: f.name })) });
    const params = this.refs(u.params, want);
    if (params.length) {
      opts.push({ weight: 3, arbitrary: fc.constantFrom(...params).map((p) => same({ param: p.name })) });
      if (depth > 0) opts.push({ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...params), this.expr('date', depth - 1)).map(([p, at]) => both([at], ([x]) => ({ param: p.name, at: x }))) });
    }
    const outputs = this.refs(u.outputs, want);
    if (outputs.length) {
      opts.push({ weight: 3, arbitrary: fc.constantFrom(...outputs).map((o) => same({ output: o.name })) });
      if (u.ifParams.length) {
        const setting = fc.uniqueArray(fc.constantFrom(...u.ifParams), { minLength: 1, maxLength: 2, selector: (p) => p.name })
          .chain((ps) => fc.tuple(...ps.map((p) => settingArb(p).map((v) => [p.name, v] as const))));
        opts.push({ weight: 3, arbitrary: fc.tuple(fc.constantFrom(...outputs), setting).map(([o, set]) => same({ output: o.name, if: Object.fromEntries(set) })) });
      }
    }
    if (depth > 0) {
      const sub = this.expr(want, depth - 1);
      const numeric = this.expr('numeric', depth - 1);
      const date = this.expr('date', depth - 1);
      const list = (a: fc.Arbitrary<Both>, min: number, max: number) => fc.array(a, { minLength: min, maxLength: max });
      const op = (name: string, items: fc.Arbitrary<Both[]>): Weighted['arbitrary'] => items.map((xs) => both(xs, (v) => ({ [name]: v })));
      opts.push({
        weight: 1,
        arbitrary: fc.tuple(fc.array(fc.tuple(this.cond(Math.min(depth - 1, 2)), sub), { minLength: 1, maxLength: 2 }), fc.option(sub, { nil: undefined }))
          .map(([cases, otherwise]) => {
            const parts = [...cases.flat(), ...(otherwise ? [otherwise] : [])];
            return both(parts, (v) => {
              const choose = cases.map((_, i) => ({ when: v[2 * i], then: v[2 * i + 1] }));
              return otherwise ? { choose, otherwise: v[v.length - 1] } : { choose };
            });
          }),
      });
      opts.push({ weight: 1, arbitrary: op('coalesce', list(sub, 1, 3)) });
      if (want === 'numeric') {
        opts.push(
          { weight: 1, arbitrary: op('sum', list(numeric, 1, 3)) },
          { weight: 1, arbitrary: op('product', list(numeric, 1, 3)) },
          { weight: 1, arbitrary: op('difference', list(numeric, 2, 2)) },
          { weight: 1, arbitrary: op('ratio', list(numeric, 2, 2)) },
          { weight: 1, arbitrary: op('min', list(numeric, 1, 3)) },
          { weight: 1, arbitrary: op('max', list(numeric, 1, 3)) },
          {
            weight: 2,
            arbitrary: fc.tuple(date, date, this.dayArgsArb(depth - 1)).map(([from, to, args]) => both([from, to, args], ([f, t, a]) => ({ daysBetween: { from: f, to: t, ...(a as object) } }))),
          },
        );
      }
      if (want === 'list') {
        opts.push({
          weight: 2,
          arbitrary: fc.tuple(date, date, this.calendarArb()).map(([from, to, cal]) => both([from, to, cal], ([f, t, c]) => ({ provisionalHolidays: { from: f, to: t, calendar: c } }))),
        });
      }
      if (want === 'date') {
        opts.push(
          {
            weight: 3,
            arbitrary: fc.tuple(date, numeric, this.dayArgsArb(depth - 1)).map(([d, n, args]) => both([d, n, args], ([x, y, a]) => ({ addDays: { date: x, days: y, ...(a as object) } }))),
          },
          { weight: 1, arbitrary: op('min', list(date, 1, 3)) },
          { weight: 1, arbitrary: op('max', list(date, 1, 3)) },
        );
      }
    }
    return fc.oneof(...opts);
  }

  /** A condition, up to `depth` groups deep. */
  cond(depth: number): fc.Arbitrary<Both> {
    let a = this.conds.get(depth);
    if (!a) {
      a = this.buildCond(depth);
      this.conds.set(depth, a);
    }
    return a;
  }

  private buildCond(depth: number): fc.Arbitrary<Both> {
    if (depth === 0) return this.leaf();
    const sub = this.cond(depth - 1);
    const group = (kind: 'all' | 'any') => fc.array(sub, { minLength: 0, maxLength: 3 }).map((xs) => ({
      raw: { [kind]: xs.map((x) => x.raw) },
      ok: { [kind]: xs.length ? xs.map((x) => x.ok) : [TRUE_LEAF] },
    }));
    return fc.oneof(
      { weight: 3, arbitrary: this.leaf() },
      { weight: 2, arbitrary: group('all') },
      { weight: 2, arbitrary: group('any') },
      { weight: 1, arbitrary: sub.map((x) => both([x], ([c]) => ({ not: c }))) },
    );
  }

  private leafCache: fc.Arbitrary<Both> | undefined;

  private leaf(): fc.Arbitrary<Both> {
    if (this.leafCache) return this.leafCache;
    const u = this.u;
    type Left = { side: 'fact' | 'param' | 'ghost'; n: Named | { name: string; kind: 'any' } };
    const lefts: Left[] = [
      ...u.facts.map((n) => ({ side: 'fact' as const, n })),
      ...u.params.map((n) => ({ side: 'param' as const, n })),
    ];
    const ghosts: Left[] = GHOST_FACTS.map((name) => ({ side: 'ghost' as const, n: { name, kind: 'any' as const } }));
    const leftArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...lefts) }, { weight: 1, arbitrary: fc.constantFrom(...ghosts) });
    this.leafCache = leftArb.chain((left) => {
      const ops = OPERATORS.filter((o) => left.n.kind === 'any' || opFits(o, left.n.kind as Kind));
      return fc.constantFrom(...ops).chain((op) => this.valueArb(left.n, op).map((value): Both => {
        const leaf = (v: unknown) => ({ [left.side === 'param' ? 'param' : 'fact']: left.n.name, operator: op.name, ...(v === ABSENT ? {} : { value: v }) });
        return { raw: leaf(value.raw), ok: left.side === 'ghost' || value.ok === UNCHECKED ? TRUE_LEAF : leaf(value.ok) };
      }));
    });
    return this.leafCache;
  }

  /** The `value` of a condition on `left` with `op`: ABSENT for none; `ok` UNCHECKED when the checker would refuse it. */
  private valueArb(left: Named | { name: string; kind: 'any' }, op: OperatorDefinition): fc.Arbitrary<Both> {
    const u = this.u;
    const ghost = fc.constantFrom(...GHOST_FACTS).map((name) => ({ raw: { fact: name }, ok: UNCHECKED }));
    const missing = fc.constant({ raw: ABSENT, ok: UNCHECKED });
    if (op.valueKind === 'none') return fc.oneof(fc.constant(same(ABSENT)), fc.constant(same(true)));
    const kind = left.kind;
    const allowed = 'allowed' in left ? left.allowed : undefined;
    const anyLiteral = fc.oneof(...(['numeric', 'date', 'text', 'boolean', 'list'] as const).map((k) => literalArb(k)));
    const refsOf = (k: Kind | 'any') => [
      ...u.facts.filter((n) => k === 'any' || n.kind === k || (k === 'calendar' && n.kind === 'text')).map((n) => ({ fact: n.name })),
      ...u.params.filter((n) => k === 'any' || n.kind === k || (k === 'calendar' && n.kind === 'text')).map((n) => ({ param: n.name })),
    ];
    const opts: fc.WeightedArbitrary<Both>[] = [
      { weight: 1, arbitrary: fc.constant(same(null)) },
      { weight: 1, arbitrary: ghost },
      { weight: 1, arbitrary: missing },
    ];
    const addRefs = (k: Kind | 'any', weight: number) => {
      const refs = refsOf(k);
      if (refs.length) opts.push({ weight, arbitrary: fc.constantFrom(...refs).map(same) });
    };
    if (op.valueKind === 'list') {
      const item = kind === 'any' ? fc.oneof(literalArb('text'), literalArb('numeric'), literalArb('boolean')) : kind === 'list' ? literalArb('text') : literalArb(kind, allowed);
      opts.push({ weight: 8, arbitrary: fc.uniqueArray(item, { maxLength: 3, comparator: 'SameValueZero' }).map(same) });
      addRefs('list', 2);
    } else if (op.name === 'contains' || op.name === 'doesNotContain') {
      opts.push({ weight: 6, arbitrary: (kind === 'any' ? anyLiteral : fc.oneof(literalArb(kind === 'list' ? 'text' : kind, allowed), anyLiteral)).map(same) });
      addRefs('any', 2);
    } else if (kind === 'any') {
      opts.push({ weight: 6, arbitrary: anyLiteral.map(same) });
      addRefs('any', 2);
    } else {
      opts.push({ weight: 6, arbitrary: literalArb(kind === 'calendar' ? 'calendar' : kind, allowed).map(same) });
      addRefs(kind, 3);
    }
    return fc.oneof(...opts);
  }
}

const ABSENT = Symbol('no value');
const UNCHECKED = Symbol('refused by the checker');

/** Whether the checker lets `op` compare a left side of this kind. */
function opFits(op: OperatorDefinition, kind: Kind): boolean {
  if (['before', 'onOrBefore', 'after', 'onOrAfter'].includes(op.name)) return kind === 'date';
  if (['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'].includes(op.name)) return kind === 'numeric';
  return true;
}

// ---------------------------------------------------------------------------------------------
// Rules, computed values, outputs, statuses

const VALUE_TYPES: readonly ValueType[] = ['number', 'rate', 'money', 'date', 'text', 'boolean', 'list'];

const STATUS_POOL = [
  ['rated', 'compliant'], ['exempt', 'compliant'], ['declined', 'breach'], ['waiting', 'pending'], ['unconfirmed', 'pending'], ['skipped', 'not-applicable'],
] as const;

interface StatusesGen {
  words?: Record<string, { means: string; title: string; description: string }>;
  defaultStatus?: string;
  outcomes: string[];
}

const statusesArb: fc.Arbitrary<StatusesGen> = fc.oneof(
  fc.option(fc.constantFrom('compliant', 'pending', 'breach', 'not-applicable'), { nil: undefined })
    .map((d) => ({ ...(d ? { defaultStatus: d } : {}), outcomes: ['compliant', 'pending', 'breach', 'not-applicable', 'note'] })),
  fc.subarray(STATUS_POOL as unknown as [string, string][], { minLength: 1 }).chain((words) => fc.constantFrom(...words).map(([d]) => ({
    words: Object.fromEntries(words.map(([w, means]) => [w, { means, title: `Status ${w}`, description: `Rows that are ${w}.` }])),
    defaultStatus: d,
    outcomes: [...words.map(([w]) => w), 'note'],
  }))),
);

interface Skeleton {
  columns: ColumnGen[];
  params: ParamGen[];
  calendars: CalendarGen[];
  dateColumn: string | undefined;
  /** The key column: id, or now and then another column. */
  key: string;
  statuses: StatusesGen;
  computed: { name: string; type: ValueType; shown: boolean }[];
  ruleOutputs: { name: string; type: ValueType }[];
  formulas: { name: string; type: ValueType }[];
  ruleCount: number;
}

const skeletonArb: fc.Arbitrary<Skeleton> = fc
  .tuple(columnsArb, paramsArb, calendarsArb, statusesArb, fc.array(fc.tuple(fc.constantFrom(...VALUE_TYPES), fc.boolean()), { maxLength: 4 }),
    fc.array(fc.constantFrom(...VALUE_TYPES), { maxLength: 3 }), fc.array(fc.constantFrom(...VALUE_TYPES), { maxLength: 3 }), fc.integer({ min: 1, max: 6 }), fc.nat())
  .map(([columns, params, calendars, statuses, computed, ruleOutputs, formulas, ruleCount, pick]) => {
    const dates = columns.filter((c) => c.type === 'date');
    const others = columns.filter((c) => c.name !== 'id');
    return {
      columns, params, calendars, statuses, ruleCount,
      key: others.length && pick % 5 === 1 ? others[(pick >> 3) % others.length]!.name : 'id',
      dateColumn: dates.length && pick % 4 !== 0 ? dates[pick % dates.length]!.name : undefined,
      computed: computed.map(([type, shown], i) => ({ name: `c${i + 1}`, type, shown })),
      ruleOutputs: ruleOutputs.map((type, i) => ({ name: `out${i + 1}`, type })),
      formulas: formulas.map((type, i) => ({ name: `f${i + 1}`, type })),
    };
  })
  // Computed values are named (and written) in an order other than the one they read each other in: the loader orders them.
  .chain((s) => fc.shuffledSubarray(s.computed.map((_, i) => i + 1), { minLength: s.computed.length, maxLength: s.computed.length })
    .map((names) => ({ ...s, computed: s.computed.map((c, i) => ({ ...c, name: `c${names[i]}` })) })));


interface RuleGen {
  id: string;
  priority?: number;
  effective?: { from?: string; to?: string };
  conditions: Both;
  outcome: string;
  message: Both<string>;
  outputs: Record<string, Both>;
}

/** A generated rulebook: the files to load, and the raw forms to put into the loaded definitions. */
export interface GeneratedRulebook {
  skeleton: Skeleton;
  files: RulebookFile[];
  raw: {
    rules: Map<string, { conditions: unknown; message: string; outputs: Record<string, unknown> }>;
    computed: Map<string, unknown>;
    formulas: Map<string, unknown>;
  };
}

const BUILT_INS: Named[] = [{ name: 'asOf', kind: 'date' }, { name: 'effectiveDate', kind: 'date' }];

function columnFacts(columns: readonly ColumnGen[]): Named[] {
  return columns.map((c) => ({ name: c.name, kind: kindOf(c.type), ...(c.values ? { allowed: c.values.map((v) => v.value) } : {}) }));
}

function paramNames(params: readonly ParamGen[]): Named[] {
  return params.map((p) => ({ name: p.name, kind: p.type === 'enum' ? 'text' : kindOf(p.type), ...(p.allowed ? { allowed: p.allowed } : {}) }));
}

function messageArb(names: string[], params: string[]): fc.Arbitrary<Both<string>> {
  const piece: fc.Arbitrary<Both<string>> = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(' applies', ': ', ' at ', ', rate ', ' — ', ' (see clause)', ' } ').map(same) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom('{%}', '{ % }', '{{%}}')).map(([n, form]) => same(form.replace('%', n))) },
    ...(params.length ? [{ weight: 2, arbitrary: fc.tuple(fc.constantFrom(...params), fc.boolean()).map(([p, spaced]) => same(spaced ? `{param: ${p}}` : `{param:${p}}`)) }] : []),
    { weight: 1, arbitrary: fc.constantFrom('{param:noSuchParameter}', '{param: }', '{}', '{ghost}', '{constructor}').map((raw) => ({ raw, ok: '' })) },
  );
  return fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => both(parts, (xs) => `Finding${xs.join('')}`) as Both<string>);
}

function rulebookFromSkeleton(s: Skeleton): fc.Arbitrary<GeneratedRulebook> {
  const facts = [...columnFacts(s.columns), ...BUILT_INS];
  const params = paramNames(s.params);
  // Computed values, each reading the columns, parameters and the computed values before it.
  const computedArbs: fc.Arbitrary<Both>[] = [];
  const known = [...facts];
  for (const c of s.computed) {
    computedArbs.push(new Generator({ facts: [...known], params, outputs: [], ifParams: [] }).expr(kindOf(c.type), 3));
    known.push({ name: c.name, kind: kindOf(c.type) });
  }
  const rowGen = new Generator({ facts: known, params, outputs: [], ifParams: [] });
  // Output formulas read the outputs declared before them: rule outputs, shown computed values, earlier formulas.
  const earlier: Named[] = [...s.ruleOutputs.map((o) => ({ name: o.name, kind: kindOf(o.type) })), ...s.computed.filter((c) => c.shown).map((c) => ({ name: c.name, kind: kindOf(c.type) }))];
  const formulaArbs: fc.Arbitrary<Both>[] = [];
  for (const f of s.formulas) {
    formulaArbs.push(new Generator({ facts: known, params, outputs: [...earlier], ifParams: s.params }).expr(kindOf(f.type), 2));
    earlier.push({ name: f.name, kind: kindOf(f.type) });
  }
  const outputNames = [...s.ruleOutputs.map((o) => o.name), ...s.computed.filter((c) => c.shown).map((c) => c.name), ...s.formulas.map((f) => f.name)];
  const message = messageArb([...known.map((n) => n.name), ...outputNames], s.params.map((p) => p.name));
  const outputArbs = s.ruleOutputs.map((o) => fc.option(fc.oneof({ weight: 2, arbitrary: literalArb(kindOf(o.type)).map(same) }, { weight: 1, arbitrary: rowGen.expr(kindOf(o.type), 2) }), { nil: undefined, freq: 2 }));
  const ruleArb = (i: number): fc.Arbitrary<RuleGen> => fc
    .record({
      priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      effective: fc.option(fc.tuple(fc.option(dateArb, { nil: undefined }), fc.option(dateArb, { nil: undefined })), { nil: undefined, freq: 2 }),
      conditions: fc.integer({ min: 0, max: 4 }).chain((d) => rowGen.cond(d)),
      outcome: fc.constantFrom(...s.statuses.outcomes),
      message,
      outputs: fc.tuple(...outputArbs),
    })
    .map((r) => {
      const effective: RuleGen['effective'] = {};
      if (r.effective) {
        const [a, b] = r.effective;
        const [from, to] = a !== undefined && b !== undefined && b < a ? [b, a] : [a, b];
        if (from !== undefined) effective.from = from;
        if (to !== undefined) effective.to = to;
      }
      const outputs: Record<string, Both> = {};
      s.ruleOutputs.forEach((o, j) => {
        const v = r.outputs[j];
        if (v !== undefined) outputs[o.name] = v;
      });
      return {
        id: `R${i + 1}`, ...(r.priority !== undefined ? { priority: r.priority } : {}), ...(r.effective ? { effective } : {}),
        conditions: r.conditions, outcome: r.outcome, message: r.message, outputs,
      };
    });
  return fc
    .tuple(fc.tuple(...computedArbs), fc.tuple(...formulaArbs), fc.tuple(...Array.from({ length: s.ruleCount }, (_, i) => ruleArb(i))))
    .map(([computed, formulas, rules]) => assemble(s, computed, formulas, rules));
}

const CITE = { source: 'S', section: '§1' };

function assemble(s: Skeleton, computed: Both[], formulas: Both[], rules: RuleGen[]): GeneratedRulebook {
  const json = (path: string, value: unknown): RulebookFile => ({ path, text: JSON.stringify(value, null, 1) });
  const [a, b] = s.calendars;
  const closed = (c: CalendarGen | undefined) => ({
    ...(c?.closedOn.length ? { closedOn: c.closedOn.map((date) => ({ date, name: `Closure ${date}` })) } : {}),
    ...(c?.newYear ? { closedEveryYear: [{ monthDay: '01-01', name: 'New Year' }] } : {}),
  });
  const calendars = {
    MonFri: { title: 'Monday to Friday', weekend: ['Saturday', 'Sunday'], ...closed(a), citation: CITE },
    SunThu: { title: 'Sunday to Thursday', weekend: ['Friday', 'Saturday'], ...closed(b), citation: CITE },
    Both: { title: 'Open in both', closedWhenClosedIn: ['MonFri', 'SunThu'], citation: CITE },
    USFed: { title: 'US federal', holidays: ['us-federal'], citation: CITE },
    JP: { title: 'Japanese', holidays: ['jp-national'], announcedThrough: [{ holidays: 'jp-national', year: 2024, citation: CITE }], citation: CITE },
  };
  const parameters = Object.fromEntries(s.params.map((p) => [p.name, {
    title: `Parameter ${p.name}`, description: 'Generated.', type: p.type, ...(p.allowed ? { allowed: p.allowed } : {}),
    values: p.values.map((v) => ({ ...v, citation: CITE })),
  }]));
  const outputs: Record<string, unknown> = {};
  for (const o of s.ruleOutputs) outputs[o.name] = { type: o.type, title: `Output ${o.name}` };
  for (const c of s.computed) if (c.shown) outputs[c.name] = { type: c.type, title: `Computed ${c.name}` };
  s.formulas.forEach((f, i) => {
    outputs[f.name] = { type: f.type, title: `Formula ${f.name}`, value: formulas[i]!.ok };
  });
  const subject = {
    title: 'Generated rows', key: s.key, ...(s.dateColumn ? { date: s.dateColumn } : {}),
    columns: Object.fromEntries(s.columns.map((c) => [c.name, {
      header: c.header, aliases: c.aliases, type: c.type, ...(c.required ? { required: true } : {}),
      ...(c.values ? { values: c.values } : {}), ...(c.min !== undefined ? { min: c.min } : {}), ...(c.max !== undefined ? { max: c.max } : {}),
    }])),
    outputs,
    ...(s.statuses.words ? { statuses: s.statuses.words } : {}),
    ...(s.statuses.defaultStatus ? { defaultStatus: s.statuses.defaultStatus } : {}),
  };
  const computedJson = Object.fromEntries(s.computed.map((c, i) => [c.name, i] as const).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, i]) => [name, { subject: 'row', type: s.computed[i]!.type, title: `Computed ${name}`, clause: CITE, value: computed[i]!.ok }]));
  const rulesJson = rules.map((r) => ({
    id: r.id, title: `Rule ${r.id}`, subject: 'row', clause: { source: 'S', section: `§${r.id}` },
    ...(r.effective ? { effective: r.effective } : {}), ...(r.priority !== undefined ? { priority: r.priority } : {}),
    conditions: r.conditions.ok, outcome: r.outcome, message: r.message.ok,
    ...(Object.keys(r.outputs).length ? { outputs: Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.ok])) } : {}),
  }));
  const files = [
    json('rulebook.json', { id: 'generated', title: 'Generated rulebook', version: '1.0.0', sources: { S: { title: 'Source' } } }),
    json('calendars.json', { calendars }),
    json('parameters.json', { parameters }),
    json('subjects.json', { subjects: { row: subject } }),
    json('rules/generated.json', { computed: computedJson, rules: rulesJson }),
  ];
  const generated: GeneratedRulebook = {
    skeleton: s,
    files,
    raw: {
      rules: new Map(rules.map((r) => [r.id, { conditions: r.conditions.raw, message: r.message.raw, outputs: Object.fromEntries(Object.entries(r.outputs).map(([k, v]) => [k, v.raw])) }])),
      computed: new Map(s.computed.map((c, i) => [c.name, computed[i]!.raw])),
      formulas: new Map(s.formulas.map((f, i) => [f.name, formulas[i]!.raw])),
    },
  };
  Object.defineProperty(generated, fc.toStringMethod, { value: () => describeRulebook(generated) });
  return generated;
}

/** A counterexample as a person reads it: the definitions the engines were given, not the files' text. */
export function describeRulebook(g: GeneratedRulebook): string {
  const s = g.skeleton;
  const j = (v: unknown) => JSON.stringify(v);
  const lines = [
    `columns: ${s.columns.map((c) => `${c.name} (${c.type}${c.required ? ', required' : ''}${c.min !== undefined ? `, min ${c.min}` : ''}${c.max !== undefined ? `, max ${c.max}` : ''})`).join(', ')}`,
    `key ${s.key}; date column: ${s.dateColumn ?? '(none)'}; statuses: ${s.statuses.words ? Object.entries(s.statuses.words).map(([w, d]) => `${w}=${d.means}`).join(' ') : 'the contract\'s'}; default ${s.statuses.defaultStatus ?? '(none)'}`,
    ...s.params.map((p) => `param ${p.name} (${p.type}): ${p.values.map((v) => `${v.from}${v.to ? `..${v.to}` : '..'} ${j(v.value)}`).join('; ')}`),
    ...s.calendars.map((c, i) => `calendar ${CALENDARS[i]}: closed ${j(c.closedOn)}${c.newYear ? ' and every 01-01' : ''}`),
    ...[...g.raw.computed].map(([name, v]) => `computed ${name} (${s.computed.find((c) => c.name === name)!.type}) = ${j(v)}`),
    `outputs: ${[...s.ruleOutputs.map((o) => `${o.name} (${o.type})`), ...s.computed.filter((c) => c.shown).map((c) => `${c.name} (computed)`)].join(', ') || '(none set by rules)'}`,
    ...[...g.raw.formulas].map(([name, v]) => `formula ${name} (${s.formulas.find((f) => f.name === name)!.type}) = ${j(v)}`),
    ...[...g.raw.rules].map(([id, r]) => {
      const def = JSON.parse(g.files.find((f) => f.path === 'rules/generated.json')!.text).rules.find((x: { id: string }) => x.id === id);
      return `rule ${id} priority ${def.priority ?? 1}${def.effective ? ` effective ${j(def.effective)}` : ''} → ${def.outcome} ${j(r.message)}${Object.keys(r.outputs).length ? ` sets ${j(r.outputs)}` : ''}: ${j(r.conditions)}`;
    }),
  ];
  return `\n${lines.join('\n')}\n`;
}

export const rulebookArb: fc.Arbitrary<GeneratedRulebook> = skeletonArb.chain(rulebookFromSkeleton);

// ---------------------------------------------------------------------------------------------
// Rows

/** Whether a cell reads without a problem for column `c` (a required one filled in). */
function readable(c: ColumnGen, cell: RawCell): boolean {
  const r = coerceCell(cell, c, { date1904: false });
  return r.ok && (r.value !== null || !c.required);
}

/** fc.oneof of the options with a weight above 0. */
const pick = <T>(...opts: fc.WeightedArbitrary<T>[]): fc.Arbitrary<T> => fc.oneof(...opts.filter((o) => o.weight > 0));

/** A cell of column `c`; only a messy row has unreadable cells and required cells left empty. */
function cellArb(c: ColumnGen, messy: boolean): fc.Arbitrary<RawCell> {
  const blank = fc.constantFrom<RawCell>(null, '', '   ');
  const bad = (...cells: RawCell[]) => ({ weight: messy ? 2 : 0, arbitrary: fc.constantFrom<RawCell>(...cells, { error: '#N/A' }) });
  const good = (a: fc.Arbitrary<RawCell>) => ({ weight: 12, arbitrary: messy ? a : a.filter((cell) => readable(c, cell)) });
  const blanks = { weight: c.required && !messy ? 0 : 3, arbitrary: blank };
  if (c.name === 'id') return pick({ weight: 20, arbitrary: fc.constantFrom<RawCell>('K1', 'K2', ' K3 ', 7) }, { weight: messy ? 3 : 0, arbitrary: blank });
  switch (c.type) {
    case 'text':
      return pick(blanks, good(fc.constantFrom<RawCell>(...WORDS, ' energy ', 'SEMICONDUCTORS and energy', 'Japan', 12, true, 'vehicle')));
    case 'number':
      return pick(blanks, good(fc.constantFrom<RawCell>(...NUMBERS, '1,234.5', ' 12 ', '-3', '1e3', 45, 0.5)), bad('abc', '1.2.3'));
    case 'rate':
      return pick(blanks, good(fc.constantFrom<RawCell>(...RATES, '2.5%', '15 %', 'free', '0.15', 0.025, '100%')), bad(1.5, '-1%', 'high'));
    case 'money':
      return pick(blanks, good(fc.constantFrom<RawCell>(1000, '$1,000', '2.1 billion', 'USD 5 million', 2_500_000, 0, '45', -20)), bad('¥100', 'lots'));
    case 'date':
      return pick(blanks, good(fc.oneof(dateArb, dateArb.map((d) => ({ date: d })), fc.integer({ min: 45658, max: 45777 }), dateArb.map((d) => ` ${d} `))), bad('2025/13/01', 2025, 'soon'));
    case 'enum': {
      const spellings = (c.values ?? []).flatMap((v) => [v.value, ...(v.aliases ?? []), v.value.toUpperCase()]);
      return pick(blanks, good(fc.constantFrom<RawCell>(...spellings)), bad('unknown'));
    }
    case 'boolean':
      return pick(blanks, good(fc.constantFrom<RawCell>('yes', 'no', 'Y', 'x', true, false, 1, 0, 'FALSE')), bad('maybe', 2));
    case 'country':
      return pick(blanks, good(fc.constantFrom<RawCell>('JP', 'Japan', 'US', 'United States', 'jpn', 'DE')), bad('Atlantis'));
  }
}

export interface GeneratedTable {
  table: Table;
  asOfs: string[];
}

function withDescription(t: GeneratedTable): GeneratedTable {
  Object.defineProperty(t, fc.toStringMethod, {
    value: () => `\nas of ${t.asOfs.join(', ')}${t.table.date1904 ? ' (1904 dates)' : ''}; headers ${JSON.stringify(t.table.headers)}\n${t.table.rows.map((r) => `row ${r.row}: ${JSON.stringify(r.cells)}`).join('\n')}\n`,
  });
  return t;
}

/** A table for the rulebook's subject: columns in any order, headers as header, alias or name, some optional columns left out. */
export function tableArb(s: Skeleton): fc.Arbitrary<GeneratedTable> {
  const columnsArb2 = fc.tuple(...s.columns.map((c) => fc.tuple(
    fc.constant(c),
    fc.integer({ min: 0, max: 39 }).map((n) => c.name === 'id' || c.name === s.key || (c.required ? n !== 0 : n > 5)),
    fc.constantFrom(c.header, c.aliases[0]!, c.name, c.header.toUpperCase()),
  )));
  return columnsArb2
    .chain((cols) => {
      const present = cols.filter(([, keep]) => keep);
      return fc.tuple(
        fc.shuffledSubarray(present, { minLength: present.length, maxLength: present.length }),
        fc.boolean(),
        fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      );
    })
    .chain(([present, extra, date1904]) => {
      const headers = [...present.map(([, , h]) => h), ...(extra ? ['Notes'] : [])];
      const row = fc.integer({ min: 0, max: 7 }).chain((n) => fc.tuple(...present.map(([c]) => cellArb(c, n === 0)), fc.constantFrom<RawCell>('free text', null)));
      return fc.tuple(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(dateArb, { minLength: 1, maxLength: 2 }),
      ).map(([rows, asOfs]) => withDescription({
        asOfs,
        table: {
          source: 'generated.csv', headerRow: 1, headers, date1904,
          rows: rows.map((cells, i) => ({ row: i + 1, sourceRow: i + 2, cells: extra ? cells : cells.slice(0, -1) })),
        },
      }));
    });
}

/** Put the raw forms (empty groups, comparisons without a value, facts the subject lacks…) into the loaded rulebook's definitions. */
export function putRawForms(rulebook: Rulebook, g: GeneratedRulebook): void {
  for (const rule of rulebook.rules) {
    const raw = g.raw.rules.get(rule.definition.id);
    if (!raw) throw new Error(`no raw form for rule ${rule.definition.id}`);
    rule.definition.conditions = raw.conditions as Condition;
    rule.definition.message = raw.message;
    for (const name of Object.keys(rule.definition.outputs ?? {})) rule.definition.outputs![name] = raw.outputs[name] as Expr;
  }
  for (const [name, c] of rulebook.computed) c.definition.value = g.raw.computed.get(name) as Expr;
  const subject = rulebook.subjects.get('row')!;
  for (const [name, value] of g.raw.formulas) subject.definition.outputs[name]!.value = value as Expr;
}
