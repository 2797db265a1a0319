import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { MixwiseError } from '../errors';
import { loadFirstSheet } from '../workbook';

/**
 * Reads a list of people from a CSV or XLSX file into rows of text, entirely in memory: the
 * workbook is unzipped by JSZip inside this process (exceljs's load(), not its streaming reader,
 * which spills sheets to temp files), so no name ever reaches a temp folder.
 */

export interface Table {
  headers: string[];
  rows: string[][];
}

export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

function tooBig(): MixwiseError {
  return new MixwiseError('INVALID_INPUT', `The file is too large to import (at most ${MAX_IMPORT_ROWS} people and 20 MB).`, {
    field: 'file',
    key: 'importTooLarge',
    params: { rows: MAX_IMPORT_ROWS },
  });
}

function unreadable(): MixwiseError {
  return new MixwiseError('INVALID_INPUT', 'This file could not be read as CSV or Excel (.xlsx).', { field: 'file', key: 'importUnreadable' });
}

function finish(grid: string[][]): Table {
  const trimmed = grid.map((row) => row.map((cell) => cell.trim()));
  const nonEmpty = trimmed.filter((row) => row.some((cell) => cell !== ''));
  const [headers, ...rows] = nonEmpty;
  if (!headers) throw new MixwiseError('INVALID_INPUT', 'The file is empty.', { field: 'file', key: 'importEmpty' });
  if (rows.length > MAX_IMPORT_ROWS) throw tooBig();
  return { headers, rows };
}

export function readCsv(content: Buffer): Table {
  // A UTF-8 byte-order mark (Excel's "CSV UTF-8") would otherwise stick to the first header.
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  // Papa guesses the delimiter: Excel writes ';' where the decimal separator is a comma.
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|'] });
  if (parsed.errors.some((error) => error.type === 'Quotes')) throw unreadable();
  return finish(parsed.data);
}

/** A cell's text as Excel shows it (shared with the import of online waves, core/imports/table.ts). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    // An e-mail typed in Excel becomes a hyperlink cell: its text is the address.
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

export async function readXlsx(content: Buffer): Promise<Table> {
  const loaded = await loadFirstSheet(content);
  // A workbook that would unpack to hundreds of MB is far beyond any list of people.
  if (loaded.refused === 'unpacksTooLarge') throw tooBig();
  if (loaded.refused) throw unreadable();
  const { sheet } = loaded;
  if (sheet.rowCount > MAX_IMPORT_ROWS + 1) throw tooBig();
  const grid: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column).value));
    grid.push(cells);
  });
  return finish(grid);
}

/** Chooses the reader by the file name's extension. */
export async function readTable(fileName: string, content: Buffer): Promise<Table> {
  if (content.length > MAX_IMPORT_BYTES) throw tooBig();
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(content);
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return readCsv(content);
  throw new MixwiseError('INVALID_INPUT', 'Import a .csv or .xlsx file.', { field: 'file', key: 'importType' });
}
