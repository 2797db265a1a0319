import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../../../../electron/core/demo/generate';
import { unkeyedIds } from '../../../../electron/core/entry/testStudy';
import { openStudyFile } from '../../../../electron/core/study/file';
import { useTestCore } from '../../../../electron/core/testSupport';
import { CommitQueue } from './commitQueue';
import { emptyRow, type GridRow, type SheetData } from './gridModel';
import type { EntryApi, Notice, SheetView } from './sheetTypes';
import { UndoHistory } from './undo';

const { send, call, folder } = useTestCore('mixwise-commits-');
const api: EntryApi = {
  setId: (input) => send('entry.row.setId', input) as never,
  commit: (input) => send('entry.cells.commit', input) as never,
  paste: (input) => send('entry.cells.paste', input) as never,
  deleteRow: (input) => send('entry.row.delete', input) as never,
  restoreRow: (input) => send('entry.row.restore', input) as never,
};

/** A batch of the demo with one form whose ID is set, and a queue over it that records what it shows. */
async function oneForm() {
  await call('demo.open', {});
  const batch = await call<{ id: number }>('entry.batch.create', { waveCode: 'fu', versionCode: 'resident_en', label: 'Box', clerk: 'Ana', keyedOn: '2026-10-20' });
  const sheet = await call<SheetData>('entry.batch.open', { batchId: batch.id });
  const demo = openStudyFile(join(folder(), 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  const [id] = unkeyedIds(demo, 'resident', 'fu', 1);
  demo.close();
  const set = await call<{ outcome: string; rowId: number }>('entry.row.setId', { batchId: batch.id, rowId: null, participantId: id, keystrokes: 8 });
  expect(set.outcome).toBe('accepted');
  const row: GridRow = { ...emptyRow(sheet.items.length), rowId: set.rowId, participantId: id!, status: 'keying' };
  const notices: (Notice | null)[] = [];
  const redrawn: GridRow[][] = [];
  const view: SheetView = {
    focused: () => null,
    focus: () => undefined,
    refreshRows: (rows) => void redrawn.push(rows),
    appendRows: () => undefined,
    removeRows: () => undefined,
    insertRow: () => undefined,
    notify: (notice) => void notices.push(notice),
    leave: () => undefined,
  };
  const history = new UndoHistory();
  const queue = new CommitQueue(batch.id, sheet.items, api, view, history);
  const saved = async () => (await call<{ cells: unknown[] }[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 1 }))[0]!.cells;
  return { sheet, row, notices, redrawn, history, queue, saved };
}

describe('the commit queue against the real core', () => {
  it('shows a write at once as saving, and as saved once the file has it', async () => {
    const { row, queue, saved, redrawn } = await oneForm();
    const moves: string[] = [];
    queue.send([{ row, column: 1, value: 3 }], 'key', Number.NaN, null, () => moves.push('moved'));
    // On screen before the answer, the cursor moved before the redraw (one layout per key).
    expect([row.cells[0], row.pendingCells.get(1), row.pending, moves, redrawn.length]).toEqual([3, 1, 1, ['moved'], 1]);
    await queue.drained();
    expect([row.pendingCells.get(1), row.pending, row.failed]).toEqual([0, 0, false]);
    expect((await saved())[0]).toBe(3);
  });

  it('puts back a value the core refuses, forgets its undo step and names the problem', async () => {
    const { row, queue, saved, notices, history } = await oneForm();
    queue.send([{ row, column: 1, value: 2 }], 'key', Number.NaN, history.record([{ rowKey: row.key, column: 1, before: null, after: 2 }]));
    // Out of range: the controller never sends it, so this is the core's own check answering.
    const refused = history.record([{ rowKey: row.key, column: 1, before: 2, after: 99 }]);
    queue.send([{ row, column: 1, value: 99 }], 'key', Number.NaN, refused);
    expect(row.cells[0]).toBe(99);
    await queue.drained();
    expect(row.cells[0]).toBe(2);
    expect(notices.at(-1)).toMatchObject({ tone: 'error', key: 'problem.outOfRange' });
    expect(history.undo()?.writes[0]?.after).toBe(2);
    expect((await saved())[0]).toBe(2);
  });

  it('marks the row failed and puts the value back when the study is gone before the commit', async () => {
    const { row, queue, notices } = await oneForm();
    await call('study.lock', {});
    queue.send([{ row, column: 1, value: 4 }], 'key', Number.NaN, null);
    await queue.drained();
    expect([row.cells[0], row.failed, row.pending]).toEqual([null, true, 0]);
    expect(notices.at(-1)).toMatchObject({ tone: 'error', key: 'notice.failed' });
  });
});
