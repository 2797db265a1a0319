import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setRowId } from './ids';
import { pasteBlock } from './paste';
import { listRows } from './rows';
import { BACKGROUND_VERSION, createEntryTestStudy, newBatch, type EntryTestStudy } from './testStudy';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy();
});
afterEach(() => study.close());

const snapshot = () =>
  ['entry_row', 'answer', 'response', 'entry_log'].map((table) => study.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get());

describe('pasting a block from a spreadsheet', () => {
  it('applies a valid block with IDs as new forms, values, letters and codes for missing answers', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const result = pasteBlock(db, {
      batchId: batch.id,
      anchorRowId: null,
      anchorColumn: 0,
      cells: [
        [fresh[0]!, '1', '2', '3'],
        [fresh[1]!, '5', 'R', '99'],
      ],
    });
    expect(result).toMatchObject({ applied: true, createdRowIds: [expect.any(Number), expect.any(Number)] });
    const rows = listRows(db, batch.id, 0, 10);
    expect(rows.map((row) => [row.participantId, ...row.cells.slice(0, 3)])).toEqual([
      [fresh[0], 1, 2, 3],
      [fresh[1], 5, { missing: 'refused' }, { missing: 'dont_know' }],
    ]);
  });

  it('applies nothing when one cell is bad, and lists every bad cell', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const existing = setRowId(db, { batchId: batch.id, rowId: null, participantId: fresh[0]! });
    if (existing.outcome !== 'accepted') throw new Error('refused');
    const before = snapshot();
    const result = pasteBlock(db, {
      batchId: batch.id,
      anchorRowId: existing.rowId,
      anchorColumn: 1,
      cells: [
        ['1', '2', '3'],
        ['4', '7', '5'],
      ],
    });
    expect(result).toEqual({
      applied: false,
      problems: [
        { row: 1, column: 0, target: 'id', reason: 'idRequired', params: {} },
        { row: 1, column: 1, target: 'att2', reason: 'outOfRange', params: { min: 1, max: 5 } },
      ],
    });
    expect(snapshot()).toEqual(before);
    expect(listRows(db, batch.id, 0, 10)[0]!.cells.slice(0, 3)).toEqual([null, null, null]);
  });

  it('checks pasted IDs against the roster and each other, and the block against the skip logic', () => {
    const { db, fresh } = study;
    const batch = newBatch(db, { versionCode: BACKGROUND_VERSION });
    const typo = fresh[1]!.slice(0, 7) + String((Number(fresh[1]!.at(-1)) + 1) % 10);
    const result = pasteBlock(db, {
      batchId: batch.id,
      anchorRowId: null,
      anchorColumn: 0,
      cells: [
        [fresh[0]!, '30', '1', '', '2019'],
        [fresh[0]!, '31'],
        [typo, '32', 'x'],
        ['', '40'],
        [fresh[2]!, '41', '0', 'Albania', '2020', '12', '1', '', '3', 'extra'],
      ],
    });
    expect(result.applied).toBe(false);
    const problems = result.applied ? [] : result.problems.map((problem) => [problem.row, problem.column, problem.target, problem.reason]);
    expect(problems).toEqual([
      [0, 4, 'nat3', 'notAsked'],
      [0, 9, '', 'beyondLastColumn'],
      [1, 0, 'id', 'keyedElsewhere'],
      [2, 0, 'id', 'checkDigit'],
      [2, 2, 'nat1', 'notANumber'],
      [3, 0, 'id', 'idRequired'],
    ]);
    const checkDigit = result.applied ? undefined : result.problems.find((problem) => problem.reason === 'checkDigit');
    expect(String(checkDigit?.params.suggestions)).toContain(fresh[1]);
    expect(db.prepare('SELECT count(*) FROM entry_row').pluck().get()).toBe(0);
  });
});
