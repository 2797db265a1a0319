import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addIdentityGroup } from '../study/design';
import { createStudyFile, openStudyFile } from '../study/file';
import { STUDY_APPLICATION_ID, studyKind } from '../study/kind';
import { studyMigrations } from '../study/migrations';
import { createEncrypted, openEncrypted, type Db, type FileKind } from './open';
import { endFiles, expectMixwiseError, fingerprint, newStudy, openRaw, startFiles, track } from './openTestSupport';

// The official SQLCipher build (node-sqlite3 API), loaded through require: it is CommonJS only.
const sqlcipher = (createRequire(import.meta.url)('@journeyapps/sqlcipher') as typeof import('@journeyapps/sqlcipher')).verbose();

const LATEST_VERSION = studyMigrations.at(-1)!.version;

let folder: string;
let passphrase: string;

beforeEach(() => ({ folder, passphrase } = startFiles()));
afterEach(endFiles);

interface SqlcipherResult {
  rows: Record<string, unknown>[];
  error: Error | null;
}

/** Runs statements in stock SQLCipher 4 with the passphrase alone; returns the last one's rows and the first error. */
function readWithStockSqlcipher(path: string, key: string, statements: string[], mode = sqlcipher.OPEN_READWRITE): Promise<SqlcipherResult> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(path, mode, (openError) => {
      if (openError) reject(openError);
    });
    const result: SqlcipherResult = { rows: [], error: null };
    db.serialize(() => {
      db.run('PRAGMA cipher_compatibility = 4');
      // The passphrase is ours and hex plus fixed text: no quote to escape.
      db.run(`PRAGMA key = '${key.replaceAll("'", "''")}'`);
      for (const sql of statements) {
        db.all(sql, (error, rows) => {
          if (error) result.error ??= error;
          else result.rows = rows as Record<string, unknown>[];
        });
      }
      db.close((closeError) => (closeError ? reject(closeError) : resolve(result)));
    });
  });
}

describe('creating and reopening an encrypted study file', () => {
  it('keeps the data across close and reopen with the passphrase', () => {
    const path = join(folder, 'reopen.mixwise');
    const db = track(createStudyFile(path, passphrase, { name: 'Reopen study', country: 'Kosovo' }));
    addIdentityGroup(db, { code: 'migrant', name: 'Migrants', labelForOthers: 'migrants' });
    db.close();

    const reopened = track(openStudyFile(path, passphrase));
    expect(reopened.prepare('SELECT name, country FROM study').get()).toEqual({ name: 'Reopen study', country: 'Kosovo' });
    expect(reopened.prepare('SELECT code, name FROM identity_group').all()).toEqual([{ code: 'migrant', name: 'Migrants' }]);
    expect(reopened.prepare('SELECT code FROM wave ORDER BY position').pluck().all()).toEqual(['pre', 'post', 'fu']);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(reopened.pragma('application_id', { simple: true })).toBe(STUDY_APPLICATION_ID);
  });

  it('has WAL, synchronous FULL, in-memory temp storage, secure delete and foreign keys in effect', () => {
    const path = join(folder, 'pragmas.mixwise');
    const expectRuntimePragmas = (db: Db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    };
    const created = track(createStudyFile(path, passphrase, { name: 'Pragmas' }));
    expectRuntimePragmas(created);
    created.close();
    const db = track(openStudyFile(path, passphrase));
    expectRuntimePragmas(db);
    // Foreign keys are not just reported on but enforced.
    expect(() =>
      db.prepare("INSERT INTO participant (id, identity_group_id, enrolled_at) VALUES ('12345678', 999, 'now')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('writes a standard SQLCipher 4 file that stock SQLCipher opens with the passphrase alone', async () => {
    // Non-ASCII on purpose: the key is the passphrase's UTF-8 bytes in both libraries.
    const key = `pässphrase-€-${randomBytes(8).toString('hex')}`;
    const marker = `Written by Mixwise ${randomBytes(6).toString('hex')}`;
    const path = join(folder, 'stock.mixwise');
    const db = track(createStudyFile(path, key, { name: marker }));
    db.close(); // Checkpoints the WAL into the main file, which is all stock SQLCipher is given below.
    expect(existsSync(`${path}-wal`)).toBe(false);

    const read = await readWithStockSqlcipher(path, key, ['SELECT name, (SELECT count(*) FROM wave) AS waves FROM study']);
    expect(read.error).toBeNull();
    expect(read.rows).toEqual([{ name: marker, waves: 3 }]);
    const header = await readWithStockSqlcipher(path, key, ['PRAGMA application_id']);
    expect(header.rows).toEqual([{ application_id: STUDY_APPLICATION_ID }]);

    // And the same library refuses another passphrase: the file really is encrypted with this key.
    const wrong = await readWithStockSqlcipher(path, `${key}x`, ['SELECT name FROM study']);
    expect(wrong.error?.message).toMatch(/not a database/);
  });

  it('opens a file written by stock SQLCipher 4 and brings it up to the current schema', async () => {
    const path = join(folder, 'from-stock.mixwise');
    const written = await readWithStockSqlcipher(path, passphrase, [
      `PRAGMA application_id = ${STUDY_APPLICATION_ID}`,
      'CREATE TABLE stock_marker (value TEXT)',
      "INSERT INTO stock_marker VALUES ('from stock SQLCipher')",
    ], sqlcipher.OPEN_READWRITE | sqlcipher.OPEN_CREATE);
    expect(written.error).toBeNull();
    const db = track(openStudyFile(path, passphrase));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT value FROM stock_marker').pluck().get()).toBe('from stock SQLCipher');
  });
});

describe('refusing a wrong passphrase', () => {
  it('says "Wrong passphrase" and 20 attempts leave the closed file byte for byte as it was', () => {
    const path = newStudy();
    const before = fingerprint(path);
    expect(before['-wal']).toBeNull();
    for (let attempt = 0; attempt < 20; attempt++) {
      const error = expectMixwiseError(() => openStudyFile(path, `${passphrase}-${attempt}`), 'WRONG_PASSPHRASE', /Wrong passphrase/);
      expect(error.message).not.toContain(passphrase);
    }
    expect(fingerprint(path)).toEqual(before);
    expect(track(openStudyFile(path, passphrase)).prepare('SELECT name FROM study').pluck().get()).toBe('Open test study');
  });

  it('leaves the file and its live WAL untouched while another window has the study open', () => {
    const path = newStudy();
    const open = track(openStudyFile(path, passphrase));
    open.prepare("UPDATE study SET country = 'Live WAL'").run();
    const before = fingerprint(path);
    expect(before['-wal']).not.toBeNull(); // The update sits in the WAL, not yet checkpointed.
    for (let attempt = 0; attempt < 10; attempt++) {
      expectMixwiseError(() => openStudyFile(path, `not-${passphrase}-${attempt}`), 'WRONG_PASSPHRASE', /Wrong passphrase/);
    }
    // The -shm file is left out on purpose: every reader, even one about to fail on the key, takes a
    // read mark in it (a lock slot, byte 104 here). It holds lock state and frame numbers, no data.
    const after = fingerprint(path);
    expect(after.main).toBe(before.main);
    expect(after['-wal']).toBe(before['-wal']);
    expect(open.prepare('SELECT country FROM study').pluck().get()).toBe('Live WAL');
  });
});

describe('refusing a file from a newer Mixwise', () => {
  it('says so, and does not touch the file', () => {
    const path = newStudy();
    const raw = openRaw(path, passphrase);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    const before = fingerprint(path);

    const error = expectMixwiseError(() => openStudyFile(path, passphrase), 'NEWER_VERSION', /newer version of Mixwise/);
    expect(error.details.params).toMatchObject({ fileVersion: LATEST_VERSION + 10, appVersion: LATEST_VERSION });
    expect(fingerprint(path)).toEqual(before);
    // Refused, never "repaired": the version is still the newer one.
    expect(openRaw(path, passphrase).pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 10);
  });
});

describe('refusing files that are not Mixwise study files', () => {
  const otherKind: FileKind = { applicationId: 0x4f544852, noun: 'other', migrations: [] };

  const cases: { name: string; make(path: string): void; message: RegExp }[] = [
    { name: 'an empty file', make: (path) => writeFileSync(path, ''), message: /not a Mixwise study file/ },
    {
      name: 'a text file',
      make: (path) => writeFileSync(path, 'participant,name\n1234567,Someone\n'.repeat(50)),
      message: /not a Mixwise study file/,
    },
    {
      name: 'an unencrypted SQLite database',
      make: (path) => {
        const plain = track(new Database(path));
        plain.exec("CREATE TABLE study (name TEXT); INSERT INTO study VALUES ('plain');");
        plain.close();
      },
      message: /unencrypted SQLite database/,
    },
    {
      name: 'an encrypted file of another kind (application_id)',
      make: (path) => track(createEncrypted(path, passphrase, otherKind)).close(),
      message: /not a Mixwise study file/,
    },
    {
      name: 'an encrypted SQLCipher database with no application_id',
      make: (path) => {
        const other = track(new Database(path));
        other.pragma(`cipher = 'sqlcipher'`);
        other.pragma('legacy = 4');
        other.key(Buffer.from(passphrase, 'utf8'));
        other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('someone else''s');");
        other.close();
      },
      message: /not a Mixwise study file/,
    },
  ];

  it.each(cases)('refuses $name as NOT_MIXWISE and leaves it in place, unchanged', ({ make, message }) => {
    const path = join(folder, 'foreign.mixwise');
    make(path);
    const before = fingerprint(path);
    expectMixwiseError(() => openStudyFile(path, passphrase), 'NOT_MIXWISE', message);
    expect(existsSync(path)).toBe(true);
    expect(fingerprint(path)).toEqual(before);
  });
});

describe('creating', () => {
  it('refuses a path that exists and leaves the existing file unchanged', () => {
    const path = newStudy();
    const before = fingerprint(path);
    expectMixwiseError(() => createEncrypted(path, passphrase, studyKind), 'ALREADY_EXISTS');
    expectMixwiseError(() => createEncrypted(path, `other-${passphrase}`, studyKind), 'ALREADY_EXISTS');
    // createStudyFile cleans up after a failed create: it must never remove a file it did not make.
    expectMixwiseError(() => createStudyFile(path, passphrase, { name: 'Overwrite attempt' }), 'ALREADY_EXISTS');
    expect(fingerprint(path)).toEqual(before);
    expect(track(openStudyFile(path, passphrase)).prepare('SELECT name FROM study').pluck().get()).toBe('Open test study');

    const textPath = join(folder, 'notes.mixwise');
    writeFileSync(textPath, 'keep me');
    expectMixwiseError(() => createStudyFile(textPath, passphrase, { name: 'Overwrite attempt' }), 'ALREADY_EXISTS');
    expect(readFileSync(textPath, 'utf8')).toBe('keep me');
  });

  it('refuses an empty passphrase with INVALID_INPUT and creates nothing', () => {
    const path = join(folder, 'empty-passphrase.mixwise');
    expectMixwiseError(() => createEncrypted(path, '', studyKind), 'INVALID_INPUT');
    expect(existsSync(path)).toBe(false);
    const existing = newStudy();
    const before = fingerprint(existing);
    expectMixwiseError(() => openEncrypted(existing, '', studyKind), 'INVALID_INPUT');
    expectMixwiseError(() => openStudyFile(existing, ''), 'INVALID_INPUT');
    expect(fingerprint(existing)).toEqual(before);
  });

  it('reports a missing file as NOT_FOUND without creating it', () => {
    const path = join(folder, 'missing.mixwise');
    expectMixwiseError(() => openStudyFile(path, passphrase), 'NOT_FOUND');
    expect(existsSync(path)).toBe(false);
  });
});
