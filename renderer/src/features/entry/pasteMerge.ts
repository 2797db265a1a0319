import type { MethodOutput } from '../../../../electron/api/contract';
import { emptyRow, rowFromView, type GridRow, type SheetItem } from './gridModel';
import type { UndoWrite } from './undo';

type Applied = Extract<MethodOutput<'entry.cells.paste'>, { applied: true }>;

/**
 * Brings an applied paste into the grid's rows: forms that existed are updated in place, new forms
 * fill the empty bottom row and go below it, and a fresh empty row follows. Returns what to refresh,
 * what to append, and the paste as one undo step.
 */
export function mergePasted(
  rows: GridRow[],
  items: readonly SheetItem[],
  { rows: views, changes }: Pick<Applied, 'rows' | 'changes'>,
): { refreshed: GridRow[]; appended: GridRow[]; undo: UndoWrite[] } {
  const byId = new Map(rows.filter((row) => row.rowId !== null).map((row) => [row.rowId!, row]));
  const refreshed: GridRow[] = [];
  const appended: GridRow[] = [];
  for (const view of views) {
    const existing = byId.get(view.rowId);
    if (existing) {
      refreshed.push(rowFromView(view, existing));
      continue;
    }
    const bottom = rows.at(-1)!;
    let row: GridRow;
    if (bottom.rowId === null) {
      row = rowFromView(view, bottom);
      refreshed.push(row);
    } else {
      row = rowFromView(view, emptyRow(items.length));
      rows.push(row);
      appended.push(row);
    }
    byId.set(view.rowId, row);
  }
  if (rows.at(-1)!.rowId !== null) {
    const fresh = emptyRow(items.length);
    rows.push(fresh);
    appended.push(fresh);
  }
  const column = new Map(items.map((item, index) => [item.code, index + 1]));
  const undo = changes.flatMap((change) => {
    const row = byId.get(change.rowId);
    const at = column.get(change.itemCode);
    return row && at ? [{ rowKey: row.key, column: at, before: change.before, after: change.after }] : [];
  });
  return { refreshed, appended, undo };
}
