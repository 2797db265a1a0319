import { createWriteStream, fsyncSync, openSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { MissingCodes } from '../../shared/entry/rules';
import type { ExportTable, TableColumn } from './tables';

/**
 * The export as an Excel workbook: the data sheet exactly in the toolkit's layout (variable names
 * in the top row, one respondent per row) and a Codebook sheet describing every column.
 */

export const CODEBOOK_HEADER = ['variable', 'wording', 'wave', 'concept', 'values and labels', 'reverse-keyed', 'missing codes'] as const;

const MISSING_WORDS: Record<keyof MissingCodes, string> = { skipped: 'skipped', refused: 'refused', dont_know: "don't know" };

export function missingCodesText(codes: MissingCodes): string {
  return (Object.keys(MISSING_WORDS) as (keyof MissingCodes)[]).map((reason) => `${codes[reason]} = ${MISSING_WORDS[reason]}`).join('; ');
}

function valuesText(column: TableColumn): string {
  const labels = column.valueLabels.map((entry) => (entry.value === entry.label ? String(entry.value) : `${entry.value} = ${entry.label}`)).join('; ');
  const range = column.kind === 'number' && !column.generalised ? 'a number' : column.kind === 'text' ? 'free text' : '';
  return [column.generalised ? `generalised: ${column.generalised}` : '', labels || range].filter(Boolean).join('; ');
}

export function codebookRows(table: ExportTable, missingCodes: MissingCodes): string[][] {
  return table.columns.map((column) => [
    column.name,
    column.label,
    column.waveLabel ? `${column.waveLabel} (${column.wave})` : '',
    column.conceptName ? `${column.conceptName} (${column.concept})` : '',
    valuesText(column),
    column.role === 'item' ? (column.reverseKeyed ? 'yes' : 'no') : '',
    column.hasMissingCodes ? missingCodesText(missingCodes) : '',
  ]);
}

/** Rows written between pauses, so the zip writer can compress and flush what the rows produced. */
const ROWS_PER_PAUSE = 200;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * ExcelJS gives each cell a fresh empty style object and its style writer then serialises every
 * one to find its style ID (about half the writing time of a wide sheet); cells sharing one
 * object are looked up once. Shared, so never mutated: these cells get no style of their own.
 */
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({}) as Partial<ExcelJS.Style>;
// IDs are text: a leading zero or a long number must not turn into a rounded float.
const ID_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '@' }) as Partial<ExcelJS.Style>;

async function fill(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: ExportTable, missingCodes: MissingCodes, broken: () => boolean): Promise<void> {
  workbook.creator = 'Mixwise';
  const data = workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  // Column formats first: the streaming writer writes them out with the first row.
  data.getColumn(1).numFmt = ID_STYLE.numFmt!;
  data.getColumn(1).width = 14;
  const header = data.addRow(table.columns.map((column) => column.name));
  header.font = { bold: true };
  header.commit();
  for (const [index, values] of table.rows.entries()) {
    const row = data.addRow(values);
    row.eachCell((cell, column) => (cell.style = column === 1 ? ID_STYLE : PLAIN));
    // Each row leaves memory as soon as it is committed: the sheet is never held whole.
    row.commit();
    if (index % ROWS_PER_PAUSE === ROWS_PER_PAUSE - 1) {
      await pause();
      if (broken()) return;
    }
  }
  data.commit();

  const codebook = workbook.addWorksheet('Codebook', { views: [{ state: 'frozen', ySplit: 1 }] });
  [16, 70, 16, 24, 50, 14, 36].forEach((width, index) => {
    codebook.getColumn(index + 1).width = width;
    codebook.getColumn(index + 1).alignment = { wrapText: index === 1 || index === 4, vertical: 'top' };
  });
  const codebookHeader = codebook.addRow([...CODEBOOK_HEADER]);
  codebookHeader.font = { bold: true };
  codebookHeader.commit();
  for (const row of codebookRows(table, missingCodes)) codebook.addRow(row).commit();
  codebook.commit();
  await workbook.commit();
}

/**
 * Writes the workbook to `path` row by row (ExcelJS's streaming writer), then flushes it to disk.
 * The whole workbook in memory took over 1 GB and most of the time for a 10 000-respondent study.
 * The caller removes the file when this fails.
 */
export async function writeWorkbook(table: ExportTable, missingCodes: MissingCodes, path: string): Promise<void> {
  const fd = openSync(path, 'w');
  // Not closed on finishing (autoClose off), so it can be synced first; destroy() closes it.
  const file = createWriteStream(path, { fd, autoClose: false });
  const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
  let failure: unknown = null;
  // ExcelJS only listens for the stream's errors once it finalises: an earlier one would stall it.
  const failed = new Promise<never>((_, reject) => {
    file.on('error', (error) => {
      failure ??= error;
      reject(error);
    });
  });
  try {
    // Shared strings as before: an inline empty string reads back as a blank cell, and the
    // Codebook's empty cells are empty strings. The table holds only the distinct strings.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useStyles: true, useSharedStrings: true });
    await Promise.race([fill(workbook, table, missingCodes, () => failure !== null), failed]);
    fsyncSync(fd);
  } finally {
    // Closes the descriptor once writes in flight are done, so no late write can hit a reused one.
    file.destroy();
    await closed;
  }
}
