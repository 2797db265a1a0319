import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createEncrypted, openEncrypted, type Db, type OpenOptions } from '../db/open';
import { isMixwiseError, MixwiseError } from '../errors';
import { assertNewPassphrase } from '../study/file';
import { appendAudit } from './audit';
import { createKeyFile, newDataKey, newRecoveryKey, normaliseRecoveryKey, readKeyFile, replaceSlot, sqlcipherRawKey, unlockKeyFile, type WriteStep } from './keys';
import { keysPathFor, VAULT_EXTENSION, vaultKind } from './kind';

/**
 * Creating, opening and re-keying a vault file. See keys.ts for why the file is encrypted with a
 * random data key and what the key file beside it holds.
 */

export interface OpenVault {
  db: Db;
  path: string;
  /** Kept while unlocked for backups (opening a copy needs it); zeroed on lock. */
  dataKey: Buffer;
  vaultUuid: string;
  studyUuid: string;
}

export type Client = 'app' | 'cli';

const COMPANIONS = ['-wal', '-shm'] as const;

export function assertVaultPath(path: string): void {
  if (!path.endsWith(VAULT_EXTENSION)) {
    throw new MixwiseError('INVALID_INPUT', `A vault file name ends in ${VAULT_EXTENSION}.`, {
      field: 'path',
      key: 'vaultExtension',
      params: { extension: VAULT_EXTENSION },
    });
  }
}

/** Refuses a path where a vault, its key file or a stale companion is; SQLite would replay a stray -wal. */
function assertFresh(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new MixwiseError('NOT_FOUND', `The folder ${folder} does not exist.`, { field: 'path' });
  }
  for (const candidate of [path, keysPathFor(path), ...COMPANIONS.map((suffix) => path + suffix)]) {
    if (existsSync(candidate)) {
      throw new MixwiseError('ALREADY_EXISTS', `${candidate} already exists; nothing was overwritten.`, { field: 'path', key: 'fileExists' });
    }
  }
}

function removeVaultFiles(path: string): void {
  // Only ever called for files this process has just created and that hold no person yet.
  for (const suffix of ['', ...COMPANIONS]) rmSync(path + suffix, { force: true });
  rmSync(keysPathFor(path), { force: true });
}

/** Reads the vault row and checks it against the key file that opened it. */
function vaultIdentity(db: Db, keyFileUuid: string): { vaultUuid: string; studyUuid: string } {
  const row = db.prepare('SELECT uuid, study_uuid AS studyUuid FROM vault WHERE id = 1').get() as { uuid: string; studyUuid: string } | undefined;
  if (!row || row.uuid !== keyFileUuid) {
    throw new MixwiseError('DAMAGED', 'The key file beside this vault belongs to another vault.', { key: 'vaultKeysMismatch' });
  }
  return { vaultUuid: row.uuid, studyUuid: row.studyUuid };
}

/** Opens the database with an unwrapped data key; a refusal here means the key file is not this vault's. */
export function openWithDataKey(path: string, dataKey: Buffer, keyFileUuid: string, options: OpenOptions = {}): OpenVault {
  let db: Db;
  try {
    db = openEncrypted(path, sqlcipherRawKey(dataKey), vaultKind, options);
  } catch (error) {
    if (isMixwiseError(error) && error.code === 'WRONG_PASSPHRASE') {
      throw new MixwiseError('DAMAGED', 'The key file beside this vault belongs to another vault.', { key: 'vaultKeysMismatch' });
    }
    throw error;
  }
  try {
    return { db, path, dataKey, ...vaultIdentity(db, keyFileUuid) };
  } catch (error) {
    db.close();
    throw error;
  }
}

export interface CreatedVault {
  vault: OpenVault;
  /** Shown once, to be written down or printed; Mixwise keeps only its scrypt-wrapped use. */
  recoveryKey: string;
}

/** Creates an empty vault bound to one study; on any failure nothing is left behind. */
export async function createVaultFile(
  path: string,
  passphrase: string,
  studyUuid: string,
  options: OpenOptions & { client?: Client } = {},
): Promise<CreatedVault> {
  assertVaultPath(path);
  assertNewPassphrase(passphrase);
  assertFresh(path);
  const dataKey = newDataKey();
  const recoveryKey = newRecoveryKey();
  const vaultUuid = randomUUID();
  // The key file first: scrypt takes a moment, and a database without its key file is useless.
  await createKeyFile(keysPathFor(path), dataKey, passphrase, recoveryKey, vaultUuid);
  let db: Db | undefined;
  try {
    // createEncrypted refuses a path that appeared while scrypt ran (another window): that file is
    // not ours, so on failure before db exists only our key file is removed.
    db = createEncrypted(path, sqlcipherRawKey(dataKey), vaultKind, options);
    const created = db;
    created.transaction(() => {
      created.prepare('INSERT INTO vault (id, uuid, study_uuid, created_at) VALUES (1, ?, ?, ?)').run(vaultUuid, studyUuid, new Date().toISOString());
      appendAudit(created, 'created', { client: options.client ?? 'app' });
    })();
    return { vault: { db: created, path, dataKey, vaultUuid, studyUuid }, recoveryKey };
  } catch (error) {
    if (db) {
      db.close();
      removeVaultFiles(path);
    } else {
      rmSync(keysPathFor(path), { force: true });
    }
    throw error;
  }
}

function assertVaultExists(path: string): void {
  if (!existsSync(path)) throw new MixwiseError('NOT_FOUND', 'The vault file does not exist.', { params: { noun: 'vault' } });
}

/**
 * Opens a vault with its passphrase. A wrong passphrase is refused by the key file before the
 * database is opened, so neither file changes however many times it is tried.
 */
export async function openVaultFile(path: string, passphrase: string, options: OpenOptions = {}): Promise<OpenVault> {
  if (!passphrase) throw new MixwiseError('INVALID_INPUT', 'Enter the passphrase.', { field: 'passphrase', key: 'passphraseMissing' });
  assertVaultExists(path);
  const unlocked = await unlockKeyFile(keysPathFor(path), 'passphrase', passphrase);
  if (!unlocked) throw new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase.', { field: 'passphrase' });
  return openWithDataKey(path, unlocked.dataKey, unlocked.file.vaultUuid, options);
}

/** The forgotten-passphrase path: the recovery key unwraps the data key and a new passphrase is set. */
export async function recoverVaultFile(path: string, recoveryKey: string, newPassphrase: string, options: OpenOptions = {}): Promise<OpenVault> {
  assertNewPassphrase(newPassphrase, 'newPassphrase');
  assertVaultExists(path);
  const canonical = normaliseRecoveryKey(recoveryKey);
  const unlocked = canonical ? await unlockKeyFile(keysPathFor(path), 'recovery', canonical) : null;
  if (!unlocked) {
    throw new MixwiseError('WRONG_PASSPHRASE', 'This recovery key does not open the vault.', { field: 'recoveryKey', key: 'recoveryKeyWrong' });
  }
  // Open first: a key file that does not match the vault must not get a new passphrase.
  const vault = openWithDataKey(path, unlocked.dataKey, unlocked.file.vaultUuid, options);
  try {
    await replaceSlot(keysPathFor(path), unlocked.dataKey, 'passphrase', newPassphrase);
    return vault;
  } catch (error) {
    vault.db.close();
    throw error;
  }
}

/**
 * Changes the passphrase: the current one must unwrap the data key, then the key file is replaced
 * atomically. `crashAt` lets tests stop the write at each step as a crash would.
 */
export async function changeVaultPassphrase(
  path: string,
  current: string,
  next: string,
  crashAt?: (step: WriteStep) => void,
): Promise<void> {
  assertNewPassphrase(next, 'next');
  const unlocked = await unlockKeyFile(keysPathFor(path), 'passphrase', current);
  if (!unlocked) throw new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase.', { field: 'current' });
  try {
    await replaceSlot(keysPathFor(path), unlocked.dataKey, 'passphrase', next, crashAt);
  } finally {
    unlocked.dataKey.fill(0);
  }
}

/** The vault must belong to the open study: a vault opened beside the wrong study is refused. */
export function assertVaultForStudy(vault: Pick<OpenVault, 'studyUuid'>, studyUuid: string): void {
  if (vault.studyUuid !== studyUuid) {
    throw new MixwiseError('FORBIDDEN', 'This vault belongs to another study.', { key: 'vaultWrongStudy' });
  }
}

export function studyUuidOf(study: Db): string {
  return study.prepare('SELECT uuid FROM study WHERE id = 1').pluck().get() as string;
}

export function keyFileUuid(path: string): string {
  return readKeyFile(keysPathFor(path)).vaultUuid;
}
