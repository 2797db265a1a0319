import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createEncrypted, openEncrypted, type Db, type OpenOptions } from '../db/open';
import { isMixwiseError, MixwiseError } from '../errors';
import { assertNewPassphrase } from '../study/file';
import {
  appendAudit,
  auditHead,
  forgetAuditKey,
  noteBrokenChain,
  sealLegacyEntries,
  useAuditKey,
  verifyAuditChain,
  type AuditIntegrity,
} from './audit';
import {
  auditKeyOf,
  createKeyFile,
  newDataKey,
  newRecoveryKey,
  normaliseRecoveryKey,
  readKeyFile,
  recordAuditHead,
  sqlcipherRawKey,
  unlockKeyFile,
  withOnlyGeneration,
  writeKeyFileAtomic,
  type KeyFile,
  type SlotKind,
  type Unwrapped,
} from './keys';
import { bindingOf } from './keys';
import { wrapUnder } from './keySlots';
import { keysPathFor, VAULT_EXTENSION, vaultKind } from './kind';
import { rekeyBackups, rotateDataKey, settleRotation, type NewSecrets, type RotationStep } from './rotation';

/**
 * Creating, opening, re-keying and closing a vault file. See keys.ts for why the file is encrypted
 * with a random data key and what the key file beside it holds, rotation.ts for how the key changes.
 */

/** A vault database opened with a data key: the live vault, or a backup opened to read or check it. */
export interface VaultConnection {
  db: Db;
  vaultUuid: string;
  studyUuid: string;
}

export interface OpenVault extends VaultConnection {
  path: string;
  /** Kept while unlocked for backups (opening a copy needs it); zeroed on lock. */
  dataKey: Buffer;
  /** The audit log's MAC key (audit.ts); zeroed on lock. */
  auditKey: Buffer;
  /** The key file's generation whose data key this is (keys.ts). */
  generationId: string;
  /** The audit chain as found when the vault was opened. */
  integrity: AuditIntegrity;
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
      throw new MixwiseError('ALREADY_EXISTS', `${candidate} already exists; nothing was overwritten.`, {
        field: 'path',
        key: 'fileExists',
      });
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
  const row = db.prepare('SELECT uuid, study_uuid AS studyUuid FROM vault WHERE id = 1').get() as
    { uuid: string; studyUuid: string } | undefined;
  if (!row || row.uuid !== keyFileUuid) {
    throw new MixwiseError('DAMAGED', 'The key file beside this vault belongs to another vault.', { key: 'vaultKeysMismatch' });
  }
  return { vaultUuid: row.uuid, studyUuid: row.studyUuid };
}

/** Opens a vault database (the live one or a backup) with a data key; a refusal means the key is not this file's. */
export function openWithDataKey(path: string, dataKey: Buffer, keyFileUuid: string, options: OpenOptions = {}): VaultConnection {
  const raw = sqlcipherRawKey(dataKey);
  let db: Db;
  try {
    db = openEncrypted(path, raw, vaultKind, options);
  } catch (error) {
    if (isMixwiseError(error) && error.code === 'WRONG_PASSPHRASE') {
      throw new MixwiseError('DAMAGED', 'The key file beside this vault belongs to another vault.', { key: 'vaultKeysMismatch' });
    }
    throw error;
  } finally {
    raw.fill(0);
  }
  try {
    return { db, ...vaultIdentity(db, keyFileUuid) };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Makes a connection the live vault: the audit key is taken from the key file (made and sealed in
 * for a vault from before the audit chain), the chain is verified, and a break found is written into
 * the log itself. The connection's owner closes it with closeVault().
 */
function adoptLive(path: string, connection: VaultConnection, file: KeyFile, unwrapped: Unwrapped): OpenVault {
  const { generation, dataKey } = unwrapped;
  let auditKey = auditKeyOf(file, generation, dataKey);
  if (!auditKey) {
    // A vault made before the audit chain: its key is made now, kept in the key file, and the
    // entries already there are sealed as they are (audit.ts).
    auditKey = randomBytes(32);
    const wrapped = wrapUnder(dataKey, auditKey, bindingOf(file, generation), 'audit');
    writeKeyFileAtomic(keysPathFor(path), withOnlyGeneration(file, generation.id, { auditKey: wrapped }));
    sealLegacyEntries(connection.db, auditKey);
  }
  useAuditKey(connection.db, Buffer.from(auditKey));
  const integrity = verifyAuditChain(connection.db, auditKey, readKeyFile(keysPathFor(path)).auditHead);
  noteBrokenChain(connection.db, integrity);
  return { ...connection, path, dataKey, auditKey, generationId: generation.id, integrity };
}

/**
 * Opens the live vault with what one secret unwrapped. Two generations mean a rotation was
 * interrupted (rotation.ts): the one whose key opens the database is kept, the other dropped.
 */
async function openLive(path: string, kind: SlotKind, secret: string, options: OpenOptions): Promise<OpenVault> {
  const { file, candidates } = await unlockKeyFile(keysPathFor(path), kind, secret);
  const wrong =
    kind === 'passphrase'
      ? new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase.', { field: 'passphrase' })
      : new MixwiseError('WRONG_PASSPHRASE', 'This recovery key does not open the vault.', {
          field: 'recoveryKey',
          key: 'recoveryKeyWrong',
        });
  if (candidates.length === 0) throw wrong;
  try {
    for (const candidate of candidates) {
      let connection: VaultConnection;
      try {
        connection = openWithDataKey(path, candidate.dataKey, file.vaultUuid, options);
      } catch (error) {
        if (isMixwiseError(error) && error.code === 'DAMAGED' && error.details.key === 'vaultKeysMismatch' && file.generations.length > 1)
          continue;
        throw error;
      }
      try {
        settleRotation(path, file, candidate.generation.id);
        const open = adoptLive(path, connection, readKeyFile(keysPathFor(path)), candidate);
        for (const other of candidates) if (other !== candidate) other.dataKey.fill(0);
        return open;
      } catch (error) {
        connection.db.close();
        throw error;
      }
    }
  } catch (error) {
    for (const candidate of candidates) candidate.dataKey.fill(0);
    throw error;
  }
  for (const candidate of candidates) candidate.dataKey.fill(0);
  // Both generations are in the key file, and this secret's does not open the database.
  if (candidates.every((candidate) => candidate.index === 0)) {
    throw new MixwiseError(
      'WRONG_PASSPHRASE',
      "A change of the vault's secrets was interrupted before it finished: " +
        'open the vault with the previous passphrase or recovery key, then change it again.',
      {
        field: kind === 'passphrase' ? 'passphrase' : 'recoveryKey',
        key: 'vaultRotationInterrupted',
      },
    );
  }
  throw new MixwiseError('WRONG_PASSPHRASE', 'This secret was replaced and no longer opens the vault.', {
    field: kind === 'passphrase' ? 'passphrase' : 'recoveryKey',
    key: 'vaultSecretReplaced',
  });
}

/**
 * Closes the live vault: the audit log's head goes into the key file (so that entries cut off the
 * end are noticed), then the connection closes and both keys are wiped.
 */
export function closeVault(open: OpenVault): void {
  try {
    if (open.db.open) {
      const head = auditHead(open.db);
      if (head && existsSync(keysPathFor(open.path))) recordAuditHead(keysPathFor(open.path), head);
    }
  } catch {
    // Best effort: a head that lags the log is accepted; the chain itself still protects every entry.
  } finally {
    forgetAuditKey(open.db);
    if (open.db.open) open.db.close();
    open.dataKey.fill(0);
    open.auditKey.fill(0);
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
    const raw = sqlcipherRawKey(dataKey);
    try {
      db = createEncrypted(path, raw, vaultKind, options);
    } finally {
      raw.fill(0);
    }
    const created = db;
    created
      .prepare('INSERT INTO vault (id, uuid, study_uuid, created_at) VALUES (1, ?, ?, ?)')
      .run(vaultUuid, studyUuid, new Date().toISOString());
    const file = readKeyFile(keysPathFor(path));
    const vault = adoptLive(path, { db: created, vaultUuid, studyUuid }, file, { generation: file.generations[0]!, index: 0, dataKey });
    appendAudit(created, 'created', { client: options.client ?? 'app' });
    return { vault, recoveryKey };
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
  return openLive(path, 'passphrase', passphrase, options);
}

/** After a rotation the vault is opened again with its new key; the old connection is closed. */
function reopenRotated(open: OpenVault, rotated: { dataKey: Buffer; generationId: string }, options: OpenOptions): OpenVault {
  const file = readKeyFile(keysPathFor(open.path));
  const generation = file.generations.find((candidate) => candidate.id === rotated.generationId)!;
  const connection = openWithDataKey(open.path, rotated.dataKey, file.vaultUuid, options);
  open.dataKey.fill(0);
  open.auditKey.fill(0);
  return adoptLive(open.path, connection, file, { generation, index: 0, dataKey: rotated.dataKey });
}

/** What a change of secrets did to the backups beside the vault (rotation.ts, step 5). */
export interface RotationReport {
  vault: OpenVault;
  backupsRekeyed: number;
  /** Backups no key Mixwise knows opens (made outside it, or damaged): left as they were. */
  backupsUnreadable: number;
}

async function rotateAndReopen(open: OpenVault, secrets: NewSecrets, options: RotateOptions): Promise<RotationReport> {
  const rotated = await rotateDataKey(open, secrets, { openOptions: options.openOptions, crashAt: options.crashAt });
  const vault = reopenRotated(open, rotated, options.openOptions ?? {});
  const { rekeyed, unreadable } = rekeyBackupsSafely(vault, options.openOptions ?? {});
  return { vault, backupsRekeyed: rekeyed, backupsUnreadable: unreadable };
}

/** Backups are re-keyed after the vault; a failure there (a full disk) is retried at the next unlock. */
function rekeyBackupsSafely(vault: OpenVault, options: OpenOptions): { rekeyed: number; unreadable: number } {
  try {
    return rekeyBackups(vault, options);
  } catch {
    return { rekeyed: 0, unreadable: 0 };
  }
}

export interface RotateOptions {
  client?: Client;
  openOptions?: OpenOptions;
  crashAt?: (step: RotationStep) => void;
}

/** The current secret must open this vault's live generation (not merely some key file). */
async function assertCurrentPassphrase(open: OpenVault, passphrase: string, field: string): Promise<void> {
  const { candidates } = await unlockKeyFile(keysPathFor(open.path), 'passphrase', passphrase);
  const live = candidates.some((candidate) => candidate.generation.id === open.generationId && candidate.dataKey.equals(open.dataKey));
  for (const candidate of candidates) candidate.dataKey.fill(0);
  if (!live) throw new MixwiseError('WRONG_PASSPHRASE', 'Wrong passphrase.', { field });
}

/**
 * The forgotten-passphrase path: the recovery key opens the vault and a new passphrase is set,
 * which re-keys the vault like any passphrase change (the forgotten passphrase may be known to
 * someone else). The recovery key stays valid.
 */
export async function recoverVaultFile(
  path: string,
  recoveryKey: string,
  newPassphrase: string,
  options: RotateOptions = {},
): Promise<RotationReport> {
  assertNewPassphrase(newPassphrase, 'newPassphrase');
  assertVaultExists(path);
  const canonical = normaliseRecoveryKey(recoveryKey);
  if (!canonical) {
    throw new MixwiseError('WRONG_PASSPHRASE', 'This recovery key does not open the vault.', {
      field: 'recoveryKey',
      key: 'recoveryKeyWrong',
    });
  }
  const open = await openLive(path, 'recovery', canonical, options.openOptions ?? {});
  try {
    const report = await rotateAndReopen(open, { passphrase: newPassphrase, recovery: { recoveryKey: canonical } }, options);
    appendAudit(report.vault.db, 'recovered', { client: options.client ?? 'app' });
    appendAudit(report.vault.db, 'passphrase_changed', { via: 'recovery', client: options.client ?? 'app' });
    return report;
  } catch (error) {
    closeVault(open);
    throw error;
  }
}

/**
 * Changes the passphrase of the open vault: it is re-encrypted under a new data key (rotation.ts),
 * so the old passphrase opens neither the vault nor its backups, whatever key file it is tried
 * with. The printed recovery key keeps working. Returns the vault opened anew.
 */
export async function changeVaultPassphrase(
  open: OpenVault,
  current: string,
  next: string,
  options: RotateOptions = {},
): Promise<RotationReport> {
  assertNewPassphrase(next, 'next');
  await assertCurrentPassphrase(open, current, 'current');
  const report = await rotateAndReopen(open, { passphrase: next, recovery: 'keep' }, options);
  appendAudit(report.vault.db, 'passphrase_changed', {
    via: 'passphrase',
    client: options.client ?? 'app',
    backups_rekeyed: report.backupsRekeyed,
  });
  return report;
}

/** Issues a new recovery key: the vault is re-keyed, so the replaced recovery key opens nothing any more. */
export async function replaceRecoveryKey(
  open: OpenVault,
  passphrase: string,
  options: RotateOptions = {},
): Promise<RotationReport & { recoveryKey: string }> {
  await assertCurrentPassphrase(open, passphrase, 'passphrase');
  const recoveryKey = newRecoveryKey();
  const report = await rotateAndReopen(open, { passphrase, recovery: { recoveryKey } }, options);
  appendAudit(report.vault.db, 'recovery_key_replaced', { client: options.client ?? 'app', backups_rekeyed: report.backupsRekeyed });
  return { ...report, recoveryKey };
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
