import { checkValue, isSingleKey, maxDigits, type CellValue, type MissingCodes } from '../../../../electron/shared/entry/rules';
import { formatId } from '../../../../electron/shared/ids/format';
import { CommitQueue } from './commitQueue';
import { ID_LENGTH, askedAt, emptyRow, nextCell, rowFromView, type CellPosition, type GridRow, type RowView, type SheetItem } from './gridModel';
import type { KeyAction } from './keys';
import { mergePasted } from './pasteMerge';
import { RowDeletion } from './rowDeletion';
import { parseTsv } from './tsv';
import { UndoHistory, type UndoWrite } from './undo';
import { COMMIT_MEASURE, ROUNDTRIP_MEASURE, problemNotice, type EntryApi, type Notice, type SheetView } from './sheetTypes';

export type { EntryApi, Notice, SheetView };
export { COMMIT_MEASURE, ROUNDTRIP_MEASURE };

const MAX_ID_DIGITS = 12;
const ID_SEPARATORS = new Set([' ', '-']);

/**
 * The keying logic of one batch's grid, free of React and AG Grid. Keys are processed strictly in
 * the order they were pressed (a queue), so a clerk typing ahead while an ID is being checked loses
 * nothing. A cell shows its value at once and "saving" until the core's commit returns; commits go
 * out at once, in key order, and their answers are handled in that order.
 */
export class SheetController {
  readonly rows: GridRow[] = [];
  editing: { key: string; column: number; text: string } | null = null;
  private suggestions: string[] = [];
  private readonly history = new UndoHistory();
  private keyChain: Promise<void> = Promise.resolve();
  private readonly commits: CommitQueue;
  private readonly deletion: RowDeletion;

  constructor(
    readonly batchId: number,
    readonly items: readonly SheetItem[],
    readonly missingCodes: MissingCodes,
    private readonly api: EntryApi,
    private readonly view: SheetView,
  ) {
    this.rows.push(emptyRow(items.length));
    this.commits = new CommitQueue(batchId, items, api, view, this.history);
    this.deletion = new RowDeletion({ batchId, rows: this.rows, api, view, history: this.history, drained: () => this.commits.drained() });
  }

  /** Rows loaded from the file go above the empty row at the bottom. */
  load(views: RowView[]): GridRow[] {
    const loaded = views.map((view) => rowFromView(view, emptyRow(this.items.length)));
    this.rows.splice(this.rows.length - 1, 0, ...loaded);
    return loaded;
  }

  /** Resolves when every queued key and commit has been processed (tests, closing the grid). */
  async idle(): Promise<void> {
    await this.keyChain;
    await this.commits.drained();
  }

  handleKey(action: KeyAction, keyTime: number): void {
    this.keyChain = this.keyChain.then(() => this.process(action, keyTime)).catch(() => undefined);
  }

  handlePaste(text: string): void {
    this.keyChain = this.keyChain.then(() => this.paste(text)).catch(() => undefined);
  }

  /** The cursor moved by mouse or paging: text typed but not committed elsewhere is dropped, never saved. */
  focusMoved(position: CellPosition | null): void {
    const editing = this.editing;
    if (!editing) return;
    const row = position ? this.rows[position.rowIndex] : undefined;
    if (row && position && row.key === editing.key && position.column === editing.column) return;
    this.editing = null;
    const typedIn = this.rows.find((candidate) => candidate.key === editing.key);
    if (typedIn) this.view.refreshRows([typedIn]);
  }

  /** The notice's "Delete" and "Keep it" buttons: the same as a second Ctrl+Delete, or Esc. */
  answerDelete(confirmed: boolean): void {
    this.keyChain = this.keyChain
      .then(async () => {
        if (confirmed) await this.deletion.confirm();
        else if (this.deletion.forget()) this.view.notify(null);
      })
      .catch(() => undefined);
  }

  /** Uses one of the roster IDs offered after a failed check digit (Alt+1 … or a click). */
  pick(index: number, keyTime: number): void {
    this.handleKey({ type: 'pick', index }, keyTime);
  }

  private row(position: CellPosition): GridRow | undefined {
    return this.rows[position.rowIndex];
  }

  private move(position: CellPosition): void {
    const rowIndex = Math.max(0, Math.min(this.rows.length - 1, position.rowIndex));
    const column = Math.max(0, Math.min(this.items.length, position.column));
    const at = { rowIndex, column };
    this.view.focus(at, nextCell(this.rows, this.items, at, 1));
  }

  private async process(action: KeyAction, keyTime: number): Promise<void> {
    const at = this.view.focused();
    if (!at) return;
    const row = this.row(at);
    if (!row) return;
    if (action.type === 'deleteRow') return this.deletion.request(row);
    // Any other key answers "no" to a pending "delete this form?" (Esc only that).
    if (this.deletion.forget() && action.type === 'cancel') return this.view.notify(null);
    if (action.type !== 'undo' && action.type !== 'redo') row.unsentKeys += 1;
    const editingHere = this.editing && this.editing.key === row.key && this.editing.column === at.column ? this.editing : null;
    switch (action.type) {
      case 'undo':
      case 'redo':
        return this.replay(action.type, keyTime);
      case 'cancel':
        if (!editingHere) return this.view.leave();
        this.editing = null;
        this.view.refreshRows([row]);
        return this.view.notify(null);
      case 'move':
        if (editingHere && !(await this.submit(row, at, keyTime, false))) return;
        return this.move({ rowIndex: at.rowIndex + action.rows, column: at.column + action.columns });
      case 'commit':
        if (editingHere) {
          await this.submit(row, at, keyTime, true, action.direction);
          return;
        }
        return this.move(nextCell(this.rows, this.items, at, action.direction));
      case 'pick': {
        const id = this.suggestions[action.index];
        if (!id || at.column !== 0) return;
        this.editing = { key: row.key, column: 0, text: id };
        await this.submit(row, at, keyTime, true);
        return;
      }
      case 'backspace':
        if (editingHere) {
          editingHere.text = editingHere.text.slice(0, -1);
          if (!editingHere.text) this.editing = null;
          return this.view.refreshRows([row]);
        }
        if (at.column > 0) this.commitValue(row, at, null, keyTime, false);
        return;
      case 'clear':
        if (at.column > 0) this.commitValue(row, at, null, keyTime, false);
        return;
      default:
        return this.typed(action, row, at, keyTime);
    }
  }

  private append(row: GridRow, at: CellPosition, char: string, limit: number): void {
    const current = this.editing && this.editing.key === row.key && this.editing.column === at.column ? this.editing.text : '';
    if (current.length >= limit) return;
    this.editing = { key: row.key, column: at.column, text: current + char };
    this.view.refreshRows([row]);
  }

  private async typed(action: Extract<KeyAction, { type: 'digit' | 'missing' | 'char' }>, row: GridRow, at: CellPosition, keyTime: number) {
    if (at.column === 0) {
      // The space or dash of an ID copied as printed ("5021 7164") separates; it is not a mistake.
      if (action.type !== 'digit' && ID_SEPARATORS.has(action.char)) return;
      if (action.type !== 'digit') return this.view.notify({ tone: 'error', key: 'notice.idDigitsOnly' });
      this.append(row, at, String(action.digit), MAX_ID_DIGITS);
      // A longer legacy ID is still being typed after a refusal at 8 digits: the refusal is stale.
      this.suggestions = [];
      this.view.notify(null);
      // An ID of the usual length is checked as soon as its last digit is typed: no Enter needed.
      if (this.editing?.text.length === ID_LENGTH) await this.submit(row, at, keyTime, true);
      return;
    }
    const item = this.items[at.column - 1]!;
    const editingHere = this.editing && this.editing.key === row.key && this.editing.column === at.column;
    if (item.kind === 'text') {
      const symbolMissing = action.type === 'missing' && !action.letter && !editingHere;
      if (symbolMissing) {
        this.commitValue(row, at, { missing: action.reason }, keyTime, true);
        return;
      }
      return this.append(row, at, action.type === 'digit' ? String(action.digit) : action.char, 500);
    }
    if (action.type === 'missing') {
      this.editing = null;
      this.commitValue(row, at, { missing: action.reason }, keyTime, true);
      return;
    }
    if (action.type === 'char') return this.view.notify({ tone: 'error', key: 'notice.digitsOnly' });
    if (isSingleKey(item)) {
      this.commitValue(row, at, action.digit, keyTime, true);
      return;
    }
    return this.append(row, at, String(action.digit), maxDigits(item));
  }

  /** Commits the text being typed in a cell (ID, age, year, written-in answer). */
  private async submit(row: GridRow, at: CellPosition, keyTime: number, moveOn: boolean, direction: 1 | -1 = 1): Promise<boolean> {
    const text = this.editing?.text ?? '';
    if (at.column === 0) return this.submitId(row, at, text, moveOn);
    const item = this.items[at.column - 1]!;
    this.editing = null;
    const value: CellValue | null = text === '' ? null : item.kind === 'text' ? { text } : Number(text);
    return this.commitValue(row, at, value, keyTime, moveOn, direction, text);
  }

  private async submitId(row: GridRow, at: CellPosition, typed: string, moveOn: boolean): Promise<boolean> {
    if (!typed) return false;
    const keys = row.unsentKeys;
    row.unsentKeys = 0;
    row.pending += 1;
    this.view.refreshRows([row]);
    await this.commits.drained();
    const result = await this.api.setId({ batchId: this.batchId, rowId: row.rowId, participantId: typed, keystrokes: keys });
    row.pending -= 1;
    if (!result.ok) {
      row.unsentKeys += keys;
      this.view.refreshRows([row]);
      this.view.notify({ tone: 'error', key: 'notice.failed', params: { message: result.error.message } });
      return false;
    }
    const outcome = result.value;
    if (outcome.outcome === 'refused') {
      row.unsentKeys += keys;
      this.suggestions = outcome.suggestions;
      this.view.refreshRows([row]);
      this.view.notify({
        tone: 'error',
        // A duplicate keyed outside data entry (imported, or the demo's own) has no batch to name.
        key: outcome.refusal === 'keyedElsewhere' && !outcome.elsewhere?.label ? 'refusal.keyedOutsideEntry' : `refusal.${outcome.refusal}`,
        params: { id: formatId(typed), label: outcome.elsewhere?.label ?? '', position: outcome.elsewhere?.position ?? '' },
        suggestions: outcome.suggestions,
      });
      return false;
    }
    this.editing = null;
    this.suggestions = [];
    if (outcome.outcome === 'existing') {
      const index = this.rows.findIndex((candidate) => candidate.rowId === outcome.rowId);
      const target = this.rows[index]!;
      target.unsentKeys += keys;
      this.view.refreshRows([row]);
      this.view.notify({ tone: 'info', key: 'notice.jumped', params: { id: formatId(typed), position: outcome.position } });
      this.move(nextCell(this.rows, this.items, { rowIndex: index, column: 0 }, 1));
      return true;
    }
    const wasNew = row.rowId === null;
    Object.assign(row, { rowId: outcome.rowId, position: outcome.position, participantId: typed, warnings: outcome.warnings, failed: false });
    row.status ??= 'keying';
    if (wasNew) {
      const fresh = emptyRow(this.items.length);
      this.rows.push(fresh);
      this.view.appendRows([fresh]);
    }
    this.view.refreshRows([row]);
    this.view.notify(outcome.warnings.length > 0 ? { tone: 'warning', key: `warning.${outcome.warnings[0]!.kind}`, params: { ...outcome.warnings[0]! } } : null);
    if (moveOn) this.move(nextCell(this.rows, this.items, at, 1));
    return true;
  }

  /** Checks one value, shows it at once, queues its commit and moves on. */
  private commitValue(row: GridRow, at: CellPosition, value: CellValue | null, keyTime: number, moveOn: boolean, direction: 1 | -1 = 1, typed?: string): boolean {
    const index = at.column - 1;
    const item = this.items[index]!;
    if (row.rowId === null) {
      this.view.notify({ tone: 'error', key: 'notice.idFirst' });
      return false;
    }
    if (value !== null) {
      const problem = checkValue(item, value);
      if (problem) {
        if (typed !== undefined) this.editing = { key: row.key, column: at.column, text: typed };
        this.view.notify(problemNotice(problem, item.code));
        return false;
      }
      if (!askedAt(row, this.items, index)) {
        this.view.notify({ tone: 'error', key: 'problem.notAsked', params: { item: item.showIf?.item ?? '' }, item: item.code });
        return false;
      }
    }
    const before = row.cells[index] ?? null;
    const entry = this.history.record([{ rowKey: row.key, column: at.column, before, after: value }]);
    // The next cell is found once the value is in the row: skip logic may pass over items it rules out.
    const moveNext = moveOn ? () => this.move(nextCell(this.rows, this.items, at, direction)) : undefined;
    this.commits.send([{ row, column: at.column, value }], 'key', keyTime, entry, moveNext);
    this.view.notify(null);
    return true;
  }

  private async replay(kind: 'undo' | 'redo', keyTime: number): Promise<void> {
    const entry = kind === 'undo' ? this.history.undo() : this.history.redo();
    if (!entry) return this.view.notify({ tone: 'info', key: kind === 'undo' ? 'notice.nothingToUndo' : 'notice.nothingToRedo' });
    if (entry.deleted) {
      this.editing = null;
      const done = kind === 'undo' ? await this.deletion.undo(entry.deleted) : await this.deletion.redo(entry.deleted);
      if (!done) this.history.putBack(entry, kind);
      return;
    }
    const writes = (kind === 'undo' ? [...entry.writes].reverse() : entry.writes)
      .map((write: UndoWrite) => ({ row: this.rows.find((row) => row.key === write.rowKey)!, column: write.column, value: kind === 'undo' ? write.before : write.after }))
      .filter((write) => write.row && write.row.rowId !== null);
    if (writes.length === 0) return;
    this.editing = null;
    // Back to the first cell changed, moved to before the redraw as a key's move is (CommitQueue.send).
    this.commits.send(writes, kind, keyTime, null, () => this.move({ rowIndex: this.rows.indexOf(writes[0]!.row), column: writes[0]!.column }));
    this.view.notify({ tone: 'info', key: kind === 'undo' ? 'notice.undone' : 'notice.redone', params: { count: writes.length } });
  }

  private async paste(text: string): Promise<void> {
    const at = this.view.focused();
    const cells = parseTsv(text);
    if (!at || cells.length === 0) return;
    const anchor = this.row(at)!;
    await this.commits.drained();
    const result = await this.api.paste({ batchId: this.batchId, anchorRowId: anchor.rowId, anchorColumn: at.column, cells });
    if (!result.ok) return this.view.notify({ tone: 'error', key: 'notice.failed', params: { message: result.error.message } });
    if (!result.value.applied) {
      const firstRow = anchor.position ?? (this.rows.at(-2)?.position ?? 0) + 1;
      const problems = result.value.problems.map((problem) => ({
        row: firstRow + problem.row,
        column: problem.target,
        key: `problem.${problem.reason}`,
        params: problem.params,
      }));
      return this.view.notify({ tone: 'error', key: 'notice.pasteRefused', params: { count: problems.length }, problems });
    }
    const { refreshed, appended, undo } = mergePasted(this.rows, this.items, result.value);
    if (appended.length > 0) this.view.appendRows(appended);
    this.view.refreshRows(refreshed);
    this.history.record(undo);
    this.view.notify({ tone: 'info', key: 'notice.pasted', params: { count: undo.length } });
  }
}
