import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneSentenceError, runCli, tempFolders } from './testSupport';

const folders = tempFolders();
let studyPath = '';

beforeAll(() => {
  studyPath = join(folders.make(), 'study.mixwise');
  const demo = runCli(['demo', '--out', studyPath, '--participants', '8']);
  expect(demo.status, demo.stderr).toBe(0);
});
afterAll(() => folders.cleanup());

describe('mixwise info', () => {
  it('prints the summary as JSON on stdout only', () => {
    const result = runCli(['info', '--study', studyPath]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(['study', 'country', 'identityGroups', 'arms', 'sites', 'cohorts', 'waves', 'versions', 'participants', 'responsesPerWave']),
    );
    expect(summary.participants).toMatchObject({ total: 8 });
  });

  it('resolves a relative --study against the current folder', () => {
    const result = runCli(['info', '--study', 'study.mixwise'], { cwd: join(studyPath, '..') });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ participants: { total: 8 } });
  });

  it('refuses a wrong passphrase with exit 3 and leaves the file as it was', () => {
    const before = readFileSync(studyPath);
    const message = expectOneSentenceError(runCli(['info', '--study', studyPath], { passphrase: 'not-the-passphrase' }), 3);
    expect(message.toLowerCase()).toContain('passphrase');
    expect(readFileSync(studyPath).equals(before)).toBe(true);
    expect(readdirSync(join(studyPath, '..'))).toEqual(['study.mixwise']);
  });

  it('reports a missing file with exit 4', () => {
    const folder = folders.make();
    const message = expectOneSentenceError(runCli(['info', '--study', join(folder, 'missing.mixwise')]), 4);
    expect(message).toMatch(/does not exist/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a file that is not a Mixwise file with exit 4 and does not touch it', () => {
    const folder = folders.make();
    const path = join(folder, 'notes.mixwise');
    writeFileSync(path, 'Shopping list: eggs, flour, 40 questionnaires.\n');
    const before = readFileSync(path);
    expect(expectOneSentenceError(runCli(['info', '--study', path]), 4)).toMatch(/not a Mixwise study file/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(['notes.mixwise']);
  });

  it('refuses an unencrypted SQLite database with exit 4', () => {
    const folder = folders.make();
    const path = join(folder, 'plain.mixwise');
    const plain = new Database(path);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    const before = readFileSync(path);
    expect(expectOneSentenceError(runCli(['info', '--study', path]), 4)).toMatch(/unencrypted SQLite/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('asks for the passphrase only on a terminal', () => {
    // stdin is a pipe here and MIXWISE_PASSPHRASE unset: nothing to read the secret from.
    const message = expectOneSentenceError(runCli(['info', '--study', studyPath], { passphrase: null }), 2);
    expect(message).toBe('Set MIXWISE_PASSPHRASE or run in a terminal to be asked for the passphrase.');
    // An empty variable counts as unset rather than as an empty passphrase.
    expectOneSentenceError(runCli(['info', '--study', studyPath], { passphrase: '' }), 2);
  });
});
