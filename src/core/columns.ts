/**
 * The columns of a subject (a kind of table row) and the typed values their cells become.
 */

export const COLUMN_TYPES = ['text', 'number', 'rate', 'money', 'date', 'enum', 'boolean', 'country'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/**
 * A typed fact. Dates are ISO `YYYY-MM-DD` strings, rates are fractions (0.15 for 15%),
 * money is in US dollars, enum values are the canonical value named in the rulebook, countries
 * are ISO 3166 alpha-2 codes (JP).
 * `null` means the cell was empty.
 */
export type FactValue = string | number | boolean | null;

export interface EnumValue {
  /** The canonical value rules compare against, e.g. `auto-part`. */
  value: string;
  /** Other spellings accepted in a cell, e.g. `Auto parts`, `parts`. */
  aliases?: string[];
  description?: string;
}

export interface ColumnSpec {
  /** The fact name rules use, in the economist's words: `column1Rate`, `selectionNoticeDate`. */
  name: string;
  /** The header as it usually appears in a sheet: `Column 1 rate`. */
  header: string;
  /** Other headers that mean the same column. */
  aliases?: string[];
  type: ColumnType;
  /** A required column must be present in the table and filled in on every row. */
  required?: boolean;
  /** For `enum` columns: the allowed values. */
  values?: EnumValue[];
  /** For number, rate and money columns: the smallest and largest sensible value. */
  min?: number;
  max?: number;
  description?: string;
}

/**
 * Header text reduced to what identifies it: case, spaces and punctuation ignored,
 * so `Column 1 rate`, `column1 rate` and `COLUMN-1-RATE` are the same header.
 */
export function normalizeHeader(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
