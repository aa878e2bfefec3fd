/**
 * What compiled closures read one row from: its facts and outputs by slot (numbers fixed when the
 * rulebook is compiled, so a read is an array index, not a lookup by name), its effective date, and
 * — only while a subject's output formulas run — the outputs the row would have under other
 * parameter values (`{ "output", "if" }`).
 */
import type { BusinessCalendar } from '../../calendar/calendar';
import type { IsoDate } from '../../dates';
import type { Value } from '../evaluateExpr';
import type { ParamLookup } from './paramLookup';

export interface RowFrame {
  /** Columns, asOf, effectiveDate and computed values, by fact slot; undefined = not set yet (reads as empty). */
  facts: (Value | undefined)[];
  /** Outputs by output slot; undefined = not set (reads as empty). */
  outputs: (Value | undefined)[];
  effectiveDate: IsoDate;
  outputIf?: ((name: string, settingKey: string) => Value) | undefined;
}

/** The names a rulebook's closures are compiled against: where each fact and output lives, and the parameters and calendars. */
export interface CompileContext {
  /** The slot of a fact of this subject, or undefined when the subject has no such fact (it reads as empty). */
  factSlot(name: string): number | undefined;
  /** The slot of an output (allocated on first use). */
  outputSlot(name: string): number;
  /** The lookup of a parameter by date, or undefined when there is no such parameter. */
  param(name: string): ParamLookup | undefined;
  calendar(name: string): BusinessCalendar | undefined;
  calendarNames(): string[];
  /**
   * The parameters json-rules-engine is handed as `param:` facts (those the subject's conditions
   * name with `{ "param" }`); a `param:` fact outside them is unknown to it, so undefined.
   */
  engineParams: ReadonlySet<string>;
}

export type Compiled<T> = (frame: RowFrame) => T;

/** The identity of a `{ "output", "if" }` setting: its parameters and values in name order, as JSON text. */
export function settingKey(set: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(Object.keys(set).sort().map((k) => [k, set[k]]));
}
