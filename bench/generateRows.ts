/**
 * Realistic generated rows for the US–Japan rulebook, deterministic from a seed: the same seed and
 * count always give the same table, so every benchmark run and every agreement test evaluates the
 * same rows. Both subjects are covered in proportions a trade or investment desk would see, with
 * extra weight on the days where the rules change (every regime boundary and effective date of
 * the rules and parameters), cells typed the ways users type them (Excel dates, ISO text, serials,
 * "2.5%", "Free", "$2.1 billion", "Japan"), empty optional cells, and a few percent of cells a
 * reader must reject (each such row is `invalid` with its errors).
 */
import { addBusinessDays } from '../src/core/calendar/businessDays';
import type { BusinessCalendar } from '../src/core/calendar/calendar';
import { addCalendarDays, calendarDaysBetween, toSpreadsheetSerial, weekday, type IsoDate } from '../src/core/dates';
import type { RawCell, Table, TableRow } from '../src/core/table';

/** The as-of date the generated rows are meant to be evaluated at (the rulebook's source review). */
export const GENERATED_AS_OF: IsoDate = '2026-12-04';

/** mulberry32: a small seeded generator, so no run depends on Math.random. */
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const chance = (r: Random, p: number): boolean => r() < p;
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const between = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** One of `items` by weight: `[[weight, item], …]`. */
function weighted<T>(r: Random, items: ReadonlyArray<readonly [number, T]>): T {
  const total = items.reduce((s, [w]) => s + w, 0);
  let x = r() * total;
  for (const [w, item] of items) {
    if ((x -= w) < 0) return item;
  }
  return items[items.length - 1]![1];
}

function dateIn(r: Random, from: IsoDate, to: IsoDate): IsoDate {
  return addCalendarDays(from, between(r, 0, calendarDaysBetween(from, to)));
}

/** A date near a boundary: the day itself or up to `spread` days either side. */
function near(r: Random, day: IsoDate, spread = 2): IsoDate {
  return addCalendarDays(day, between(r, -spread, spread));
}

/** A date cell as spreadsheets and CSV files give it: mostly an Excel date, sometimes ISO text or a bare serial. */
function dateCell(r: Random, date: IsoDate): RawCell {
  return weighted<RawCell>(r, [[85, { date }], [10, date], [5, toSpreadsheetSerial(date)]]);
}

/** Log-uniform amounts: as many US$10 million lines as US$1 billion ones. */
function logUniform(r: Random, lo: number, hi: number): number {
  return Math.round(Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo))));
}

function table(source: string, headers: string[], rows: RawCell[][]): Table {
  const tableRows: TableRow[] = rows.map((cells, i) => ({ row: i + 1, sourceRow: i + 2, cells }));
  return { source, sheet: source, headerRow: 1, headers, rows: tableRows, date1904: false };
}

// ---------------------------------------------------------------------------------------------
// Investment projects

export const PROJECT_HEADERS = [
  'Project', 'Operator', 'Sector', 'Amount (USD)', 'Stage', 'Selection notice date', 'Funded date', 'Instrument',
  'Cash flow to date (USD)', 'Deemed allocation amount (USD)',
];

const SECTORS = [
  'energy', 'energy / AI infrastructure', 'semiconductors', 'critical minerals / semiconductors', 'pharmaceuticals',
  'shipbuilding', 'natural-gas power', 'Nuclear', 'pipelines', 'quantum computing', 'LNG export terminal',
  'Artificial Intelligence', 'metals (copper smelting)', 'electricity transmission', 'real estate', 'agriculture',
  'data centers', 'biotechnology', 'oil and gas', 'ports and logistics',
];
const OPERATORS = ['SB Energy (SoftBank)', 'Sentinel Midstream', 'Element Six', 'GE Vernova Hitachi', 'Westinghouse', 'Mitsubishi Heavy Industries', 'Toshiba Energy', 'JERA Americas', 'Hitachi Energy', 'Tokyo Electron US', 'Sumitomo Metal Mining', 'Kioxia America'];
const INSTRUMENTS = ['equity', 'loan', 'loan guarantee', 'JBIC loan', 'NEXI guarantee', 'Equity and loans', 'convertible note', 'grant', 'bond purchase'];

/** Days selection notices cluster around: holidays on the calendars, year ends, the provisional 2028 equinoxes. */
const NOTICE_CLUSTERS: readonly IsoDate[] = [
  '2025-11-27', '2025-12-24', '2025-12-31', '2026-01-19', '2026-05-04', '2026-07-03', '2026-09-22', '2026-11-26',
  '2027-03-22', '2027-12-30', '2028-03-20', '2028-09-22', '2028-12-29',
];

function noticeDate(r: Random, asOf: IsoDate): IsoDate {
  return weighted<() => IsoDate>(r, [
    [5, () => dateIn(r, '2025-08-15', '2025-09-05')], // before and on the MOU's first parameter date, 2025-09-04
    [62, () => dateIn(r, '2025-09-04', asOf)],
    [10, () => near(r, pick(r, NOTICE_CLUSTERS), 4)],
    [14, () => dateIn(r, addCalendarDays(asOf, -75), asOf)], // deadlines on either side of the as-of date
    [5, () => dateIn(r, addCalendarDays(asOf, 1), '2029-01-10')], // planned selections
    [4, () => near(r, pick(r, ['2029-01-19', '2029-01-18', '2028-12-01', '2029-03-31']), 3)], // window end, JBIC facility end
  ])();
}

/** Notices are mostly on business days; a few fall on a weekend (a typing slip, or a notice dated on a Saturday). */
function onWeekday(r: Random, date: IsoDate): IsoDate {
  const wd = weekday(date);
  if (chance(r, 0.05) || (wd !== 0 && wd !== 6)) return date;
  return addCalendarDays(date, wd === 6 ? 2 : 1);
}

function amountCell(r: Random): RawCell {
  return weighted<() => RawCell>(r, [
    [78, () => logUniform(r, 1e8, 1.5e11)],
    [8, () => pick(r, ['$2.1 billion', 'US$ 600 million', '33bn', 'USD 1,250,000,000', '$40bn', '0.6bn'])],
    [4, () => pick(r, [350_000_000, 349_999_999, 100_000_000_000, 100_000_000_001])], // the observed-size bounds
    [10, () => null],
  ])();
}

/** Funded date relative to the deadline (45 US business days by default): mostly in time, some on the last days, some late. */
function fundedDate(r: Random, notice: IsoDate, us: BusinessCalendar): IsoDate {
  return weighted<() => IsoDate>(r, [
    [70, () => addBusinessDays(notice, between(r, 5, 43), us)],
    [12, () => addBusinessDays(notice, between(r, 44, 47), us)], // on, just before and just after the deadline
    [8, () => addBusinessDays(notice, between(r, 48, 130), us)],
    [5, () => addCalendarDays(notice, -between(r, 1, 30))], // before the notice: dates to check
    [5, () => notice], // funded on the notice day
  ])();
}

/** A project row with one cell a reader must reject: the problems users actually make. */
function spoilProject(r: Random, cells: RawCell[]): void {
  const k = between(r, 0, 6);
  if (k === 0) cells[3] = '¥500 billion';
  else if (k === 1) cells[3] = -5_000_000;
  else if (k === 2) cells[5] = '31/12/2025';
  else if (k === 3) cells[4] = pick(r, ['approved', 'pending', 'tbd']);
  else if (k === 4) cells[0] = null;
  else if (k === 5) cells[6] = { error: '#N/A' };
  else cells[8] = 'n/a';
}

/**
 * `n` investment-project rows: every stage, every funding outcome, notices around every date the rules
 * turn on. `us` is the rulebook's US business calendar, to place funded dates around the 45-day deadline.
 */
export function generateProjects(n: number, us: BusinessCalendar, seed = 1, asOf: IsoDate = GENERATED_AS_OF): Table {
  const r = seededRandom(seed);
  const rows: RawCell[][] = [];
  for (let i = 0; i < n; i++) {
    const stage = weighted(r, [
      [14, 'candidate'], [4, 'consulted'], [4, 'recommended'], [33, 'selected'], [32, 'funded'], [5, 'declined'],
      [1, 'Selected'], [1, 'chosen'], [0.5, 'refused'], [0.5, 'Funded'],
    ]);
    const canonical = stage === 'chosen' ? 'selected' : stage === 'refused' ? 'declined' : stage.toLowerCase();
    const selectedOrLater = canonical === 'selected' || canonical === 'funded' || canonical === 'declined';
    const notice = selectedOrLater ? (chance(r, 0.97) ? onWeekday(r, noticeDate(r, asOf)) : null) : chance(r, 0.08) ? noticeDate(r, asOf) : null;
    let funded: IsoDate | null = null;
    if (canonical === 'funded') funded = chance(r, 0.96) ? fundedDate(r, notice ?? dateIn(r, '2025-09-04', asOf), us) : null;
    else if (canonical === 'selected' && chance(r, 0.05)) funded = fundedDate(r, notice ?? dateIn(r, '2025-09-04', asOf), us);
    const cashFlow = chance(r, 0.2) ? logUniform(r, 1e6, 5e10) : null;
    const daa = cashFlow !== null && chance(r, 0.5) ? logUniform(r, 1e6, 2e10) : null;
    const cells: RawCell[] = [
      `Project ${String(i + 1).padStart(6, '0')}`,
      chance(r, 0.7) ? pick(r, OPERATORS) : null,
      chance(r, 0.9) ? pick(r, SECTORS) : null,
      amountCell(r),
      stage,
      notice === null ? null : dateCell(r, notice),
      funded === null ? null : dateCell(r, funded),
      chance(r, 0.6) ? pick(r, INSTRUMENTS) : null,
      cashFlow,
      daa,
    ];
    if (chance(r, 0.025)) spoilProject(r, cells);
    rows.push(cells);
  }
  return table('Projects', PROJECT_HEADERS, rows);
}

// ---------------------------------------------------------------------------------------------
// Tariff lines

export const TARIFF_HEADERS = [
  'HTS code', 'Description', 'Country of origin', 'Category', 'Column 1 rate', 'Entry date', 'Loading date',
  'Customs value (USD)', 'Specific duty (USD per unit)', 'Quantity', 'Section 232 rate', 'Annex II exempt', 'Metal share',
  'Metals annex', 'Under 15% metal by weight', 'Section 122 exempt',
];

interface Line {
  hts: string;
  description: string;
  /** Column 1 ad valorem rate (null: a specific duty only). */
  rate: number | null;
  /** Specific part of the column 1 duty, USD per unit, for specific and compound duties. */
  specific?: number;
}

const LINES: Record<string, readonly Line[]> = {
  general: [
    { hts: '8429.52.10', description: 'Excavators, 360° revolving superstructure', rate: 0 },
    { hts: '8458.11.00', description: 'Horizontal lathes, numerically controlled', rate: 0.044 },
    { hts: '8457.10.00', description: 'Machining centres for working metal', rate: 0.042 },
    { hts: '8479.50.00', description: 'Industrial robots', rate: 0.025 },
    { hts: '8525.89.30', description: 'Digital cameras', rate: 0 },
    { hts: '8471.30.01', description: 'Portable computers', rate: 0 },
    { hts: '8542.31.00', description: 'Processors and controllers', rate: 0 },
    { hts: '9504.50.00', description: 'Video game consoles', rate: 0 },
    { hts: '8481.80.50', description: 'Industrial valves', rate: 0.02 },
    { hts: '8501.52.80', description: 'AC motors, 750 W to 75 kW', rate: 0.028 },
    { hts: '6110.20.20', description: 'Sweaters of cotton', rate: 0.165 },
    { hts: '6204.62.40', description: "Women's trousers of cotton", rate: 0.166 },
    { hts: '6403.99.60', description: 'Footwear with leather uppers', rate: 0.1 },
    { hts: '6402.99.31', description: 'Footwear, rubber soles', rate: 0.2 },
    { hts: '9018.12.00', description: 'Ultrasonic scanning apparatus', rate: 0 },
    { hts: '2208.30.30', description: 'Whisky in containers up to 4 litres', rate: 0 },
    { hts: '9006.59.40', description: 'Cameras, other', rate: 0.039 },
    { hts: '8528.72.64', description: 'Television receivers', rate: 0.039 },
    { hts: '8703.90.01', description: 'Golf carts (general treatment)', rate: 0.025 },
    { hts: '2204.21.50', description: 'Wine of fresh grapes, up to 2 litres', rate: null, specific: 0.063 },
    { hts: '0406.90.95', description: 'Cheese, other', rate: null, specific: 1.5 },
    { hts: '1704.90.35', description: 'Confectionery (compound duty)', rate: 0.05, specific: 0.3 },
  ],
  vehicle: [
    { hts: '8703.23.01', description: 'Passenger cars, spark-ignition, 1,500–3,000 cc', rate: 0.025 },
    { hts: '8703.24.01', description: 'Passenger cars, spark-ignition, over 3,000 cc', rate: 0.025 },
    { hts: '8703.80.00', description: 'Passenger cars, electric', rate: 0.025 },
    { hts: '8703.40.00', description: 'Passenger cars, hybrid', rate: 0.025 },
    { hts: '8704.31.00', description: 'Light trucks, spark-ignition, up to 5 t', rate: 0.25 },
    { hts: '8704.21.00', description: 'Light trucks, diesel, up to 5 t', rate: 0.25 },
  ],
  'auto-part': [
    { hts: '8708.29.50', description: 'Body parts for motor vehicles', rate: 0.025 },
    { hts: '8708.40.11', description: 'Gear boxes for motor vehicles', rate: 0.025 },
    { hts: '8708.30.50', description: 'Brakes and servo-brakes', rate: 0.025 },
    { hts: '4011.10.10', description: 'New radial tires for passenger cars', rate: 0.04 },
    { hts: '8409.91.99', description: 'Engine parts', rate: 0.025 },
    { hts: '8511.40.00', description: 'Starter motors', rate: 0.025 },
    { hts: '9401.20.00', description: 'Seats for motor vehicles', rate: 0 },
  ],
  'civil-aircraft': [
    { hts: '8802.40.00', description: 'Aeroplanes, unladen weight over 15,000 kg', rate: 0 },
    { hts: '8807.30.00', description: 'Parts of aeroplanes', rate: 0 },
    { hts: '8411.12.80', description: 'Turbofans', rate: 0 },
    { hts: '8803.30.00', description: 'Other parts of aircraft', rate: 0 },
  ],
  wood: [
    { hts: '9401.61.40', description: 'Upholstered seats with wooden frames', rate: 0 },
    { hts: '9403.40.90', description: 'Wooden kitchen cabinets', rate: 0 },
    { hts: '9403.60.80', description: 'Wooden vanities', rate: 0 },
    { hts: '9401.61.60', description: 'Upholstered seats, other', rate: 0.035 },
  ],
  lumber: [
    { hts: '4407.11.00', description: 'Pine lumber, sawn lengthwise', rate: 0 },
    { hts: '4407.12.00', description: 'Fir and spruce lumber', rate: 0 },
    { hts: '4403.21.00', description: 'Pine logs', rate: 0 },
  ],
  'generic-pharmaceutical': [
    { hts: '3004.90.92', description: 'Medicaments in measured doses (generic)', rate: 0 },
    { hts: '3004.20.00', description: 'Antibiotics in measured doses (generic)', rate: 0 },
    { hts: '2941.10.10', description: 'Ampicillin', rate: 0 },
  ],
  pharmaceutical: [
    { hts: '3004.90.91', description: 'Medicaments, patented', rate: 0 },
    { hts: '3002.15.01', description: 'Immunological products', rate: 0 },
    { hts: '2933.59.59', description: 'Heterocyclic compounds (ingredient)', rate: 0.065 },
  ],
  'unavailable-natural-resource': [
    { hts: '2846.90.80', description: 'Rare-earth compounds', rate: 0.037 },
    { hts: '2615.90.60', description: 'Niobium ores', rate: 0 },
    { hts: '2602.00.00', description: 'Manganese ores', rate: 0 },
    { hts: '8112.92.60', description: 'Gallium, unwrought', rate: 0.03 },
  ],
  'steel-aluminum-copper': [
    { hts: '7208.51.00', description: 'Flat-rolled steel, hot-rolled, over 10 mm', rate: 0 },
    { hts: '7408.11.60', description: 'Refined copper wire', rate: 0.03 },
    { hts: '8450.11.00', description: 'Household washing machines (steel derivative)', rate: 0.014 },
    { hts: '7326.90.86', description: 'Other articles of iron or steel', rate: 0.029 },
    { hts: '7604.29.10', description: 'Aluminium bars and profiles', rate: 0.05 },
    { hts: '7606.12.30', description: 'Aluminium plates', rate: 0.03 },
    { hts: '8429.51.10', description: 'Front-end loaders (steel derivative)', rate: 0 },
    { hts: '9403.20.00', description: 'Metal furniture (derivative)', rate: 0 },
  ],
};

const CATEGORY_WEIGHTS: ReadonlyArray<readonly [number, string]> = [
  [42, 'general'], [8, 'vehicle'], [12, 'auto-part'], [3, 'civil-aircraft'], [4, 'wood'], [2, 'lumber'],
  [4, 'generic-pharmaceutical'], [4, 'pharmaceutical'], [3, 'unavailable-natural-resource'], [18, 'steel-aluminum-copper'],
];

/** How a category is sometimes typed instead of its canonical name (aliases the rulebook accepts). */
const CATEGORY_SPELLINGS: Record<string, readonly string[]> = {
  general: ['General', 'other'], vehicle: ['cars', 'Passenger vehicle'], 'auto-part': ['auto parts', 'Parts'],
  'civil-aircraft': ['aircraft'], wood: ['upholstered furniture', 'kitchen cabinets'], lumber: ['softwood lumber'],
  'generic-pharmaceutical': ['generics'], pharmaceutical: ['patented pharmaceutical'], 'unavailable-natural-resource': ['natural resource'],
  'steel-aluminum-copper': ['steel', 'aluminum', 'copper'],
};

/** Every date a tariff rule, computed value or parameter turns on. */
export const TARIFF_BOUNDARIES: readonly IsoDate[] = [
  '2025-04-03', '2025-04-05', '2025-05-03', '2025-07-07', '2025-08-07', '2025-09-16', '2025-10-05', '2025-10-14',
  '2026-02-24', '2026-04-06', '2026-06-08', '2026-07-24', '2026-07-31', '2026-09-29', '2028-01-01',
];

function entryDate(r: Random): IsoDate {
  return weighted<() => IsoDate>(r, [
    [25, () => near(r, pick(r, TARIFF_BOUNDARIES), 2)],
    [8, () => dateIn(r, '2025-01-02', '2025-05-31')],
    [55, () => dateIn(r, '2025-06-01', GENERATED_AS_OF)],
    [12, () => dateIn(r, addCalendarDays(GENERATED_AS_OF, 1), '2028-03-31')], // planned entries, for what-ifs
  ])();
}

function rateCell(r: Random, rate: number): RawCell {
  if (rate === 0 && chance(r, 0.15)) return 'Free';
  return chance(r, 0.2) ? `${Math.round(rate * 1000) / 10}%` : rate;
}

/** A tariff row with one cell a reader must reject. */
function spoilLine(r: Random, cells: RawCell[]): void {
  const k = between(r, 0, 9);
  if (k === 0) cells[2] = 'Atlantis';
  else if (k === 1) cells[3] = 'toys';
  else if (k === 2) cells[4] = 'abc';
  else if (k === 3) cells[4] = 15; // 15 without a % sign: 1500%
  else if (k === 4) cells[5] = '12/31/2025';
  else if (k === 5) cells[5] = null;
  else if (k === 6) cells[0] = null;
  else if (k === 7) cells[7] = '¥300,000';
  else if (k === 8) cells[12] = 1.2;
  else cells[11] = 'maybe';
}

/** `n` tariff lines: every category, every regime, entry dates around every boundary. */
export function generateTariffLines(n: number, seed = 2): Table {
  const r = seededRandom(seed);
  const rows: RawCell[][] = [];
  for (let i = 0; i < n; i++) {
    const category = weighted(r, CATEGORY_WEIGHTS);
    const line = pick(r, LINES[category]!);
    const entry = entryDate(r);
    const japan = chance(r, 0.9);
    const country = japan ? weighted(r, [[90, 'JP'], [8, 'Japan'], [2, 'JPN']]) : pick(r, ['KR', 'CN', 'DE', 'Korea', 'VN', 'Taiwan', 'MX']);
    const value = chance(r, 0.97) ? logUniform(r, 2_000, 50_000_000) : null;
    let rate: RawCell = line.rate === null ? null : rateCell(r, line.rate);
    if (line.rate !== null && chance(r, 0.03)) rate = null; // column 1 rate not filled in
    let specific: number | null = null;
    let quantity: number | null = null;
    if (line.specific !== undefined) {
      specific = line.specific;
      quantity = value === null ? null : Math.max(1, Math.round(value / between(r, 4, 40)));
    }
    let loading: IsoDate | null = null;
    if (entry >= '2025-08-07' && entry < '2025-10-05' && chance(r, 0.35)) loading = dateIn(r, '2025-06-20', addCalendarDays(entry, -3)); // some in transit
    else if (chance(r, 0.2)) loading = addCalendarDays(entry, -between(r, 3, 45));
    const metals = category === 'steel-aluminum-copper';
    const afterRestructuring = entry >= '2026-04-06';
    const metalShare = metals
      ? (!afterRestructuring && chance(r, 0.4)) || (afterRestructuring && chance(r, 0.1)) ? pick(r, [0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1]) : null
      : chance(r, 0.01) ? 0.3 : null;
    const annex = metals
      ? (afterRestructuring ? chance(r, 0.9) : chance(r, 0.05)) ? weighted(r, [[30, 'I-A'], [35, 'I-B'], [15, 'I-C'], [5, 'II'], [15, 'III'], [2, '1b']]) : null
      : chance(r, 0.005) ? 'I-B' : null;
    const light = metals && (annex === 'I-B' || annex === 'III' || annex === '1b') && chance(r, 0.12) ? pick(r, ['yes', true, 'x']) : metals && chance(r, 0.05) ? 'no' : null;
    const annexII = ['general', 'generic-pharmaceutical', 'pharmaceutical', 'unavailable-natural-resource'].includes(category) && chance(r, 0.1)
      ? pick<RawCell>(r, ['yes', 'Y', true]) : chance(r, 0.03) ? 'no' : null;
    const s232 = category === 'wood' && chance(r, 0.6) ? pick(r, [0.25, 0.5, 0.3]) : null;
    const s122 = category === 'general' && chance(r, 0.08) ? 'yes' : chance(r, 0.01) ? 'no' : null;
    const spelling = chance(r, 0.08) ? pick(r, CATEGORY_SPELLINGS[category]!) : category;
    const cells: RawCell[] = [
      line.hts, chance(r, 0.9) ? line.description : null, country, spelling, rate, dateCell(r, entry),
      loading === null ? null : dateCell(r, loading), value, specific, quantity, s232, annexII, metalShare, annex, light, s122,
    ];
    if (chance(r, 0.025)) spoilLine(r, cells);
    rows.push(cells);
  }
  return table('Tariff lines', TARIFF_HEADERS, rows);
}

/** `count` rows spread evenly over the table (every k-th row), keeping the generated proportions and row numbers. */
export function everyNth(t: Table, count: number): Table {
  const step = Math.max(1, Math.floor(t.rows.length / count));
  const rows = t.rows.filter((_, i) => i % step === 0).slice(0, count);
  return { ...t, rows };
}
