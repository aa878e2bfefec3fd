/**
 * Column widths of the virtualised grid. Only the rows in view are in the DOM, so the browser
 * cannot size the columns from their content without the widths jumping as one scrolls: they are
 * set once (fixed table layout) from the header and the longest texts of a sample of the rows,
 * measured as they are drawn. A longer text in a row left out of the sample is cut with an
 * ellipsis, its full text in the cell's tooltip, as any text wider than the column's maximum.
 */

/** At most this many rows are read: the first ones, then rows spread evenly over the rest. */
export const SAMPLE_ROWS = 600;

/** Row indexes to read for the widths: all of a small table, a spread sample of a big one. */
export function sampleRows(count: number, sample = SAMPLE_ROWS): number[] {
  if (count <= sample) return Array.from({ length: count }, (_, i) => i);
  const head = Math.floor(sample / 3);
  const out = Array.from({ length: head }, (_, i) => i);
  const rest = sample - head;
  const step = (count - head) / rest;
  for (let k = 0; k < rest; k++) out.push(head + Math.floor(k * step));
  out[out.length - 1] = count - 1;
  return out;
}

export interface ColumnSpec {
  header: string;
  /** The text shown in a row's cell ('' when empty). */
  text(row: number): string;
  /** Pixels added to the measured text of a cell (padding, border, a chip's own padding). */
  extra: number;
  min: number;
  max: number;
}

/** Text widths in pixels: `bold` for the header row. */
export type Measure = (text: string, bold: boolean) => number;

/** The longest texts of a column by length; measuring a few is enough for a proportional font. */
function longest(texts: Iterable<string>, keep = 4): string[] {
  const top: string[] = [];
  for (const t of texts) {
    if (!t) continue;
    if (top.length < keep) {
      top.push(t);
      top.sort((a, b) => b.length - a.length);
    } else if (t.length > top[keep - 1]!.length && !top.includes(t)) {
      top[keep - 1] = t;
      top.sort((a, b) => b.length - a.length);
    }
  }
  return top;
}

/** Each column's width: its header or its widest sampled text, within the column's min and max. */
export function columnWidths(columns: readonly ColumnSpec[], rows: readonly number[], measure: Measure, headerExtra: number): number[] {
  return columns.map((column) => {
    const texts = longest((function* () {
      for (const r of rows) yield column.text(r);
    })());
    const content = Math.max(0, ...texts.map((t) => measure(t, false) + column.extra));
    const header = measure(column.header, true) + headerExtra;
    return Math.ceil(Math.min(column.max, Math.max(column.min, content, header)));
  });
}

/** A measure drawing with the page's font on a canvas (12 px, the grid's size). */
export function canvasMeasure(fontFamily: string, size = 12): Measure {
  const context = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, bold) => {
    const key = `${bold ? 'b' : 'n'}${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      if (context) {
        context.font = `${bold ? 600 : 400} ${size}px ${fontFamily}`;
        width = context.measureText(text).width;
      } else width = text.length * size * 0.6;
      cache.set(key, width);
    }
    return width;
  };
}
