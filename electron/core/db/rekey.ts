import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { fsyncFile, fsyncFolder } from '../files';
import { keyConnection, withSecretBytes, type Db, type FileKind, type OpenOptions, type Secret } from './open';

/**
 * Changing the secret of an encrypted file without a moment where it opens with neither the old
 * secret nor the new one. SQLCipher's in-place rekey rewrites every page under a rollback journal
 * whose pages need the old key while page 1 already has the new one, and it does not run in WAL
 * mode at all. So the file is never re-keyed in place:
 *
 * 1. `VACUUM INTO` a copy beside it: a consistent snapshot (committed WAL content included),
 *    written with the file's own cipher and key, never a plaintext page.
 * 2. The copy, which nobody else has open, is switched to a rollback journal and re-keyed, then
 *    opened with the new secret alone and checked whole (integrity, application id).
 * 3. The caller closes its connection (which checkpoints and removes the -wal), and the copy is
 *    renamed over the file: one atomic step. Before it the file opens with the old secret, after it
 *    with the new one. A crash before it leaves a stray copy, removed the next time.
 */

export const ROTATING_SUFFIX = '.rotating';

/** Failure points, for tests that simulate a crash at each step. */
export type RekeyStep = 'copied' | 'rekeyed' | 'closed' | 'swapped';

export function removeRekeyLeftovers(path: string): void {
  const copy = path + ROTATING_SUFFIX;
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(copy + suffix, { force: true });
}

function openRaw(path: string, secret: Secret, options: OpenOptions): Db {
  const db = new Database(path, { fileMustExist: true, nativeBinding: options.nativeBinding });
  try {
    keyConnection(db, secret);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Steps 1 and 2: writes `<path>.rotating`, the live file's content under the new secret, checked.
 * `source` is the live connection (its key is the old secret). Returns the copy's path.
 */
export function writeRekeyedCopy(
  source: Db,
  path: string,
  oldSecret: Secret,
  newSecret: Secret,
  kind: FileKind,
  options: OpenOptions = {},
): string {
  const copy = path + ROTATING_SUFFIX;
  removeRekeyLeftovers(path);
  try {
    source.exec(`VACUUM INTO '${copy.replaceAll("'", "''")}'`);
    const writer = openRaw(copy, oldSecret, options);
    try {
      writer.pragma('journal_mode = DELETE');
      writer.pragma('temp_store = MEMORY');
      withSecretBytes(newSecret, (bytes) => writer.rekey(bytes));
    } finally {
      writer.close();
    }
    const check = openRaw(copy, newSecret, options);
    try {
      if (check.pragma('integrity_check', { simple: true }) !== 'ok')
        throw new Error(`The re-keyed ${kind.noun} copy failed its integrity check`);
      if (check.pragma('application_id', { simple: true }) !== kind.applicationId)
        throw new Error(`The re-keyed ${kind.noun} copy is not a ${kind.noun}`);
    } finally {
      check.close();
    }
    fsyncFile(copy);
    return copy;
  } catch (error) {
    removeRekeyLeftovers(path);
    throw error;
  }
}

/**
 * Step 3, once the live connection is closed: the copy replaces the file. A -wal left beside the
 * file would be replayed into the new one by SQLite, so its presence stops the swap.
 */
export function swapInRekeyedCopy(path: string): void {
  // A zero-length -wal (after a TRUNCATE checkpoint) holds nothing to replay.
  if (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0) {
    throw new Error('The file still has a write-ahead log; it was not closed cleanly');
  }
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  renameSync(path + ROTATING_SUFFIX, path);
  fsyncFolder(dirname(path));
}

/** Closes a live connection so that nothing of it stays beside the file: the WAL is copied in and truncated. */
export function closeForSwap(db: Db): void {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (result && result.busy !== 0) throw new Error('Another connection is still reading the file');
  db.close();
}
