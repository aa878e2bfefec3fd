/**
 * A big projects table for the page's benchmark and its end-to-end tests at scale: N project rows
 * in every stage, with selection notices in 2026 and funded dates either side of the deadline,
 * the same rows on every run.
 */

/** A small deterministic generator (mulberry32), so every run opens the same rows. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function day(r: () => number, from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.floor(r() * days));
  return d.toISOString().slice(0, 10);
}

/** The CSV text of `n` generated project rows (a header row first). */
export function projectsCsv(n: number): string {
  const r = random(7);
  const lines = ['Project,Sector,Amount (USD),Stage,Selection notice date,Funded date'];
  for (let i = 0; i < n; i++) {
    const stage = ['candidate', 'selected', 'selected', 'funded', 'funded', 'declined'][Math.floor(r() * 6)]!;
    const notice = stage === 'candidate' ? '' : day(r, '2026-01-05', 300);
    const funded = stage === 'funded' && notice ? day(r, notice, 90) : '';
    lines.push([`Project ${i + 1}`, ['energy', 'semiconductors', 'pharmaceuticals', 'shipbuilding'][i % 4], String(1e8 + Math.floor(r() * 1e10)), stage, notice, funded].join(','));
  }
  return `${lines.join('\n')}\n`;
}
