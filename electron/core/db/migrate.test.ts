import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MixwiseError } from '../errors';
import { studyMigrations } from '../study/migrations';
import { assertMigrationList, migrate, type Migration } from './migrate';
import { createEncrypted, openEncrypted, type Db, type FileKind } from './open';

let folder: string;
let passphrase: string;
let handles: Db[];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-migrate-'));
  passphrase = `migrate-test-${randomBytes(12).toString('hex')}`;
  handles = [];
});

afterEach(() => {
  for (const db of handles) if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

const noop = () => {};
const step = (version: number, name: string, up: (db: Db) => void = noop): Migration => ({ version, name, up });

/** A kind of file used only by these tests, so the steps under test are the only schema. */
function testKind(migrations: readonly Migration[]): FileKind {
  return { applicationId: 0x54455354, noun: 'test', migrations };
}

/** A fresh encrypted file at version 0 with no tables. */
function freshFile(name = 'migrate.db'): { db: Db; path: string } {
  const path = join(folder, name);
  const db = createEncrypted(path, passphrase, testKind([]));
  handles.push(db);
  return { db, path };
}

function tables(db: Db): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

const createA = step(10, '0010-create-a', (db) => db.exec('CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);'));
const createB = step(20, '0020-create-b', (db) => db.exec('CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (2);'));
const failingAfterWork = step(30, '0030-fails-half-way', (db) => {
  db.exec("CREATE TABLE c (z INTEGER); INSERT INTO c VALUES (3); UPDATE a SET x = 99; PRAGMA application_id = 7;");
  throw new Error('step 30 failed half way');
});

describe('assertMigrationList', () => {
  it('accepts the study migrations, an empty list and a well-formed list', () => {
    expect(() => assertMigrationList(studyMigrations)).not.toThrow();
    expect(() => assertMigrationList([])).not.toThrow();
    expect(() => assertMigrationList([createA, createB, step(30, '0030-add-x2-column')])).not.toThrow();
  });

  it.each([
    ['a name without the four-digit number', [step(10, '10-initial')]],
    ['a name with underscores', [step(10, '0010_initial_schema')]],
    ['a name with capitals', [step(10, '0010-Initial-Schema')]],
    ['a name with a trailing dash', [step(10, '0010-initial-')]],
    ['a name with nothing after the number', [step(10, '0010')]],
    ['a number in the name that differs from the version', [step(10, '0020-initial')]],
    ['a first step that is not 10', [step(20, '0020-initial')]],
    ['a step of 1', [createA, step(11, '0011-next')]],
    ['a gap', [createA, step(30, '0030-skips-twenty')]],
    ['a repeated version', [createA, step(10, '0010-again')]],
    ['steps out of order', [createB, createA]],
  ])('rejects %s', (_label, list) => {
    expect(() => assertMigrationList(list)).toThrow(/Migration .* must/);
  });
});

describe('migrate', () => {
  it('runs the steps in order up to the target, each only once, and records the version', () => {
    const { db } = freshFile();
    const runs: number[] = [];
    const counted = (migration: Migration): Migration => ({ ...migration, up: (handle) => (runs.push(migration.version), migration.up(handle)) });
    const list = [counted(createA), counted(createB)];
    migrate(db, list, 10);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    expect(tables(db)).toEqual(['a']);
    migrate(db, list);
    migrate(db, list);
    expect(runs).toEqual([10, 20]);
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(tables(db)).toEqual(['a', 'b']);
  });

  it('refuses to run an ill-formed list before touching the file', () => {
    const { db } = freshFile();
    expect(() => migrate(db, [createA, step(30, '0030-gap')])).toThrow(/step of 10/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a file newer than the target as NEWER_VERSION', () => {
    const { db } = freshFile();
    migrate(db, [createA, createB]);
    const error = (() => {
      try {
        migrate(db, [createA]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MixwiseError);
    expect((error as MixwiseError).code).toBe('NEWER_VERSION');
    expect(db.pragma('user_version', { simple: true })).toBe(20);
  });

  it('runs each step in a transaction: a failing step leaves the version and the schema as they were', () => {
    const { db } = freshFile();
    migrate(db, [createA, createB]);
    const schemaBefore = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    expect(() => migrate(db, [createA, createB, failingAfterWork])).toThrow('step 30 failed half way');
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schemaBefore);
    expect(db.prepare('SELECT x FROM a').pluck().all()).toEqual([1]);
    expect(db.pragma('application_id', { simple: true })).toBe(0x54455354);
    expect(db.inTransaction).toBe(false);
  });

  it('keeps the steps that succeeded before a failing one', () => {
    const { db } = freshFile();
    expect(() => migrate(db, [createA, createB, failingAfterWork])).toThrow('step 30 failed half way');
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(tables(db)).toEqual(['a', 'b']);
  });

  it('leaves a file whose upgrade failed at its old version, on disk, and openable by the older list', () => {
    const { db, path } = freshFile('upgrade.db');
    migrate(db, [createA, createB]);
    db.close();
    expect(() => openEncrypted(path, passphrase, testKind([createA, createB, failingAfterWork]))).toThrow('step 30 failed half way');
    const reopened = openEncrypted(path, passphrase, testKind([createA, createB]));
    handles.push(reopened);
    expect(reopened.pragma('user_version', { simple: true })).toBe(20);
    expect(tables(reopened)).toEqual(['a', 'b']);
    expect(reopened.prepare('SELECT x FROM a').pluck().all()).toEqual([1]);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
