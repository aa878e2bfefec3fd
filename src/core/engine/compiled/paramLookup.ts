/**
 * A parameter's dated values turned into a lookup by date that does no date arithmetic per call:
 * each period's last day is worked out once (parameterAt works it out on every call), a parameter
 * with one value for all time is a constant, and the last date asked is remembered (rows of a table
 * often share a date). Answers exactly what parameterAt answers.
 */
import { addCalendarDays, type IsoDate } from '../../dates';
import type { ParamValue } from '../../parameters';
import type { ParameterValue } from '../../rulebook/schema';

export type ParamLookup = (date: IsoDate) => ParamValue;

interface Period {
  from: IsoDate;
  /** The period's last day; undefined when it runs on. */
  end: IsoDate | undefined;
  value: ParamValue;
}

export function compileParamLookup(values: readonly ParameterValue[]): ParamLookup {
  const periods: Period[] = values.map((v, i) => {
    const next = values[i + 1];
    return { from: v.from, end: v.to ?? (next ? addCalendarDays(next.from, -1) : undefined), value: v.value };
  });
  const only = periods[0];
  if (periods.length === 1 && only && only.end === undefined && only.from <= '0001-01-01') {
    const value = only.value;
    return () => value;
  }
  let lastDate: IsoDate | undefined;
  let lastValue: ParamValue = null;
  return (date) => {
    if (date === lastDate) return lastValue;
    let found: ParamValue = null;
    for (let i = 0; i < periods.length; i++) {
      const p = periods[i]!;
      if (p.from > date) break;
      if (p.end === undefined || date <= p.end) found = p.value;
    }
    lastDate = date;
    lastValue = found;
    return found;
  };
}
