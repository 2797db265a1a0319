import { rmSync } from 'node:fs';
import { createEncrypted, openEncrypted, type Db, type OpenOptions } from '../db/open';
import { removeRekeyLeftovers } from '../db/rekey';
import { MixwiseError } from '../errors';
import { passphraseStrength } from '../secrets/strength';
import { initialiseStudy, type NewStudy } from './design';
import { studyKind } from './kind';

export const STUDY_EXTENSION = '.mixwise';
export const MIN_PASSPHRASE_LENGTH = 8;

/**
 * A new passphrase protects every answer (or name) in a file: refuse ones too short, or too easy to
 * guess by the offline estimate (secrets/strength.ts), before any file is made or changed.
 */
export function assertNewPassphrase(passphrase: string, field = 'passphrase', related: string[] = []): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new MixwiseError('INVALID_INPUT', `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`, {
      field,
      key: 'passphraseTooShort',
      params: { min: MIN_PASSPHRASE_LENGTH },
    });
  }
  if (!passphraseStrength(passphrase, related).acceptable) {
    throw new MixwiseError('INVALID_INPUT', 'This passphrase is too easy to guess: use a few unrelated words, or add some.', {
      field,
      key: 'passphraseWeak',
    });
  }
}

export function assertStudyPath(path: string): void {
  if (!path.endsWith(STUDY_EXTENSION)) {
    throw new MixwiseError('INVALID_INPUT', `A study file name ends in ${STUDY_EXTENSION}.`, {
      field: 'path',
      key: 'studyExtension',
      params: { extension: STUDY_EXTENSION },
    });
  }
}

/** Creates a study file with its defaults; on any failure no half-made file is left behind. */
export function createStudyFile(path: string, passphrase: string, study: NewStudy, options: OpenOptions = {}): Db {
  assertStudyPath(path);
  assertNewPassphrase(passphrase);
  if (!study.name.trim()) throw new MixwiseError('INVALID_INPUT', 'Give the study a name.', { field: 'name', key: 'studyNameMissing' });
  const db = createEncrypted(path, passphrase, studyKind, options);
  try {
    initialiseStudy(db, study);
    return db;
  } catch (error) {
    db.close();
    removeCreatedFile(path);
    throw error;
  }
}

function removeCreatedFile(path: string): void {
  // Only ever called for a file this process has just created and that holds no user data yet.
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

export function openStudyFile(path: string, passphrase: string, options: OpenOptions = {}): Db {
  const db = openEncrypted(path, passphrase, studyKind, options);
  // A passphrase change killed before its swap leaves its re-keyed copy beside the file (study/passphrase.ts).
  removeRekeyLeftovers(path);
  return db;
}
