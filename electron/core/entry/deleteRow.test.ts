import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { commitImport } from '../imports/commit';
import { readImportTable } from '../imports/table';
import { readStudySummary } from '../study/summary';
import { countedTrackingReport } from '../tracking/counts';
import { batchSummary, createSecondPass } from './batches';
import { commitCells } from './cells';
import { compareBatch } from './compare';
import { deleteRow, restoreRow } from './deleteRow';
import { setRowId } from './ids';
import { listRows } from './rows';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from './testStudy';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy(30);
});
afterEach(() => study.close());

/** Questionnaires received at a wave as study.summary (Overview, `mixwise info`) and tracking count them. */
function received(db: Db, wave: string): { summary: number; tracking: number } {
  const summary = readStudySummary(db).responsesPerWave.find((row) => row.wave === wave)!.responses;
  const tracking = countedTrackingReport(db).waves.find((row) => row.wave === wave)!.received;
  return { summary, tracking };
}

function keyRow(db: Db, batchId: number, participantId: string): number {
  const result = setRowId(db, { batchId, rowId: null, participantId });
  if (result.outcome !== 'accepted') throw new Error(`ID ${participantId} refused: ${JSON.stringify(result)}`);
  return result.rowId;
}

function key(db: Db, batchId: number, rowId: number, values: Record<string, number | null>) {
  const writes = Object.entries(values).map(([itemCode, value]) => ({ rowId, itemCode, value }));
  return commitCells(db, { batchId, writes, action: 'key' });
}

async function importForm(db: Db, participantId: string, waveCode: string) {
  const content = Buffer.from(`participant_id,Q_att1,Q_att2\r\n${participantId},4,2\r\n`, 'utf8');
  const mapping: ImportMapping = {
    versionCode: 'newcomer_en',
    idColumn: 'participant_id',
    skipRows: 0,
    columns: { Q_att1: 'att1', Q_att2: 'att2' },
    recode: {},
    match: {},
  };
  const table = await readImportTable('kobo.csv', content);
  return commitImport(db, { fileName: 'kobo.csv', content, table, waveCode, mapping, actor: 'Evaluator' });
}

describe('blank rows', () => {
  it('are not counted and do not block an import of the same ID; the row then refuses answers', async () => {
    const { db, fresh } = study;
    const before = received(db, 'fu');
    expect(before.summary).toBe(before.tracking);
    const batch = newBatch(db, { waveCode: 'fu' });
    const blank = keyRow(db, batch.id, fresh[0]!);
    // An ID typed and nothing else: no questionnaire, so nothing counts it.
    expect(db.prepare('SELECT count(*) FROM response WHERE participant_id = ?').pluck().get(fresh[0]!)).toBe(0);
    expect(received(db, 'fu')).toEqual(before);
    // The real form arrives online: the import takes it.
    expect(await importForm(db, fresh[0]!, 'fu')).toMatchObject({ imported: 1, held: 0 });
    expect(received(db, 'fu')).toEqual({ summary: before.summary + 1, tracking: before.tracking + 1 });
    // The blank row's first answer would be a second questionnaire at this wave: refused, nothing written.
    expect(key(db, batch.id, blank, { att1: 3 })).toEqual({
      applied: false,
      problems: [{ index: 0, itemCode: 'att1', problem: { reason: 'formElsewhere', label: expect.stringMatching(/kobo/) as string, position: 1 } }],
    });
    expect(received(db, 'fu')).toEqual({ summary: before.summary + 1, tracking: before.tracking + 1 });
  });

  it('gain a questionnaire with the first answer and lose it with the last', () => {
    const { db, fresh } = study;
    const before = received(db, 'fu');
    const batch = newBatch(db, { waveCode: 'fu' });
    const rowId = keyRow(db, batch.id, fresh[1]!);
    expect(batchSummary(db, batch.id).forms).toBe(0);
    expect(key(db, batch.id, rowId, { att1: 4, att2: 2 })).toMatchObject({ applied: true });
    expect(batchSummary(db, batch.id).forms).toBe(1);
    expect(received(db, 'fu')).toEqual({ summary: before.summary + 1, tracking: before.tracking + 1 });
    expect(key(db, batch.id, rowId, { att1: null, att2: null })).toMatchObject({ applied: true });
    expect(db.prepare('SELECT response_id FROM entry_row WHERE id = ?').pluck().get(rowId)).toBeNull();
    expect(db.prepare('SELECT count(*) FROM response WHERE participant_id = ?').pluck().get(fresh[1]!)).toBe(0);
    expect(received(db, 'fu')).toEqual(before);
    // The row is still there with its ID, and keying it again makes the questionnaire again.
    expect(listRows(db, batch.id, 0, 10).map((row) => row.participantId)).toEqual([fresh[1]]);
    expect(key(db, batch.id, rowId, { att1: 5 })).toMatchObject({ applied: true });
    expect(received(db, 'fu').summary).toBe(before.summary + 1);
  });

  it('are no form in a double-entry comparison, in either keying', () => {
    const { db, fresh } = study;
    const first = newBatch(db, { waveCode: 'fu' });
    const keyed = keyRow(db, first.id, fresh[2]!);
    key(db, first.id, keyed, { att1: 4 });
    keyRow(db, first.id, fresh[3]!);
    const second = createSecondPass(db, { parentBatchId: first.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    const again = keyRow(db, second.id, fresh[2]!);
    key(db, second.id, again, { att1: 4 });
    keyRow(db, second.id, fresh[4]!);
    const comparison = compareBatch(db, first.id);
    expect(comparison.disagreements.filter((disagreement) => disagreement.itemCode === null)).toEqual([]);
    expect(comparison.formsCompared).toBe(1);
  });
});

describe('deleting a row', () => {
  it('takes its form out of every count, logs who and when with its content, and undoes', () => {
    const { db, fresh } = study;
    const before = received(db, 'fu');
    const batch = newBatch(db, { waveCode: 'fu', clerk: 'Ana' });
    const kept = keyRow(db, batch.id, fresh[0]!);
    key(db, batch.id, kept, { att1: 4 });
    const mistake = keyRow(db, batch.id, fresh[1]!);
    key(db, batch.id, mistake, { att1: 2, att2: 3 });
    expect(received(db, 'fu').summary).toBe(before.summary + 2);

    const at = new Date('2026-10-20T10:15:00.000Z');
    expect(deleteRow(db, { batchId: batch.id, rowId: mistake }, at)).toEqual({ rowId: mistake, position: 2 });
    expect(received(db, 'fu')).toEqual({ summary: before.summary + 1, tracking: before.tracking + 1 });
    expect(db.prepare('SELECT count(*) FROM response WHERE participant_id = ?').pluck().get(fresh[1]!)).toBe(0);
    expect(listRows(db, batch.id, 0, 10).map((row) => row.rowId)).toEqual([kept]);
    // The audit trail says who (the batch's clerk) and when, and keeps everything the row held.
    const line = db.prepare("SELECT row_id AS rowId, actor, at, before FROM entry_log WHERE action = 'delete'").get() as {
      rowId: number;
      actor: string;
      at: number;
      before: string;
    };
    expect(line).toMatchObject({ rowId: mistake, actor: 'Ana', at: at.getTime() });
    expect(JSON.parse(line.before)).toMatchObject({ participantId: fresh[1], position: 2, cells: { att1: '2', att2: '3' } });

    // Its position stays free: the next form is number 3, and undo puts the row back as it was.
    const next = keyRow(db, batch.id, fresh[2]!);
    expect(db.prepare('SELECT position FROM entry_row WHERE id = ?').pluck().get(next)).toBe(3);
    expect(next).not.toBe(mistake);
    const restored = restoreRow(db, { batchId: batch.id, rowId: mistake });
    expect(restored).toMatchObject({ rowId: mistake, position: 2, participantId: fresh[1] });
    expect(restored.cells.filter((cell) => cell !== null)).toEqual([2, 3]);
    expect(received(db, 'fu').summary).toBe(before.summary + 2);
    expect(listRows(db, batch.id, 0, 10).map((row) => row.position)).toEqual([1, 2, 3]);
    expect(() => restoreRow(db, { batchId: batch.id, rowId: mistake })).toThrow(expect.objectContaining({ details: expect.objectContaining({ key: 'entryRowNotDeleted' }) }));
  });

  it('refuses to undo when the ID came back in the batch or got a questionnaire elsewhere', async () => {
    const { db, fresh } = study;
    const batch = newBatch(db, { waveCode: 'fu' });
    const rowId = keyRow(db, batch.id, fresh[5]!);
    key(db, batch.id, rowId, { att1: 1 });
    deleteRow(db, { batchId: batch.id, rowId });
    const retyped = keyRow(db, batch.id, fresh[5]!);
    expect(() => restoreRow(db, { batchId: batch.id, rowId })).toThrow(expect.objectContaining({ details: expect.objectContaining({ key: 'entryRowRestoreInBatch' }) }));
    deleteRow(db, { batchId: batch.id, rowId: retyped });
    await importForm(db, fresh[5]!, 'fu');
    expect(() => restoreRow(db, { batchId: batch.id, rowId })).toThrow(expect.objectContaining({ details: expect.objectContaining({ key: 'entryRowRestoreTaken' }) }));
  });

  it("refuses a first keying's row keyed a second time, until the second keying's row is deleted", () => {
    const { db, fresh } = study;
    const first = newBatch(db, { waveCode: 'fu' });
    const rowId = keyRow(db, first.id, fresh[6]!);
    key(db, first.id, rowId, { att1: 4 });
    const second = createSecondPass(db, { parentBatchId: first.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    const secondRow = keyRow(db, second.id, fresh[6]!);
    key(db, second.id, secondRow, { att1: 4 });
    expect(() => deleteRow(db, { batchId: first.id, rowId })).toThrow(expect.objectContaining({ details: expect.objectContaining({ key: 'entryRowKeyedTwice' }) }));
    deleteRow(db, { batchId: second.id, rowId: secondRow });
    expect(db.prepare('SELECT count(*) FROM entry_cell').pluck().get()).toBe(0);
    deleteRow(db, { batchId: first.id, rowId });
    expect(compareBatch(db, first.id)).toMatchObject({ formsCompared: 0, disagreements: [] });
  });
});
