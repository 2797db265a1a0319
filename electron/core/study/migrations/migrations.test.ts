import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { createEncrypted, openEncrypted, type Db } from '../../db/open';
import { DROP_DIGEST, refreshDigests } from '../../responses/digests';
import { openStudyFile } from '../file';
import { STUDY_APPLICATION_ID, studyKind } from '../kind';
import { studyMigrations } from './index';
import { questionnaireLanguageCases, type MigrationCase } from './languageCases';
import { dumpTables, expectTablesUnchanged, seedAtVersion10, tableNames } from './testSupport';

/**
 * One N-1 -> N test per study migration. A new migration needs a new entry here: the last test
 * fails until it has one. Seed with plain SQL valid at N-1, never with today's core functions, so
 * an old step's test keeps describing the file it was written for.
 */

const migrationCases: Record<number, MigrationCase> = {
  10: {
    seed() {
      // Version 0 is a new, empty encrypted file: there is nothing to hold data yet.
    },
    verify(db, before) {
      expect(before).toEqual({});
      expect(tableNames(db)).toEqual(
        [
          'answer',
          'arm',
          'cohort',
          'identity_group',
          'item',
          'participant',
          'questionnaire_version',
          'response',
          'site',
          'study',
          'version_item',
          'wave',
        ].sort(),
      );
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'response_by_wave'").pluck().get()).toBe(
        'response_by_wave',
      );
      seedAtVersion10(db);
      // The constraints that keep names and stray values out are part of the schema.
      expect(() =>
        db.prepare("INSERT INTO participant (id, identity_group_id, enrolled_at) VALUES ('Jane Doe', 1, '2026-01-01')").run(),
      ).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO answer (response_id, item_code) VALUES (1, 'att2')").run()).toThrow(/CHECK constraint/);
      expect(() =>
        db.prepare("INSERT INTO response (participant_id, wave_id, version_id, created_at) VALUES ('1000001', 1, 1, 'x')").run(),
      ).toThrow(/UNIQUE constraint/);
    },
  },
  20: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      expect(db.prepare('SELECT key, value FROM setting ORDER BY key').all()).toEqual([
        { key: 'missing_code.dont_know', value: '99' },
        { key: 'missing_code.refused', value: '98' },
        { key: 'missing_code.skipped', value: '97' },
        { key: 'scale.min_answered_share', value: '0.5' },
      ]);
    },
  },
  30: {
    seed: seedAtVersion10,
    verify(db, before) {
      // Old rows keep every value they had; the new columns take defaults that describe them truly.
      const withoutNewColumns = (table: string, columns: string[]) =>
        (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
          .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([key]) => !columns.includes(key)))))
          .sort();
      expect(withoutNewColumns('identity_group', ['audience'])).toEqual(before.identity_group);
      expect(withoutNewColumns('item', ['codes', 'waves', 'own_language', 'show_if'])).toEqual(before.item);
      expect(withoutNewColumns('questionnaire_version', ['placeholders', 'form_texts', 'based_on_id'])).toEqual(before.questionnaire_version);
      expect(withoutNewColumns('version_item', ['stem', 'instruction', 'response_label', 'show_if'])).toEqual(before.version_item);
      for (const table of ['answer', 'response', 'participant', 'wave', 'arm', 'site', 'cohort', 'study', 'setting']) {
        expect(dumpTables(db)[table], table).toEqual(before[table]);
      }
      expect(db.prepare('SELECT DISTINCT audience FROM identity_group').pluck().all()).toEqual(['all']);
      expect(db.prepare('SELECT DISTINCT waves FROM item WHERE own_language IS NULL AND show_if IS NULL').pluck().all()).toEqual(['all']);
      expect(db.prepare('SELECT count(*) FROM item').pluck().get()).toBe(before.item!.length);
      expect(db.prepare('SELECT count(*) FROM version_item WHERE show_if IS NOT NULL OR stem <> ?').pluck().get('')).toBe(0);
      for (const table of ['questionnaire_item', 'item_translation', 'form_text']) {
        expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      }
      // The new constraints hold.
      expect(() => db.prepare("UPDATE identity_group SET audience = 'tourist' WHERE id = 1").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO item_translation (language, item_code, wording) VALUES ('tr', 'att1', ' ')").run()).toThrow(
        /CHECK constraint/,
      );
      db.prepare("INSERT INTO questionnaire_item (position, item_code) VALUES (1, 'att1')").run();
      expect(() => db.prepare("INSERT INTO questionnaire_item (position, item_code) VALUES (2, 'att1')").run()).toThrow(/UNIQUE constraint/);
      expect(() => db.prepare('UPDATE questionnaire_version SET based_on_id = 99 WHERE id = 2').run()).toThrow(/FOREIGN KEY constraint/);
    },
  },
  40: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      for (const table of ['entry_batch', 'entry_row', 'entry_cell', 'entry_resolution', 'entry_log']) {
        expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      }
      // A first pass and its second pass over the seeded responses; a second pass needs its parent.
      db.exec(`
        INSERT INTO entry_batch (id, wave_id, version_id, site_id, label, clerk, keyed_on, pass, parent_batch_id, created_at)
          VALUES (1, 1, 1, 1, 'Box 1', 'Ana', '2026-01-12', 1, NULL, '2026-01-12T09:00:00.000Z'),
                 (2, 1, 1, 1, 'Box 1', 'Ben', '2026-01-13', 2, 1, '2026-01-13T09:00:00.000Z');
        INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, created_at, updated_at)
          VALUES (1, 1, 1, '1000001', 1, 'x', 'x'), (2, 2, 1, '1000001', NULL, 'x', 'x');
        INSERT INTO entry_cell (row_id, item_code, value) VALUES (2, 'att1', 3);
        INSERT INTO entry_log (batch_id, row_id, item_code, action, before, after, actor, at) VALUES (1, 1, 'att1', 'key', NULL, '4', 'Ana', 1);
      `);
      expect(() =>
        db.prepare("INSERT INTO entry_batch (wave_id, version_id, label, clerk, keyed_on, pass, created_at) VALUES (1, 1, 'B', 'C', '2026-01-12', 2, 'x')").run(),
      ).toThrow(/CHECK constraint/);
      expect(() =>
        db.prepare("INSERT INTO entry_batch (wave_id, version_id, label, clerk, keyed_on, pass, parent_batch_id, created_at) VALUES (1, 1, 'B', 'C', '2026-01-12', 2, 1, 'x')").run(),
      ).toThrow(/UNIQUE constraint/);
      expect(() =>
        db.prepare("INSERT INTO entry_row (batch_id, position, participant_id, created_at, updated_at) VALUES (1, 2, '1000001', 'x', 'x')").run(),
      ).toThrow(/UNIQUE constraint/);
      expect(() => db.prepare("INSERT INTO entry_cell (row_id, item_code) VALUES (2, 'anx1')").run()).toThrow(/CHECK constraint/);
      expect(() =>
        db.prepare("INSERT INTO entry_row (batch_id, position, participant_id, created_at, updated_at) VALUES (1, 3, 'Jane Doe', 'x', 'x')").run(),
      ).toThrow(/FOREIGN KEY constraint/);
    },
  },
  50: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      expect(db.prepare('SELECT count(*) FROM mixing_event').pluck().get()).toBe(0);
      db.exec(`
        INSERT INTO mixing_event (id, code, name, held_on, created_at) VALUES (1, 'picnic', 'Neighbourhood picnic', '2026-06-01', 'x');
        INSERT INTO event_participation (event_id, participant_id, signed_up, attended, recorded_at) VALUES (1, '1000001', 1, 0, 'x');
      `);
      expect(() => db.prepare("INSERT INTO mixing_event (code, name, held_on, created_at) VALUES ('x', 'X', 'June', 'x')").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO mixing_event (code, name, held_on, created_at) VALUES ('picnic', 'X', '2026-06-02', 'x')").run()).toThrow(/UNIQUE constraint/);
      expect(() =>
        db.prepare("INSERT INTO event_participation (event_id, participant_id, signed_up, attended, recorded_at) VALUES (1, 'Jane Doe', 1, 1, 'x')").run(),
      ).toThrow(/FOREIGN KEY constraint/);
      db.prepare("DELETE FROM mixing_event WHERE code = 'picnic'").run();
      expect(db.prepare('SELECT count(*) FROM event_participation').pluck().get()).toBe(0);
    },
  },
  60: {
    seed(db) {
      seedAtVersion10(db);
      db.exec(`
        INSERT INTO entry_batch (id, wave_id, version_id, site_id, label, clerk, keyed_on, pass, parent_batch_id, created_at)
          VALUES (1, 1, 1, 1, 'Box 1', 'Ana', '2026-01-12', 1, NULL, '2026-01-12T09:00:00.000Z');
        INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, created_at, updated_at) VALUES (1, 1, 1, '1000001', 1, 'x', 'x');
      `);
    },
    verify(db, before) {
      // Every old row keeps its values; a batch made before imports existed was keyed.
      const { entry_batch: batchesBefore, ...others } = before;
      expectTablesUnchanged(db, others);
      const batches = (db.prepare('SELECT * FROM entry_batch').all() as Record<string, unknown>[]).map(({ kind, ...rest }) => {
        expect(kind).toBe('keyed');
        return JSON.stringify(rest);
      });
      expect(batches.sort()).toEqual(batchesBefore);
      for (const table of ['import_mapping', 'import_run', 'import_held', 'import_decision']) {
        expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      }
      // The checks below add rows; they are rolled back so the file keeps the seeded rows only.
      db.exec('SAVEPOINT checks');
      db.exec(`
        INSERT INTO entry_batch (id, wave_id, version_id, label, clerk, keyed_on, pass, created_at, kind)
          VALUES (2, 2, 1, 'Import kobo.csv', 'Eva', '2026-04-12', 1, 'x', 'import');
        INSERT INTO import_mapping (name, mapping, created_at, updated_at) VALUES ('Kobo', '{"versionCode":"albanian_sq"}', 'x', 'x');
        INSERT INTO import_run (id, batch_id, file_name, file_sha256, mapping, rows_imported, rows_held, actor, imported_at)
          VALUES (1, 2, 'kobo.csv', '${'a'.repeat(64)}', '{}', 0, 1, 'Eva', 'x');
        INSERT INTO import_held (import_id, row_number, typed_id, cells) VALUES (1, 2, '', '{"att1":"4"}');
        INSERT INTO import_decision (import_id, row_number, participant_id, decision, decided_at) VALUES (1, 2, '1000002', 'rejected', 'x');
      `);
      expect(() => db.prepare("UPDATE entry_batch SET kind = 'scanned' WHERE id = 1").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO import_mapping (name, mapping, created_at, updated_at) VALUES ('Kobo', '{}', 'x', 'x')").run()).toThrow(/UNIQUE constraint/);
      expect(() => db.prepare("INSERT INTO import_mapping (name, mapping, created_at, updated_at) VALUES ('Other', 'not json', 'x', 'x')").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO import_run (batch_id, file_name, file_sha256, mapping, rows_imported, rows_held, actor, imported_at) VALUES (2, 'x', 'short', '{}', 0, 0, 'Eva', 'x')").run()).toThrow(/CHECK constraint/);
      // A held row is resolved with both its ID and the time, or neither; its ID must be on the roster.
      expect(() => db.prepare("UPDATE import_held SET participant_id = '1000001' WHERE import_id = 1").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("UPDATE import_held SET participant_id = 'Jane Doe', resolved_at = 'x' WHERE import_id = 1").run()).toThrow(/FOREIGN KEY constraint/);
      expect(() => db.prepare("INSERT INTO import_decision (import_id, row_number, participant_id, decision, decided_at) VALUES (1, 3, '1000001', 'confirmed', 'x')").run()).toThrow(/FOREIGN KEY constraint/);
      db.exec('ROLLBACK TO checks; RELEASE checks');
    },
  },
  70: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      for (const table of ['merge_import', 'merge_conflict']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      // The checks below add and delete rows; they are rolled back so the file keeps the seeded rows only.
      db.exec('SAVEPOINT checks');
      db.exec(`
        INSERT INTO merge_import (id, source_created_at, imported_at, batches_added, forms_added, forms_identical, conflicts)
          VALUES (1, '2026-01-20T09:00:00.000Z', '2026-01-21T09:00:00.000Z', 0, 0, 1, 1);
        INSERT INTO merge_conflict (import_id, participant_id, wave_id, pass, response_id, item_code, here_value, incoming_value, incoming_clerk)
          VALUES (1, '1000001', 1, 1, 1, 'att1', '4', '5', 'Ana');
      `);
      const conflict = (columns: string, values: string) => () => db.prepare(`INSERT INTO merge_conflict (import_id, participant_id, wave_id, pass, item_code, incoming_clerk, ${columns}) VALUES (1, '1000001', 1, 1, 'anx1', 'Ana', ${values})`).run();
      // A conflict points at a response (first keying) or a row (second keying); its two values differ.
      expect(conflict('here_value, incoming_value', "'4', '5'")).toThrow(/CHECK constraint/);
      expect(conflict('response_id, here_value, incoming_value', "1, '4', '4'")).toThrow(/CHECK constraint/);
      expect(() => db.prepare("INSERT INTO merge_conflict (import_id, participant_id, wave_id, pass, response_id, item_code, here_value, incoming_value, incoming_clerk) VALUES (1, 'Jane Doe', 1, 1, 1, 'anx1', '1', '2', 'Ana')").run()).toThrow(/FOREIGN KEY constraint/);
      // A choice names who made it.
      expect(() => db.prepare("UPDATE merge_conflict SET final_value = '5', chosen_at = 'x', chosen_by = ' '").run()).toThrow(/CHECK constraint/);
      db.prepare("UPDATE merge_conflict SET final_value = '5', chosen_at = 'x', chosen_by = 'Lead'").run();
      // The conflict goes with the response it is about.
      db.prepare('DELETE FROM response WHERE id = 1').run();
      expect(db.prepare('SELECT count(*) FROM merge_conflict').pluck().get()).toBe(0);
      db.exec('ROLLBACK TO checks; RELEASE checks');
    },
  },
  80: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      for (const table of ['answer_layout', 'answer_digest']) expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
      db.exec('SAVEPOINT checks');
      // The seeded questionnaires get their digests: numeric answers over the version's items
      // (anx1, att1, note by code), refused and skipped answers left empty, text counted as usable.
      expect(refreshDigests(db)).toBe(3);
      const digests = () => db.prepare('SELECT d.response_id AS id, d.answered, d.n, l.codes, d.vals FROM answer_digest d LEFT JOIN answer_layout l ON l.id = d.layout_id ORDER BY 1').all();
      expect(digests()).toEqual([
        { id: 1, answered: 1, n: 3, codes: 'anx1,att1,note', vals: ',4,' },
        { id: 2, answered: 1, n: 3, codes: 'anx1,att1,note', vals: ',5,' },
        { id: 3, answered: 1, n: 2, codes: 'anx1,att1', vals: '2,' },
      ]);
      expect(refreshDigests(db)).toBe(0);
      // Every change to a questionnaire's answers drops its digest, and only its own.
      const held = () => (db.prepare('SELECT response_id FROM answer_digest ORDER BY 1').pluck().all() as number[]).join(',');
      db.prepare("UPDATE answer SET value = 3 WHERE response_id = 1 AND item_code = 'att1'").run();
      expect(held()).toBe('2,3');
      expect(refreshDigests(db)).toBe(1);
      db.prepare("DELETE FROM answer WHERE response_id = 2 AND item_code = 'att1'").run();
      expect(held()).toBe('1,3');
      refreshDigests(db);
      expect(digests()[1]).toEqual({ id: 2, answered: 0, n: 0, codes: null, vals: null });
      // Adding an answer is left to its writer (digests.ts DROP_DIGEST): no trigger per insert.
      db.prepare("INSERT INTO answer (response_id, item_code, value) VALUES (2, 'att1', 1)").run();
      db.prepare(DROP_DIGEST).run(2);
      expect(held()).toBe('1,3');
      refreshDigests(db);
      // A questionnaire that is deleted takes its digest along.
      db.prepare('DELETE FROM response WHERE id = 3').run();
      expect(held()).toBe('1,2');
      // A digest is one of three shapes: values over a layout, none (0), or read the answers (-1).
      const digest = (values: string) => () => db.prepare(`INSERT INTO answer_digest (response_id, answered, n, layout_id, vals) VALUES (3, 1, ${values})`).run();
      expect(digest("0, 1, '4'")).toThrow(/CHECK constraint/);
      expect(digest('-1, 1, NULL')).toThrow(/CHECK constraint/);
      expect(digest("2, NULL, '4,5'")).toThrow(/CHECK constraint/);
      expect(digest("2, 99, '4,5'")).toThrow(/FOREIGN KEY constraint/);
      db.exec('ROLLBACK TO checks; RELEASE checks');
    },
  },
  90: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      const columns = db.prepare("SELECT name FROM pragma_index_info('response_by_participant') ORDER BY seqno").pluck().all();
      expect(columns).toEqual(['participant_id', 'wave_id', 'created_at']);
      // A participant's questionnaires, their waves and dates, come from the index without the table.
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT wave_id, created_at FROM response WHERE participant_id = '1000001'").all() as { detail: string }[];
      expect(plan.map((step) => step.detail).join(' ')).toMatch(/COVERING INDEX response_by_participant/);
    },
  },
  100: {
    seed(db) {
      seedAtVersion10(db);
      // Two rows whose ID was typed and nothing else (empty responses 4 and 5), one with answers (1);
      // an empty response a merge conflict waits on (6), kept with its conflict.
      db.exec(`
        INSERT INTO response (id, participant_id, wave_id, version_id, source, created_at) VALUES
          (4, '4321', 1, 2, 'paper', '2026-01-12T10:00:00.000Z'),
          (5, '1000002', 2, 2, 'paper', '2026-04-12T10:00:00.000Z'),
          (6, '4321', 2, 2, 'paper', '2026-04-12T10:00:00.000Z');
        INSERT INTO entry_batch (id, wave_id, version_id, site_id, label, clerk, keyed_on, pass, parent_batch_id, created_at, kind)
          VALUES (1, 1, 1, 1, 'Box 1', 'Ana', '2026-01-12', 1, NULL, '2026-01-12T09:00:00.000Z', 'keyed'),
                 (2, 2, 2, 1, 'Box 2', 'Ana', '2026-04-12', 1, NULL, '2026-04-12T09:00:00.000Z', 'keyed');
        INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, created_at, updated_at) VALUES
          (1, 1, 1, '1000001', 1, 'x', 'x'), (2, 1, 2, '4321', 4, 'x', 'x'), (3, 2, 1, '1000002', 5, 'x', 'x');
        INSERT INTO entry_log (id, batch_id, row_id, item_code, action, before, after, actor, at) VALUES
          (1, 1, 1, NULL, 'id', NULL, '"1000001"', 'Ana', 1), (2, 1, 1, 'att1', 'key', NULL, '4', 'Ana', 2),
          (3, 1, 2, NULL, 'id', NULL, '"4321"', 'Ana', 3);
        INSERT INTO merge_import (id, source_created_at, imported_at, batches_added, forms_added, forms_identical, conflicts)
          VALUES (1, 'x', 'x', 0, 0, 0, 1);
        INSERT INTO merge_conflict (import_id, participant_id, wave_id, pass, response_id, item_code, here_value, incoming_value, incoming_clerk)
          VALUES (1, '4321', 2, 1, 6, 'att1', NULL, '3', 'Ben');
      `);
    },
    verify(db, before) {
      const { response: responsesBefore, entry_row: rowsBefore, ...others } = before;
      expectTablesUnchanged(db, others);
      // The empty questionnaires are gone; their rows stay, without a response.
      expect(db.prepare('SELECT id FROM response ORDER BY id').pluck().all()).toEqual([1, 2, 3, 6]);
      expect(responsesBefore).toHaveLength(6);
      expect(db.prepare('SELECT id, response_id AS responseId FROM entry_row ORDER BY id').all()).toEqual([
        { id: 1, responseId: 1 },
        { id: 2, responseId: null },
        { id: 3, responseId: null },
      ]);
      expect(rowsBefore).toHaveLength(3);
      db.exec('SAVEPOINT checks');
      // The log takes deletions, restorations and moves, and keeps the trail of a row that is gone.
      db.exec(`
        INSERT INTO entry_log (batch_id, row_id, item_code, action, before, after, actor, at)
          VALUES (1, 2, NULL, 'delete', '{"position":2}', NULL, 'Ana', 4), (1, 2, NULL, 'restore', NULL, '{"position":2}', 'Ana', 5);
        DELETE FROM entry_row WHERE id = 2;
      `);
      expect(db.prepare('SELECT count(*) FROM entry_log WHERE row_id = 2').pluck().get()).toBe(3);
      expect(() => db.prepare("INSERT INTO entry_log (batch_id, action, actor, at) VALUES (1, 'erase', 'Ana', 1)").run()).toThrow(/CHECK constraint/);
      // A correction of a form names its reason and who made it, and a move has a target.
      const change = (values: string) => () =>
        db.prepare(`INSERT INTO form_change (action, participant_id, wave_id, to_participant_id, to_wave_id, before, reason, changed_by, changed_at) VALUES (${values})`).run();
      change("'delete', '1000001', 1, NULL, NULL, '{}', 'Duplicate paper', 'Eva', 'x'")();
      change("'move', '1000001', 2, NULL, 1, '{}', 'Wrong wave', 'Eva', 'x'")();
      expect(change("'delete', '1000001', 1, NULL, NULL, '{}', ' ', 'Eva', 'x'")).toThrow(/CHECK constraint/);
      expect(change("'move', '1000001', 1, NULL, NULL, '{}', 'Why', 'Eva', 'x'")).toThrow(/CHECK constraint/);
      expect(change("'move', '1000001', 1, 'Jane Doe', NULL, '{}', 'Why', 'Eva', 'x'")).toThrow(/FOREIGN KEY constraint/);
      db.exec('ROLLBACK TO checks; RELEASE checks');
    },
    latestRows: { response: 4 },
  },
  ...questionnaireLanguageCases,
};

let folder: string;
let passphrase: string;
let handles: Db[];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-study-migrations-'));
  passphrase = `migrations-test-${randomBytes(12).toString('hex')}`;
  handles = [];
});

afterEach(() => {
  for (const db of handles) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

function track(db: Db): Db {
  handles.push(db);
  return db;
}

describe('study migrations, each from the version before it', () => {
  it.each(studyMigrations.map((migration, index) => ({ migration, index })))('$migration.name', ({ migration, index }) => {
    const testCase = migrationCases[migration.version];
    if (!testCase) throw new Error(`Migration ${migration.name} has no N-1 -> N case in migrations.test.ts`);
    const previousVersion = studyMigrations[index - 1]?.version ?? 0;
    const path = join(folder, `at-${previousVersion}.mixwise`);

    // A study file as the previous Mixwise left it: encrypted, tagged as a study, at version N-1.
    const old = track(createEncrypted(path, passphrase, { ...studyKind, migrations: [] }));
    migrate(old, studyMigrations, previousVersion);
    expect(old.pragma('user_version', { simple: true })).toBe(previousVersion);
    testCase.seed(old);
    const before = dumpTables(old);
    old.close();

    // Exactly step N, as the Mixwise that shipped it opened the file.
    const atN = track(openEncrypted(path, passphrase, { ...studyKind, migrations: studyMigrations.slice(0, index + 1) }));
    expect(atN.pragma('user_version', { simple: true })).toBe(migration.version);
    testCase.verify(atN, before);
    atN.close();

    // And through today's openStudyFile, all the way to the latest version.
    const latest = track(openStudyFile(path, passphrase));
    expect(latest.pragma('user_version', { simple: true })).toBe(studyMigrations.at(-1)!.version);
    expect(latest.pragma('application_id', { simple: true })).toBe(STUDY_APPLICATION_ID);
    expect(latest.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(latest.pragma('foreign_key_check')).toEqual([]);
    const afterAll = dumpTables(latest);
    for (const [table, rows] of Object.entries(before)) {
      expect(afterAll[table]?.length, `rows of ${table}`).toBe(testCase.latestRows?.[table] ?? rows.length);
    }
  });

  it('has an N-1 -> N case for every study migration, and none for a migration that does not exist', () => {
    const testedVersions = Object.keys(migrationCases).map(Number).sort((a, b) => a - b);
    expect(testedVersions).toEqual(studyMigrations.map((migration) => migration.version));
  });
});
