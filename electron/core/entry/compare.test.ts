import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecondPass, listBatches } from './batches';
import { commitCells } from './cells';
import { compareBatch, resolveDisagreement } from './compare';
import { setRowId } from './ids';
import { openSheet } from './rows';
import { keyingStats } from './stats';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from './testStudy';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy();
});
afterEach(() => study.close());

/** Keys a whole form: every item 3 unless `overrides` says otherwise. Returns the row id. */
function keyForm(batchId: number, participantId: string, overrides: Record<string, number> = {}, start = Date.UTC(2026, 9, 20, 9)): number {
  const { db } = study;
  const row = setRowId(db, { batchId, rowId: null, participantId, keystrokes: 8 }, new Date(start));
  if (row.outcome !== 'accepted') throw new Error('ID refused');
  openSheet(db, batchId).items.forEach((item, index) => {
    const value = overrides[item.code] ?? 3;
    commitCells(db, { batchId, action: 'key', writes: [{ rowId: row.rowId, itemCode: item.code, value }], keystrokes: [{ rowId: row.rowId, count: 1 }] }, new Date(start + (index + 1) * 2000));
  });
  return row.rowId;
}

const answerOf = (participantId: string, itemCode: string) =>
  study.db
    .prepare("SELECT a.value FROM answer a JOIN response r ON r.id = a.response_id JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = ? AND w.code = 'pre' AND a.item_code = ?")
    .pluck()
    .get(participantId, itemCode);

describe('double entry', () => {
  it('lists every disagreement, records the final value and who chose it, and verifies the batch when all are resolved', () => {
    const { db, fresh } = study;
    const first = newBatch(db);
    keyForm(first.id, fresh[0]!, { att1: 4 });
    keyForm(first.id, fresh[1]!);
    const second = createSecondPass(db, { parentBatchId: first.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    keyForm(second.id, fresh[0]!, { att1: 2 }, Date.UTC(2026, 9, 21, 9));
    keyForm(second.id, fresh[1]!, { anx1: 5 }, Date.UTC(2026, 9, 21, 10));

    const comparison = compareBatch(db, first.id);
    expect(comparison).toMatchObject({ formsCompared: 2, unresolved: 2, verified: false, firstClerk: 'Ana', secondClerk: 'Ben' });
    expect(comparison.disagreements).toEqual([
      { participantId: fresh[0], itemCode: 'att1', first: 4, second: 2, presence: 'both', resolution: null },
      { participantId: fresh[1], itemCode: 'anx1', first: 3, second: 5, presence: 'both', resolution: null },
    ]);
    expect(listBatches(db).find((batch) => batch.id === first.id)).toMatchObject({ verification: 'pending', unresolved: 2, secondPassId: second.id });

    // The paper says 2: the second clerk was right, and the study's data now holds 2.
    const afterOne = resolveDisagreement(db, { batchId: first.id, participantId: fresh[0]!, itemCode: 'att1', final: 2, chosenBy: 'Supervisor Sam' });
    expect(afterOne.unresolved).toBe(1);
    expect(afterOne.disagreements[0]).toMatchObject({ first: 4, second: 2, resolution: { final: 2, chosenBy: 'Supervisor Sam' } });
    expect(answerOf(fresh[0]!, 'att1')).toBe(2);
    // The paper says 3: the first keying stands.
    const afterTwo = resolveDisagreement(db, { batchId: first.id, participantId: fresh[1]!, itemCode: 'anx1', final: 3, chosenBy: 'Supervisor Sam' });
    expect(afterTwo).toMatchObject({ unresolved: 0, verified: true });
    expect(answerOf(fresh[1]!, 'anx1')).toBe(3);
    expect(listBatches(db).find((batch) => batch.id === first.id)).toMatchObject({ verification: 'verified', unresolved: 0 });
    expect(db.prepare("SELECT actor, before, after FROM entry_log WHERE action = 'resolve' ORDER BY id").all()).toEqual([
      { actor: 'Supervisor Sam', before: '4', after: '2' },
      { actor: 'Supervisor Sam', before: '3', after: '3' },
    ]);
    expect(() => resolveDisagreement(db, { batchId: first.id, participantId: fresh[1]!, itemCode: 'att1', final: 3, chosenBy: 'Sam' })).toThrow(
      /nothing to resolve/,
    );

    // Each clerk made one error in 2 forms x 19 items.
    const stats = keyingStats(db);
    const cells = 2 * openSheet(db, first.id).items.length;
    expect(stats.clerks).toEqual([
      expect.objectContaining({ clerk: 'Ana', forms: 2, cellsCompared: cells, errors: 1, errorRate: Math.round((1 / cells) * 10_000) / 10_000, unresolved: 0 }),
      expect.objectContaining({ clerk: 'Ben', forms: 2, cellsCompared: cells, errors: 1 }),
    ]);
  });

  it('reopens a resolution when a keying changes afterwards, and lists forms keyed in one pass only', () => {
    const { db, fresh } = study;
    const first = newBatch(db);
    const firstRow = keyForm(first.id, fresh[0]!, { att1: 4 });
    keyForm(first.id, fresh[2]!);
    const second = createSecondPass(db, { parentBatchId: first.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    keyForm(second.id, fresh[0]!, { att1: 2 });
    keyForm(second.id, fresh[3]!);
    resolveDisagreement(db, { batchId: first.id, participantId: fresh[0]!, itemCode: 'att1', final: 4, chosenBy: 'Sam' });
    const comparison = compareBatch(db, first.id);
    expect(comparison.disagreements.map((d) => [d.participantId, d.itemCode, d.presence, d.resolution !== null])).toEqual([
      [fresh[0], 'att1', 'both', true],
      [fresh[2], null, 'firstOnly', false],
      [fresh[3], null, 'secondOnly', false],
    ]);
    commitCells(db, { batchId: first.id, action: 'key', writes: [{ rowId: firstRow, itemCode: 'att1', value: 5 }] });
    expect(compareBatch(db, first.id).disagreements[0]).toMatchObject({ first: 5, second: 2, resolution: null });
    resolveDisagreement(db, { batchId: first.id, participantId: fresh[2]!, itemCode: null, final: null, chosenBy: 'Sam' });
    expect(compareBatch(db, first.id).disagreements[1]).toMatchObject({ presence: 'firstOnly', resolution: { chosenBy: 'Sam' } });
  });

  it('reports keying statistics per batch: forms, keystrokes per form, forms per hour, corrections', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const rowId = keyForm(batch.id, fresh[0]!);
    keyForm(batch.id, fresh[1]!, {}, Date.UTC(2026, 9, 20, 9, 5));
    commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: 'att1', value: 5 }], keystrokes: [{ rowId, count: 1 }] }, new Date(Date.UTC(2026, 9, 20, 9, 6)));
    const items = openSheet(db, batch.id).items.length;
    const [stats] = keyingStats(db).batches;
    // Two forms of 2 s per answer with a 5-minute gap between them (capped at 2 minutes as a pause).
    const activeMs = 2 * items * 2000 + 120_000 + (60_000 - items * 2000);
    expect(stats).toMatchObject({ forms: 2, keystrokes: 2 * (8 + items) + 1, corrections: 1, keystrokesPerForm: (2 * (8 + items) + 1) / 2 });
    expect(stats!.activeMinutes).toBeCloseTo(activeMs / 60_000, 1);
    expect(stats!.formsPerHour).toBeCloseTo((2 * 60) / (activeMs / 60_000), 0);
  });
});
