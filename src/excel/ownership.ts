/// <reference types="office-js" />
/**
 * The result block belongs to the add-in: a sheet-scoped defined name, `Clausewise.Results`, records
 * where it is. A name rather than a setting because Excel moves a name's reference with its cells
 * (rows inserted above, columns inserted left), and a sheet-scoped name follows its sheet through
 * renames and copies without any sheet name to encode in the name itself.
 */
import { parseA1, type Rect } from './a1';

export const RESULTS_NAME = 'Clausewise.Results';
export const RESULTS_NAME_COMMENT = 'Results written by the Clausewise add-in; it rewrites these cells on each run. Delete this name to keep them as they are.';

/**
 * Queue the lookup of `sheet`'s result block; after the next `context.sync()` the returned
 * function gives its cells, or undefined when there is none (no name, or a name that no longer
 * refers to cells on this sheet, e.g. #REF! after its columns were deleted).
 */
export function queueOwnedBlock(sheet: Excel.Worksheet, sheetName?: () => string): () => Rect | undefined {
  const item = sheet.names.getItemOrNullObject(RESULTS_NAME);
  item.load('type,value');
  return () => {
    if (item.isNullObject || item.type !== 'Range' || typeof item.value !== 'string') return undefined;
    const parsed = parseA1(item.value.replace(/^=/, ''));
    if (!parsed) return undefined;
    const expected = sheetName?.();
    if (parsed.sheet !== undefined && expected !== undefined && parsed.sheet.toLowerCase() !== expected.toLowerCase()) return undefined;
    return { row: parsed.row, column: parsed.column, rowCount: parsed.rowCount, columnCount: parsed.columnCount };
  };
}
