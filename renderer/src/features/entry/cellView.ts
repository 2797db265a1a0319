import { cellText, type MissingCodes } from './rules';
import { askedAt, type GridRow, type SheetItem } from './gridModel';

interface SheetState {
  editing: { key: string; column: number; text: string } | null;
  items: readonly SheetItem[];
  missingCodes: MissingCodes;
}

const typingIn = (sheet: SheetState, row: GridRow, column: number) =>
  sheet.editing !== null && sheet.editing.key === row.key && sheet.editing.column === column;

/** What a grid cell shows: the text being typed there, else the stored ID or value. */
export function cellDisplay(sheet: SheetState, row: GridRow, column: number): string {
  if (typingIn(sheet, row, column)) return sheet.editing!.text;
  if (column === 0) return row.participantId;
  return cellText(row.cells[column - 1], sheet.missingCodes);
}

/** Classes of a grid cell: typing, saving, a missing code, not asked by the skip logic, warned. */
export function cellClasses(sheet: SheetState, row: GridRow, column: number): string[] {
  const classes: string[] = [];
  if (typingIn(sheet, row, column)) classes.push('entry-typing');
  if (column === 0) {
    if (row.warnings.length > 0) classes.push('entry-warned');
    return classes;
  }
  const value = row.cells[column - 1];
  if (value !== null && value !== undefined && typeof value === 'object' && 'missing' in value) classes.push('entry-missing');
  if ((row.pendingCells.get(column) ?? 0) > 0) classes.push('entry-pending');
  if (row.rowId !== null && !askedAt(row, sheet.items, column - 1)) classes.push('entry-not-asked');
  return classes;
}
