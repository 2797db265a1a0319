import { PackageError, workbookInfo, type Parts } from './parts';
import { grid, readSheetCells, scanSheet, type CellAt, type SheetCells } from './sheet';
import { MAX_UNZIPPED_BYTES, readZipDirectory, unzipEntries, ZipError } from './zip';

/**
 * Reading the first sheet of an xlsx someone hands us (an enrolment list for the vault, an online
 * survey's export for imports) into rows of text, in memory only: no temp file, so no name reaches
 * a temp folder. zip.ts unzips the package's XML parts and sheet.ts reads the sheet in one walk.
 * read-excel-file did this before; its generic SAX parser took 300 ms of a 930 ms import of one
 * wave (3 820 forms). This reader takes less than half its time on the same file (bench/), and its
 * results are checked against read-excel-file's on generated workbooks (sheet.test.ts). ExcelJS still writes every workbook we make.
 *
 * Refused before any value is handed out, each in its own words for the callers:
 * - a small file that would unpack to gigabytes (a "zip bomb"), or whose zip records disagree
 *   (zip.ts: declared sizes checked before inflating, actual sizes while inflating);
 * - a sheet whose cells lie far apart (one cell at XFD1 and one at A20000), by the positions its
 *   tags claim, since the callers fill the rectangle between;
 * - formulas, in any worksheet: a cached result may be stale or missing, and the callers want the
 *   values a person saw.
 *
 * Every step is linear in the input (a file crafted to make one quadratic, 40 000 relationships or
 * a run of unclosed tags, is in workbook/hostile.test.ts), and the callers run it on the parse
 * thread (offThread.ts), under a time and a memory budget, never on the main process.
 */

export type { CellAt };
export { MAX_UNZIPPED_BYTES };

/** What an xlsx (a zip) says it unpacks to, from its central directory; null when that directory is unreadable or inconsistent. */
export function unzippedSize(content: Buffer): number | null {
  try {
    return readZipDirectory(content).unpacked;
  } catch (error) {
    if (error instanceof ZipError) return null;
    throw error;
  }
}

export interface WorksheetScan {
  /** The last row and column any worksheet uses. */
  rows: number;
  columns: number;
  /** The first formula found, in the order of the worksheets' part names. */
  formula: CellAt | null;
}

const WORKSHEET = /(^|\/)worksheets\/[^/]+\.xml$/i;

/** A part's text: UTF-8 unless a byte-order mark says UTF-16, as XML allows. */
function partText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The package's XML parts (and relationships) by lower-case name; ZipError when the zip is refused (zip.ts). */
function unpack(archive: Buffer): Parts {
  const files = unzipEntries(archive, (name) => /\.(xml|rels)$/i.test(name));
  return new Map([...files].map(([name, bytes]) => [name, partText(bytes)]));
}

function merge(scans: WorksheetScan[]): WorksheetScan {
  const merged: WorksheetScan = { rows: 0, columns: 0, formula: null };
  // A loop, not Math.max(...scans): thousands of sheets would overflow the arguments' stack.
  for (const scan of scans) {
    merged.rows = Math.max(merged.rows, scan.rows);
    merged.columns = Math.max(merged.columns, scan.columns);
    merged.formula ??= scan.formula;
  }
  return merged;
}

/**
 * The extent and first formula of every worksheet part. Not a reader of values: it looks only at
 * the row and cell tags' r="…" positions and for formula tags. Every worksheet counts, not only
 * the first, so a formula anywhere refuses the file (no export we import has one). Null when the
 * package is refused or broken.
 */
export function scanWorksheets(content: Buffer): WorksheetScan | null {
  try {
    const parts = unpack(content);
    return merge(
      [...parts.keys()]
        .filter((name) => WORKSHEET.test(name))
        .sort()
        .map((name) => scanSheet(parts.get(name)!)),
    );
  } catch (error) {
    if (error instanceof ZipError || error instanceof PackageError) return null;
    throw error;
  }
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
  return readFirstSheetNow(content, limits);
}

/** readFirstSheet's work, synchronous. */
export function readFirstSheetNow(content: Buffer, limits: { rows: number; columns: number }): FirstSheet {
  const read = readFirstSheetCells(content, limits);
  return read.refused === undefined ? { rows: grid(read.cells) } : read;
}

/**
 * The first sheet's cells, sparse, before they are laid out as a grid (sheet.ts `grid`): the parse
 * thread (parseJobs.ts) sends them as they are, and the grid is built where it is used.
 */
export function readFirstSheetCells(
  content: Buffer,
  limits: { rows: number; columns: number },
): { cells: SheetCells; refused?: undefined } | Exclude<FirstSheet, { rows: string[][] }> {
  try {
    const parts = unpack(content);
    const info = workbookInfo(parts);
    const first = readSheetCells(parts.get(info.firstSheet.toLowerCase())!, info);
    const firstName = info.firstSheet.toLowerCase();
    const sheets = [...parts.keys()].filter((name) => name === firstName || WORKSHEET.test(name)).sort();
    const scan = merge(
      sheets.map((name) => (name === firstName ? { ...first.extent, formula: first.formula } : scanSheet(parts.get(name)!))),
    );
    if (scan.rows > limits.rows) return { refused: 'tooManyRows' };
    if (scan.columns > limits.columns) return { refused: 'tooManyColumns' };
    if (scan.formula) return { refused: 'formula', at: scan.formula };
    return { cells: first };
  } catch (error) {
    if (error instanceof ZipError) return { refused: error.refusal };
    if (error instanceof PackageError) return { refused: 'unreadable' };
    throw error;
  }
}
