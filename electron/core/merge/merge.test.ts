import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { createSecondPass } from '../entry/batches';
import { commitCells } from '../entry/cells';
import { setRowId } from '../entry/ids';
import { pasteBlock } from '../entry/paste';
import { sheetFor } from '../entry/sheet';
import { createEntryTestStudy, newBatch, unkeyedIds, type EntryTestStudy } from '../entry/testStudy';
import { MixwiseError } from '../errors';
import { openStudyFile } from '../study/file';
import { containsText, decryptedView, enrol, passphrasePageKey, person } from '../vault/testSupport';
import { createVaultFile, studyUuidOf } from '../vault/vaultFile';
import { BATCH_APPLICATION_ID, readBatchFile } from './batchFile';
import { listConflicts, resolveConflict } from './conflicts';
import { exportBatches } from './export';
import { importBatchContent, planMerge } from './merge';

/**
 * Two laptops: study A is created and keyed, copied to B (same file, same UUID), then each keys on
 * its own. A's batches travel in a real encrypted .mixbatch file and are imported into B.
 */

const BATCH_PASSPHRASE = `batch-${randomBytes(6).toString('hex')}`;
let a: EntryTestStudy;
let b: Db;
let pathB: string;

function answers(db: Db, participantId: string, waveCode = 'pre'): Record<string, unknown> {
  const rows = db
    .prepare(
      `SELECT a.item_code AS code, a.value, a.missing, a.text_value AS text FROM answer a JOIN response r ON r.id = a.response_id
         JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = ? AND w.code = ? ORDER BY a.item_code`,
    )
    .all(participantId, waveCode) as { code: string; value: number | null; missing: string | null; text: string | null }[];
  return Object.fromEntries(rows.map((row) => [row.code, row.value ?? row.missing ?? row.text]));
}

/** Every row of every table, so "unchanged" means unchanged. */
function dump(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return JSON.stringify(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort()]));
}

function paste(db: Db, batchId: number, rows: string[][]): void {
  const result = pasteBlock(db, { batchId, anchorRowId: null, anchorColumn: 0, cells: rows });
  if (!result.applied) throw new Error(JSON.stringify(result.problems));
}

function rowIdOf(db: Db, batchId: number, participantId: string): number {
  return db.prepare('SELECT id FROM entry_row WHERE batch_id = ? AND participant_id = ?').pluck().get(batchId, participantId) as number;
}

function expectError(work: () => unknown, code: string, key?: string): MixwiseError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(MixwiseError);
    expect((error as MixwiseError).code).toBe(code);
    if (key) expect((error as MixwiseError).details.key).toBe(key);
    return error as MixwiseError;
  }
  throw new Error('expected an error');
}

let ids: string[];
let box0: number;
let boxA: number;

beforeEach(() => {
  a = createEntryTestStudy(30);
  ids = unkeyedIds(a.db, 'newcomer', 'pre', 6);
  // Keyed before the study is copied: both laptops hold this batch and its two forms.
  box0 = newBatch(a.db, { label: 'Box 0' }).id;
  paste(a.db, box0, [
    [ids[0]!, '1', '2', '3'],
    [ids[1]!, '4', '4', '4'],
  ]);
  a.db.close();
  pathB = join(a.folder, 'copy.mixwise');
  copyFileSync(a.path, pathB);
  a.db = openStudyFile(a.path, a.passphrase);
  b = openStudyFile(pathB, a.passphrase);

  // Laptop A: corrects one answer of form 0 and keys a new box with forms 2 and 3.
  const items = sheetFor(a.db, box0).items;
  const corrected = commitCells(a.db, { batchId: box0, writes: [{ rowId: rowIdOf(a.db, box0, ids[0]!), itemCode: items[0]!.code, value: 5 }], action: 'key' });
  expect(corrected.applied).toBe(true);
  boxA = newBatch(a.db, { label: 'Box A', clerk: 'Ana' }).id;
  paste(a.db, boxA, [
    [ids[2]!, '2', '2', '2'],
    [ids[3]!, '3', '3', '3'],
  ]);
  // Laptop B: keys form 3 too (one answer differs from A's) and form 4.
  const boxB = newBatch(b, { label: 'Box B', clerk: 'Bea' }).id;
  paste(b, boxB, [
    [ids[3]!, '3', '1', '3'],
    [ids[4]!, '5', '5', '5'],
  ]);
});

afterEach(() => {
  if (b?.open) b.close();
  a.close();
});

function exportFromA(batchIds = [box0, boxA]): string {
  const path = join(a.folder, 'from-a.mixbatch');
  exportBatches(a.db, { batchIds, path, passphrase: BATCH_PASSPHRASE });
  return path;
}

describe('merging batches keyed on two laptops', () => {
  it('adds new forms, ignores identical ones, lists conflicts without applying them, and resolves them', () => {
    const file = exportFromA();
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toContain('SQLite format');
    const itemCodes = sheetFor(b, box0).items.map((item) => item.code);
    const beforeB = answers(b, ids[0]!);

    const content = readBatchFile(file, BATCH_PASSPHRASE);
    const preview = planMerge(b, content);
    // The preview wrote nothing.
    const untouched = dump(b);
    expect(preview.summary).toMatchObject({
      batchesInFile: 2,
      batchesNew: 1,
      formsInFile: 4,
      formsNew: 1,
      formsIdentical: 1,
      formsConflicting: 2,
      conflicts: 2,
      conflictsAlreadyListed: 0,
    });
    expect(dump(b)).toBe(untouched);

    const summary = importBatchContent(b, content);
    expect(summary).toEqual(preview.summary);
    // The new form arrived with A's answers, in a batch of A's label and clerk.
    expect(answers(b, ids[2]!)).toEqual(answers(a.db, ids[2]!));
    expect(b.prepare("SELECT count(*) FROM entry_batch WHERE label = 'Box A' AND clerk = 'Ana'").pluck().get()).toBe(1);
    // Conflicting values were not applied: B keeps its own until someone chooses.
    expect(answers(b, ids[0]!)).toEqual(beforeB);
    expect(answers(b, ids[3]!)[itemCodes[1]!]).toBe(1);

    const conflicts = listConflicts(b);
    expect(conflicts.map((conflict) => [conflict.participantId, conflict.waveCode, conflict.itemCode, conflict.here, conflict.incoming])).toEqual(
      [
        [ids[0]!, 'pre', itemCodes[0]!, 1, 5],
        [ids[3]!, 'pre', itemCodes[1]!, 1, 3],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(conflicts.every((conflict) => conflict.resolution === null && conflict.incomingClerk === 'Ana')).toBe(true);

    const first = conflicts.find((conflict) => conflict.participantId === ids[0])!;
    const resolved = resolveConflict(b, { conflictId: first.id, final: 5, chosenBy: 'Lead' });
    expect(resolved).toMatchObject({ here: 5, incoming: 5, hereAtImport: 1, resolution: { final: 5, chosenBy: 'Lead' } });
    expect(answers(b, ids[0]!)[itemCodes[0]!]).toBe(5);
    expect(b.prepare("SELECT count(*) FROM entry_log WHERE action = 'resolve' AND actor = 'Lead' AND after = '5'").pluck().get()).toBe(1);
    expect(() => resolveConflict(b, { conflictId: first.id, final: 9, chosenBy: 'Lead' })).toThrow(MixwiseError);
    expectError(() => resolveConflict(b, { conflictId: first.id, final: 4, chosenBy: ' ' }), 'INVALID_INPUT', 'entryChooserMissing');

    // The same file again: nothing new, the open conflict is not listed twice, the settled one now agrees.
    const again = importBatchContent(b, readBatchFile(file, BATCH_PASSPHRASE));
    expect(again).toMatchObject({ batchesNew: 0, formsNew: 0, formsIdentical: 3, formsConflicting: 1, conflicts: 0, conflictsAlreadyListed: 1 });
    expect(listConflicts(b)).toHaveLength(2);

    // The state survives closing and reopening the real file.
    b.close();
    b = openStudyFile(pathB, a.passphrase);
    expect(listConflicts(b).filter((conflict) => conflict.resolution === null).map((conflict) => conflict.participantId)).toEqual([ids[3]!]);
  });

  it('takes a second keying along with its first and merges it into the copy', () => {
    const second = pasteSecond();
    const file = exportFromA([second]);
    const content = readBatchFile(file, BATCH_PASSPHRASE);
    expect(content.batches.map((batch) => batch.pass)).toEqual([1, 2]);
    const summary = importBatchContent(b, content);
    expect(summary.formsNew).toBe(1 + 2);
    const secondHere = b.prepare("SELECT id FROM entry_batch WHERE pass = 2 AND clerk = 'Cid'").pluck().get() as number;
    expect(b.prepare('SELECT count(*) FROM entry_cell c JOIN entry_row r ON r.id = c.row_id WHERE r.batch_id = ?').pluck().get(secondHere)).toBe(6);
  });

  function pasteSecond(): number {
    const second = createSecondPass(a.db, { parentBatchId: boxA, clerk: 'Cid', keyedOn: '2026-10-21' }).id;
    paste(a.db, second, [
      [ids[2]!, '2', '2', '2'],
      [ids[3]!, '3', '3', '1'],
    ]);
    return second;
  }

  it('keeps a batch of an online import an import batch on the other laptop', () => {
    a.db.prepare("UPDATE entry_batch SET kind = 'import' WHERE id = ?").run(boxA);
    const file = exportFromA([boxA]);
    expect(readBatchFile(file, BATCH_PASSPHRASE).batches.map((batch) => batch.kind)).toEqual(['import']);
    importBatchContent(b, readBatchFile(file, BATCH_PASSPHRASE));
    expect(b.prepare("SELECT kind FROM entry_batch WHERE label = 'Box A'").pluck().all()).toEqual(['import']);
    expect(b.prepare("SELECT DISTINCT kind FROM entry_batch WHERE label <> 'Box A'").pluck().all()).toEqual(['keyed']);
  });

  it('leaves out forms of people erased here, and refuses codes this study does not have', () => {
    const file = exportFromA();
    b.prepare("UPDATE participant SET status = 'erased' WHERE id = ?").run(ids[2]!);
    const summary = importBatchContent(b, readBatchFile(file, BATCH_PASSPHRASE));
    expect(summary).toMatchObject({ formsOfErased: 1, formsNew: 0 });
    expect(answers(b, ids[2]!)).toEqual({});
    const content = readBatchFile(file, BATCH_PASSPHRASE);
    content.batches[0]!.wave_code = 'year9';
    const before = dump(b);
    expectError(() => importBatchContent(b, content), 'INVALID_INPUT', 'mergeUnknownCode');
    expect(dump(b)).toBe(before);
  });

  it('refuses a batch file from another study, leaving the study unchanged', () => {
    const file = exportFromA();
    const other = createEntryTestStudy(10);
    try {
      const before = dump(other.db);
      expectError(() => importBatchContent(other.db, readBatchFile(file, BATCH_PASSPHRASE)), 'INVALID_INPUT', 'mergeOtherStudy');
      expect(dump(other.db)).toBe(before);
    } finally {
      other.close();
    }
  });

  it('says "wrong passphrase" for a wrong passphrase and refuses damaged or foreign files with a plain message', () => {
    const file = exportFromA();
    expectError(() => readBatchFile(file, 'not-the-passphrase'), 'WRONG_PASSPHRASE', 'mergeWrongPassphrase');
    expectError(() => readBatchFile(join(a.folder, 'none.mixbatch'), BATCH_PASSPHRASE), 'NOT_FOUND');
    const bytes = readFileSync(file);
    const cases: [string, Buffer][] = [
      ['truncated mid-page', bytes.subarray(0, bytes.length - 1000)],
      ['truncated to one page', bytes.subarray(0, 4096)],
      ['text', Buffer.from('ID,att1\n1234567,4\n')],
      ['empty', Buffer.alloc(0)],
    ];
    const before = dump(b);
    for (const [name, damaged] of cases) {
      const path = join(a.folder, `${name.replace(/ /g, '-')}.mixbatch`);
      writeFileSync(path, damaged);
      const error = expectError(() => importBatchContent(b, readBatchFile(path, BATCH_PASSPHRASE)), 'NOT_MIXWISE');
      expect(error.message, name).toMatch(/not a Mixwise batch file|damaged/);
    }
    // A study file is not a batch file, even with the right passphrase.
    expectError(() => readBatchFile(a.path, a.passphrase), 'NOT_MIXWISE', 'mergeNotBatchFile');
    expect(dump(b)).toBe(before);
  });

  it('fills a blank row here with the answers keyed there; a blank row there is no questionnaire here', () => {
    // A keys form 5 in Box 0; B typed only its ID there. A typed only ID 4, which B keyed with answers.
    paste(a.db, box0, [[ids[5]!, '2', '2', '2']]);
    expect(setRowId(b, { batchId: box0, rowId: null, participantId: ids[5]! }).outcome).toBe('accepted');
    expect(setRowId(a.db, { batchId: boxA, rowId: null, participantId: ids[4]! }).outcome).toBe('accepted');
    const before = answers(b, ids[4]!);
    importBatchContent(b, readBatchFile(exportFromA(), BATCH_PASSPHRASE));
    const codes = sheetFor(b, box0).items.slice(0, 3).map((item) => item.code);
    expect(answers(b, ids[5]!)).toEqual(Object.fromEntries(codes.map((code) => [code, 2])));
    expect(b.prepare('SELECT count(*) FROM entry_row WHERE batch_id = ? AND participant_id = ? AND response_id IS NOT NULL').pluck().get(box0, ids[5]!)).toBe(1);
    expect(answers(b, ids[4]!)).toEqual(before);
    expect(b.prepare('SELECT count(*) FROM merge_conflict WHERE participant_id IN (?, ?)').pluck().get(ids[4]!, ids[5]!)).toBe(0);
    expect(b.prepare('SELECT count(*) FROM response r WHERE NOT EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id)').pluck().get()).toBe(0);
  });

  it('refuses a whole file when one value breaks the entry rules, and rolls back', () => {
    const file = exportFromA();
    const content = readBatchFile(file, BATCH_PASSPHRASE);
    const before = dump(b);
    const bad = structuredClone(content);
    // The last form's cell made out of range: everything before it must not stay either.
    bad.cells.at(-1)!.value = 42;
    expectError(() => importBatchContent(b, bad), 'INVALID_INPUT', 'mergeBadValue');
    const unknownId = structuredClone(content);
    unknownId.forms[0]!.participant_id = '99999999';
    for (const cell of unknownId.cells) if (cell.participant_id === content.forms[0]!.participant_id && cell.batch_id === content.forms[0]!.batch_id) cell.participant_id = '99999999';
    expectError(() => importBatchContent(b, unknownId), 'INVALID_INPUT', 'mergeUnknownIds');
    expect(dump(b)).toBe(before);
  });

  it('never carries a name or any other vault field: not in the raw bytes, not in any decrypted page', async () => {
    const canary = `Zebulon Canaryfield ${randomBytes(3).toString('hex')}`;
    const email = `canary-${randomBytes(3).toString('hex')}@example.org`;
    const { vault } = await createVaultFile(join(a.folder, 'a.mixvault'), `vault-${randomBytes(6).toString('hex')}`, studyUuidOf(a.db), { client: 'cli' });
    try {
      const [enrolled] = enrol(a.db, vault.db, [person(canary, { identityGroup: 'newcomer', site: 'north', cohort: 'c2026', email, phone: '+44 7700 900123' })]);
      paste(a.db, boxA, [[enrolled!, '1', '1', '1']]);
      const file = exportFromA();
      const raw = readFileSync(file);
      const decrypted = decryptedView(file, passphrasePageKey(BATCH_PASSPHRASE, raw));
      // The check can fail: the decrypted pages do hold the enrolled person's ID.
      expect(containsText(decrypted, enrolled!)).toBe(true);
      for (const secret of [canary, 'Canaryfield', email, '7700 900123']) {
        expect(containsText(raw, secret), secret).toBe(false);
        expect(containsText(decrypted, secret), secret).toBe(false);
      }
      // And through SQL: every text of every table.
      const db = new Database(file, { readonly: true });
      db.pragma(`cipher = 'sqlcipher'`);
      db.pragma('legacy = 4');
      db.key(Buffer.from(BATCH_PASSPHRASE, 'utf8'));
      expect(db.pragma('application_id', { simple: true })).toBe(BATCH_APPLICATION_ID);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      const everything = tables.map((table) => JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all())).join('\n');
      db.close();
      expect(everything).toContain(enrolled!);
      expect(everything).not.toContain('Canaryfield');
      expect(everything).not.toContain(email);
    } finally {
      vault.db.close();
    }
  });
});
