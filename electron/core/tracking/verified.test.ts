import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecondPass } from '../entry/batches';
import { commitCells } from '../entry/cells';
import { resolveDisagreement } from '../entry/compare';
import { setRowId } from '../entry/ids';
import { openSheet } from '../entry/rows';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from '../entry/testStudy';
import { buildTrackingReport } from './report';

let study: EntryTestStudy;
beforeEach(() => {
  study = createEntryTestStudy();
});
afterEach(() => study.close());

/** Keys a whole form with 3 everywhere, or `firstItem` for the first item. Returns that item's code. */
function keyForm(batchId: number, participantId: string, firstItem = 3): string {
  const row = setRowId(study.db, { batchId, rowId: null, participantId, keystrokes: 8 });
  if (row.outcome !== 'accepted') throw new Error('ID refused');
  const items = openSheet(study.db, batchId).items;
  items.forEach((item, index) => {
    const value = index === 0 ? firstItem : 3;
    commitCells(study.db, { batchId, action: 'key', writes: [{ rowId: row.rowId, itemCode: item.code, value }], keystrokes: [{ rowId: row.rowId, count: 1 }] });
  });
  return items[0]!.code;
}

describe('verified counts in the tracking report', () => {
  it("counts a batch's forms as verified only once its second keying agrees or every disagreement is resolved", () => {
    const { db, fresh } = study;
    const verified = () => buildTrackingReport(db).waves.find((wave) => wave.wave === 'pre')!.verified;
    const before = verified()!;
    expect(before).toBe(0);
    const first = newBatch(db);
    keyForm(first.id, fresh[0]!);
    keyForm(first.id, fresh[1]!);
    expect(verified()).toBe(before);
    const second = createSecondPass(db, { parentBatchId: first.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    keyForm(second.id, fresh[0]!);
    // One disagreement keeps the batch unverified until it is resolved against the paper.
    const code = keyForm(second.id, fresh[1]!, 4);
    expect(verified()).toBe(before);
    resolveDisagreement(db, { batchId: first.id, participantId: fresh[1]!, itemCode: code, final: 3, chosenBy: 'Supervisor' });
    expect(verified()).toBe(before + 2);
  });
});
