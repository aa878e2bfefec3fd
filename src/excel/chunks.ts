/**
 * How to split a block of rows into requests Excel accepts. Pure: no Office objects.
 *
 * Excel on the web limits each request and each response to 5 MB (a RichApi.Error,
 * RequestPayloadSizeLimitExceeded, beyond that), and every platform limits a read to 5,000,000
 * cells ("Resource limits and performance optimization for Office Add-ins"; "Payload size limit
 * best practices"). The adapters therefore read and write in row chunks, one `context.sync()`
 * per chunk, each chunk planned here to stay under a budget well below the limit:
 * - writes: sized from the actual values, with a conservative estimate of their JSON bytes;
 * - reads: the values are not known yet, so sized from the column count and an assumed number of
 *   bytes per cell (configurable), and also capped in cells.
 */

/** One chunk: `rowCount` rows starting `rowOffset` rows into the block. */
export interface RowChunk {
  rowOffset: number;
  rowCount: number;
}

/** Excel on the web's limit for one request or response ("5MB"; taken as 5,000,000 bytes to be safe). */
export const EXCEL_PAYLOAD_LIMIT_BYTES = 5_000_000;
/** Cells one read may return, on every platform. */
export const EXCEL_READ_CELL_LIMIT = 5_000_000;
/** What one chunk may carry: 4 MiB, leaving room under the limit for the request's own envelope. */
export const DEFAULT_PAYLOAD_BUDGET_BYTES = 4 * 1024 * 1024;
/** Assumed bytes per cell for a read, all loaded properties together (value, number format, type). */
export const DEFAULT_READ_BYTES_PER_CELL = 200;
/** Cells per read: a fifth of Excel's limit. */
export const DEFAULT_MAX_CELLS_PER_READ = 1_000_000;
/** Kept free in a write's first chunk for what travels with it (formats, rules, the header). */
export const DEFAULT_FIRST_CHUNK_RESERVE_BYTES = 64 * 1024;

export interface ReadChunkOptions {
  budgetBytes?: number;
  bytesPerCell?: number;
  maxCellsPerRead?: number;
}

export interface WriteChunkOptions {
  budgetBytes?: number;
  /** Bytes kept free in the first chunk for the other commands sent with it. */
  firstChunkReserveBytes?: number;
}

/** Rows per read chunk for a block `columnCount` wide (at least 1). */
export function readRowsPerChunk(columnCount: number, options: ReadChunkOptions = {}): number {
  const budget = options.budgetBytes ?? DEFAULT_PAYLOAD_BUDGET_BYTES;
  const perCell = options.bytesPerCell ?? DEFAULT_READ_BYTES_PER_CELL;
  const maxCells = Math.min(options.maxCellsPerRead ?? DEFAULT_MAX_CELLS_PER_READ, EXCEL_READ_CELL_LIMIT);
  const width = Math.max(1, columnCount);
  return Math.max(1, Math.floor(Math.min(budget / (width * perCell), maxCells / width)));
}

/** Equal row chunks for reading a `rowCount` × `columnCount` block. */
export function planReadChunks(rowCount: number, columnCount: number, options: ReadChunkOptions = {}): RowChunk[] {
  const size = readRowsPerChunk(columnCount, options);
  const chunks: RowChunk[] = [];
  for (let offset = 0; offset < rowCount; offset += size) chunks.push({ rowOffset: offset, rowCount: Math.min(size, rowCount - offset) });
  return chunks;
}

/**
 * An upper bound on the bytes `value` takes in a JSON request: strings count 6 bytes for every
 * character outside printable ASCII (a \uXXXX escape; UTF-8 needs at most 3 per UTF-16 unit),
 * 2 for an escaped quote or backslash.
 */
export function estimateJsonBytes(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'string') {
    let n = 2;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 0x22 || code === 0x5c) n += 2;
      else if (code >= 0x20 && code < 0x7f) n += 1;
      else n += 6;
    }
    return n;
  }
  if (Array.isArray(value)) return 2 + value.reduce((sum: number, v) => sum + estimateJsonBytes(v) + 1, 0);
  return JSON.stringify(value)?.length ?? 4;
}

/** Bytes of one row of a 2D array in JSON, its brackets and separating comma included. */
export function estimateRowBytes(row: readonly unknown[]): number {
  let n = 3;
  for (const cell of row) n += estimateJsonBytes(cell) + 1;
  return n;
}

/**
 * Consecutive chunks whose summed row sizes stay within the budget (the first chunk within the
 * budget less its reserve). A single row larger than the budget travels alone.
 */
export function planChunksBySize(rowBytes: readonly number[], options: WriteChunkOptions = {}): RowChunk[] {
  const budget = options.budgetBytes ?? DEFAULT_PAYLOAD_BUDGET_BYTES;
  const reserve = Math.min(options.firstChunkReserveBytes ?? DEFAULT_FIRST_CHUNK_RESERVE_BYTES, budget / 2);
  const chunks: RowChunk[] = [];
  let start = 0;
  let bytes = 0;
  let limit = budget - reserve;
  rowBytes.forEach((size, i) => {
    if (i > start && bytes + size > limit) {
      chunks.push({ rowOffset: start, rowCount: i - start });
      start = i;
      bytes = 0;
      limit = budget;
    }
    bytes += size;
  });
  if (rowBytes.length > start) chunks.push({ rowOffset: start, rowCount: rowBytes.length - start });
  return chunks;
}

/** Write chunks for a 2D block of values, sized from the values themselves. */
export function planWriteChunks(rows: readonly (readonly unknown[])[], options: WriteChunkOptions = {}): RowChunk[] {
  return planChunksBySize(rows.map(estimateRowBytes), options);
}

/** Consecutive positions (sheet rows): `count` of them from `start`. */
export interface RowRun {
  start: number;
  count: number;
}

/** Positions, in any order and possibly repeated, as runs of consecutive positions in order. */
export function runsOf(positions: Iterable<number>): RowRun[] {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const runs: RowRun[] = [];
  for (const p of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.count === p) last.count += 1;
    else runs.push({ start: p, count: 1 });
  }
  return runs;
}

/**
 * Runs gathered into batches (one request each) whose rows' bytes stay within the budget; a run
 * too large for one batch is split across batches.
 */
export function batchRuns(runs: readonly RowRun[], rowBytes: (position: number) => number, budgetBytes = DEFAULT_PAYLOAD_BUDGET_BYTES): RowRun[][] {
  const batches: RowRun[][] = [];
  let batch: RowRun[] = [];
  let bytes = 0;
  for (const run of runs) {
    let piece: RowRun | undefined;
    for (let p = run.start; p < run.start + run.count; p++) {
      const size = rowBytes(p);
      if (bytes > 0 && bytes + size > budgetBytes) {
        batches.push(batch);
        batch = [];
        bytes = 0;
        piece = undefined;
      }
      if (!piece) {
        piece = { start: p, count: 0 };
        batch.push(piece);
      }
      piece.count += 1;
      bytes += size;
    }
  }
  if (batch.length) batches.push(batch);
  return batches;
}
