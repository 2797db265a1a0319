import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnswerReader } from '../analysis/answerReader';
import { createStudyFile, openStudyFile } from '../study/file';
import { withCheckpointElsewhere } from './checkpoint';
import { openReader, type Db } from './open';

/**
 * A large write's checkpoint handed to the reader thread, on a real encrypted study: the commit
 * leaves its pages in the log, and the thread's connection (which changes no data) copies them
 * into the file.
 */
const PASSPHRASE = 'checkpoint test passphrase';
let folder: string;
let path: string;
let db: Db;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-checkpoint-'));
  path = join(folder, 'study.mixwise');
  createStudyFile(path, PASSPHRASE, { name: 'Checkpoint test' }).close();
  db = openStudyFile(path, PASSPHRASE);
  db.exec('CREATE TABLE bulk (n INTEGER PRIMARY KEY, filler TEXT NOT NULL)');
  db.pragma('wal_checkpoint(TRUNCATE)');
});
afterEach(() => {
  if (db.open) db.close();
  rmSync(folder, { recursive: true, force: true });
});

/** About 1 500 pages: past SQLite's automatic checkpoint (1 000 pages), as an import is. */
function bulkWrite(): void {
  const insert = db.prepare('INSERT INTO bulk (filler) VALUES (?)');
  db.transaction(() => {
    for (let n = 0; n < 3_000; n++) insert.run('x'.repeat(1_800));
  })();
}

const fileSize = () => statSync(path).size;

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((resolve) => setTimeout(resolve, 20))) if (condition()) return true;
  return condition();
}

describe('a large write’s checkpoint', () => {
  it('is left out of the commit and run by the reader thread, with the data whole', async () => {
    const reader = new AnswerReader(path, PASSPHRASE);
    try {
      await reader.whenStarted();
      expect(reader.ready).toBe(true);
      // The hand-over waits for the test's word, so the thread (on the other core) cannot copy the
      // pages before the file is looked at.
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const handed = { checkpoint: () => gate.then(() => reader.checkpoint()) };
      const before = fileSize();
      withCheckpointElsewhere(db, handed, bulkWrite);
      // Committed (durable in the log) but not copied into the file by this thread.
      expect(fileSize()).toBe(before);
      expect(db.prepare('SELECT count(*) FROM bulk').pluck().get()).toBe(3_000);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      release();
      expect(await until(() => fileSize() > before + 3_000 * 1_800)).toBe(true);
    } finally {
      await reader.close();
    }
    db.close();
    const again = openStudyFile(path, PASSPHRASE);
    expect(again.prepare('SELECT count(*) FROM bulk').pluck().get()).toBe(3_000);
    again.close();
  });

  it('keeps a process that awaits the thread’s end alive while the handed checkpoint finishes (the CLI, the bench)', () => {
    db.close();
    const script = `
      const { AnswerReader } = require(${JSON.stringify(join(__dirname, '../analysis/answerReader.ts'))});
      const { withCheckpointElsewhere } = require(${JSON.stringify(join(__dirname, 'checkpoint.ts'))});
      const { openStudyFile } = require(${JSON.stringify(join(__dirname, '../study/file.ts'))});
      (async () => {
        const db = openStudyFile(process.argv[1], process.env.PASSPHRASE);
        const reader = new AnswerReader(process.argv[1], process.env.PASSPHRASE);
        await reader.whenStarted();
        const insert = db.prepare('INSERT INTO bulk (filler) VALUES (?)');
        withCheckpointElsewhere(db, reader, () => db.transaction(() => { for (let n = 0; n < 3000; n++) insert.run('x'.repeat(1800)); })());
        await reader.close();
        db.close();
        console.log('ended');
      })();`;
    // The passphrase goes by the environment, never on a command line.
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script, path], { encoding: 'utf8', env: { ...process.env, PASSPHRASE }, timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('ended');
  });

  it('runs here at once without a thread, and the automatic checkpoint comes back even when the write fails', () => {
    const before = fileSize();
    withCheckpointElsewhere(db, null, bulkWrite);
    expect(fileSize()).toBeGreaterThan(before + 3_000 * 1_800);
    expect(() =>
      withCheckpointElsewhere(db, null, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('is all the thread’s connection may do: it changes no data', () => {
    const reader = openReader(path, PASSPHRASE);
    try {
      expect(() => reader.prepare('DELETE FROM bulk').run()).toThrow(/readonly/);
      expect(() => reader.exec('CREATE TABLE sneaky (n)')).toThrow(/readonly/);
      expect(reader.pragma('wal_checkpoint(PASSIVE)')).toEqual([expect.objectContaining({ busy: 0 })]);
    } finally {
      reader.close();
    }
  });
});
