/// <reference types="office-js" />
/**
 * What the add-in remembers in the workbook, so it travels with the file:
 * - the column mapping of a table (which header the user chose for each of the subject's columns,
 *   or none) — small, in the workbook's settings (`Workbook.settings`, ExcelApi 1.4), one setting
 *   per table, the value a JSON string;
 * - the chosen rulebook: the bundled one by id (a setting), or one the user loaded, stored as its
 *   files' text (path → text) in a custom XML part (`Workbook.customXmlParts`, ExcelApi 1.5) in
 *   the namespace `urn:clausewise:settings:1`. Settings are a small property bag loaded whole with
 *   the add-in, and Microsoft's guidance is to use custom XML for data that is large or
 *   structured; a rulebook folder is both.
 *
 * Everything goes through the `context` passed in.
 */
import type { TableAddress } from './readTable';

export const SETTINGS_NAMESPACE = 'urn:clausewise:settings:1';
export const MAPPING_SETTING_PREFIX = 'clausewise.mapping:';
export const RULEBOOK_SETTING = 'clausewise.rulebook';

/** A table's column mapping: for each column of the subject (by column name), the header chosen, or null for none. */
export interface ColumnMapping {
  subject: string;
  columns: Record<string, string | null>;
}

/** A rulebook the user loaded: a name and its files' text by path inside the folder. */
export interface StoredRulebook {
  name: string;
  files: Record<string, string>;
}

export type RulebookChoice =
  | { kind: 'bundled'; id: string }
  | ({ kind: 'workbook' } & StoredRulebook);

/** The key a table's mapping is stored under: the Excel table's name, else the sheet's. */
export function mappingKey(address: Pick<TableAddress, 'sheetName' | 'tableName'>): string {
  return address.tableName !== undefined ? `table:${address.tableName}` : `sheet:${address.sheetName}`;
}

/** One sync. */
export async function saveMapping(context: Excel.RequestContext, key: string, mapping: ColumnMapping): Promise<void> {
  context.workbook.settings.add(MAPPING_SETTING_PREFIX + key, JSON.stringify({ v: 1, subject: mapping.subject, columns: mapping.columns }));
  await context.sync();
}

/** One sync; undefined when nothing (readable) was saved for `key`. */
export async function loadMapping(context: Excel.RequestContext, key: string): Promise<ColumnMapping | undefined> {
  const setting = context.workbook.settings.getItemOrNullObject(MAPPING_SETTING_PREFIX + key);
  setting.load('value');
  await context.sync();
  if (setting.isNullObject) return undefined;
  const parsed = parseJson(setting.value);
  if (!isRecord(parsed) || typeof parsed.subject !== 'string' || !isRecord(parsed.columns)) return undefined;
  const columns: Record<string, string | null> = {};
  for (const [name, header] of Object.entries(parsed.columns)) {
    if (typeof header === 'string' || header === null) columns[name] = header;
  }
  return { subject: parsed.subject, columns };
}

/** One sync, two when there was a mapping to forget. */
export async function clearMapping(context: Excel.RequestContext, key: string): Promise<void> {
  const setting = context.workbook.settings.getItemOrNullObject(MAPPING_SETTING_PREFIX + key);
  await context.sync();
  if (setting.isNullObject) return;
  setting.delete();
  await context.sync();
}

/** Two syncs: find the stored rulebook parts, then replace them and the setting. */
export async function saveRulebookChoice(context: Excel.RequestContext, choice: RulebookChoice): Promise<void> {
  const parts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  for (const part of parts.items) part.delete();
  if (choice.kind === 'workbook') {
    context.workbook.customXmlParts.add(rulebookXml(choice));
    context.workbook.settings.add(RULEBOOK_SETTING, JSON.stringify({ v: 1, kind: 'workbook', name: choice.name }));
  } else {
    context.workbook.settings.add(RULEBOOK_SETTING, JSON.stringify({ v: 1, kind: 'bundled', id: choice.id }));
  }
  await context.sync();
}

/** One sync, two for a rulebook stored in the workbook; undefined when none was chosen (or it cannot be read). */
export async function loadRulebookChoice(context: Excel.RequestContext): Promise<RulebookChoice | undefined> {
  const setting = context.workbook.settings.getItemOrNullObject(RULEBOOK_SETTING);
  setting.load('value');
  const parts = context.workbook.customXmlParts.getByNamespace(SETTINGS_NAMESPACE);
  parts.load('items/id');
  await context.sync();
  if (setting.isNullObject) return undefined;
  const parsed = parseJson(setting.value);
  if (!isRecord(parsed)) return undefined;
  if (parsed.kind === 'bundled' && typeof parsed.id === 'string') return { kind: 'bundled', id: parsed.id };
  if (parsed.kind !== 'workbook') return undefined;
  const part = parts.items[0];
  if (!part) return undefined;
  const xml = part.getXml();
  await context.sync();
  const stored = parseRulebookXml(xml.value);
  return stored ? { kind: 'workbook', ...stored } : undefined;
}

// ---------------------------------------------------------------------------------------------
// The XML part. Written and read here only, so read with a small tolerant reader (prefixes,
// either quote, self-closing elements, CDATA) rather than a DOM parser, which Node lacks.

/** Characters XML 1.0 cannot hold at all, not even escaped. */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function escapeText(text: string): string {
  // CR as a reference: an XML parser turns a literal CR LF into LF.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttribute(text: string): string {
  // Tabs and line ends as references: an XML parser turns literal ones in attributes into spaces.
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

export function rulebookXml(rulebook: StoredRulebook): string {
  if (NOT_XML.test(rulebook.name)) throw new RangeError('The rulebook name holds a control character that cannot be stored.');
  const files = Object.entries(rulebook.files).map(([path, text]) => {
    if (NOT_XML.test(path)) throw new RangeError(`The file name ${JSON.stringify(path)} holds a control character that cannot be stored.`);
    return NOT_XML.test(text)
      ? `<file path="${escapeAttribute(path)}" encoding="base64">${toBase64(text)}</file>`
      : `<file path="${escapeAttribute(path)}">${escapeText(text)}</file>`;
  });
  return `<clausewise xmlns="${SETTINGS_NAMESPACE}" version="1"><rulebook name="${escapeAttribute(rulebook.name)}">${files.join('')}</rulebook></clausewise>`;
}

export function parseRulebookXml(xml: string): StoredRulebook | undefined {
  const open = /<(?:[\w.-]+:)?rulebook\b([^>]*?)(\/?)>/.exec(xml);
  if (!open) return undefined;
  const name = attributes(open[1] ?? '').name ?? '';
  const files: Record<string, string> = {};
  if (open[2] === '/') return { name, files };
  const body = xml.slice(open.index + open[0].length);
  const FILE = /<(?:[\w.-]+:)?file\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?file\s*>)/g;
  for (let m = FILE.exec(body); m; m = FILE.exec(body)) {
    const attrs = attributes(m[1] ?? '');
    if (attrs.path === undefined) continue;
    const content = textContent(m[2] ?? '');
    files[attrs.path] = attrs.encoding === 'base64' ? fromBase64(content.replace(/\s+/g, '')) : content;
  }
  return { name, files };
}

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = ATTR.exec(text); m; m = ATTR.exec(text)) {
    const raw = (m[2] ?? m[3] ?? '').replace(/[\t\n\r]/g, ' ');
    out[m[1]!.replace(/^.*:/, '')] = decodeEntities(raw);
  }
  return out;
}

/** Element text: line ends normalised as an XML parser does, references decoded, CDATA kept as is. */
function textContent(raw: string): string {
  return raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/).map((part) => (part.startsWith('<![CDATA[')
    ? part.slice(9, -3).replace(/\r\n?/g, '\n')
    : decodeEntities(part.replace(/\r\n?/g, '\n')))).join('');
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return named[ref] ?? whole;
  });
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(data: string): string {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
