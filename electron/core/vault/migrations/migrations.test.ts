import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../db/migrate';
import { createEncrypted, openEncrypted, type Db } from '../../db/open';
import { sqlcipherRawKey } from '../keys';
import { VAULT_APPLICATION_ID, vaultKind } from '../kind';
import { vaultMigrations } from './index';

/**
 * One N-1 -> N test per vault migration, as for the study (study/migrations/migrations.test.ts).
 * Seed with plain SQL valid at N-1, never with today's core functions, so an old step's test keeps
 * describing the file it was written for. A new migration fails the last test until it has a case.
 */
interface MigrationCase {
  seed(db: Db): void;
  verify(db: Db, before: TableDump): void;
}

type TableDump = Record<string, string[]>;

const migrationCases: Record<number, MigrationCase> = {
  10: {
    seed() {
      // Version 0 is a new, empty encrypted file.
    },
    verify(db, before) {
      expect(before).toEqual({});
      expect(tableNames(db)).toEqual(['allocation', 'allocation_run', 'audit', 'issued_id', 'person', 'setting', 'vault']);
      seedAtVersion10(db);
      // The append-only tables refuse changes and deletions through triggers.
      for (const sql of [
        "UPDATE audit SET action = 'nothing'",
        'DELETE FROM audit',
        "UPDATE issued_id SET id = '11111111'",
        'DELETE FROM issued_id',
        "UPDATE allocation SET arm_code = 'programme'",
        'DELETE FROM allocation_run',
      ]) {
        expect(() => db.exec(sql), sql).toThrow(/append-only/);
      }
      // A person needs a name until the identity is erased, and has none afterwards.
      expect(() =>
        db.prepare("INSERT INTO person (participant_id, name, created_at, updated_at) VALUES ('12345678', NULL, 'x', 'x')").run(),
      ).toThrow(/CHECK constraint/);
      expect(() => db.prepare("UPDATE person SET status = 'identity_erased' WHERE participant_id = '40000008'").run()).toThrow(/CHECK constraint/);
      // A person exists only for an issued ID.
      db.pragma('foreign_keys = ON');
      expect(() =>
        db.prepare("INSERT INTO person (participant_id, name, created_at, updated_at) VALUES ('99999999', 'Nobody', 'x', 'x')").run(),
      ).toThrow(/FOREIGN KEY/);
      expect(db.prepare('SELECT key, value FROM setting ORDER BY key').all()).toEqual([
        { key: 'backup_keep', value: '7' },
        { key: 'idle_lock_seconds', value: '300' },
      ]);
    },
  },
  20: {
    seed(db) {
      seedAtVersion10(db);
    },
    verify(db, before) {
      // Nothing that was there changes; two new, empty tables.
      expect(dumpTables(db)).toEqual({ ...before, export_pseudonym: [], export_run: [] });
      db.prepare(
        "INSERT INTO export_run (id, at, format, rekeyed, k, quasi_identifiers, risky_rows, override_reason, client) VALUES (1, '2026-02-01T09:00:00.000Z', 'xlsx', 1, 5, '[\"group\"]', 2, 'Agreed with the data protection officer', 'app')",
      ).run();
      db.prepare("INSERT INTO export_pseudonym (run_id, participant_id, pseudonym) VALUES (1, '40000008', 'X12345678')").run();
      expect(() => db.prepare("INSERT INTO export_pseudonym (run_id, participant_id, pseudonym) VALUES (1, '14343143', 'X12345678')").run()).toThrow(/UNIQUE/);
      expect(() => db.prepare("INSERT INTO export_run (at, format, rekeyed, k, client) VALUES ('x', 'pdf', 0, 5, 'app')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO export_run (at, format, rekeyed, k, override_reason, client) VALUES ('x', 'csv', 0, 5, '  ', 'app')").run()).toThrow(/CHECK/);
      for (const sql of ["UPDATE export_pseudonym SET pseudonym = 'X0'", 'DELETE FROM export_pseudonym', 'UPDATE export_run SET k = 2', 'DELETE FROM export_run']) {
        expect(() => db.exec(sql), sql).toThrow(/append-only/);
      }
    },
  },
  30: {
    seed(db) {
      seedAtVersion10(db);
    },
    verify(db, before) {
      // The old entries keep their content, without a MAC until they are sealed.
      const mac = 'a'.repeat(64);
      expect(dumpTables(db).audit).toEqual(before.audit!.map((row) => JSON.stringify({ ...JSON.parse(row), mac: null })));
      // Sealing (a NULL mac set, nothing else) is the one change allowed, and only once.
      db.prepare('UPDATE audit SET mac = ? WHERE seq = 1').run(mac);
      for (const sql of [
        "UPDATE audit SET mac = 'b' || substr(mac, 2) WHERE seq = 1",
        "UPDATE audit SET action = 'nothing'",
        'DELETE FROM audit',
      ]) {
        expect(() => db.exec(sql), sql).toThrow(/append-only/);
      }
      db.prepare("INSERT INTO audit (at, action, detail) VALUES ('2026-01-04T09:00:00.000Z', 'unlocked', '{}')").run();
      expect(() => db.prepare('UPDATE audit SET mac = ?, detail = ? WHERE seq = 2').run(mac, '{"x":1}')).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE audit SET mac = 'not hex' WHERE seq = 2").run()).toThrow(/CHECK/);
    },
  },
  40: {
    seed(db) {
      seedAtVersion10(db);
    },
    verify(db, before) {
      // Earlier people keep every value and have no reason recorded (nobody was asked).
      const withReason = (row: string) => JSON.stringify({ ...JSON.parse(row), consent_missing_reason: null });
      expect(dumpTables(db).person).toEqual(before.person!.map(withReason).sort());
      db.prepare("UPDATE person SET consent_missing_reason = 'Form kept by the partner' WHERE participant_id = '40000008'").run();
      expect(() => db.prepare("UPDATE person SET consent_missing_reason = '  ' WHERE participant_id = '14343143'").run()).toThrow(/CHECK/);
    },
  },
  50: {
    seed(db) {
      seedAtVersion10(db);
    },
    verify(db, before) {
      // Nothing earlier changes; the call log starts empty and takes only what the app can read back.
      expect(dumpTables(db)).toEqual({ ...before, call_attempt: [] });
      const insert = db.prepare(
        `INSERT INTO call_attempt (participant_id, wave, called_on, channel, outcome, next_attempt, note, created_at)
         VALUES ('40000008', 'post', ?, ?, ?, ?, ?, '2026-05-02T09:00:00.000Z')`,
      );
      insert.run('2026-05-02', 'phone', 'no_answer', '2026-05-05', 'Evenings only');
      expect(() => insert.run('2026-05-02', 'fax', 'no_answer', null, ''), 'channel').toThrow(/CHECK/);
      expect(() => insert.run('2026-05-02', 'sms', 'maybe', null, ''), 'outcome').toThrow(/CHECK/);
      expect(() => insert.run('2 May', 'sms', 'reached', null, ''), 'day').toThrow(/CHECK/);
      expect(() => insert.run('2026-05-02', 'sms', 'reached', '2026-05-01', ''), 'next before the call').toThrow(/CHECK/);
      expect(() => insert.run('2026-05-02', 'sms', 'reached', null, 'x'.repeat(281)), 'note').toThrow(/CHECK/);
      db.pragma('foreign_keys = ON');
      expect(() =>
        db.prepare(
          `INSERT INTO call_attempt (participant_id, wave, called_on, channel, outcome, created_at)
           VALUES ('99999999', 'post', '2026-05-02', 'visit', 'reached', 'x')`,
        ).run(),
      ).toThrow(/FOREIGN KEY/);
    },
  },
  60: {
    seed(db) {
      seedAtVersion10(db);
    },
    verify(db, before) {
      // Nothing earlier changes; the list of ID-keepers starts empty, names compare without case, and a row never changes.
      expect(dumpTables(db)).toEqual({ ...before, keeper: [] });
      const insert = db.prepare("INSERT INTO keeper (name, created_at) VALUES (?, '2026-05-02T09:00:00.000Z')");
      insert.run('Keeper One');
      expect(() => insert.run('keeper one'), 'same name').toThrow(/UNIQUE/);
      expect(() => insert.run('  '), 'blank').toThrow(/CHECK/);
      expect(() => insert.run(' Padded'), 'untrimmed').toThrow(/CHECK/);
      expect(() => db.exec("UPDATE keeper SET name = 'Someone else'")).toThrow(/append-only/);
      expect(() => db.exec('DELETE FROM keeper')).toThrow(/append-only/);
    },
  },
};

function seedAtVersion10(db: Db): void {
  db.exec(`
    INSERT INTO vault (id, uuid, study_uuid, created_at) VALUES
      (1, '0b9e8f0a-2c53-4c1e-8a57-3b6a1c2d4e5f', '6f1c2a52-5b1e-4c55-9a57-0d8f5c0c7e11', '2026-01-01T09:00:00.000Z');
    INSERT INTO issued_id (id, legacy, issued_at) VALUES
      ('40000008', 0, '2026-01-02T09:00:00.000Z'), ('14343143', 1, '2026-01-02T09:00:00.000Z'), ('22222222', 0, '2026-01-02T09:00:00.000Z');
    INSERT INTO person (participant_id, name, birth_year, phone, email, address, preferred_channel, consent_date,
                        consent_form_version, consent_by, guardian_name, notes, status, created_at, updated_at) VALUES
      ('40000008', 'Ana Example', 1990, '+41 79 000 00 00', 'ana@example.org', 'Main street 1', 'sms', '2026-01-02', 'v2',
       'participant', NULL, 'Prefers evenings', 'active', '2026-01-02T09:00:00.000Z', '2026-01-02T09:00:00.000Z'),
      ('14343143', 'Ben Example', 2010, NULL, NULL, NULL, NULL, '2026-01-02', 'v2-minor', 'guardian', 'Carla Example', '',
       'withdrawn', '2026-01-02T09:00:00.000Z', '2026-01-02T09:00:00.000Z');
    INSERT INTO person (participant_id, name, status, identity_erased_at, created_at, updated_at) VALUES
      ('22222222', NULL, 'identity_erased', '2026-01-03T09:00:00.000Z', '2026-01-02T09:00:00.000Z', '2026-01-03T09:00:00.000Z');
    INSERT INTO audit (at, action, detail) VALUES ('2026-01-01T09:00:00.000Z', 'created', '{"client":"app"}');
    INSERT INTO allocation_run (id, at, mode, algorithm, seed, places, prior) VALUES
      (1, '2026-01-02T10:00:00.000Z', 'random', 'stratified-balanced-sha256-v1', '42', NULL, '{}');
    INSERT INTO allocation (run_id, position, participant_id, stratum, arm_code) VALUES (1, 0, '40000008', 'migrant|north', 'programme');
  `);
}

function tableNames(db: Db): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

function dumpTables(db: Db): TableDump {
  return Object.fromEntries(
    tableNames(db).map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row)).sort()]),
  );
}

let folder: string;
let key: Buffer;
let handles: Db[];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-vault-migrations-'));
  key = sqlcipherRawKey(randomBytes(32));
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

describe('vault migrations, each from the version before it', () => {
  it.each(vaultMigrations.map((migration, index) => ({ migration, index })))('$migration.name', ({ migration, index }) => {
    const testCase = migrationCases[migration.version];
    if (!testCase) throw new Error(`Migration ${migration.name} has no N-1 -> N case in migrations.test.ts`);
    const previousVersion = vaultMigrations[index - 1]?.version ?? 0;
    const path = join(folder, `at-${previousVersion}.mixvault`);

    const old = track(createEncrypted(path, key, { ...vaultKind, migrations: [] }));
    migrate(old, vaultMigrations, previousVersion);
    expect(old.pragma('user_version', { simple: true })).toBe(previousVersion);
    testCase.seed(old);
    const before = dumpTables(old);
    old.close();

    const atN = track(openEncrypted(path, key, { ...vaultKind, migrations: vaultMigrations.slice(0, index + 1) }));
    expect(atN.pragma('user_version', { simple: true })).toBe(migration.version);
    testCase.verify(atN, before);
    atN.close();

    const latest = track(openEncrypted(path, key, vaultKind));
    expect(latest.pragma('user_version', { simple: true })).toBe(vaultMigrations.at(-1)!.version);
    expect(latest.pragma('application_id', { simple: true })).toBe(VAULT_APPLICATION_ID);
    expect(latest.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(latest.pragma('foreign_key_check')).toEqual([]);
  });

  it('has an N-1 -> N case for every vault migration, and none for a migration that does not exist', () => {
    expect(Object.keys(migrationCases).map(Number).sort((a, b) => a - b)).toEqual(vaultMigrations.map((migration) => migration.version));
  });
});
