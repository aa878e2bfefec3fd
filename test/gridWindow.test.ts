/**
 * The virtualised grid's arithmetic: which rows are in the DOM for a scroll position, when a
 * scroll leaves the DOM as it is, where to scroll to bring a row into view under the sticky
 * header, how far Page Down goes; and which rows the column widths are read from.
 */
import assert from 'node:assert/strict';
import { columnWidths, sampleRows } from '../taskpane/ui/columnWidths';
import { pageRows, scrollTopFor, visibleRows, windowFor, type Viewport } from '../taskpane/ui/gridWindow';

const at = (scrollTop: number): Viewport => ({ scrollTop, height: 629, headerHeight: 29, rowHeight: 30 });

describe('virtualised grid window', () => {
  it('the rows in view: from the one under the header to the one cut by the bottom edge', () => {
    assert.deepEqual(visibleRows(10_000, at(0)), { first: 0, last: 20 });
    assert.deepEqual(visibleRows(10_000, at(45)), { first: 1, last: 22 });
    assert.deepEqual(visibleRows(10, at(0)), { first: 0, last: 10 });
    assert.deepEqual(visibleRows(0, at(0)), { first: 0, last: 0 });
    // Scrolled to the end: the last row is in view.
    assert.deepEqual(visibleRows(10_000, at(10_000 * 30 - 600)), { first: 9980, last: 10_000 });
  });

  it('the DOM holds the rows in view and the overscan, bounded whatever the table size', () => {
    const w = windowFor(10_000, at(300 * 30), 30);
    assert.deepEqual(w, { first: 270, last: 350 });
    assert.ok(w.last - w.first < 200);
    assert.deepEqual(windowFor(10_000, at(0), 30), { first: 0, last: 50 });
    assert.deepEqual(windowFor(38, at(0), 30), { first: 0, last: 38 });
  });

  it('a scroll of a few rows keeps the rows in the DOM; a longer one moves the window', () => {
    const w = windowFor(10_000, at(300 * 30), 30);
    assert.equal(windowFor(10_000, at(305 * 30), 30, w), w);
    assert.equal(windowFor(10_000, at(290 * 30), 30, w), w);
    assert.deepEqual(windowFor(10_000, at(330 * 30), 30, w), { first: 300, last: 380 });
    assert.deepEqual(windowFor(10_000, at(5000 * 30), 30, w), { first: 4970, last: 5050 });
    // A table that got shorter: the window is redone within it.
    assert.deepEqual(windowFor(40, at(0), 30, w), { first: 0, last: 40 });
  });

  it('scrolls as little as needed to show a row in full below the header', () => {
    assert.equal(scrollTopFor(5, at(0)), 0);
    assert.equal(scrollTopFor(19, at(0)), 0);
    assert.equal(scrollTopFor(20, at(0)), 30); // the 21st row's bottom at the viewport's bottom
    assert.equal(scrollTopFor(9999, at(0)), 10_000 * 30 - 600);
    assert.equal(scrollTopFor(100, at(200 * 30)), 100 * 30); // above: its top under the header
    assert.equal(scrollTopFor(200, at(200 * 30 + 10)), 200 * 30);
  });

  it('Page Down moves a viewport of rows less one', () => {
    assert.equal(pageRows(at(0)), 19);
    assert.equal(pageRows({ scrollTop: 0, height: 40, headerHeight: 29, rowHeight: 30 }), 1);
  });
});

describe('grid column widths', () => {
  it('reads every row of a small table, and a spread sample with the first and last rows of a big one', () => {
    assert.deepEqual(sampleRows(5), [0, 1, 2, 3, 4]);
    const rows = sampleRows(10_000, 600);
    assert.equal(rows.length, 600);
    assert.equal(rows[0], 0);
    assert.equal(rows.at(-1), 9999);
    assert.ok(rows.every((r, i) => i === 0 || r > rows[i - 1]!), 'increasing');
  });

  it('a column is as wide as its header or its widest text, within its min and max', () => {
    const texts = ['a', 'abcdef', 'abc', 'x'.repeat(200)];
    const measure = (t: string, bold: boolean) => t.length * (bold ? 8 : 7);
    const widths = columnWidths([
      { header: 'Name', text: (r) => texts[r]!.slice(0, 6), extra: 10, min: 20, max: 300 },
      { header: 'A long header', text: () => '1', extra: 10, min: 20, max: 300 },
      { header: 'Notes', text: (r) => texts[r]!, extra: 10, min: 20, max: 300 },
      { header: '', text: () => '', extra: 10, min: 20, max: 300 },
    ], [0, 1, 2, 3], measure, 12);
    assert.deepEqual(widths, [6 * 7 + 10, 13 * 8 + 12, 300, 20]);
  });
});
