import type { MethodOutput } from '../../../../electron/api/contract';
import type { CellProblem, CellValue } from '../../../../electron/shared/entry/rules';
import type { GridRow, SheetItem } from './gridModel';
import type { UndoEntry, UndoHistory } from './undo';
import { COMMIT_MEASURE, ROUNDTRIP_MEASURE, measureEntry, now, problemNotice, type EntryApi, type SheetView } from './sheetTypes';

/** One cell written: the row, its grid column (1 + the item's index) and the new value. */
export interface CellWrite {
  row: GridRow;
  column: number;
  value: CellValue | null;
}

/**
 * The commits of one batch's grid, in key order. A write shows on screen at once and goes to the
 * core at once; its answer is handled after every earlier one's. On refusal or failure the cells go
 * back to what they were and the clerk is told: the screen never claims what the file lacks.
 */
export class CommitQueue {
  private chain: Promise<void> = Promise.resolve();
  private readonly hasSkipLogic: boolean;

  constructor(
    private readonly batchId: number,
    private readonly items: readonly SheetItem[],
    private readonly api: EntryApi,
    private readonly view: SheetView,
    private readonly history: UndoHistory,
  ) {
    this.hasSkipLogic = items.some((item) => item.showIf !== null);
  }

  /** Resolves when every commit sent so far has been answered and handled. */
  drained(): Promise<void> {
    return this.chain;
  }

  /** Applies `writes` on screen, sends their commit, then runs `moveOn` (the cursor's move). */
  send(writes: CellWrite[], action: 'key' | 'undo' | 'redo', keyTime: number, entry: UndoEntry | null, moveOn?: () => void): void {
    const rows = [...new Set(writes.map((write) => write.row))];
    const previous = writes.map((write) => write.row.cells[write.column - 1] ?? null);
    for (const write of writes) {
      write.row.cells[write.column - 1] = write.value;
      write.row.pendingCells.set(write.column, (write.row.pendingCells.get(write.column) ?? 0) + 1);
    }
    const keystrokes = rows.filter((row) => row.unsentKeys > 0).map((row) => ({ rowId: row.rowId!, count: Math.min(row.unsentKeys, 1000) }));
    for (const row of rows) {
      row.pending += 1;
      row.unsentKeys = 0;
    }
    const request = {
      batchId: this.batchId,
      action,
      writes: writes.map((write) => ({ rowId: write.row.rowId!, itemCode: this.items[write.column - 1]!.code, value: write.value })),
      ...(keystrokes.length > 0 ? { keystrokes } : {}),
    };
    // Sent at once, before any redraw: IPC keeps the order of requests and the core commits them one
    // at a time, so the next key never waits for this one's disk write. Answers are handled in order.
    const sentAt = now();
    const answer = this.api.commit(request);
    // Only the written cells and the saved state change, unless skip logic may redraw other cells.
    const columns = this.hasSkipLogic ? undefined : [...new Set(writes.map((write) => write.column))];
    // The cursor moves before the cells are redrawn: moving reads the grid's layout (is the next
    // cell in view?), and reading it after the redraw's changes would make the browser lay the page
    // out twice in one key (measured: a forced layout of 1.5-3 ms per key on a 10 000-form batch).
    moveOn?.();
    this.view.refreshRows(rows, columns);
    this.chain = this.chain.then(async () => {
      const result = await answer;
      measureEntry(ROUNDTRIP_MEASURE, sentAt);
      for (const write of writes) write.row.pendingCells.set(write.column, (write.row.pendingCells.get(write.column) ?? 1) - 1);
      for (const row of rows) row.pending -= 1;
      const applied = result.ok && result.value.applied;
      if (result.ok && result.value.applied) this.afterCommit(result.value, rows, entry);
      else {
        writes.forEach((write, index) => {
          if (write.row.cells[write.column - 1] === write.value) write.row.cells[write.column - 1] = previous[index]!;
        });
        if (entry) this.history.discard(entry);
        if (!result.ok) {
          for (const row of rows) row.failed = true;
          this.view.notify({ tone: 'error', key: 'notice.failed', params: { message: result.error.message } });
        } else if (!result.value.applied) {
          const [first] = result.value.problems;
          this.view.notify(problemNotice(first!.problem as CellProblem, first!.itemCode));
        }
      }
      this.view.refreshRows(rows, columns);
      // Keystroke to cell shown as saved: the commit is on disk and the grid has redrawn the row.
      if (applied) measureEntry(COMMIT_MEASURE, keyTime);
    });
  }

  private afterCommit(value: Extract<MethodOutput<'entry.cells.commit'>, { applied: true }>, rows: GridRow[], entry: UndoEntry | null): void {
    // A commit only answers about the rows it wrote: never scan the whole batch per keystroke.
    const byId = new Map(rows.map((row) => [row.rowId!, row]));
    for (const saved of value.rows) {
      const row = byId.get(saved.rowId);
      if (row) Object.assign(row, { status: saved.status, failed: false });
    }
    const touched: GridRow[] = [];
    for (const change of value.changes) {
      if (change.cause !== 'skip') continue;
      const row = byId.get(change.rowId);
      const column = this.items.findIndex((item) => item.code === change.itemCode) + 1;
      if (!row || column === 0) continue;
      row.cells[column - 1] = null;
      touched.push(row);
      // Undo brings back what the skip logic emptied along with the cell that caused it.
      entry?.writes.push({ rowKey: row.key, column, before: change.before, after: null });
    }
    if (touched.length > 0) this.view.refreshRows(touched);
  }
}
