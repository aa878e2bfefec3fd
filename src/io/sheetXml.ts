/**
 * The XML of a worksheet and of its shared strings, read as SAX events, into the cell values
 * exceljs's whole-workbook reader gives (its cell-xform and shared-string-xform), so that
 * xlsx.ts's `rawValue` turns them into the same raw cells. Used by the streaming reader,
 * whose own worksheet reader differs: formulas' saved booleans and errors come out as numbers,
 * date-formatted formula results as numbers, phonetic guides replace the text they annotate.
 */
import type * as ExcelJS from 'exceljs';

export interface SaxTag {
  name: string;
  attributes: Record<string, string>;
}

export type SaxEvent =
  | { eventType: 'opentag'; value: SaxTag }
  | { eventType: 'text'; value: string }
  | { eventType: 'closetag'; value: SaxTag };

/** Text of a `<t>` as exceljs's TextXform reads it: `_x000D_`-style escapes decoded. */
function textValue(parts: string[]): string {
  return parts.join('').replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** exceljs's utils.xmlDecode, which its readers apply to `str` values after the XML parser did. */
function xmlDecode(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;': return '<';
      case '&gt;': return '>';
      case '&amp;': return '&';
      case '&apos;': return "'";
      case '&quot;': return '"';
      default: return c;
    }
  });
}

/**
 * Text or rich text inside `<si>` (shared strings) or `<is>` (inline strings): the runs `<r>`
 * when there are any, else the plain `<t>`; phonetic guides (`<rPh>`) are not the cell's text.
 */
class StringItem {
  private plain: string | undefined;
  private runs: ExcelJS.RichText[] | undefined;
  private text: string[] | undefined;
  private inRun = false;
  private inPhonetic = 0;

  open(name: string): void {
    if (name === 'rPh') this.inPhonetic++;
    else if (this.inPhonetic) return;
    else if (name === 'r') this.inRun = true;
    else if (name === 't') this.text = [];
  }

  chars(value: string): void {
    if (this.text && !this.inPhonetic) this.text.push(value);
  }

  close(name: string): void {
    if (name === 'rPh') this.inPhonetic--;
    else if (this.inPhonetic) return;
    else if (name === 't' && this.text) {
      if (this.inRun) (this.runs ??= []).push({ text: textValue(this.text) } as ExcelJS.RichText);
      else this.plain = textValue(this.text);
      this.text = undefined;
    } else if (name === 'r') this.inRun = false;
  }

  value(): ExcelJS.CellValue {
    return this.runs ? { richText: this.runs } : this.plain ?? null;
  }
}

/** xl/sharedStrings.xml: each `<si>` in order. */
export class SharedStringsXml {
  readonly strings: ExcelJS.CellValue[] = [];
  private item: StringItem | undefined;

  take(events: readonly SaxEvent[]): void {
    for (const e of events) {
      if (e.eventType === 'opentag') {
        if (e.value.name === 'si') this.item = new StringItem();
        else this.item?.open(e.value.name);
      } else if (e.eventType === 'text') {
        this.item?.chars(e.value);
      } else if (e.value.name === 'si') {
        if (this.item) this.strings.push(this.item.value());
        this.item = undefined;
      } else {
        this.item?.close(e.value.name);
      }
    }
  }
}

export interface SheetXmlRow {
  /** The 1-based row number in the sheet. */
  number: number;
  /** Cell values by 0-based column; holes for columns without a cell. */
  values: ExcelJS.CellValue[];
}

export interface SheetXmlContext {
  sharedStrings: readonly ExcelJS.CellValue[];
  /** Whether the cell style with this id shows a date (exceljs's judgement, on repaired styles). */
  isDateStyle(styleId: number): boolean;
  /** A date serial as exceljs turns it into a Date (in the date system exceljs assumed). */
  toDate(serial: number): Date;
}

interface CellState {
  column: number;
  styleId: number;
  type: string | undefined;
  formula: boolean;
  value: string[] | undefined;
  /** The `<is>` being read, then its value once closed. */
  inline: StringItem | undefined;
  inlineValue: ExcelJS.CellValue | undefined;
}

/** A worksheet's `<sheetData>`: its rows, each with its cells' values, in order. */
export class SheetXml {
  private row: SheetXmlRow | undefined;
  private cell: CellState | undefined;
  private lastRow = 0;
  private lastColumn = -1;
  private collecting: string[] | undefined;

  constructor(private readonly context: SheetXmlContext) {}

  /** The rows completed by these events. */
  take(events: readonly SaxEvent[]): SheetXmlRow[] {
    const rows: SheetXmlRow[] = [];
    for (const e of events) {
      if (e.eventType === 'opentag') this.open(e.value);
      else if (e.eventType === 'text') {
        if (this.cell?.inline) this.cell.inline.chars(e.value);
        else this.collecting?.push(e.value);
      } else {
        const done = this.close(e.value.name);
        if (done) rows.push(done);
      }
    }
    return rows;
  }

  private open(tag: SaxTag): void {
    const { name, attributes } = tag;
    if (this.cell?.inline) {
      this.cell.inline.open(name);
      return;
    }
    switch (name) {
      case 'row': {
        const number = attributes.r ? parseInt(attributes.r, 10) : this.lastRow + 1;
        this.row = { number, values: [] };
        this.lastRow = number;
        this.lastColumn = -1;
        break;
      }
      case 'c':
        if (!this.row) break;
        this.cell = {
          column: attributes.r ? columnIndex(attributes.r) : this.lastColumn + 1,
          styleId: parseInt(attributes.s ?? '0', 10) || 0,
          type: attributes.t,
          formula: false,
          value: undefined,
          inline: undefined,
          inlineValue: undefined,
        };
        this.lastColumn = this.cell.column;
        break;
      case 'f':
        if (this.cell) this.cell.formula = true;
        break;
      case 'v':
        if (this.cell) this.collecting = this.cell.value = [];
        break;
      case 'is':
        if (this.cell) this.cell.inline = new StringItem();
        break;
      default:
        break;
    }
  }

  private close(name: string): SheetXmlRow | undefined {
    const cell = this.cell;
    if (cell?.inline && name !== 'is') {
      cell.inline.close(name);
      return undefined;
    }
    switch (name) {
      case 'v':
        this.collecting = undefined;
        break;
      case 'is':
        if (cell?.inline) {
          cell.inlineValue = cell.inline.value();
          cell.inline = undefined;
        }
        break;
      case 'c':
        if (cell && this.row) this.row.values[cell.column] = this.cellValue(cell);
        this.cell = undefined;
        break;
      case 'row': {
        const row = this.row;
        this.row = undefined;
        return row;
      }
      default:
        break;
    }
    return undefined;
  }

  /** As exceljs's cell-xform parseClose then reconcile. */
  private cellValue(cell: CellState): ExcelJS.CellValue {
    const text = cell.value ? cell.value.join('') : undefined;
    const isDate = cell.styleId !== 0 && this.context.isDateStyle(cell.styleId);
    if (cell.formula) {
      if (!text) return { formula: '', result: undefined } as unknown as ExcelJS.CellValue;
      let result: unknown;
      if (cell.type === 'str') result = xmlDecode(text);
      else if (cell.type === 'b') result = parseInt(text, 10) !== 0;
      else if (cell.type === 'e') result = { error: text };
      else result = parseFloat(text);
      if (isDate) result = this.context.toDate(result as number);
      return { formula: '', result } as unknown as ExcelJS.CellValue;
    }
    if (cell.type === 'inlineStr') return cell.inlineValue ?? null;
    if (text === undefined) return null;
    switch (cell.type) {
      case 's':
        return this.context.sharedStrings[parseInt(text, 10)] ?? null;
      case 'str':
        return xmlDecode(text);
      case 'b':
        return parseInt(text, 10) !== 0;
      case 'e':
        return { error: text } as ExcelJS.CellErrorValue;
      default: {
        const n = parseFloat(text);
        return isDate ? this.context.toDate(n) : n;
      }
    }
  }
}

/** The 0-based column of a cell reference such as `AB12`. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) n = n * 26 + (code - 64);
    else if (code >= 97 && code <= 122) n = n * 26 + (code - 96);
    else break;
  }
  return n - 1;
}
