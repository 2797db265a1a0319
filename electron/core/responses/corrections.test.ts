import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { createSecondPass } from '../entry/batches';
import { commitCells } from '../entry/cells';
import { compareBatch } from '../entry/compare';
import { restoreRow } from '../entry/deleteRow';
import { setRowId } from '../entry/ids';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from '../entry/testStudy';
import { readStudySummary } from '../study/summary';
import { deleteForm, findForms, moveForm } from './corrections';
import { refreshDigests } from './digests';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy(30);
});
afterEach(() => study.close());

const perWave = (db: Db) => Object.fromEntries(readStudySummary(db).responsesPerWave.map((row) => [row.wave, row.responses]));
const refusal = (key: string, field?: string) => expect.objectContaining({ details: expect.objectContaining(field ? { key, field } : { key }) });

function keyForm(db: Db, batchId: number, participantId: string, values: Record<string, number>): number {
  const row = setRowId(db, { batchId, rowId: null, participantId });
  if (row.outcome !== 'accepted') throw new Error(`refused ${participantId}`);
  const writes = Object.entries(values).map(([itemCode, value]) => ({ rowId: row.rowId, itemCode, value }));
  expect(commitCells(db, { batchId, writes, action: 'key' })).toMatchObject({ applied: true });
  return row.rowId;
}

describe("an evaluator's corrections of whole forms", () => {
  it("lists an ID's forms with their batch, and deletes one with the reason, who and when", () => {
    const { db, fresh } = study;
    const batch = newBatch(db, { waveCode: 'fu', label: 'Box 9' });
    const rowId = keyForm(db, batch.id, fresh[0]!, { att1: 4, att2: 2 });
    const before = perWave(db);
    const found = findForms(db, { participantId: fresh[0]! });
    expect(found.forms).toEqual([
      expect.objectContaining({ waveCode: 'fu', versionCode: 'newcomer_en', source: 'paper', answers: 2, usable: true, batch: { id: batch.id, label: 'Box 9', position: 1, kind: 'keyed' } }),
    ]);
    refreshDigests(db);

    const at = new Date('2026-11-02T09:30:00.000Z');
    const after = deleteForm(db, { participantId: fresh[0]!, waveCode: 'fu', reason: 'Duplicate of the online form', by: 'Eva' }, at);
    expect(after.forms).toEqual([]);
    expect(after.changes).toEqual([
      { action: 'delete', waveCode: 'fu', toParticipantId: null, toWaveCode: null, reason: 'Duplicate of the online form', by: 'Eva', at: at.toISOString() },
    ]);
    expect(perWave(db)).toEqual({ ...before, fu: before.fu! - 1 });
    // Its row left the batch, logged with the evaluator as actor; its answers and digest are gone.
    expect(db.prepare('SELECT count(*) FROM entry_row WHERE batch_id = ?').pluck().get(batch.id)).toBe(0);
    expect(db.prepare("SELECT actor FROM entry_log WHERE action = 'delete' AND row_id = ?").pluck().get(rowId)).toBe('Eva');
    expect(db.prepare('SELECT count(*) FROM answer_digest WHERE response_id NOT IN (SELECT id FROM response)').pluck().get()).toBe(0);
    const stored = JSON.parse(db.prepare('SELECT before FROM form_change').pluck().get() as string) as { answers: Record<string, string> };
    expect(stored.answers).toEqual({ att1: '4', att2: '2' });

    expect(() => deleteForm(db, { participantId: fresh[0]!, waveCode: 'fu', reason: 'again', by: 'Eva' })).toThrow(refusal('evaluator.formNotFound'));
    expect(() => deleteForm(db, { participantId: fresh[1]!, waveCode: 'fu', reason: ' ', by: 'Eva' })).toThrow(refusal('evaluator.reasonMissing', 'reason'));
    expect(() => findForms(db, { participantId: '99999999' })).toThrow(refusal('evaluator.idNotFound'));
  });

  it('moves a keyed form to another ID: the row follows, in both keyings, and the counts stay', () => {
    const { db, fresh } = study;
    const first = newBatch(db, { waveCode: 'fu' });
    const rowId = keyForm(db, first.id, fresh[2]!, { att1: 4 });
    const second = createSecondPass(db, { parentBatchId: first.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    keyForm(db, second.id, fresh[2]!, { att1: 4 });
    expect(compareBatch(db, first.id).verified).toBe(true);
    const before = perWave(db);

    moveForm(db, { participantId: fresh[2]!, waveCode: 'fu', toParticipantId: fresh[3]!, reason: 'ID misread on the paper', by: 'Eva' });
    expect(findForms(db, { participantId: fresh[2]! }).forms).toEqual([]);
    expect(findForms(db, { participantId: fresh[3]! }).forms).toEqual([expect.objectContaining({ waveCode: 'fu', answers: 1 })]);
    expect(db.prepare('SELECT participant_id FROM entry_row WHERE id = ?').pluck().get(rowId)).toBe(fresh[3]);
    expect(compareBatch(db, first.id)).toMatchObject({ verified: true, formsCompared: 1 });
    expect(perWave(db)).toEqual(before);
    expect(findForms(db, { participantId: fresh[2]! }).changes).toEqual([expect.objectContaining({ action: 'move', toParticipantId: fresh[3], toWaveCode: null, by: 'Eva' })]);
  });

  it('moves a form to another wave: it leaves its batch for good and counts at the new wave', () => {
    const { db, fresh } = study;
    const batch = newBatch(db, { waveCode: 'fu' });
    const rowId = keyForm(db, batch.id, fresh[4]!, { att1: 3 });
    const before = perWave(db);
    moveForm(db, { participantId: fresh[4]!, waveCode: 'fu', toWaveCode: 'post', reason: 'Filed under the wrong wave', by: 'Eva' });
    expect(perWave(db)).toEqual({ ...before, fu: before.fu! - 1, post: before.post! + 1 });
    expect(findForms(db, { participantId: fresh[4]! }).forms).toEqual([expect.objectContaining({ waveCode: 'post', batch: null, answers: 1 })]);
    expect(db.prepare('SELECT count(*) FROM entry_row WHERE batch_id = ?').pluck().get(batch.id)).toBe(0);
    // The clerk's undo cannot bring the moved form back into the batch.
    expect(() => restoreRow(db, { batchId: batch.id, rowId })).toThrow(refusal('entryRowMoved'));
  });

  it('refuses a move onto a form, to the other group, to nowhere, or to an unknown ID or wave', () => {
    const { db, fresh, freshResident } = study;
    const batch = newBatch(db, { waveCode: 'fu' });
    keyForm(db, batch.id, fresh[5]!, { att1: 3 });
    keyForm(db, batch.id, fresh[6]!, { att1: 2 });
    const base = { participantId: fresh[5]!, waveCode: 'fu', reason: 'Check', by: 'Eva' };
    expect(() => moveForm(db, { ...base, toParticipantId: fresh[6]! })).toThrow(refusal('evaluator.moveTargetTaken', 'toParticipantId'));
    expect(() => moveForm(db, { ...base, toParticipantId: freshResident })).toThrow(refusal('evaluator.moveGroupMismatch', 'toParticipantId'));
    expect(() => moveForm(db, base)).toThrow(refusal('evaluator.moveNoTarget'));
    expect(() => moveForm(db, { ...base, toParticipantId: '12345678' })).toThrow(refusal('evaluator.idNotFound', 'toParticipantId'));
    expect(() => moveForm(db, { ...base, toWaveCode: 'later' })).toThrow(refusal('evaluator.waveNotFound', 'toWaveCode'));
    expect(() => moveForm(db, { ...base, toWaveCode: 'post', by: '' })).toThrow(refusal('evaluator.byMissing', 'by'));
    // A blank row of the target ID in the form's batch holds the place: refused until it is deleted.
    setRowId(db, { batchId: batch.id, rowId: null, participantId: fresh[7]! });
    expect(() => moveForm(db, { ...base, toParticipantId: fresh[7]! })).toThrow(refusal('evaluator.moveRowTaken', 'toParticipantId'));
    expect(db.prepare('SELECT count(*) FROM form_change').pluck().get()).toBe(0);
  });
});
