import { MixwiseError } from '../errors';
import { MAX_UNZIPPED_BYTES } from '../workbook/firstSheet';
import { PARSE_BUDGET, parseCsvOffThread, readFirstSheetOffThread, type BudgetRefusal, type ParseBudget } from '../workbook/offThread';

/**
 * Reads an online survey's export (CSV from KoboToolbox or Qualtrics, .xlsx from Excel) into rows of
 * text, in memory only, on the parse thread (core/workbook/, as the vault's bulk enrolment reads its
 * lists). Every refusal is a MixwiseError with a message a person can act on; nothing in the file is
 * quoted back except header names and row/column positions.
 */

export interface ImportTable {
  headers: string[];
  /** Data rows with their spreadsheet row number (the header is row 1). */
  rows: { row: number; cells: string[] }[];
}

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 20_000;
export const MAX_COLUMNS = 1_000;
export const MAX_CELL_CHARS = 2_000;

function refuse(message: string, key: string, params: Record<string, string | number> = {}): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field: 'file', key, params });
}

const unreadable = () => refuse('This file could not be read as CSV or Excel (.xlsx).', 'imports.unreadable');

/** The parse thread was stopped (workbook/offThread.ts): the file is refused, in words a person can act on. */
function overBudget(refusal: BudgetRefusal, budget: ParseBudget): MixwiseError {
  if (refusal.refused === 'tooSlow') {
    const seconds = Math.round(budget.timeMs / 1000);
    return refuse(`Reading the file took longer than ${seconds} s and was stopped; export it again or split it.`, 'imports.readTooSlow', {
      seconds,
    });
  }
  return refuse('Reading the file needed more memory than allowed and was stopped; export it again or split it.', 'imports.readTooLarge');
}

/** Text of a CSV in the encodings exports come in: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252. */
export function decodeText(content: Buffer): string {
  if (content.length >= 2 && content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le').decode(content.subarray(2));
  if (content.length >= 2 && content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be').decode(content.subarray(2));
  // A NUL byte means a binary file (or UTF-16 without its BOM): not something a person could check.
  if (content.includes(0)) throw unreadable();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    // Excel's plain "CSV" on Windows is Windows-1252, which decodes every byte.
    return new TextDecoder('windows-1252').decode(content);
  }
}

function finish(grid: string[][]): ImportTable {
  const numbered = grid.map((cells, index) => ({ row: index + 1, cells: cells.map((cell) => cell.trim()) }));
  const nonEmpty = numbered.filter((entry) => entry.cells.some((cell) => cell !== ''));
  const [header, ...rows] = nonEmpty;
  if (!header) throw refuse('The file is empty.', 'imports.empty');
  if (rows.length > MAX_ROWS) throw refuse(`The file has more than ${MAX_ROWS} rows; split it.`, 'imports.tooManyRows', { max: MAX_ROWS });
  const width = Math.max(header.cells.length, ...rows.map((entry) => entry.cells.length));
  if (width > MAX_COLUMNS) throw refuse(`The file has more than ${MAX_COLUMNS} columns.`, 'imports.tooManyColumns', { max: MAX_COLUMNS });
  const headers = header.cells;
  const seen = new Map<string, number>();
  headers.forEach((name, index) => {
    if (name === '') return;
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw refuse(
        `Columns ${first + 1} and ${index + 1} have the same header "${name.slice(0, 60)}"; rename one.`,
        'imports.duplicateHeader',
        {
          header: name.slice(0, 60),
          first: first + 1,
          second: index + 1,
        },
      );
    }
    seen.set(key, index);
  });
  for (const entry of [header, ...rows]) {
    entry.cells.forEach((cell, column) => {
      if (cell.length > MAX_CELL_CHARS) {
        throw refuse(`Row ${entry.row}, column ${column + 1} holds more than ${MAX_CELL_CHARS} characters.`, 'imports.cellTooLong', {
          row: entry.row,
          column: column + 1,
          max: MAX_CELL_CHARS,
        });
      }
    });
  }
  return { headers, rows: rows.map((entry) => ({ row: entry.row, cells: headers.map((_, index) => entry.cells[index] ?? '') })) };
}

/** A CSV's rows, parsed on the parse thread. */
export async function readCsvTable(content: Buffer, budget: ParseBudget = PARSE_BUDGET): Promise<ImportTable> {
  const text = decodeText(content);
  // The header line decides the delimiter (Excel writes ';' where the decimal separator is a comma,
  // "Unicode text" uses tabs): it has no quoted commas in practice, and Papa's guess misses short files.
  const headerLine = text.slice(0, Math.max(0, text.search(/\r?\n/)) || text.length);
  const delimiter = [',', ';', '\t', '|']
    .map((candidate) => ({ candidate, count: headerLine.split(candidate).length - 1 }))
    .sort((a, b) => b.count - a.count)[0]!;
  const parsed = await parseCsvOffThread(
    text,
    { skipEmptyLines: false, delimiter: delimiter.count > 0 ? delimiter.candidate : ',' },
    budget,
  );
  if (parsed.refused === 'quotes') throw unreadable();
  if (parsed.refused) throw overBudget(parsed, budget);
  return finish(parsed.rows);
}

/** An xlsx's first sheet, read on the parse thread. */
export async function readXlsxTable(content: Buffer, budget: ParseBudget = PARSE_BUDGET): Promise<ImportTable> {
  // The sheet may hold a header and MAX_ROWS rows; its rows are checked again once read.
  const sheet = await readFirstSheetOffThread(content, { rows: MAX_ROWS + 1, columns: MAX_COLUMNS }, budget);
  switch (sheet.refused) {
    case undefined:
      return finish(sheet.rows);
    case 'tooSlow':
    case 'tooLarge':
      throw overBudget(sheet, budget);
    case 'unpacksTooLarge':
      throw refuse(
        `The workbook unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB; save a smaller export.`,
        'imports.unpacksTooLarge',
        {
          mb: MAX_UNZIPPED_BYTES / 1024 / 1024,
        },
      );
    case 'tooManyRows':
      throw refuse(`The file has more than ${MAX_ROWS} rows; split it.`, 'imports.tooManyRows', { max: MAX_ROWS });
    case 'tooManyColumns':
      throw refuse(`The file has more than ${MAX_COLUMNS} columns.`, 'imports.tooManyColumns', { max: MAX_COLUMNS });
    case 'formula':
      // A formula's cached result may be stale or missing: the export must carry values, not formulas.
      throw refuse(`Row ${sheet.at.row}, column ${sheet.at.column} holds a formula; save the file with values only.`, 'imports.formula', {
        row: sheet.at.row,
        column: sheet.at.column,
      });
    default:
      throw unreadable();
  }
}

/**
 * Chooses the reader by the file name's extension and checks the size first. The file is parsed on
 * the parse thread within `budget` (tests give a smaller one), never on the main process.
 */
export async function readImportTable(fileName: string, content: Buffer, budget: ParseBudget = PARSE_BUDGET): Promise<ImportTable> {
  if (content.length > MAX_FILE_BYTES) {
    throw refuse(`The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it.`, 'imports.tooLarge', {
      mb: MAX_FILE_BYTES / 1024 / 1024,
    });
  }
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsxTable(content, budget);
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return readCsvTable(content, budget);
  throw refuse('Import a .csv or .xlsx file.', 'imports.type');
}
