import { unzipSync } from 'fflate';
import { PackageError, workbookInfo, type Parts } from './parts';
import { grid, readSheetCells, type CellAt } from './sheet';

/**
 * Reading the first sheet of an xlsx someone hands us (an enrolment list for the vault, an online
 * survey's export for imports) into rows of text, in memory only: no temp file, so no name reaches
 * a temp folder. fflate unzips the package's XML parts and sheet.ts reads the sheet in one walk.
 * read-excel-file did this before; its generic SAX parser took 300 ms of a 930 ms import of one
 * wave (3 820 forms). This reader takes less than half its time on the same file (bench/), and its
 * results are checked against read-excel-file's on generated workbooks (sheet.test.ts). ExcelJS still writes every workbook we make.
 *
 * Refused before any value is handed out, each in its own words for the callers:
 * - a small file that would unpack to gigabytes (a "zip bomb"), from the zip's own directory;
 * - a sheet whose cells lie far apart (one cell at XFD1 and one at A20000), by the positions its
 *   tags claim, since the callers fill the rectangle between;
 * - formulas, in any worksheet: a cached result may be stale or missing, and the callers want the
 *   values a person saw.
 */

export type { CellAt };

export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/**
 * Where a zip's directory says its archive ends and what it unpacks to; null when that directory
 * is unreadable.
 */
function zipDirectory(content: Buffer): { end: number; unpacked: number } | null {
  const END = 0x06054b50;
  const ENTRY = 0x02014b50;
  let end = -1;
  for (let at = content.length - 22; at >= Math.max(0, content.length - 65_557); at--) {
    if (content.readUInt32LE(at) === END) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const entries = content.readUInt16LE(end + 10);
  let at = content.readUInt32LE(end + 16);
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== ENTRY) return null;
    const size = content.readUInt32LE(at + 24);
    // ZIP64 marks its sizes 0xFFFFFFFF: no spreadsheet export needs 4 GB, so count it as too much.
    unpacked += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    at += 46 + content.readUInt16LE(at + 28) + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
  }
  return { end: Math.min(content.length, end + 22 + content.readUInt16LE(end + 20)), unpacked };
}

/** What an xlsx (a zip) unpacks to, from its central directory; null when that directory is unreadable. */
export function unzippedSize(content: Buffer): number | null {
  return zipDirectory(content)?.unpacked ?? null;
}

export interface WorksheetScan {
  /** The last row and column any worksheet uses. */
  rows: number;
  columns: number;
  /** The first formula found, in the order of the worksheets' part names. */
  formula: CellAt | null;
}

// A row's or a cell's start tag with its r="…" position (any namespace prefix): "" and the row's
// number for a row, the column's letters and the row's number for a cell.
// Any length of letters and digits: a position past Excel's XFD1048576 must count, not be skipped.
const POSITION = /<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\s[^>]*?\br\s*=\s*["']([A-Z]*)(\d+)["']/g;
// A formula's start tag; POSITION_AND_FORMULA finds which cell holds it (rarely needed, slower).
const FORMULA = /<(?:[A-Za-z_][\w.-]*:)?f[\s>/]/;
const POSITION_AND_FORMULA = /<(?:[A-Za-z_][\w.-]*:)?(?:c\s[^>]*?\br\s*=\s*["']([A-Z]+)(\d+)["']|f[\s>/])/g;

function columnNumber(letters: string): number {
  let column = 0;
  for (let index = 0; index < letters.length; index++) column = column * 26 + letters.charCodeAt(index) - 64;
  return column;
}

/** The cell holding the first formula of a worksheet's XML (A1 when it names none). */
function firstFormula(xml: string): CellAt {
  let cell: CellAt = { row: 1, column: 1 };
  for (const [, letters, row] of xml.matchAll(POSITION_AND_FORMULA)) {
    if (letters === undefined) return cell;
    cell = { row: Number(row), column: columnNumber(letters) };
  }
  return cell;
}

const WORKSHEET = /(^|\/)worksheets\/[^/]+\.xml$/i;

/** A part's text: UTF-8 unless a byte-order mark says UTF-16, as XML allows. */
function partText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The package's XML parts (and relationships) by lower-case name; null when the zip is unreadable. */
function unpack(archive: Buffer): Parts | null {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(archive, { filter: (file) => /\.(xml|rels)$/i.test(file.name) });
  } catch {
    return null;
  }
  return new Map(Object.entries(files).map(([name, bytes]) => [name.replace(/^\//, '').toLowerCase(), partText(bytes)]));
}

/** One worksheet's extent and first formula, from its tags alone (the sheets after the first, which are not read). */
function scanXml(xml: string): WorksheetScan {
  const scan: WorksheetScan = { rows: 0, columns: 0, formula: null };
  for (const [, letters, row] of xml.matchAll(POSITION)) {
    scan.rows = Math.max(scan.rows, Number(row));
    if (letters) scan.columns = Math.max(scan.columns, columnNumber(letters));
  }
  if (FORMULA.test(xml)) scan.formula = firstFormula(xml);
  return scan;
}

function merge(scans: WorksheetScan[]): WorksheetScan {
  return {
    rows: Math.max(0, ...scans.map((scan) => scan.rows)),
    columns: Math.max(0, ...scans.map((scan) => scan.columns)),
    formula: scans.find((scan) => scan.formula)?.formula ?? null,
  };
}

/**
 * The extent and first formula of every worksheet part. Not a reader of values: it looks only at
 * the row and cell tags' r="…" positions and for formula tags. Every worksheet counts, not only
 * the first, so a formula anywhere refuses the file (no export we import has one).
 */
export function scanWorksheets(content: Buffer): WorksheetScan | null {
  const parts = unpack(content);
  if (!parts) return null;
  return merge([...parts.keys()].filter((name) => WORKSHEET.test(name)).sort().map((name) => scanXml(parts.get(name)!)));
}

export type FirstSheet =
  | { rows: string[][]; refused?: undefined }
  | { refused: 'unreadable' | 'unpacksTooLarge' }
  | { refused: 'tooManyRows' | 'tooManyColumns' }
  | { refused: 'formula'; at: CellAt };

/**
 * The first sheet's rows as text, row n of the sheet at index n - 1 (an empty row has only empty
 * cells), or why there are none: each caller words the refusal for its own readers.
 */
export async function readFirstSheet(content: Buffer, limits: { rows: number; columns: number }): Promise<FirstSheet> {
  const directory = zipDirectory(content);
  if (directory === null) return { refused: 'unreadable' };
  if (directory.unpacked > MAX_UNZIPPED_BYTES) return { refused: 'unpacksTooLarge' };
  // Bytes after the archive's end are no part of it (zip readers skip them).
  const parts = unpack(content.subarray(0, directory.end));
  if (!parts) return { refused: 'unreadable' };
  try {
    const info = workbookInfo(parts);
    const first = readSheetCells(parts.get(info.firstSheet.toLowerCase())!, info);
    const firstName = info.firstSheet.toLowerCase();
    const sheets = [...parts.keys()].filter((name) => name === firstName || WORKSHEET.test(name)).sort();
    const scan = merge(sheets.map((name) => (name === firstName ? { ...first.extent, formula: first.formula } : scanXml(parts.get(name)!))));
    if (scan.rows > limits.rows) return { refused: 'tooManyRows' };
    if (scan.columns > limits.columns) return { refused: 'tooManyColumns' };
    if (scan.formula) return { refused: 'formula', at: scan.formula };
    return { rows: grid(first) };
  } catch (error) {
    if (error instanceof PackageError) return { refused: 'unreadable' };
    throw error;
  }
}
