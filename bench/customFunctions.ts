/**
 * The CLAUSE.* custom functions as a sheet recalculates them: `count` formulas, each with its own
 * arguments (rates, categories and entry dates; notice dates with and without a days override), run
 * through the same code Excel calls (src/functions/logic.ts: the compiled evaluator, cached per
 * rulebook and scenario). Returns the seconds taken, and how many formulas gave a value or an error.
 */
import { fundingDeadline, FunctionError, totalRate, type RulebookSource } from '../src/functions/logic';
import { addCalendarDays } from '../src/core/dates';

const CATEGORIES = ['general', 'vehicle', 'auto-part', 'civil-aircraft', 'wood', 'generic-pharmaceutical', 'steel'];

export interface FunctionsRun {
  seconds: number;
  values: number;
  errors: number;
}

export async function recalculate(source: RulebookSource, count: number): Promise<{ totalRate: FunctionsRun; fundingDeadline: FunctionsRun }> {
  const time = async (formula: (i: number) => Promise<number>): Promise<FunctionsRun> => {
    let values = 0;
    let errors = 0;
    const started = process.hrtime.bigint();
    // Excel starts a recalculation's formulas together and takes their promises as they settle.
    const settled = await Promise.allSettled(Array.from({ length: count }, (_, i) => formula(i)));
    for (const s of settled) {
      if (s.status === 'fulfilled') values++;
      else if (s.reason instanceof FunctionError) errors++;
      else throw s.reason;
    }
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, values, errors };
  };
  return {
    totalRate: await time((i) => totalRate(source, (i % 300) / 1000, CATEGORIES[i % CATEGORIES.length], addCalendarDays('2025-04-01', i % 700))),
    fundingDeadline: await time((i) => fundingDeadline(source, addCalendarDays('2025-10-01', i % 900), i % 3 === 0 ? 60 : undefined)),
  };
}
