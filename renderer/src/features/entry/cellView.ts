import { formatId } from '../../../../electron/shared/ids/format';
import { keyedText, type MissingCodes } from '../../../../electron/shared/entry/rules';
import { askedAt, type GridRow, type SheetItem } from './gridModel';

interface SheetState {
  editing: { key: string; column: number; text: string } | null;
  items: readonly SheetItem[];
  missingCodes: MissingCodes;
}

const typingIn = (sheet: SheetState, row: GridRow, column: number) =>
  sheet.editing !== null && sheet.editing.key === row.key && sheet.editing.column === column;

/**
 * What a grid cell shows: the text being typed there, else the stored ID or value as it was keyed
 * (a missing answer as its letter S, R or D, never the numeric code the data stores for it). An ID
 * shows in fours ("5021 7164") as on every printout, also while its digits are typed.
 */
export function cellDisplay(sheet: SheetState, row: GridRow, column: number): string {
  if (column === 0) return formatId(typingIn(sheet, row, column) ? sheet.editing!.text : row.participantId);
  if (typingIn(sheet, row, column)) return sheet.editing!.text;
  return keyedText(row.cells[column - 1]);
}

type ClassRule = (params: { data?: GridRow }) => boolean;

/**
 * Classes of a grid cell (typing, saving, a missing code, not asked by the skip logic, a warned ID),
 * one predicate per class, as AG Grid's cellClassRules. The grid applies rules on every refresh and
 * toggles only the classes that changed, so a row is refreshed without `force`: a cell whose text
 * and classes are unchanged is left alone, where a forced refresh replaced the text of every cell
 * of the row (all 80 of them whenever skip logic may have changed any).
 */
export function cellClassRules(sheet: SheetState, column: number): Record<string, ClassRule> {
  const typing: ClassRule = ({ data }) => data !== undefined && typingIn(sheet, data, column);
  if (column === 0) return { 'entry-typing': typing, 'entry-warned': ({ data }) => (data?.warnings.length ?? 0) > 0 };
  return {
    'entry-typing': typing,
    'entry-missing': ({ data }) => {
      const value = data?.cells[column - 1];
      return value !== null && value !== undefined && typeof value === 'object' && 'missing' in value;
    },
    'entry-pending': ({ data }) => (data?.pendingCells.get(column) ?? 0) > 0,
    'entry-not-asked': ({ data }) => data !== undefined && data.rowId !== null && !askedAt(data, sheet.items, column - 1),
  };
}

/** Characters a multi-digit item column (68 px, 52 inside its padding) shows in full, with room to spare. */
const SHORT_TEXT = 5;

/**
 * Whether every text a numeric item's cell can show (a value in its range, a missing answer's letter,
 * digits being typed) is short enough to never overflow the cell. Such cells need no clip: AG Grid clips
 * each cell for the ellipsis, and each clip is a paint chunk of its own that the browser walks on
 * every frame to lay out its compositor layers (measured: 6.5 ms of CPU a key, 2.9 ms unclipped).
 */
export function fitsWithoutClip(item: SheetItem): boolean {
  if (item.kind === 'text' || item.min === null || item.max === null) return false;
  return [item.min, item.max].every((value) => String(value).length <= SHORT_TEXT);
}
