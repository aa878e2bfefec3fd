/**
 * Writes samples/us-japan-2025.xlsx: the projects announced under the investment MOU (from the
 * facts sheet, with illustrative funding dates marked as such) and tariff lines of goods entered
 * into the US. Run with `npm run sample`; the workbook is committed so `npm start` needs nothing else.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

const OUT = join(__dirname, '..', '..', 'samples', 'us-japan-2025.xlsx');
const FIXED_TIME = new Date(Date.UTC(2026, 3, 30));
const date = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

type Cell = string | number | Date | null;

const PROJECTS: { columns: string[]; rows: Cell[][] } = {
  columns: ['Project', 'Operator', 'Sector', 'Amount (USD)', 'Stage', 'Selection notice date', 'Funded date', 'Notes'],
  rows: [
    ['Portsmouth, Ohio natural-gas power for AI data centers (9.2 GW)', 'SB Energy (SoftBank)', 'energy / AI infrastructure', 33e9, 'funded', date('2026-02-17'), date('2026-04-14'),
      'Tranche 1, announced 2026-02-17. Funded date illustrative (not public).'],
    ['Texas GulfLink deep-water crude oil export terminal', 'Sentinel Midstream', 'energy (pipelines, ports)', 2.1e9, 'funded', date('2026-02-17'), date('2026-04-24'),
      'Tranche 1, announced 2026-02-17. Funded date illustrative (not public).'],
    ['Synthetic industrial diamond grit (HPHT) for semiconductors, Georgia', 'Element Six', 'critical minerals / semiconductors', 0.6e9, 'selected', date('2026-02-17'), null,
      'Tranche 1, announced 2026-02-17; size about US$0.6 billion. Shown unfunded for illustration.'],
    ['Small modular reactors, Tennessee and Alabama', 'GE Vernova Hitachi', 'energy', 40e9, 'selected', date('2026-03-19'), null,
      'Tranche 2, announced 2026-03-19; size up to US$40 billion.'],
    ['Natural-gas generation, Pennsylvania and Texas', null, 'energy', 33e9, 'selected', date('2026-03-19'), null,
      'Tranche 2, announced 2026-03-19; size up to US$33 billion.'],
    ['Westinghouse AP1000 reactors', 'Westinghouse', 'energy', 100e9, 'candidate', null, null,
      'On the 2025-10-28 candidate list; not selected. Size up to US$100 billion.'],
  ],
};

/** HTS lines with illustrative column 1 rates; check the current HTSUS before relying on a rate. */
const TARIFF_LINES: { columns: string[]; rows: Cell[][] } = {
  columns: ['HTS code', 'Description', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Customs value (USD)'],
  rows: [
    ['8429.52.10', 'Excavators, 360° revolving superstructure', 'Japan', 'general', 0, date('2025-10-01'), 4_800_000],
    ['8458.11.00', 'Horizontal lathes, numerically controlled', 'JP', 'general', 0.044, date('2025-11-12'), 1_250_000],
    ['8525.89.30', 'Digital cameras', 'Japan', 'general', 0, date('2025-12-03'), 860_000],
    ['8471.30.01', 'Portable computers', 'Japan', 'general', 0, date('2026-01-08'), 2_300_000],
    ['8481.80.50', 'Industrial valves', 'Japan', 'general', 0.02, date('2025-09-22'), 415_000],
    ['8501.52.80', 'AC motors, 750 W to 75 kW', 'Japan', 'general', 0.028, date('2025-08-07'), 220_000],
    ['6110.20.20', 'Sweaters of cotton', 'Japan', 'general', 0.165, date('2025-10-20'), 95_000],
    ['6204.62.40', "Women's trousers of cotton", 'Japan', 'general', 0.166, date('2026-02-23'), 130_000],
    ['9018.12.00', 'Ultrasonic scanning apparatus', 'Japan', 'general', 0, date('2025-08-06'), 3_100_000],
    ['8542.31.00', 'Processors and controllers (integrated circuits)', 'Japan', 'general', 0, date('2026-01-20'), 7_500_000],
    ['9504.50.00', 'Video game consoles', 'Japan', 'general', 0, date('2025-11-28'), 5_600_000],
    ['8458.11.00', 'Horizontal lathes, numerically controlled', 'Korea', 'general', 0.044, date('2025-11-12'), 980_000],
  ],
};

async function main(): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Clausewise sample';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;

  const projects = wb.addWorksheet('Projects', { views: [{ state: 'frozen', ySplit: 1 }] });
  projects.addRow(PROJECTS.columns).font = { bold: true };
  for (const row of PROJECTS.rows) projects.addRow(row);
  projects.getColumn(4).numFmt = '#,##0';
  projects.getColumn(6).numFmt = 'yyyy-mm-dd';
  projects.getColumn(7).numFmt = 'yyyy-mm-dd';
  [62, 24, 34, 18, 12, 22, 14, 70].forEach((w, i) => (projects.getColumn(i + 1).width = w));

  const lines = wb.addWorksheet('Tariff lines', { views: [{ state: 'frozen', ySplit: 1 }] });
  lines.addRow(TARIFF_LINES.columns).font = { bold: true };
  for (const row of TARIFF_LINES.rows) lines.addRow(row);
  lines.getColumn(5).numFmt = '0.0%';
  lines.getColumn(6).numFmt = 'yyyy-mm-dd';
  lines.getColumn(7).numFmt = '#,##0';
  [14, 46, 18, 14, 14, 12, 20].forEach((w, i) => (lines.getColumn(i + 1).width = w));

  const about = wb.addWorksheet('About');
  for (const line of [
    ['Clausewise sample workbook for the US–Japan agreement (2025)'],
    ['Projects: the projects announced under the US$550 billion investment MOU (tranche 1 on 2026-02-17, tranche 2 on 2026-03-19) and a 2025-10-28 candidate.'],
    ['Selection dates and sizes are as announced. Funding dates are not public: the funded dates and funding states shown are ILLUSTRATIVE.'],
    ['Tariff lines: realistic HTSUS lines of Japanese goods; column 1 rates and values are illustrative — check the current HTSUS before relying on them.'],
    ['Evaluate with: npx clausewise evaluate samples/us-japan-2025.xlsx --sheet Projects --as-of 2026-04-30'],
  ]) about.addRow(line);
  about.getColumn(1).width = 140;

  writeFileSync(OUT, new Uint8Array(await wb.xlsx.writeBuffer()));
  process.stdout.write(`Wrote ${OUT}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
});
