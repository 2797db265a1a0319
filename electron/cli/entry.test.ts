import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitCells } from '../core/entry/cells';
import { setRowId } from '../core/entry/ids';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from '../core/entry/testStudy';
import { expectOneSentenceError, PASSPHRASE, runCli } from './testSupport';

let study: EntryTestStudy;

beforeAll(() => {
  // One form keyed: an ID of 8 keys and one answer of 1 key.
  study = createEntryTestStudy(40, PASSPHRASE);
  const batch = newBatch(study.db);
  const row = setRowId(study.db, { batchId: batch.id, rowId: null, participantId: study.fresh[0]!, keystrokes: 8 });
  if (row.outcome !== 'accepted') throw new Error('ID refused');
  commitCells(study.db, { batchId: batch.id, action: 'key', writes: [{ rowId: row.rowId, itemCode: 'att1', value: 4 }], keystrokes: [{ rowId: row.rowId, count: 1 }] });
  study.db.close();
});
afterAll(() => study.close());

describe('mixwise entry stats', () => {
  it('prints keying statistics per clerk and batch as JSON', () => {
    const result = runCli(['entry', 'stats', '--study', study.path]);
    expect(result.status, result.stderr).toBe(0);
    const stats = JSON.parse(result.stdout) as { clerks: unknown[]; batches: unknown[] };
    expect(stats.clerks).toEqual([expect.objectContaining({ clerk: 'Ana', forms: 1, keystrokes: 9, keystrokesPerForm: 9, errorRate: null })]);
    expect(stats.batches).toEqual([expect.objectContaining({ label: 'Box 1', pass: 1, forms: 1 })]);
  });

  it('needs the study file', () => {
    expectOneSentenceError(runCli(['entry', 'stats']), 2);
  });
});
