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

/**
 * HTS lines with illustrative column 1 rates, values and dates spread over every regime (before the
 * agreement, the 15% rule, the auto rate from 2025-09-16, the wood cap, the Section 122 surcharge and
 * after it, the Section 232 metals before and after their 2026-04-06 restructuring; the metal share
 * and annex of the two steel derivatives are illustrative too). Check the current HTSUS before
 * relying on a rate.
 */
const TARIFF_LINES: { columns: string[]; rows: Cell[][] } = {
  columns: ['HTS code', 'Description', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Loading date', 'Customs value (USD)', 'Section 232 rate', 'Annex II exempt', 'Metal share', 'Metals annex'],
  rows: [
    ['8703.23.01', 'Passenger cars, spark-ignition, 1,500–3,000 cc', 'Japan', 'vehicle', 0.025, date('2025-09-15'), null, 28_500_000, null, null],
    ['8703.23.01', 'Passenger cars, spark-ignition, 1,500–3,000 cc', 'Japan', 'vehicle', 0.025, date('2025-09-16'), null, 31_200_000, null, null],
    ['8703.24.01', 'Passenger cars, spark-ignition, over 3,000 cc', 'Japan', 'vehicle', 0.025, date('2026-03-10'), null, 12_400_000, null, null],
    ['8703.80.00', 'Passenger cars, electric', 'Japan', 'vehicle', 0.025, date('2026-08-04'), null, 9_800_000, null, null],
    ['8704.31.00', 'Light trucks, spark-ignition, up to 5 t', 'Japan', 'vehicle', 0.25, date('2025-11-18'), null, 6_300_000, null, null],
    ['8704.21.00', 'Light trucks, diesel, up to 5 t', 'Japan', 'vehicle', 0.25, date('2025-07-14'), null, 2_100_000, null, null],
    ['8708.29.50', 'Body parts for motor vehicles', 'Japan', 'auto-part', 0.025, date('2025-06-02'), null, 1_750_000, null, null],
    ['8708.40.11', 'Gear boxes for motor vehicles', 'Japan', 'auto-part', 0.025, date('2025-10-07'), null, 3_900_000, null, null],
    ['8708.30.50', 'Brakes and servo-brakes', 'Japan', 'auto-part', 0.025, date('2026-04-21'), null, 880_000, null, null],
    ['4011.10.10', 'New radial tires for passenger cars', 'Japan', 'auto-part', 0.04, date('2026-01-13'), null, 1_150_000, null, null],
    ['8802.40.00', 'Aeroplanes, unladen weight over 15,000 kg', 'Japan', 'civil-aircraft', 0, date('2025-12-02'), null, 96_000_000, null, null],
    ['8807.30.00', 'Parts of aeroplanes', 'Japan', 'civil-aircraft', 0, date('2025-09-10'), null, 4_600_000, null, null],
    ['9401.61.40', 'Upholstered seats with wooden frames', 'Japan', 'wood', 0, date('2025-11-20'), null, 640_000, 0.25, null],
    ['9403.40.90', 'Wooden kitchen cabinets', 'Japan', 'wood', 0, date('2026-02-05'), null, 410_000, 0.25, null],
    ['9403.60.80', 'Other wooden furniture', 'Japan', 'wood', 0, date('2025-10-01'), null, 275_000, null, null],
    ['4407.11.00', 'Pine lumber, sawn lengthwise', 'Japan', 'lumber', 0, date('2025-12-15'), null, 190_000, null, null],
    ['3004.90.92', 'Medicaments in measured doses (generic)', 'Japan', 'generic-pharmaceutical', 0, date('2025-11-04'), null, 2_750_000, null, 'yes'],
    ['3004.20.00', 'Antibiotics in measured doses (generic)', 'Japan', 'generic-pharmaceutical', 0, date('2026-03-18'), null, 1_320_000, null, null],
    ['2846.90.80', 'Rare-earth compounds', 'Japan', 'unavailable-natural-resource', 0.037, date('2025-12-09'), null, 560_000, null, 'yes'],
    ['8429.52.10', 'Excavators, 360° revolving superstructure', 'Japan', 'general', 0, date('2025-10-01'), null, 4_800_000, null, null],
    ['8458.11.00', 'Horizontal lathes, numerically controlled', 'JP', 'general', 0.044, date('2025-11-12'), null, 1_250_000, null, null],
    ['8457.10.00', 'Machining centres for working metal', 'Japan', 'general', 0.042, date('2026-05-06'), null, 2_050_000, null, null],
    ['8479.50.00', 'Industrial robots', 'Japan', 'general', 0.025, date('2026-07-23'), null, 3_300_000, null, null],
    ['8525.89.30', 'Digital cameras', 'Japan', 'general', 0, date('2025-12-03'), null, 860_000, null, null],
    ['8471.30.01', 'Portable computers', 'Japan', 'general', 0, date('2026-01-08'), null, 2_300_000, null, null],
    ['8542.31.00', 'Processors and controllers (integrated circuits)', 'Japan', 'general', 0, date('2026-07-24'), null, 7_500_000, null, null],
    ['9504.50.00', 'Video game consoles', 'Japan', 'general', 0, date('2025-11-28'), null, 5_600_000, null, null],
    ['8481.80.50', 'Industrial valves', 'Japan', 'general', 0.02, date('2025-08-20'), date('2025-07-30'), 415_000, null, null],
    ['8501.52.80', 'AC motors, 750 W to 75 kW', 'Japan', 'general', 0.028, date('2025-08-07'), null, 220_000, null, null],
    ['6110.20.20', 'Sweaters of cotton', 'Japan', 'general', 0.165, date('2025-10-20'), null, 95_000, null, null],
    ['6204.62.40', "Women's trousers of cotton", 'Japan', 'general', 0.166, date('2026-02-23'), null, 130_000, null, null],
    ['9018.12.00', 'Ultrasonic scanning apparatus', 'Japan', 'general', 0, date('2025-08-06'), null, 3_100_000, null, null],
    ['2208.30.30', 'Whisky in containers up to 4 litres', 'Japan', 'general', 0, date('2026-02-24'), null, 740_000, null, null],
    ['7208.51.00', 'Flat-rolled steel, hot-rolled, over 10 mm thick', 'Japan', 'steel', 0, date('2025-10-15'), null, 1_900_000, null, null],
    ['7408.11.60', 'Refined copper wire', 'Japan', 'copper', 0.03, date('2025-12-01'), null, 430_000, null, null],
    ['8450.11.00', 'Household washing machines (a steel derivative)', 'Japan', 'steel', 0.014, date('2025-11-05'), null, 1_200_000, null, null, 0.35, null],
    ['7326.90.86', 'Other articles of iron or steel', 'Japan', 'steel', 0.029, date('2026-05-12'), null, 680_000, null, null, null, 'I-B'],
    ['8458.11.00', 'Horizontal lathes, numerically controlled', 'Korea', 'general', 0.044, date('2025-11-12'), null, 980_000, null, null],
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
  lines.getColumn(7).numFmt = 'yyyy-mm-dd';
  lines.getColumn(8).numFmt = '#,##0';
  lines.getColumn(9).numFmt = '0%';
  lines.getColumn(11).numFmt = '0%';
  [14, 46, 18, 28, 14, 12, 12, 20, 16, 16, 12, 14].forEach((w, i) => (lines.getColumn(i + 1).width = w));

  const about = wb.addWorksheet('About');
  for (const line of [
    ['Clausewise sample workbook for the US–Japan agreement (2025)'],
    ['Projects: the projects announced under the US$550 billion investment MOU (tranche 1 on 2026-02-17, tranche 2 on 2026-03-19) and a 2025-10-28 candidate.'],
    ['Selection dates and sizes are as announced. Funding dates are not public: the funded dates and funding states shown are ILLUSTRATIVE.'],
    ['Tariff lines: realistic HTSUS lines of Japanese goods across every regime (before 2025-08-07, the 15% rule, autos from 2025-09-16, the wood cap from 2025-10-14, the Section 122 surcharge from 2026-02-24, and after 2026-07-23). The Annex II marks (EO 14257), and the metal share and metals annex of the two steel derivatives, are illustrative: check the lists before relying on one.'],
    ['Column 1 rates, Section 232 rates, values and dates are illustrative — check the current HTSUS before relying on them.'],
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
