import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecondPass } from './batches';
import { seededRandom } from '../demo/random';
import type { CellValue } from '../../shared/entry/rules';
import { commitCells, newFormPlanner, planWrites, type PlannedWrite } from './cells';
import { setRowId } from './ids';
import { listRows, openSheet } from './rows';
import { sheetFor } from './sheet';
import { BACKGROUND_VERSION, createEntryTestStudy, newBatch, type EntryTestStudy } from './testStudy';

let study: EntryTestStudy;

beforeEach(() => {
  study = createEntryTestStudy();
});
afterEach(() => study.close());

function newRow(batchId: number, participantId: string): number {
  const result = setRowId(study.db, { batchId, rowId: null, participantId, keystrokes: 8 });
  if (result.outcome !== 'accepted') throw new Error(`ID refused: ${JSON.stringify(result)}`);
  return result.rowId;
}

function answers(participantId: string, waveCode = 'pre'): Record<string, unknown> {
  const rows = study.db
    .prepare(
      `SELECT a.item_code AS code, a.value, a.missing, a.text_value AS text FROM answer a JOIN response r ON r.id = a.response_id
         JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = ? AND w.code = ?`,
    )
    .all(participantId, waveCode) as { code: string; value: number | null; missing: string | null; text: string | null }[];
  return Object.fromEntries(rows.map((row) => [row.code, row.value ?? (row.missing ? { missing: row.missing } : { text: row.text })]));
}

describe('committing cells', () => {
  it("writes a first-pass cell into the study's answers at once, and refuses a value out of range", () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const rowId = newRow(batch.id, fresh[0]!);
    expect(commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: 'att1', value: 4 }], keystrokes: [{ rowId, count: 1 }] })).toEqual({
      applied: true,
      rows: [{ rowId, status: 'keying' }],
      changes: [{ rowId, itemCode: 'att1', before: null, after: 4, cause: 'write' }],
    });
    expect(commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: 'att2', value: 7 }] })).toEqual({
      applied: false,
      problems: [{ index: 0, itemCode: 'att2', problem: { reason: 'outOfRange', min: 1, max: 5 } }],
    });
    commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: 'att2', value: { missing: 'refused' } }] });
    expect(answers(fresh[0]!)).toEqual({ att1: 4, att2: { missing: 'refused' } });
    expect(db.prepare('SELECT keystrokes, corrections FROM entry_row WHERE id = ?').get(rowId)).toEqual({ keystrokes: 9, corrections: 0 });
  });

  it('marks a form complete when every asked item has an answer, and counts overwrites as corrections', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const sheet = openSheet(db, batch.id);
    const rowId = newRow(batch.id, fresh[0]!);
    let last;
    for (const item of sheet.items) last = commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: item.code, value: 3 }] });
    expect(last).toMatchObject({ applied: true, rows: [{ rowId, status: 'complete' }] });
    commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: sheet.items[0]!.code, value: 5 }] });
    const cleared = commitCells(db, { batchId: batch.id, action: 'undo', writes: [{ rowId, itemCode: sheet.items[1]!.code, value: null }] });
    expect(cleared).toMatchObject({ applied: true, rows: [{ rowId, status: 'keying' }] });
    const [row] = listRows(db, batch.id, 0, 10);
    expect(row).toMatchObject({ rowId, position: 1, participantId: fresh[0], status: 'keying', corrections: 2 });
    expect(row!.cells.slice(0, 3)).toEqual([5, null, 3]);
  });

  it('applies the skip logic: follow-ups are refused when not asked and emptied when their source changes', () => {
    const { db, fresh } = study;
    const batch = newBatch(db, { versionCode: BACKGROUND_VERSION });
    const sheet = openSheet(db, batch.id);
    expect(sheet.items.map((item) => item.code)).toEqual(['dem1', 'nat1', 'nat2', 'nat3', 'nat4', 'nat6', 'nat7', 'att1']);
    expect(sheet.items.find((item) => item.code === 'nat3')!.showIf).toEqual({ item: 'nat1', equals: [0] });
    const rowId = newRow(batch.id, fresh[0]!);
    const commit = (itemCode: string, value: unknown) =>
      commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode, value: value as number }] });

    expect(commit('nat1', 0)).toMatchObject({ applied: true });
    expect(commit('nat3', 2019)).toMatchObject({ applied: true });
    expect(commit('nat2', { text: 'Albania' })).toMatchObject({ applied: true });
    // Born here after all: the arrival questions were not asked, so their answers go.
    expect(commit('nat1', 1)).toMatchObject({
      applied: true,
      changes: [
        { itemCode: 'nat1', before: 0, after: 1, cause: 'write' },
        { itemCode: 'nat2', before: { text: 'Albania' }, after: null, cause: 'skip' },
        { itemCode: 'nat3', before: 2019, after: null, cause: 'skip' },
      ],
    });
    expect(commit('nat4', 12)).toEqual({
      applied: false,
      problems: [{ index: 0, itemCode: 'nat4', problem: { reason: 'notAsked', item: 'nat1' } }],
    });
    for (const [code, value] of [['dem1', 34], ['nat6', 1], ['att1', 4]] as const) commit(code, value);
    // nat2–nat4 and nat7 are not asked, so the form is complete without them.
    expect(commit('att1', 5)).toMatchObject({ rows: [{ rowId, status: 'complete' }] });
    expect(answers(fresh[0]!)).toEqual({ nat1: 1, dem1: 34, nat6: 1, att1: 5 });
    expect(db.prepare("SELECT count(*) FROM entry_log WHERE action = 'clear'").pluck().get()).toBe(2);
  });

  it('asks background items at the first wave only', () => {
    const { db } = study;
    const batch = newBatch(db, { versionCode: BACKGROUND_VERSION, waveCode: 'post' });
    expect(openSheet(db, batch.id).items.map((item) => item.code)).toEqual(['att1']);
  });

  it('keeps the blind second keying apart from the study data', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const firstRow = newRow(batch.id, fresh[0]!);
    commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId: firstRow, itemCode: 'att1', value: 4 }] });
    const second = createSecondPass(db, { parentBatchId: batch.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    expect(second).toMatchObject({ pass: 2, parentBatchId: batch.id, clerk: 'Ben', label: 'Box 1' });
    const secondRow = newRow(second.id, fresh[0]!);
    commitCells(db, { batchId: second.id, action: 'key', writes: [{ rowId: secondRow, itemCode: 'att1', value: 2 }] });
    expect(answers(fresh[0]!)).toEqual({ att1: 4 });
    expect(listRows(db, second.id, 0, 10)[0]!.cells[0]).toBe(2);
    expect(listRows(db, batch.id, 0, 10)[0]!.cells[0]).toBe(4);
    expect(() => createSecondPass(db, { parentBatchId: batch.id, clerk: 'Cleo', keyedOn: '2026-10-21' })).toThrow(/already has a second/);
    const other = newBatch(db, { label: 'Box 2' });
    expect(() => createSecondPass(db, { parentBatchId: other.id, clerk: ' ana ', keyedOn: '2026-10-21' })).toThrow(/another clerk/);
  });

  it('refuses writes to a row of another batch and items outside the version', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const other = newBatch(db, { label: 'Box 2' });
    const rowId = newRow(batch.id, fresh[0]!);
    expect(() => commitCells(db, { batchId: other.id, action: 'key', writes: [{ rowId, itemCode: 'att1', value: 1 }] })).toThrow(/not in the batch/);
    expect(() => commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode: 'nat1', value: 1 }] })).toThrow(/not in this batch/);
  });
});

describe('planning new forms', () => {
  it('plans a new form as planWrites does, for any values in any column order', () => {
    const sheet = sheetFor(study.db, newBatch(study.db, { versionCode: BACKGROUND_VERSION }).id);
    const random = seededRandom(20261123);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const values: (CellValue | null)[] = [0, 1, 2, 4, 7, 34, 2019, -1, { missing: 'refused' }, { text: 'Albania' }, { text: 'x'.repeat(501) }];
    // A letter pasted as "constructor" once read as { missing: Object }: planWrites refuses it, so must this.
    values.push({ missing: 'nonsense' } as unknown as CellValue);
    let planned = 0;
    for (let form = 0; form < 2_000; form++) {
      const columns = sheet.items.map((item) => item.code).filter(() => random() < 0.8).sort(() => random() - 0.5);
      const row = columns.map((code) => {
        const item = sheet.byCode.get(code)!;
        if (random() < 0.1) return pick(values);
        if (random() < 0.15) return null;
        if (item.kind === 'text') return { text: 'Albania' };
        if (item.codes) return pick(item.codes);
        const min = item.min ?? 0;
        return min + Math.floor(random() * ((item.max ?? min + 10) - min + 1));
      });
      const writes: PlannedWrite[] = [];
      const columnOf: number[] = [];
      row.forEach((value, column) => {
        if (value === null) return;
        writes.push({ index: writes.length, rowKey: 'form', itemCode: columns[column]!, value });
        columnOf.push(column);
      });
      const expected = planWrites(sheet, new Map(), writes);
      const actual = newFormPlanner(sheet, columns)(row);
      if ('problems' in expected) {
        expect(actual.problems).toEqual(expected.problems.map(({ index, ...rest }) => ({ column: columnOf[index], ...rest })));
      } else {
        expect(actual.problems).toEqual([]);
        const plan = actual.plan && {
          changes: actual.plan.itemCodes.map((itemCode, at) => ({ itemCode, before: null, after: actual.plan!.values[at], cause: 'write' })),
          status: actual.plan.status,
          corrections: 0,
        };
        expect(plan).toEqual(expected.plans.get('form') ?? null);
        if (actual.plan) planned++;
      }
    }
    // Both outcomes occur often enough to be compared.
    expect(planned).toBeGreaterThan(400);
    expect(planned).toBeLessThan(1_600);
  });
});
