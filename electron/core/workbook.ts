import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';

/**
 * Reading the first sheet of an xlsx someone hands us (an enrolment list for the vault, an online
 * survey's export for imports) into rows of text, in memory only: read-excel-file unzips and parses
 * the sheet inside this process (no temp file, so no name reaches a temp folder), about three times
 * faster than ExcelJS's load() and without its object model, which the import's benchmark paid for
 * in time and memory (bench/). ExcelJS still writes every workbook we make.
 *
 * Two things the reader does not do are checked here first, on the zip's own directory and on the
 * worksheets' XML, before anything is read:
 * - a small file that would unpack to gigabytes (a "zip bomb"), and a sheet whose cells lie far
 *   apart (one cell at XFD1 and one at A20000): the reader fills the rectangle between them, so
 *   such a file is refused by its extent rather than read;
 * - formulas: the reader takes a formula's cached result, which may be stale or missing, and the
 *   callers want the values a person saw.
 */

export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;
const READ_TIMEOUT_MS = 30_000;

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

/** A cell's position, 1-based, as spreadsheets number rows and columns. */
export interface CellAt {
  row: number;
  column: number;
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

/**
 * The extent and first formula of every worksheet part. Not a reader of values: it looks only at
 * the row and cell tags' r="…" positions and for formula tags. Every worksheet is scanned, not only
 * the first, so a formula anywhere refuses the file (no export we import has one).
 */
export function scanWorksheets(content: Buffer): WorksheetScan | null {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(content, { filter: (file) => /(^|\/)worksheets\/[^/]+\.xml$/i.test(file.name) });
  } catch {
    return null;
  }
  const scan: WorksheetScan = { rows: 0, columns: 0, formula: null };
  for (const name of Object.keys(parts).sort()) {
    const part = parts[name]!;
    const xml = Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('latin1');
    for (const [, letters, row] of xml.matchAll(POSITION)) {
      scan.rows = Math.max(scan.rows, Number(row));
      if (letters) scan.columns = Math.max(scan.columns, columnNumber(letters));
    }
    if (!scan.formula && FORMULA.test(xml)) scan.formula = firstFormula(xml);
  }
  return scan;
}

export type FirstSheet =
  | { rows: string[][]; refused?: undefined }
  | { refused: 'unreadable' | 'unpacksTooLarge' }
  | { refused: 'tooManyRows' | 'tooManyColumns' }
  | { refused: 'formula'; at: CellAt };

/** A cell's text as Excel shows it: a date as its day, everything else as written. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * The first sheet's rows as text, row n of the sheet at index n - 1 (an empty row has only empty
 * cells), or why there are none: each caller words the refusal for its own readers.
 */
export async function readFirstSheet(content: Buffer, limits: { rows: number; columns: number }): Promise<FirstSheet> {
  const directory = zipDirectory(content);
  if (directory === null) return { refused: 'unreadable' };
  if (directory.unpacked > MAX_UNZIPPED_BYTES) return { refused: 'unpacksTooLarge' };
  // Bytes after the archive's end are no part of it (zip readers skip them); the reader's streaming
  // unzip would wait for more of them forever, so it is given the archive alone.
  const archive = content.subarray(0, directory.end);
  const scan = scanWorksheets(archive);
  if (!scan) return { refused: 'unreadable' };
  if (scan.rows > limits.rows) return { refused: 'tooManyRows' };
  if (scan.columns > limits.columns) return { refused: 'tooManyColumns' };
  if (scan.formula) return { refused: 'formula', at: scan.formula };
  let data: unknown[][];
  let timer: NodeJS.Timeout | undefined;
  try {
    // A backstop: the reader's streaming unzip has waited forever on damaged input (trailing bytes,
    // handled above). Reading a 10 MB export takes well under a second; no answer is a refusal.
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('stalled')), READ_TIMEOUT_MS);
    });
    data = await Promise.race([readSheet(archive, { trim: false }), stalled]);
  } catch {
    return { refused: 'unreadable' };
  } finally {
    clearTimeout(timer);
  }
  return { rows: data.map((row) => row.map(cellText)) };
}
