/**
 * `npm run bench`: evaluation speed and memory on generated rows (deterministic), the baseline a
 * compiled evaluator will be measured against. Prints rows per second and heap growth per subject.
 * Usage: npm run bench [-- --rows 5000]
 */
import { Evaluator } from '../src/core/engine/evaluator';
import { loadRulebookFolder, DEFAULT_RULEBOOK } from '../src/io/rulebookFolder';
import type { Table } from '../src/core/table';

const rowsArg = process.argv.indexOf('--rows');
const N = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 5000;

/** A small deterministic generator (mulberry32), so every run evaluates the same rows. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function date(r: () => number, from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.floor(r() * days));
  return d.toISOString().slice(0, 10);
}

export function projects(n: number): Table {
  const r = random(1);
  const headers = ['Project', 'Sector', 'Amount (USD)', 'Stage', 'Selection notice date', 'Funded date'];
  const rows = Array.from({ length: n }, (_, i) => {
    const stage = pick(r, ['candidate', 'selected', 'selected', 'funded', 'declined']);
    const notice = stage === 'candidate' ? null : date(r, '2025-10-01', 900);
    const funded = stage === 'funded' && notice ? date(r, notice, 90) : null;
    return { row: i + 1, sourceRow: i + 2, cells: [`P${i}`, pick(r, ['energy', 'semiconductors', 'real estate']), Math.floor(r() * 1e11), stage, notice, funded] };
  });
  return { source: 'bench-projects', headerRow: 1, headers, rows, date1904: false };
}

export function tariffLines(n: number): Table {
  const r = random(2);
  const headers = ['HTS code', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Customs value (USD)'];
  const categories = ['general', 'vehicle', 'auto-part', 'civil-aircraft', 'wood', 'generic-pharmaceutical', 'unavailable-natural-resource', 'steel'];
  const rows = Array.from({ length: n }, (_, i) => ({
    row: i + 1, sourceRow: i + 2,
    cells: [`${8400 + (i % 99)}.00.00`, pick(r, ['JP', 'JP', 'JP', 'KR']), pick(r, categories), Math.round(r() * 300) / 1000, date(r, '2025-04-01', 600), Math.floor(r() * 1e7)],
  }));
  return { source: 'bench-lines', headerRow: 1, headers, rows, date1904: false };
}

async function main(): Promise<void> {
  const { rulebook, issues } = await loadRulebookFolder(DEFAULT_RULEBOOK);
  if (!rulebook) throw new Error(issues.map((i) => i.message).join('\n'));
  const prepared = Evaluator.prepare(rulebook);
  if (!prepared.ok) throw new Error(prepared.problems.join('\n'));
  const evaluator = prepared.evaluator;
  process.stdout.write(`Clausewise benchmark — ${rulebook.manifest.id} ${rulebook.manifest.version}, json-rules-engine evaluator, ${N} rows per subject, Node ${process.version}\n`);
  for (const table of [projects(N), tariffLines(N)]) {
    const matched = evaluator.match(table);
    if (!matched.ok) throw new Error(matched.problem);
    await evaluator.evaluateTable({ ...table, rows: table.rows.slice(0, 200) }, matched.match, '2026-11-22'); // warm-up
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const results = await evaluator.evaluateTable(table, matched.match, '2026-11-22');
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    if (results.length !== table.rows.length) throw new Error('rows out ≠ rows in');
    process.stdout.write(`  ${matched.match.subject.name.padEnd(12)} ${String(results.length).padStart(7)} rows  ${seconds.toFixed(2).padStart(7)} s  ${Math.round(results.length / seconds).toLocaleString('en-US').padStart(8)} rows/s  heap +${heapMb.toFixed(1)} MB\n`);
  }
}

if (require.main === module) main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
});
