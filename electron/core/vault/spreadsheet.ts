import Papa from 'papaparse';
import { MixwiseError } from '../errors';
import { PARSE_BUDGET, parseCsvOffThread, readFirstSheetOffThread, type BudgetRefusal, type ParseBudget } from '../workbook/offThread';
import type { CsvConfig } from '../workbook/parseJobs';

/**
 * Reads a list of people from a CSV or XLSX file into rows of text, entirely in memory: the
 * workbook is unzipped and read inside this process (core/workbook/), so no name ever reaches a
 * temp folder, on the parse thread (workbook/offThread.ts) under a time and memory budget, so a
 * hostile file cannot freeze the app.
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
  return new MixwiseError('INVALID_INPUT', 'This file could not be read as CSV or Excel (.xlsx).', {
    field: 'file',
    key: 'importUnreadable',
  });
}

/** The parse thread was stopped: the list is refused, never half read. */
function overBudget(refusal: BudgetRefusal, budget: ParseBudget): MixwiseError {
  if (refusal.refused === 'tooSlow') {
    const seconds = Math.round(budget.timeMs / 1000);
    return new MixwiseError(
      'INVALID_INPUT',
      `Reading the file took longer than ${seconds} s and was stopped; save the list again or split it.`,
      {
        field: 'file',
        key: 'importReadTooSlow',
        params: { seconds },
      },
    );
  }
  return new MixwiseError(
    'INVALID_INPUT',
    'Reading the file needed more memory than allowed and was stopped; save the list again or split it.',
    {
      field: 'file',
      key: 'importReadTooLarge',
    },
  );
}

function finish(grid: string[][]): Table {
  const trimmed = grid.map((row) => row.map((cell) => cell.trim()));
  const nonEmpty = trimmed.filter((row) => row.some((cell) => cell !== ''));
  const [headers, ...rows] = nonEmpty;
  if (!headers) throw new MixwiseError('INVALID_INPUT', 'The file is empty.', { field: 'file', key: 'importEmpty' });
  if (rows.length > MAX_IMPORT_ROWS) throw tooBig();
  return { headers, rows };
}

// Papa guesses the delimiter: Excel writes ';' where the decimal separator is a comma.
const CSV_CONFIG: CsvConfig = { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|'] };

/** A UTF-8 byte-order mark (Excel's "CSV UTF-8") would otherwise stick to the first header. */
const csvText = (content: Buffer) => content.toString('utf8').replace(/^\uFEFF/, '');

/** A CSV list parsed on this thread (tests); readTable parses on the parse thread. */
export function readCsv(content: Buffer): Table {
  const parsed = Papa.parse<string[]>(csvText(content), { ...CSV_CONFIG });
  if (parsed.errors.some((error) => error.type === 'Quotes')) throw unreadable();
  return finish(parsed.data);
}

async function readCsvOffThread(content: Buffer, budget: ParseBudget): Promise<Table> {
  const parsed = await parseCsvOffThread(csvText(content), CSV_CONFIG, budget);
  if (parsed.refused === 'quotes') throw unreadable();
  if (parsed.refused) throw overBudget(parsed, budget);
  return finish(parsed.rows);
}

export async function readXlsx(content: Buffer, budget: ParseBudget = PARSE_BUDGET): Promise<Table> {
  // A workbook that would unpack to hundreds of MB, or spans more rows than the limit, is far beyond
  // any list of people. The columns' limit only bounds what is read: a list has a handful.
  const sheet = await readFirstSheetOffThread(content, { rows: MAX_IMPORT_ROWS + 1, columns: 1000 }, budget);
  if (sheet.refused === 'tooSlow' || sheet.refused === 'tooLarge') throw overBudget(sheet, budget);
  if (sheet.refused === 'unpacksTooLarge' || sheet.refused === 'tooManyRows' || sheet.refused === 'tooManyColumns') throw tooBig();
  if (sheet.refused === 'formula') {
    throw new MixwiseError(
      'INVALID_INPUT',
      `Row ${sheet.at.row}, column ${sheet.at.column} holds a formula; save the list with values only.`,
      {
        field: 'file',
        key: 'importFormula',
        params: { ...sheet.at },
      },
    );
  }
  if (sheet.refused) throw unreadable();
  return finish(sheet.rows);
}

/** Chooses the reader by the file name's extension; the file is parsed on the parse thread within `budget`. */
export async function readTable(fileName: string, content: Buffer, budget: ParseBudget = PARSE_BUDGET): Promise<Table> {
  if (content.length > MAX_IMPORT_BYTES) throw tooBig();
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(content, budget);
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return readCsvOffThread(content, budget);
  throw new MixwiseError('INVALID_INPUT', 'Import a .csv or .xlsx file.', { field: 'file', key: 'importType' });
}
