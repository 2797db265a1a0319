import Papa from 'papaparse';
import { MixwiseError } from '../errors';
import { readFirstSheet } from '../workbook/firstSheet';

/**
 * Reads a list of people from a CSV or XLSX file into rows of text, entirely in memory: the
 * workbook is unzipped and read inside this process (core/workbook.ts), so no name ever reaches a
 * temp folder.
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

export async function readXlsx(content: Buffer): Promise<Table> {
  // A workbook that would unpack to hundreds of MB, or spans more rows than the limit, is far beyond
  // any list of people. The columns' limit only bounds what is read: a list has a handful.
  const sheet = await readFirstSheet(content, { rows: MAX_IMPORT_ROWS + 1, columns: 1000 });
  if (sheet.refused === 'unpacksTooLarge' || sheet.refused === 'tooManyRows' || sheet.refused === 'tooManyColumns') throw tooBig();
  if (sheet.refused === 'formula') {
    throw new MixwiseError('INVALID_INPUT', `Row ${sheet.at.row}, column ${sheet.at.column} holds a formula; save the list with values only.`, {
      field: 'file',
      key: 'importFormula',
      params: { ...sheet.at },
    });
  }
  if (sheet.refused) throw unreadable();
  return finish(sheet.rows);
}

/** Chooses the reader by the file name's extension. */
export async function readTable(fileName: string, content: Buffer): Promise<Table> {
  if (content.length > MAX_IMPORT_BYTES) throw tooBig();
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(content);
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return readCsv(content);
  throw new MixwiseError('INVALID_INPUT', 'Import a .csv or .xlsx file.', { field: 'file', key: 'importType' });
}
