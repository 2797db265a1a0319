import { PackageError, StringItemText, textOf, type WorkbookInfo } from './parts';
import { attribute, attributes, walkXml, XmlError, type XmlVisitor } from './xml';

/**
 * One worksheet's cells as the text Excel shows, read in a single walk of its XML (xml.ts): a
 * shared or inline string as written, a number as JavaScript writes it ("2.5", "12345678"), a
 * number in a date style as its day ("2024-03-05"), TRUE/FALSE as "true"/"false", an error
 * (#N/A) as empty. The same walk notes every position a row or cell tag claims, even an empty
 * one's, and the first formula: the caller refuses a sheet too large or holding formulas before
 * it asks for the grid, which is only then filled in.
 */

/** A cell's position, 1-based, as spreadsheets number rows and columns. */
export interface CellAt {
  row: number;
  column: number;
}

export interface SheetCells {
  /** The last row and column any row or cell tag names, with a value or not. */
  extent: { rows: number; columns: number };
  formula: CellAt | null;
  /** The grid's size: the last row and column holding a value. */
  height: number;
  width: number;
  /** Values by row index then column index (0-based), sparse: see `grid`. */
  cells: (string[] | undefined)[];
}

const DAY_MS = 86_400_000;
// Days from Excel's day 0 (1899-12-31, plus its phantom 29 February 1900) to 1970-01-01, and the 1904 system's offset.
const UNIX_EPOCH_SERIAL = 25_569;
const SERIAL_1904_OFFSET = 1_462;

function isoDay(time: number): string | null {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/** Letters then digits of an `r="BC12"` position: [column, row], 0 where a part is absent. */
function position(ref: string): [number, number] {
  let column = 0;
  let at = 0;
  for (; at < ref.length; at++) {
    const code = ref.charCodeAt(at);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  let row = 0;
  for (; at < ref.length; at++) {
    const digit = ref.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) throw new PackageError(`bad position ${ref.slice(0, 20)}`);
    row = row * 10 + digit;
  }
  return [column, row];
}

const CELL_ATTRIBUTES = ['r', 't', 's'] as const;

class SheetVisitor implements XmlVisitor {
  readonly result: SheetCells = { extent: { rows: 0, columns: 0 }, formula: null, height: 0, width: 0, cells: [] };
  private inSheetData = false;
  private row = 0;
  private column = 0;
  private cellRow = 0;
  private inCell = false;
  private type: string | undefined;
  private style = 0;
  private value: string | undefined;
  private inValue = false;
  private inline: StringItemText | null = null;
  private inlineText: string | undefined;
  private readonly cellAttributes: (string | undefined)[] = [undefined, undefined, undefined];

  constructor(private readonly info: WorkbookInfo) {}

  open(name: string, xml: string, from: number, to: number): void {
    if (!this.inSheetData) {
      if (name === 'sheetData') this.inSheetData = true;
      return;
    }
    if (this.inline) this.inline.open(name);
    else if (name === 'c') this.openCell(xml, from, to);
    else if (name === 'v' && this.inCell) {
      this.inValue = true;
      this.value = '';
    } else if (name === 'is' && this.inCell) this.inline = new StringItemText();
    else if (name === 'f') this.result.formula ??= { row: this.cellRow || this.row, column: this.column || 1 };
    else if (name === 'row') {
      const ref = attribute(xml, from, to, 'r');
      this.row = ref === undefined ? this.row + 1 : position(ref)[1];
      this.column = 0;
      if (this.row < 1) throw new PackageError('bad row number');
      this.result.extent.rows = Math.max(this.result.extent.rows, this.row);
    }
  }

  private openCell(xml: string, from: number, to: number): void {
    attributes(xml, from, to, CELL_ATTRIBUTES, this.cellAttributes);
    const [ref, type, style] = this.cellAttributes;
    if (ref === undefined) {
      this.column++;
      this.cellRow = this.row;
    } else {
      const [column, row] = position(ref);
      this.column = column || this.column + 1;
      this.cellRow = row || this.row;
    }
    if (this.cellRow < 1) throw new PackageError('cell outside a row');
    const { extent } = this.result;
    extent.rows = Math.max(extent.rows, this.cellRow);
    extent.columns = Math.max(extent.columns, this.column);
    this.inCell = true;
    this.type = type;
    this.style = style === undefined ? 0 : Number(style);
    this.value = undefined;
    this.inlineText = undefined;
  }

  close(name: string): void {
    if (this.inline) {
      if (name !== 'is') return this.inline.close(name);
      this.inlineText = this.inline.take();
      this.inline = null;
    } else if (name === 'v') this.inValue = false;
    else if (name === 'c' && this.inCell) {
      this.inCell = false;
      this.store(this.cellText());
    } else if (name === 'sheetData') this.inSheetData = false;
  }

  text(xml: string, from: number, to: number, cdata: boolean): void {
    if (this.inValue) this.value += textOf(xml, from, to, cdata);
    else if (this.inline) this.inline.text(textOf(xml, from, to, cdata));
  }

  private cellText(): string {
    const value = this.value;
    switch (this.type) {
      case 's': {
        if (value === undefined || value === '') return '';
        const text = this.info.sharedStrings[Number(value)];
        if (text === undefined) throw new PackageError('shared string out of range');
        return text;
      }
      case 'inlineStr':
        return this.inlineText ?? value ?? '';
      case 'str':
        return value ?? '';
      case 'b':
        return value === '1' ? 'true' : value === '0' ? 'false' : (value ?? '');
      case 'e':
        return '';
      case 'd':
        return value ? (isoDay(Date.parse(value)) ?? value) : '';
      default: {
        if (value === undefined || value.trim() === '') return '';
        const number = Number(value);
        if (!Number.isFinite(number)) return value;
        if (!this.info.dateStyles[this.style]) return String(number);
        const serial = this.info.date1904 ? number + SERIAL_1904_OFFSET : number;
        return isoDay(Math.floor((serial - UNIX_EPOCH_SERIAL) * DAY_MS)) ?? String(number);
      }
    }
  }

  private store(text: string): void {
    if (text === '') return;
    const { result } = this;
    const index = this.cellRow - 1;
    const cells = result.cells[index] ?? (result.cells[index] = []);
    cells[this.column - 1] = text;
    result.height = Math.max(result.height, this.cellRow);
    result.width = Math.max(result.width, this.column);
  }
}

/** A worksheet part's cells; PackageError when its XML is broken or a value points nowhere. */
export function readSheetCells(xml: string, info: WorkbookInfo): SheetCells {
  const visitor = new SheetVisitor(info);
  try {
    walkXml(xml, visitor);
  } catch (error) {
    if (error instanceof XmlError) throw new PackageError(error.message);
    throw error;
  }
  return visitor.result;
}

/**
 * What a worksheet's tags claim, without its values: the last row and column any row or cell tag
 * names (implicit positions counted as Excel counts them) and the first formula. For the sheets
 * after the first, which are not read but may not hold formulas or lie far apart. One walk of the
 * XML, as the first sheet's: the regular expressions used before took quadratic time over a run of
 * unclosed `<c ` tags (60 000 of them in 1.6 KB zipped took 23 s).
 */
export function scanSheet(xml: string): { rows: number; columns: number; formula: CellAt | null } {
  const scan = { rows: 0, columns: 0, formula: null as CellAt | null };
  let row = 0;
  let column = 0;
  let cellRow = 0;
  const visitor: XmlVisitor = {
    open(name, text, from, to) {
      if (name === 'row') {
        const ref = attribute(text, from, to, 'r');
        row = ref === undefined ? row + 1 : position(ref)[1];
        column = 0;
        scan.rows = Math.max(scan.rows, row);
      } else if (name === 'c') {
        const ref = attribute(text, from, to, 'r');
        const [refColumn, refRow] = ref === undefined ? [0, 0] : position(ref);
        column = refColumn || column + 1;
        cellRow = refRow || row;
        scan.rows = Math.max(scan.rows, cellRow);
        scan.columns = Math.max(scan.columns, column);
      } else if (name === 'f') scan.formula ??= { row: cellRow || row || 1, column: column || 1 };
    },
    close: () => undefined,
    text: () => undefined,
  };
  try {
    walkXml(xml, visitor);
  } catch (error) {
    if (error instanceof XmlError) throw new PackageError(error.message);
    throw error;
  }
  return scan;
}

/** The cells as a full grid from A1: row n at index n - 1, every row as wide as the widest, '' where nothing is. */
export function grid(sheet: SheetCells): string[][] {
  const rows: string[][] = new Array(sheet.height);
  for (let index = 0; index < sheet.height; index++) {
    const source = sheet.cells[index];
    const row = new Array<string>(sheet.width);
    for (let column = 0; column < sheet.width; column++) row[column] = source?.[column] ?? '';
    rows[index] = row;
  }
  return rows;
}
