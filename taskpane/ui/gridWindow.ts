/**
 * Which rows of a virtualised grid are in the DOM: the rows in the viewport plus an overscan on
 * either side, and where to scroll so a row is in full view. Pure arithmetic on a fixed row height
 * (the grid's header is sticky and covers the top of the viewport), so it is tested without a
 * browser.
 */

export interface RowWindow {
  /** First row in the DOM (0-based). */
  first: number;
  /** One past the last row in the DOM. */
  last: number;
}

export interface Viewport {
  /** The scroller's scrollTop. */
  scrollTop: number;
  /** The scroller's visible height (clientHeight: without a horizontal scrollbar). */
  height: number;
  /** The sticky header's height: rows under it are not seen. */
  headerHeight: number;
  rowHeight: number;
}

/** Rows at least partly in view (the header row excluded). */
export function visibleRows(count: number, v: Viewport): RowWindow {
  if (count <= 0 || v.rowHeight <= 0) return { first: 0, last: 0 };
  const first = clamp(Math.floor(v.scrollTop / v.rowHeight), 0, count - 1);
  const last = clamp(Math.ceil((v.scrollTop + Math.max(0, v.height - v.headerHeight)) / v.rowHeight), first + 1, count);
  return { first, last };
}

/**
 * The rows to have in the DOM: `current` when it still covers the visible rows with a margin of
 * a third of the overscan (so scrolling a few rows touches nothing), else the visible rows with
 * `overscan` rows either side.
 */
export function windowFor(count: number, v: Viewport, overscan: number, current?: RowWindow): RowWindow {
  const seen = visibleRows(count, v);
  const margin = Math.floor(overscan / 3);
  if (current && current.first <= Math.max(0, seen.first - margin) && current.last >= Math.min(count, seen.last + margin) && current.last <= count
    && current.last - current.first <= seen.last - seen.first + 2 * overscan) return current;
  return { first: Math.max(0, seen.first - overscan), last: Math.min(count, seen.last + overscan) };
}

/** The scrollTop that brings `row` fully into view below the header, scrolling as little as possible. */
export function scrollTopFor(row: number, v: Viewport): number {
  const top = row * v.rowHeight; // the row's top, measured from the end of the header
  const visibleHeight = Math.max(v.rowHeight, v.height - v.headerHeight);
  if (top < v.scrollTop) return top;
  if (top + v.rowHeight > v.scrollTop + visibleHeight) return top + v.rowHeight - visibleHeight;
  return v.scrollTop;
}

/** How many rows Page Up / Page Down move: a viewport's worth, less one row kept for context. */
export function pageRows(v: Viewport): number {
  return Math.max(1, Math.floor((v.height - v.headerHeight) / v.rowHeight) - 1);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, x));
}
