import type { MethodOutput } from '../../../../electron/api/contract';
import { isAsked, type CellValue } from '../../../../electron/shared/entry/rules';

/**
 * Length of a check-digit ID (core/ids/damm.ts ID_LENGTH; that module uses node:crypto, so the
 * renderer keeps its own copy and a unit test keeps the two equal). The ID is checked as soon as
 * this many digits are typed.
 */
export const ID_LENGTH = 8;

export type SheetData = MethodOutput<'entry.batch.open'>;
export type SheetItem = SheetData['items'][number];
export type RowView = MethodOutput<'entry.rows'>[number];
export type IdWarning = RowView['warnings'][number];

/**
 * One line of the grid, one paper form. The object is AG Grid's row data and is changed in place,
 * then refreshed: a keystroke touches one row, never the 10 000 others.
 */
export interface GridRow {
  /** Client-side key, stable for the row's life (the empty row has no rowId yet). */
  key: string;
  rowId: number | null;
  position: number | null;
  participantId: string;
  cells: (CellValue | null)[];
  status: 'keying' | 'complete' | null;
  /** Commits in flight per item column: the cell shows as saving until the file has it. */
  pendingCells: Map<number, number>;
  pending: number;
  failed: boolean;
  warnings: IdWarning[];
  /** Keys pressed on this form not yet reported to the core (sent with the next commit). */
  unsentKeys: number;
}

let nextKey = 0;

export function newRowKey(): string {
  nextKey += 1;
  return `k${nextKey}`;
}

export function emptyRow(itemCount: number): GridRow {
  return {
    key: newRowKey(),
    rowId: null,
    position: null,
    participantId: '',
    cells: Array.from({ length: itemCount }, () => null),
    status: null,
    pendingCells: new Map(),
    pending: 0,
    failed: false,
    warnings: [],
    unsentKeys: 0,
  };
}

export function rowFromView(view: RowView, into: GridRow = emptyRow(view.cells.length)): GridRow {
  into.rowId = view.rowId;
  into.position = view.position;
  into.participantId = view.participantId;
  into.cells = [...view.cells];
  into.status = view.status;
  into.warnings = view.warnings;
  into.failed = false;
  return into;
}

export type SavedState = 'empty' | 'saving' | 'saved' | 'complete' | 'failed';

/** What the row's status cell says: nothing is "saved" before the study file has committed it. */
export function savedState(row: GridRow): SavedState {
  if (row.failed) return 'failed';
  if (row.pending > 0) return 'saving';
  if (row.rowId === null) return 'empty';
  return row.status === 'complete' ? 'complete' : 'saved';
}

export function valueLookup(row: GridRow, items: readonly SheetItem[]): (code: string) => CellValue | null | undefined {
  return (code) => {
    const index = items.findIndex((item) => item.code === code);
    return index < 0 ? undefined : row.cells[index];
  };
}

export function askedAt(row: GridRow, items: readonly SheetItem[], index: number): boolean {
  const item = items[index];
  return item ? isAsked(item, valueLookup(row, items)) : false;
}

export interface CellPosition {
  rowIndex: number;
  /** 0 is the ID column, 1 + i the item at index i. */
  column: number;
}

/**
 * Where the cursor goes after a cell: the next item the form asks (skip logic leaves the others
 * out), then the next form. The empty row at the bottom starts at its ID; an existing form starts
 * at its first item, so a digit never overwrites an ID by accident.
 */
export function nextCell(rows: readonly GridRow[], items: readonly SheetItem[], from: CellPosition, direction: 1 | -1): CellPosition {
  const row = rows[from.rowIndex];
  if (!row) return from;
  if (direction === 1) {
    for (let column = from.column + 1; column <= items.length; column++) {
      if (askedAt(row, items, column - 1)) return { rowIndex: from.rowIndex, column };
    }
    const next = rows[from.rowIndex + 1];
    if (!next) return from;
    if (next.rowId === null) return { rowIndex: from.rowIndex + 1, column: 0 };
    return nextCell(rows, items, { rowIndex: from.rowIndex + 1, column: 0 }, 1);
  }
  for (let column = from.column - 1; column >= 1; column--) {
    if (askedAt(row, items, column - 1)) return { rowIndex: from.rowIndex, column };
  }
  if (from.column > 0) return { rowIndex: from.rowIndex, column: 0 };
  const previous = rows[from.rowIndex - 1];
  if (!previous) return from;
  for (let column = items.length; column >= 1; column--) {
    if (askedAt(previous, items, column - 1)) return { rowIndex: from.rowIndex - 1, column };
  }
  return { rowIndex: from.rowIndex - 1, column: 0 };
}
