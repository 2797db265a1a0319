import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../../../../electron/core/demo/generate';
import { unkeyedIds } from '../../../../electron/core/entry/testStudy';
import { ID_LENGTH as CORE_ID_LENGTH } from '../../../../electron/core/ids/damm';
import { openStudyFile } from '../../../../electron/core/study/file';
import { useTestCore } from '../../../../electron/core/testSupport';
import { ID_LENGTH, type CellPosition, type GridRow, type SheetData } from './gridModel';
import { formatId } from '../../../../electron/shared/ids/format';
import { cellDisplay } from './cellView';
import { classifyKey } from './keys';
import { SheetController, type EntryApi, type Notice } from './sheetController';

const { send, call, folder } = useTestCore('mixwise-sheet-');
const api: EntryApi = {
  setId: (input) => send('entry.row.setId', input) as never,
  commit: (input) => send('entry.cells.commit', input) as never,
  paste: (input) => send('entry.cells.paste', input) as never,
  deleteRow: (input) => send('entry.row.delete', input) as never,
  restoreRow: (input) => send('entry.row.restore', input) as never,
};

/** The grid stood in for by a cursor, a list of notices and the rows it would show. */
class FakeView {
  cursor: CellPosition = { rowIndex: 0, column: 0 };
  shown: GridRow[] = [];
  notices: (Notice | null)[] = [];
  focused = () => this.cursor;
  focus = (position: CellPosition) => void (this.cursor = position);
  refreshRows = () => undefined;
  appendRows = (rows: GridRow[]) => void this.shown.push(...rows);
  removeRows = (rows: GridRow[]) => void (this.shown = this.shown.filter((row) => !rows.includes(row)));
  insertRow = (row: GridRow, index: number) => void this.shown.splice(index, 0, row);
  notify = (notice: Notice | null) => void this.notices.push(notice);
  left = 0;
  leave = () => void (this.left += 1);
  get last() {
    return this.notices.at(-1) ?? null;
  }
}

async function openBatch(waveCode = 'fu', versionCode = 'resident_en') {
  await call('demo.open', {});
  const batch = await call<{ id: number }>('entry.batch.create', {
    waveCode,
    versionCode,
    label: 'Box',
    clerk: 'Ana',
    keyedOn: '2026-10-20',
  });
  const sheet = await call<SheetData>('entry.batch.open', { batchId: batch.id });
  const view = new FakeView();
  const controller = new SheetController(batch.id, sheet.items, sheet.missingCodes, api, view);
  const demo = openStudyFile(join(folder(), 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  const ids = unkeyedIds(demo, 'resident', waveCode, 3);
  demo.close();
  const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; altKey: boolean; shiftKey: boolean }> = {}) => {
    const action = classifyKey({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers });
    if (action) controller.handleKey(action, Number.NaN);
    return action !== null;
  };
  const type = (text: string) => [...text].forEach((key) => press(key));
  return { batch, sheet, view, controller, ids, press, type };
}

describe('the entry grid controller against the real core', () => {
  it('keys a form with one key per answer and moves on to the next form without Enter', async () => {
    const { batch, sheet, view, controller, ids, type, press } = await openBatch();
    expect(ID_LENGTH).toBe(CORE_ID_LENGTH);
    type(ids[0]!);
    type('1234512345123451234'.slice(0, sheet.items.length));
    await controller.idle();
    expect(view.cursor).toEqual({ rowIndex: 1, column: 0 });
    const [row] = await call<{ participantId: string; keystrokes: number; status: string; cells: unknown[] }[]>('entry.rows', {
      batchId: batch.id,
      offset: 0,
      limit: 10,
    });
    expect(row).toMatchObject({ participantId: ids[0], status: 'complete', keystrokes: ID_LENGTH + sheet.items.length });
    expect(row!.cells.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(controller.rows.map((gridRow) => gridRow.rowId === null)).toEqual([false, true]);
    // Esc drops what is being typed; with nothing typed it leaves the grid (Tab is taken by keying).
    type('123');
    press('Escape');
    await controller.idle();
    expect([controller.editing, view.left]).toEqual([null, 0]);
    press('Escape');
    await controller.idle();
    expect(view.left).toBe(1);
  });

  it('takes an ID typed as printed, with a space or a dash after four digits, and shows it in fours', async () => {
    const { batch, view, controller, ids, type } = await openBatch();
    const [spaced, dashed] = [ids[0]!, ids[1]!];
    type(`${spaced.slice(0, 4)} ${spaced.slice(4)}`);
    await controller.idle();
    expect(view.notices.filter((notice) => notice?.tone === 'error')).toEqual([]);
    expect(cellDisplay(controller, controller.rows[0]!, 0)).toBe(`${spaced.slice(0, 4)} ${spaced.slice(4)}`);
    view.focus({ rowIndex: 1, column: 0 });
    type(`${dashed.slice(0, 4)}-${dashed.slice(4, 6)}`);
    await controller.idle();
    expect(cellDisplay(controller, controller.rows[1]!, 0)).toBe(`${dashed.slice(0, 4)} ${dashed.slice(4, 6)}`);
    type(dashed.slice(6));
    await controller.idle();
    const rows = await call<{ participantId: string }[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 10 });
    expect(rows.map((row) => row.participantId)).toEqual([spaced, dashed]);
    expect(view.notices.filter((notice) => notice?.tone === 'error')).toEqual([]);
  });

  it('refuses a digit out of range with the range, and stores missing codes from their keys', async () => {
    const { batch, view, controller, ids, type, press } = await openBatch();
    type(ids[0]!);
    press('7');
    await controller.idle();
    expect(view.last).toEqual({ tone: 'error', key: 'problem.outOfRange', params: { min: 1, max: 5 }, item: 'att1' });
    expect(view.cursor).toEqual({ rowIndex: 0, column: 1 });
    press('r');
    press('/');
    await controller.idle();
    const [row] = await call<{ cells: unknown[] }[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 10 });
    expect(row!.cells.slice(0, 3)).toEqual([{ missing: 'refused' }, { missing: 'dont_know' }, null]);
  });

  it('offers the intended ID after two swapped digits, and takes it with Alt+1', async () => {
    const { view, controller, ids, type, press } = await openBatch();
    const id = ids[0]!;
    const at = [...id].findIndex((digit, index) => index + 1 < id.length && digit !== id[index + 1]);
    const swapped = id.slice(0, at) + id[at + 1] + id[at] + id.slice(at + 2);
    type(swapped);
    await controller.idle();
    expect(view.last).toMatchObject({ tone: 'error', key: 'refusal.checkDigit', suggestions: expect.arrayContaining([id]) });
    press(String(view.last!.suggestions!.indexOf(id) + 1), { altKey: true });
    await controller.idle();
    expect(controller.rows[0]).toMatchObject({ participantId: id, rowId: expect.any(Number) });
    expect(view.cursor).toEqual({ rowIndex: 0, column: 1 });
  });

  it('jumps to the form when its ID is typed again, and undoes and redoes across cells', async () => {
    const { batch, view, controller, ids, type, press } = await openBatch();
    type(ids[0]!);
    type('345');
    await controller.idle();
    view.cursor = { rowIndex: 1, column: 0 };
    type(ids[0]!);
    await controller.idle();
    expect(view.last).toMatchObject({ tone: 'info', key: 'notice.jumped', params: { position: 1 } });
    expect(view.cursor).toEqual({ rowIndex: 0, column: 1 });
    press('z', { ctrlKey: true });
    press('z', { ctrlKey: true });
    await controller.idle();
    const cells = async () =>
      (await call<{ cells: unknown[] }[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 10 }))[0]!.cells.slice(0, 3);
    expect(await cells()).toEqual([3, null, null]);
    press('y', { ctrlKey: true });
    await controller.idle();
    expect(await cells()).toEqual([3, 4, null]);
  });

  it('applies nothing from a paste with one bad cell and lists it', async () => {
    const { batch, view, controller, ids } = await openBatch();
    view.cursor = { rowIndex: 0, column: 0 };
    controller.handlePaste(`${ids[0]}\t1\t2\r\n${ids[1]}\t3\t9\r\n`);
    await controller.idle();
    expect(view.last).toMatchObject({
      tone: 'error',
      key: 'notice.pasteRefused',
      problems: [{ row: 2, column: expect.any(String), key: 'problem.outOfRange', params: { min: 1, max: 5 } }],
    });
    expect(await call<unknown[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 10 })).toEqual([]);
    controller.handlePaste(`${ids[0]}\t1\t2\n${ids[1]}\t3\t4\n`);
    await controller.idle();
    expect(controller.rows.map((row) => [row.participantId, row.cells[0], row.cells[1]])).toEqual([
      [ids[0], 1, 2],
      [ids[1], 3, 4],
      ['', null, null],
    ]);
  });

  it('deletes a form keyed by mistake only after a second Ctrl+Delete, and Ctrl+Z brings it back with its answers', async () => {
    const { batch, view, controller, ids, type, press } = await openBatch();
    const rowsInFile = async () =>
      await call<{ participantId: string; cells: unknown[] }[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 10 });
    type(ids[0]!);
    type('345');
    await controller.idle();
    view.cursor = { rowIndex: 1, column: 0 };
    type(ids[1]!);
    type('2');
    await controller.idle();
    view.cursor = { rowIndex: 0, column: 2 };
    press('Delete', { ctrlKey: true });
    await controller.idle();
    expect(view.last).toMatchObject({
      tone: 'warning',
      key: 'notice.confirmDelete',
      params: { position: 1, id: formatId(ids[0]!), count: 3 },
      confirm: 'deleteRow',
    });
    // Esc keeps it: nothing left the file.
    press('Escape');
    await controller.idle();
    expect(view.last).toBeNull();
    expect((await rowsInFile()).map((row) => row.participantId)).toEqual([ids[0], ids[1]]);

    press('Delete', { ctrlKey: true });
    press('Delete', { ctrlKey: true });
    await controller.idle();
    expect(view.last).toMatchObject({ tone: 'info', key: 'notice.deleted', params: { position: 1, id: formatId(ids[0]!) } });
    expect((await rowsInFile()).map((row) => row.participantId)).toEqual([ids[1]]);
    expect(controller.rows.map((row) => row.participantId)).toEqual([ids[1], '']);
    expect(view.cursor).toEqual({ rowIndex: 0, column: 0 });

    press('z', { ctrlKey: true });
    await controller.idle();
    expect(view.last).toMatchObject({ tone: 'info', key: 'notice.restored', params: { position: 1, id: formatId(ids[0]!) } });
    const restored = await rowsInFile();
    expect(restored.map((row) => [row.participantId, row.cells.slice(0, 3)])).toEqual([
      [ids[0], [3, 4, 5]],
      [ids[1], [2, null, null]],
    ]);
    expect(controller.rows.map((row) => [row.participantId, row.cells[0]])).toEqual([
      [ids[0], 3],
      [ids[1], 2],
      ['', null],
    ]);
    // An undo step keyed before the deletion still finds the restored row (same grid row key).
    press('z', { ctrlKey: true });
    await controller.idle();
    expect((await rowsInFile())[1]!.cells[0]).toBeNull();
    press('y', { ctrlKey: true });
    press('y', { ctrlKey: true });
    await controller.idle();
    expect((await rowsInFile()).map((row) => row.participantId)).toEqual([ids[1]]);
  });
});
