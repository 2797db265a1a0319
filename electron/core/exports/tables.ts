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
  return typed(
    prepared.variables,
    prepared.rows.map((row) => prepared.variables.map((variable) => row.values[variable.name] ?? null)),
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
  const rows: Cell[][] = [];
  for (const row of prepared.rows) {
    for (const wave of row.waves) {
      rows.push([
        ...fixed.map((variable) => row.values[variable.name] ?? null),
        wave,
        ...items.map((item) => row.values[`${wave}_${item.item}`] ?? null),
      ]);
    }
  }
  return typed([...fixed, waveColumn, ...items], rows);
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180: comma separated, CRLF line ends, UTF-8 without a byte-order mark (R and Stata read it as is). */
export function toCsv(table: ExportTable): Buffer {
  const lines = [table.columns.map((column) => csvField(column.name)), ...table.rows.map((row) => row.map(csvField))];
  return Buffer.from(lines.map((line) => line.join(',')).join('\r\n') + '\r\n', 'utf8');
}
