import type { CellValue } from '../../../../electron/shared/entry/rules';
import type { DeletedRow } from './rowDeletion';

/** One cell of an undo step: where, and its value before and after. */
export interface UndoWrite {
  rowKey: string;
  /** Grid column: 1 + the item's index. */
  column: number;
  before: CellValue | null;
  after: CellValue | null;
}

/**
 * One step of undo: a keystroke's cell (plus what skip logic emptied with it), a whole paste, or a
 * deleted form (no cell writes; undoing it restores the form in the file).
 */
export interface UndoEntry {
  writes: UndoWrite[];
  deleted?: DeletedRow;
}

const LIMIT = 1000;

/**
 * Undo and redo across cells (Ctrl+Z, Ctrl+Y). Undoing is itself a commit of the earlier values,
 * so it is as durable as typing; a new change clears the redo stack, as in every editor.
 */
export class UndoHistory {
  private readonly done: UndoEntry[] = [];
  private readonly undone: UndoEntry[] = [];

  record(writes: UndoWrite[], deleted?: DeletedRow): UndoEntry {
    const entry: UndoEntry = deleted ? { writes, deleted } : { writes };
    this.done.push(entry);
    if (this.done.length > LIMIT) this.done.shift();
    this.undone.length = 0;
    return entry;
  }

  /** Forgets a step whose commit the core refused: there is nothing to undo. */
  discard(entry: UndoEntry): void {
    const index = this.done.lastIndexOf(entry);
    if (index >= 0) this.done.splice(index, 1);
  }

  undo(): UndoEntry | undefined {
    const entry = this.done.pop();
    if (entry) this.undone.push(entry);
    return entry;
  }

  /** An undo or redo the core refused: the step stays where it was. */
  putBack(entry: UndoEntry, kind: 'undo' | 'redo'): void {
    const [from, to] = kind === 'undo' ? [this.undone, this.done] : [this.done, this.undone];
    const index = from.lastIndexOf(entry);
    if (index >= 0) from.splice(index, 1);
    to.push(entry);
  }

  redo(): UndoEntry | undefined {
    const entry = this.undone.pop();
    if (entry) this.done.push(entry);
    return entry;
  }
}
