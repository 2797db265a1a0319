import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../api/dispatch';
import { pasteBlock } from '../entry/paste';
import { createEntryTestStudy, newBatch, unkeyedIds, type EntryTestStudy } from '../entry/testStudy';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { openStudyFile } from '../study/file';

let study: EntryTestStudy;
let core: CoreApp;
const dialogs = { savePath: null as string | null, batchFile: null as string | null };

beforeEach(() => {
  study = createEntryTestStudy(20);
  const ids = unkeyedIds(study.db, 'newcomer', 'pre', 3);
  const box = newBatch(study.db, { label: 'Box 1' }).id;
  pasteBlock(study.db, { batchId: box, anchorRowId: null, anchorColumn: 0, cells: [[ids[0]!, '1', '2']] });
  study.db.close();
  copyFileSync(study.path, join(study.folder, 'b.mixwise'));
  const a = openStudyFile(study.path, study.passphrase);
  pasteBlock(a, { batchId: box, anchorRowId: null, anchorColumn: 0, cells: [[ids[1]!, '3', '3']] });
  a.close();
  const b = openStudyFile(join(study.folder, 'b.mixwise'), study.passphrase);
  // B keyed the first form's first answer differently: a conflict to settle.
  pasteBlock(b, { batchId: box, anchorRowId: 1, anchorColumn: 1, cells: [['4']] });
  b.close();
  core = testCore(study.folder, { dialogs: { chooseSavePath: async () => dialogs.savePath, chooseBatchFile: async () => dialogs.batchFile } });
});

afterEach(async () => {
  await core.dispose();
  study.close();
});

async function value<T = Record<string, unknown>>(name: string, input: unknown): Promise<T> {
  const result = await dispatch(core.handlers, name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('the merge API through dispatch', () => {
  it('exports through the save dialog, previews, imports and resolves on the other copy', async () => {
    await value('study.open', { path: study.path, passphrase: study.passphrase });
    expect(await dispatch(core.handlers, 'merge.exportBatches', { batchIds: [1], passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', key: 'passphraseTooShort' },
    });
    // Cancelled dialog: nothing written.
    expect(await value('merge.exportBatches', { batchIds: [1], passphrase: 'batch-pass-123' })).toMatchObject({ path: null });
    dialogs.savePath = join(study.folder, 'out.mixbatch');
    expect(await value('merge.exportBatches', { batchIds: [1], passphrase: 'batch-pass-123' })).toMatchObject({ fileName: 'out.mixbatch', batches: 1, forms: 2 });
    expect(readdirSync(study.folder).filter((name) => name.includes('.part'))).toEqual([]);

    await value('study.open', { path: join(study.folder, 'b.mixwise'), passphrase: study.passphrase });
    dialogs.batchFile = dialogs.savePath;
    const { path } = await value<{ path: string }>('merge.chooseFile', {});
    expect(await dispatch(core.handlers, 'merge.preview', { path, passphrase: 'wrong-pass-123' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', key: 'mergeWrongPassphrase' },
    });
    const preview = await value<{ summary: Record<string, number>; conflicts: unknown[] }>('merge.preview', { path, passphrase: 'batch-pass-123' });
    expect(preview.summary).toMatchObject({ formsNew: 1, formsConflicting: 1, conflicts: 1 });
    expect(preview.conflicts).toEqual([expect.objectContaining({ here: 4, incoming: 1 })]);
    expect(await value('merge.import', { path, passphrase: 'batch-pass-123' })).toMatchObject({ formsNew: 1, conflicts: 1 });
    const listed = await value<{ conflicts: { id: number; resolution: unknown }[]; missingCodes: unknown }>('merge.conflicts.list', {});
    expect(listed.missingCodes).toEqual({ skipped: 97, refused: 98, dont_know: 99 });
    expect(await dispatch(core.handlers, 'merge.conflicts.resolve', { conflictId: listed.conflicts[0]!.id, final: 'four', chosenBy: 'Lead' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const resolved = await value('merge.conflicts.resolve', { conflictId: listed.conflicts[0]!.id, final: { missing: 'refused' }, chosenBy: 'Lead' });
    expect(resolved).toMatchObject({ here: { missing: 'refused' }, resolution: { final: { missing: 'refused' }, chosenBy: 'Lead' } });
    expect(existsSync(path)).toBe(true);
  });
});
