import ExcelJS from 'exceljs';
import type { MissingCodes } from '../entry/rules';
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

export async function exportWorkbook(table: ExportTable, missingCodes: MissingCodes): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mixwise';
  const data = workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  data.addRow(table.columns.map((column) => column.name)).font = { bold: true };
  for (const row of table.rows) data.addRow(row);
  // IDs are text: a leading zero or a long number must not turn into a rounded float.
  data.getColumn(1).numFmt = '@';
  data.getColumn(1).width = 14;

  const codebook = workbook.addWorksheet('Codebook', { views: [{ state: 'frozen', ySplit: 1 }] });
  codebook.addRow([...CODEBOOK_HEADER]).font = { bold: true };
  for (const row of codebookRows(table, missingCodes)) codebook.addRow(row);
  [16, 70, 16, 24, 50, 14, 36].forEach((width, index) => {
    codebook.getColumn(index + 1).width = width;
    codebook.getColumn(index + 1).alignment = { wrapText: index === 1 || index === 4, vertical: 'top' };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
