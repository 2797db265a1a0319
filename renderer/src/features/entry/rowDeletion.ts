import { formatId } from '../../../../electron/shared/ids/format';
import { emptyRow, rowFromView, type GridRow } from './gridModel';
import type { EntryApi, SheetView } from './sheetTypes';
import type { UndoHistory } from './undo';

/** What a deleted form's undo step keeps: its grid row (its key, so earlier steps still find it) and file row. */
export interface DeletedRow {
  rowKey: string;
  rowId: number;
  position: number | null;
  participantId: string;
}

interface Sheet {
  readonly batchId: number;
  readonly rows: GridRow[];
  readonly api: EntryApi;
  readonly view: SheetView;
  readonly history: UndoHistory;
  /** Resolves when every commit sent so far has been answered. */
  drained(): Promise<void>;
}

/**
 * Deleting a form keyed by mistake (an ID typed for a paper set aside, a form keyed twice): Ctrl+Delete
 * asks first, naming the form and how many answers go with it; a second Ctrl+Delete or the "Delete"
 * button deletes it in the study file (logged there with who and when); Ctrl+Z brings it back, with
 * its answers, as long as this batch stays open.
 */
export class RowDeletion {
  private asked: string | null = null;

  constructor(private readonly sheet: Sheet) {}

  /** Ctrl+Delete on a row: asks about it, or deletes it when it was the row just asked about. */
  async request(row: GridRow): Promise<void> {
    if (row.rowId === null) return this.sheet.view.notify({ tone: 'info', key: 'notice.nothingToDelete' });
    if (this.asked === row.key) return this.confirm();
    this.asked = row.key;
    const answers = row.cells.filter((cell) => cell !== null).length;
    this.sheet.view.notify({
      tone: 'warning',
      key: 'notice.confirmDelete',
      params: { position: row.position ?? '', id: formatId(row.participantId), count: answers },
      confirm: 'deleteRow',
    });
  }

  /** Any other key, Esc or "Keep it": the question is dropped. True when there was one. */
  forget(): boolean {
    if (this.asked === null) return false;
    this.asked = null;
    return true;
  }

  async confirm(): Promise<void> {
    const row = this.sheet.rows.find((candidate) => candidate.key === this.asked);
    this.asked = null;
    if (!row || row.rowId === null) return;
    const deleted = await this.remove(row);
    if (deleted) this.sheet.history.record([], deleted);
  }

  /** Deletes in the file, then takes the row off the grid; the cursor stays at the same height. */
  private async remove(row: GridRow): Promise<DeletedRow | null> {
    const { api, view, rows, batchId } = this.sheet;
    await this.sheet.drained();
    const result = await api.deleteRow({ batchId, rowId: row.rowId! });
    if (!result.ok) {
      view.notify({ tone: 'error', key: 'notice.failed', params: { message: result.error.message } });
      return null;
    }
    const index = rows.indexOf(row);
    rows.splice(index, 1);
    view.removeRows([row]);
    view.notify({ tone: 'info', key: 'notice.deleted', params: { position: row.position ?? '', id: formatId(row.participantId) } });
    view.focus({ rowIndex: Math.min(index, rows.length - 1), column: 0 });
    return { rowKey: row.key, rowId: row.rowId!, position: row.position, participantId: row.participantId };
  }

  /** Ctrl+Z of a deletion: the same form back at its place, with its answers. */
  async undo(deleted: DeletedRow): Promise<boolean> {
    const { api, view, rows, batchId } = this.sheet;
    await this.sheet.drained();
    const result = await api.restoreRow({ batchId, rowId: deleted.rowId });
    if (!result.ok) {
      view.notify({ tone: 'error', key: 'notice.failed', params: { message: result.error.message } });
      return false;
    }
    const row = rowFromView(result.value, { ...emptyRow(result.value.cells.length), key: deleted.rowKey });
    // Above the first form keyed after it, or above the empty row at the bottom.
    const index = rows.findIndex((candidate) => candidate.position === null || candidate.position > (row.position ?? 0));
    const at = index < 0 ? rows.length - 1 : index;
    rows.splice(at, 0, row);
    view.insertRow(row, at);
    view.notify({ tone: 'info', key: 'notice.restored', params: { position: row.position ?? '', id: formatId(row.participantId) } });
    view.focus({ rowIndex: at, column: 0 });
    return true;
  }

  /** Ctrl+Y after the undo: deleted again, without asking (it was asked the first time). */
  async redo(deleted: DeletedRow): Promise<boolean> {
    const row = this.sheet.rows.find((candidate) => candidate.key === deleted.rowKey);
    if (!row || row.rowId === null) return false;
    const again = await this.remove(row);
    if (again) deleted.rowId = again.rowId;
    return again !== null;
  }
}
