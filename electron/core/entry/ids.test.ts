import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidDammId } from '../ids/damm';
import { commitCells } from './cells';
import { idNeighbours, setRowId } from './ids';
import { createEntryTestStudy, LEGACY_ID, newBatch, type EntryTestStudy } from './testStudy';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy();
});
afterEach(() => study.close());

/** The ID with the first pair of different neighbouring digits swapped: the classic copying slip. */
function swapped(id: string): string {
  for (let i = 0; i + 1 < id.length; i++) {
    if (id[i] !== id[i + 1]) return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  }
  throw new Error('no pair to swap');
}

describe('the ID column', () => {
  it('lists every ID one substitution or one adjacent swap away', () => {
    const neighbours = idNeighbours('1234');
    expect(neighbours).toContain('2134');
    expect(neighbours).toContain('1324');
    expect(neighbours).toContain('9234');
    expect(neighbours).not.toContain('1234');
    expect(neighbours).toHaveLength(3 + 4 * 9);
  });

  it('refuses a failed check digit and suggests the roster ID with the two digits swapped back', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const intended = fresh[0]!;
    const typed = swapped(intended);
    expect(isValidDammId(typed)).toBe(false);
    const result = setRowId(db, { batchId: batch.id, rowId: null, participantId: typed });
    expect(result).toMatchObject({ outcome: 'refused', refusal: 'checkDigit' });
    expect(result.outcome === 'refused' && result.suggestions).toContain(intended);
    expect(db.prepare('SELECT count(*) FROM entry_row').pluck().get()).toBe(0);
  });

  it('refuses a valid ID that is not on the roster, and accepts a legacy ID without check digit', () => {
    const { db } = study;
    const batch = newBatch(db);
    expect(setRowId(db, { batchId: batch.id, rowId: null, participantId: '00000000' })).toMatchObject({
      outcome: 'refused',
      refusal: 'notOnRoster',
    });
    expect(setRowId(db, { batchId: batch.id, rowId: null, participantId: LEGACY_ID })).toMatchObject({ outcome: 'accepted', warnings: [] });
  });

  it('jumps to the row of an ID already keyed in the batch, and refuses one keyed for this wave elsewhere', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const first = setRowId(db, { batchId: batch.id, rowId: null, participantId: fresh[0]!, keystrokes: 8 });
    expect(first).toMatchObject({ outcome: 'accepted', position: 1 });
    expect(setRowId(db, { batchId: batch.id, rowId: null, participantId: fresh[0]! })).toEqual({
      outcome: 'existing',
      rowId: first.outcome === 'accepted' ? first.rowId : -1,
      position: 1,
    });
    // A row with only its ID is no form yet (issue 23, point 4): another batch may take the same ID ...
    const other = newBatch(db, { label: 'Box 2' });
    const blank = setRowId(db, { batchId: other.id, rowId: null, participantId: fresh[0]! });
    expect(blank).toMatchObject({ outcome: 'accepted', position: 1 });
    // ... until one of the two has an answer: the ID is then refused elsewhere, and so is the other row's first answer.
    const rowOf = (result: typeof first) => (result.outcome === 'accepted' ? result.rowId : -1);
    expect(commitCells(db, { batchId: batch.id, writes: [{ rowId: rowOf(first), itemCode: 'att1', value: 3 }], action: 'key' })).toMatchObject({ applied: true });
    const third = newBatch(db, { label: 'Box 3' });
    expect(setRowId(db, { batchId: third.id, rowId: null, participantId: fresh[0]! })).toEqual({
      outcome: 'refused',
      refusal: 'keyedElsewhere',
      suggestions: [],
      elsewhere: { label: 'Box 1', position: 1 },
    });
    expect(commitCells(db, { batchId: other.id, writes: [{ rowId: rowOf(blank), itemCode: 'att1', value: 4 }], action: 'key' })).toEqual({
      applied: false,
      problems: [{ index: 0, itemCode: 'att1', problem: { reason: 'formElsewhere', label: 'Box 1', position: 1 } }],
    });
    expect(db.prepare('SELECT count(*) FROM response WHERE participant_id = ?').pluck().get(fresh[0]!)).toBe(1);
    // The demo's own pre-wave questionnaires count too: one questionnaire per person and wave.
    const answered = db.prepare("SELECT participant_id FROM response r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'pre' LIMIT 1").pluck().get() as string;
    expect(setRowId(db, { batchId: other.id, rowId: null, participantId: answered })).toMatchObject({
      outcome: 'refused',
      refusal: 'keyedElsewhere',
      elsewhere: { label: null, position: null },
    });
  });

  it("warns when the participant's group does not match the version, and their site not the batch's", () => {
    const { db, freshResident } = study;
    const batch = newBatch(db, { siteCode: 'north' });
    expect(setRowId(db, { batchId: batch.id, rowId: null, participantId: freshResident })).toMatchObject({
      outcome: 'accepted',
      warnings: [
        { kind: 'groupMismatch', group: 'Long-time residents', versionGroup: 'Newcomers' },
        { kind: 'siteMismatch', site: 'South district', batchSite: 'North district' },
      ],
    });
  });

  it("moves a row's answers with it when its ID is corrected", () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const row = setRowId(db, { batchId: batch.id, rowId: null, participantId: fresh[1]! });
    if (row.outcome !== 'accepted') throw new Error('not accepted');
    commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId: row.rowId, itemCode: 'att1', value: 4 }] });
    expect(setRowId(db, { batchId: batch.id, rowId: row.rowId, participantId: fresh[2]! })).toMatchObject({ outcome: 'accepted' });
    const owner = db.prepare("SELECT r.participant_id FROM response r JOIN answer a ON a.response_id = r.id WHERE a.item_code = 'att1' AND r.participant_id IN (?, ?)").pluck().all(fresh[1], fresh[2]);
    expect(owner).toEqual([fresh[2]]);
    expect(db.prepare('SELECT before, after FROM entry_log WHERE item_code IS NULL ORDER BY id').all()).toEqual([
      { before: null, after: JSON.stringify(fresh[1]) },
      { before: JSON.stringify(fresh[1]), after: JSON.stringify(fresh[2]) },
    ]);
  });
});
