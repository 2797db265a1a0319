import type { Cell, ExportVariable } from './dataset';
import type { PreparedExport } from './anonymise';

/**
 * The prepared export as a plain table, in the wide layout (one row per respondent) or the long
 * one (one row per respondent and wave with a usable response, items without the wave prefix),
 * and as CSV. Each column knows whether it holds numbers only, which the syntax files need.
 */

export interface TableColumn extends ExportVariable {
  numeric: boolean;
}

export interface ExportTable {
  columns: TableColumn[];
  rows: Cell[][];
}

function typed(columns: ExportVariable[], rows: Cell[][]): ExportTable {
  return {
    columns: columns.map((column, index) => ({
      ...column,
      // IDs stay text so leading zeros survive every reader.
      numeric: column.role !== 'id' && rows.every((row) => row[index] === null || typeof row[index] === 'number'),
    })),
    rows,
  };
}

export function wideTable(prepared: PreparedExport): ExportTable {
  // The prepared rows already hold one cell per variable in order: shared, not copied.
  return typed(
    prepared.variables,
    prepared.rows.map((row) => row.values),
  );
}

export function longTable(prepared: PreparedExport, waves: { code: string; label: string }[]): ExportTable {
  const fixed = prepared.variables.filter((variable) => variable.role !== 'item');
  const waveColumn: ExportVariable = {
    ...fixed[0]!,
    name: 'wave',
    role: 'design',
    label: 'Time of assessment',
    kind: 'design',
    valueLabels: waves.map((wave) => ({ value: wave.code, label: wave.label })),
    generalised: null,
  };
  // One column per item, described by its first wave's column (same wording and values).
  const itemColumns = new Map<string, ExportVariable>();
  for (const variable of prepared.variables) {
    if (variable.role === 'item' && !itemColumns.has(variable.item!)) {
      itemColumns.set(variable.item!, { ...variable, name: variable.item!, wave: null, waveLabel: null });
    }
  }
  const items = [...itemColumns.values()];
  const column = new Map(prepared.variables.map((variable, index) => [variable.name, index]));
  const fixedIndices = fixed.map((variable) => column.get(variable.name)!);
  /** Wave -> the column of each item at that wave (undefined when not asked then). */
  const itemIndices = new Map(waves.map((wave) => [wave.code, items.map((item) => column.get(`${wave.code}_${item.item}`))]));
  const rows: Cell[][] = [];
  for (const row of prepared.rows) {
    for (const wave of row.waves) {
      const cell = (index: number | undefined) => (index === undefined ? null : (row.values[index] ?? null));
      rows.push([...fixedIndices.map(cell), wave, ...(itemIndices.get(wave) ?? items.map(() => undefined)).map(cell)]);
    }
  }
  return typed([...fixed, waveColumn, ...items], rows);
}

/**
 * Text a spreadsheet would run as a formula when it opens the CSV (OWASP's CSV injection: a cell
 * starting with = + - or @, a tab or a carriage return) gets a single quote in front, as spreadsheet
 * makers advise; so does text that already starts with a quote, so that taking exactly one leading
 * quote off every text cell gives back the value (the syntax files do that). Numbers are never
 * touched: a -99 missing code or a negative score stays a number.
 */
const FORMULA_LEAD = /^[=+\-@\t\r']/;
export const CSV_TEXT_GUARD = "'";

export function neutraliseText(text: string): string {
  return FORMULA_LEAD.test(text) ? `${CSV_TEXT_GUARD}${text}` : text;
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Pieces of about this many characters: a wide study's CSV never sits whole in memory. */
const CSV_CHUNK = 1 << 20;

/**
 * RFC 4180: comma separated, CRLF line ends, UTF-8 without a byte-order mark (R and Stata read it as
 * is); text cells neutralised against formula injection (neutraliseText).
 */
export function* csvChunks(table: ExportTable): Generator<string> {
  let chunk = table.columns.map((column) => csvField(column.name)).join(',') + '\r\n';
  for (const row of table.rows) {
    chunk += row.map(csvField).join(',') + '\r\n';
    if (chunk.length >= CSV_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}
