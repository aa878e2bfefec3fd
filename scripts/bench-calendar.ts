/**
 * Business-day arithmetic, walked day by day (businessDayWalk.ts) and read from the business-day
 * index (businessDayIndex.ts, behind addBusinessDays and businessDaysBetween), on the rulebook's
 * calendars: operations per second for typical deadlines, and what building an index costs.
 * A figure to look at, not a test. Usage: npm run build && node build/scripts/bench-calendar.js
 */
import { addBusinessDays, businessDaysBetween } from '../src/core/calendar/businessDays';
import { businessDayIndex } from '../src/core/calendar/businessDayIndex';
import { walkAddBusinessDays, walkBusinessDaysBetween } from '../src/core/calendar/businessDayWalk';
import { buildCalendars, type BusinessCalendar } from '../src/core/calendar/calendar';
import { addCalendarDays, fromDayNumber, toDayNumber, type IsoDate } from '../src/core/dates';
import { DEFAULT_RULEBOOK, loadRulebookFolder } from '../src/io/rulebookFolder';

/** Start dates: every day from 2025-01-01 to 2028-12-31. */
const STARTS: IsoDate[] = [];
for (let d = toDayNumber('2025-01-01'); d <= toDayNumber('2028-12-31'); d++) STARTS.push(fromDayNumber(d));

/** Calls per second of `op` over all STARTS, repeated for at least `ms` milliseconds. */
function opsPerSecond(op: (date: IsoDate) => unknown, ms = 400): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const date of STARTS) op(date);
    calls += STARTS.length;
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return (calls / elapsed) * 1000;
}

function figure(ops: number): string {
  return ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M/s` : `${(ops / 1e3).toFixed(1)} k/s`;
}

async function main(): Promise<void> {
  const { rulebook } = await loadRulebookFolder(DEFAULT_RULEBOOK);
  if (!rulebook) throw new Error(`The rulebook in ${DEFAULT_RULEBOOK} does not load: run the CLI's check on it.`);
  const specs = () => [...rulebook.calendars].map(([name, c]) => ({ name, ...c.definition }));

  console.log('business-day arithmetic, start dates 2025-01-01 … 2028-12-31');
  console.log(['calendar', 'operation', 'walk', 'index', 'speed-up'].map((h, i) => (i < 2 ? h.padEnd(i ? 26 : 9) : h.padStart(11))).join(''));
  for (const name of rulebook.calendars.keys()) {
    // A fresh calendar, so the index is built here and its cost can be shown.
    const cal = buildCalendars(specs()).get(name) as BusinessCalendar;
    const built = performance.now();
    businessDayIndex(cal).dayOf('2025-06-16');
    const buildMs = performance.now() - built;
    const cases: [string, (d: IsoDate) => unknown, (d: IsoDate) => unknown][] = [
      ['addBusinessDays +45', (d) => walkAddBusinessDays(d, 45, cal), (d) => addBusinessDays(d, 45, cal)],
      ['addBusinessDays -10', (d) => walkAddBusinessDays(d, -10, cal), (d) => addBusinessDays(d, -10, cal)],
      ['addBusinessDays +250', (d) => walkAddBusinessDays(d, 250, cal), (d) => addBusinessDays(d, 250, cal)],
      ['businessDaysBetween 90d', (d) => walkBusinessDaysBetween(d, addCalendarDays(d, 90), cal), (d) => businessDaysBetween(d, addCalendarDays(d, 90), cal)],
      ['businessDaysBetween -30d', (d) => walkBusinessDaysBetween(d, addCalendarDays(d, -30), cal), (d) => businessDaysBetween(d, addCalendarDays(d, -30), cal)],
    ];
    for (const [label, walk, indexed] of cases) {
      const w = opsPerSecond(walk, 250);
      const x = opsPerSecond(indexed);
      console.log(`${name.padEnd(9)}${label.padEnd(26)}${figure(w).padStart(11)}${figure(x).padStart(11)}${`${(x / w).toFixed(0)}x`.padStart(11)}`);
    }
    console.log(`${name.padEnd(9)}${'first decade indexed in'.padEnd(26)}${`${buildMs.toFixed(1)} ms`.padStart(22)}`);
  }
  console.log(`dates: toDayNumber ${figure(opsPerSecond((d) => toDayNumber(d)))}, addCalendarDays ${figure(opsPerSecond((d) => addCalendarDays(d, 45)))}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
