/**
 * Excel number formats: whether a format shows a date, so a number cell formatted as a date is
 * read as that date. Shared by the .xlsx reader and the Office.js adapter.
 */

/**
 * True when an Excel number format shows a date or time: a y, m, d, h, s, e, g or b code
 * outside quoted text, [brackets], backslash escapes and _x / *x spacing, and not General.
 */
export function isDateFormat(format: unknown): boolean {
  if (typeof format !== 'string') return false;
  const codes = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[_*]./g, '')
    .replace(/General/gi, '')
    .replace(/E[+-]/gi, '');
  return /[ymdhsegb]/i.test(codes);
}
