import type { GridApi } from 'ag-grid-community';
import type { CellPosition, GridRow } from './gridModel';

/** Grid column ids: the ID is column 0, item n is column n + 1 (`i<n>`). */
export const columnOf = (colId: string): number | null => (colId === 'id' ? 0 : /^i\d+$/.test(colId) ? Number(colId.slice(1)) + 1 : null);
export const colIdOf = (column: number): string => (column === 0 ? 'id' : `i${column - 1}`);

/** Columns of context kept at the left edge when keying runs off the right edge. */
const LEAD_COLUMNS = 2;

/**
 * Scrolls an item's column into view a screenful at a time: keying along a row, the cursor leaving the
 * right edge brings it in near the left edge, so the next screenful of answers needs no scroll. One
 * column at a time made nearly every key scroll, and a scroll costs the key's frame the newly shown
 * strip, the header and scrollbar kept in step, and the browser's hover update after a scroll
 * (measured in bench/entry-latency.ts, see bench/RESULTS.md). `leadFrom` is the column kept
 * LEAD_COLUMNS from the left edge, the target itself unless the look-ahead scrolls one key early.
 */
export function revealColumn(grid: GridApi<GridRow>, column: number, leadFrom = column): void {
  const target = grid.getColumn(colIdOf(column));
  if (!target || target.isPinned()) return;
  const { left, right } = grid.getHorizontalPixelRange();
  const start = target.getLeft() ?? 0;
  if (start + target.getActualWidth() > right && start >= left) {
    const lead = grid.getColumn(colIdOf(Math.max(1, leadFrom - LEAD_COLUMNS)));
    if (lead && !lead.isPinned()) grid.ensureColumnVisible(lead, 'start');
  }
  // Otherwise (moving left, or a window too narrow for the lead) only as far as the column itself.
  grid.ensureColumnVisible(target);
}

/** Whether the cell at `position` lies wholly inside the grid's visible area. */
function inView(grid: GridApi<GridRow>, position: CellPosition): boolean {
  const node = grid.getDisplayedRowAtIndex(position.rowIndex);
  if (!node || node.rowTop === null || node.rowHeight === null || node.rowHeight === undefined) return true;
  const { top, bottom } = grid.getVerticalPixelRange();
  if (node.rowTop < top || node.rowTop + node.rowHeight > bottom) return false;
  const column = grid.getColumn(colIdOf(position.column));
  if (!column || column.isPinned()) return true;
  const { left, right } = grid.getHorizontalPixelRange();
  const start = column.getLeft() ?? 0;
  return start >= left && start + column.getActualWidth() <= right;
}

/**
 * Brings the cell the cursor goes to next into view while the clerk is between keys, so the key
 * that moves there does not scroll. On a row wider than Chromium paints ahead of the view (some
 * 5 000 px: the bench's 80 items) a scroll repaints every visible cell, 10-17 ms of paint with
 * software rendering, against about 6 ms for a whole key that does not scroll; done in the idle time
 * after a key, the keys themselves stay quick (bench/entry-latency.ts). The cursor's own cell
 * stays in view, near the left edge with two answered columns before it: a screenful per scroll,
 * made one key early.
 */
export class LookAhead {
  private handle: number | null = null;

  constructor(private readonly grid: () => GridApi<GridRow> | null) {}

  /** After the cursor moved to `at`, with `next` the cell the next answer goes to. */
  schedule(at: CellPosition, next: CellPosition | undefined): void {
    this.cancel();
    if (!next || (next.rowIndex === at.rowIndex && next.column === at.column)) return;
    // The timeout bounds the wait on a page that is never idle; the scroll then still comes early.
    this.handle = requestIdleCallback(() => this.run(at, next), { timeout: 300 });
  }

  cancel(): void {
    if (this.handle !== null) cancelIdleCallback(this.handle);
    this.handle = null;
  }

  private run(at: CellPosition, next: CellPosition): void {
    this.handle = null;
    const grid = this.grid();
    if (!grid || grid.isDestroyed()) return;
    // The clerk moved elsewhere in the meantime (a click): that move scrolled as it needed.
    const focused = grid.getFocusedCell();
    if (!focused || focused.rowPinned || focused.rowIndex !== at.rowIndex || columnOf(focused.column.getColId()) !== at.column) return;
    if (inView(grid, next)) return;
    if (next.rowIndex !== at.rowIndex) grid.ensureIndexVisible(next.rowIndex);
    const column = grid.getColumn(colIdOf(next.column));
    if (!column || column.isPinned()) return;
    const { left } = grid.getHorizontalPixelRange();
    // Back at the start of a row (the cursor on the pinned ID): the first answers in view.
    if ((column.getLeft() ?? 0) < left) grid.ensureColumnVisible(column, 'start');
    // Off the right edge: the cursor's column near the left edge, two answered ones before it.
    else revealColumn(grid, next.column, at.column);
    // The cursor's cell must still be in view: a window narrower than the lead shows the next cell only.
    if (!inView(grid, at)) revealColumn(grid, at.column);
  }
}
