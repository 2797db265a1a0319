import Database from 'better-sqlite3-multiple-ciphers';
import { keyConnection, type Db, type OpenOptions } from '../db/open';
import { closeForSwap, swapInRekeyedCopy, writeRekeyedCopy } from '../db/rekey';
import { MixwiseError } from '../errors';
import { assertNewPassphrase } from './file';
import { studyKind } from './kind';

/**
 * Changing the study's passphrase. The study file is keyed with the passphrase itself (SQLCipher's
 * own PBKDF2), so the change re-encrypts every page: a checked copy under the new passphrase is
 * swapped in (db/rekey.ts), and at every instant the file opens with the old passphrase or the new
 * one. Copies of the file made before (a colleague's laptop, a USB stick) keep the old passphrase:
 * changing it protects the file on this computer from now on, not the copies already made.
 */

/** The current passphrase must open this file; checked on a connection of its own, read-only. */
export function assertStudyPassphrase(path: string, passphrase: string, options: OpenOptions = {}): void {
  const db = new Database(path, { fileMustExist: true, readonly: true, nativeBinding: options.nativeBinding });
  try {
    keyConnection(db, passphrase);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    throw new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase.', { field: 'current' });
  } finally {
    db.close();
  }
}

export function assertNewStudyPassphrase(current: string, next: string, studyName: string): void {
  assertNewPassphrase(next, 'next', [studyName]);
  if (next === current) {
    throw new MixwiseError('INVALID_INPUT', 'The new passphrase is the same as the current one.', {
      field: 'next',
      key: 'passphraseUnchanged',
    });
  }
}

/**
 * The whole change for a connection nobody else shares (the CLI): copy, close, swap. The app,
 * whose study also has a reader thread, runs the same steps around closing its session.
 */
export function rekeyStudyFile(db: Db, path: string, current: string, next: string, options: OpenOptions = {}): void {
  writeRekeyedCopy(db, path, current, next, studyKind, options);
  closeForSwap(db);
  swapInRekeyedCopy(path);
}
