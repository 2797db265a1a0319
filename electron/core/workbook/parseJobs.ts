import Papa from 'papaparse';
import { readFirstSheetCells, type FirstSheet } from './firstSheet';

/**
 * The work the parse thread does (parseThread.ts) on a file someone hands us, and the compact form
 * its rows travel back in. Kept apart from the thread's script so that the same code runs there and
 * in tests, and from offThread.ts so that the main bundle does not carry the parsers twice.
 */

export interface CsvConfig {
  /** A delimiter chosen by the caller, or the candidates Papa is to guess from. */
  delimiter?: string;
  delimitersToGuess?: string[];
  skipEmptyLines: boolean | 'greedy';
}

export type ParseJob =
  | { type: 'xlsx'; content: Uint8Array; limits: { rows: number; columns: number } }
  | { type: 'csv'; text: string; config: CsvConfig };

/**
 * Rows as one string and where each cell and row ends: a wave's 270 000 cells cross between threads
 * as one string and two typed arrays (whose buffers are transferred), not as 270 000 strings each
 * cloned on its own. `width` pads every row to that many cells when unpacked (a sheet's grid), 0 keeps
 * the rows as long as they were (a CSV's).
 */
export interface PackedRows {
  text: string;
  cellEnds: Uint32Array;
  rowEnds: Uint32Array;
  width: number;
}

export type ParsedJob =
  | { rows: PackedRows; refused?: undefined }
  | Exclude<FirstSheet, { rows: string[][] }>
  /** A CSV with a quote that never closes. */
  | { refused: 'quotes' }
  /** The rows would be more text than the main process should hold (MAX_ROWS_CHARS). */
  | { refused: 'resultTooLarge' };

/**
 * The most text the rows may hold. A list of 20 000 people or a wave of 20 000 forms is a few
 * million characters; a sheet whose cells all point to one long shared string could otherwise
 * multiply a 200 MB part into gigabytes on the main process.
 */
export const MAX_ROWS_CHARS = 64 * 1024 * 1024;

class TooMuchText extends Error {}

/** Rows (holes in a sparse row count as '') packed; TooMuchText past MAX_ROWS_CHARS. */
export function packRows(rows: readonly (readonly (string | undefined)[] | undefined)[], width: number): PackedRows {
  let cells = 0;
  for (const row of rows) cells += row?.length ?? 0;
  const cellEnds = new Uint32Array(cells);
  const rowEnds = new Uint32Array(rows.length);
  // Appended with +=, which V8 keeps as a rope until the text is sent: ten times faster than
  // collecting the cells and joining them (30 ms for a wave's 230 000 cells).
  let text = '';
  let cell = 0;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    for (let column = 0; row && column < row.length; column++) {
      const value = row[column];
      if (value !== undefined) text += value;
      // Per cell: one row of long cells could otherwise pass V8's longest string on its own.
      if (text.length > MAX_ROWS_CHARS) throw new TooMuchText();
      cellEnds[cell++] = text.length;
    }
    rowEnds[index] = cell;
  }
  return { text, cellEnds, rowEnds, width };
}

export function unpackRows(packed: PackedRows): string[][] {
  const { text, cellEnds, rowEnds, width } = packed;
  const rows = new Array<string[]>(rowEnds.length);
  let cell = 0;
  let start = 0;
  for (let index = 0; index < rowEnds.length; index++) {
    const last = rowEnds[index]!;
    const row = new Array<string>(Math.max(width, last - cell));
    let column = 0;
    for (; cell < last; cell++) {
      const stop = cellEnds[cell]!;
      row[column++] = start === stop ? '' : text.slice(start, stop);
      start = stop;
    }
    for (; column < row.length; column++) row[column] = '';
    rows[index] = row;
  }
  return rows;
}

export function runJob(job: ParseJob): ParsedJob {
  try {
    if (job.type === 'xlsx') {
      const content = Buffer.from(job.content.buffer, job.content.byteOffset, job.content.byteLength);
      const sheet = readFirstSheetCells(content, job.limits);
      if (sheet.refused) return sheet;
      // Sparse as read (a row without values is no array); unpacking fills the grid to its width.
      const { cells, height, width } = sheet.cells;
      return { rows: packRows(Array.from({ length: height }, (_, index) => cells[index]), width) };
    }
    const parsed = Papa.parse<string[]>(job.text, { ...job.config });
    if (parsed.errors.some((error) => error.type === 'Quotes')) return { refused: 'quotes' };
    const rows = parsed.data.map((row) => (Array.isArray(row) ? row.map((cell) => String(cell ?? '')) : []));
    return { rows: packRows(rows, 0) };
  } catch (error) {
    if (error instanceof TooMuchText) return { refused: 'resultTooLarge' };
    throw error;
  }
}
