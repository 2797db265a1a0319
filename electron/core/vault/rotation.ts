import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { OpenOptions } from '../db/open';
import { keyConnection } from '../db/open';
import { closeForSwap, removeRekeyLeftovers, swapInRekeyedCopy, writeRekeyedCopy, type RekeyStep } from '../db/rekey';
import { MixwiseError } from '../errors';
import { forgetAuditKey } from './audit';
import { backupFolder, listBackups } from './backupFiles';
import { recipientOf, recoveryRecipient } from './keySlots';
import {
  newDataKey,
  newGeneration,
  readKeyFile,
  retiredKeysOf,
  sqlcipherRawKey,
  withOnlyGeneration,
  writeKeyFileAtomic,
  type KeyFile,
} from './keys';
import { keysPathFor, vaultKind } from './kind';
import type { OpenVault } from './vaultFile';

/**
 * Rotating the vault's data key: what a passphrase change or a new recovery key does, so that the
 * secret replaced (and every key file made with it, in backups or elsewhere) no longer opens the
 * vault. Kill-safe: at every instant the vault opens with the old secret or the new one.
 *
 *   0. the vault is open with data key K1 (generation G1)
 *   1. key file := [G2 (new K2, new slots), G1]        old secret -> K1 opens the file
 *   2. <vault>.rotating := the vault re-keyed to K2     (db/rekey.ts; checked, fsynced)
 *   3. the live connection closes; the copy is renamed over the vault
 *                                                       new secret -> K2 opens the file
 *   4. key file := [G2]                                 the rotation is done
 *   5. each backup is re-keyed to K2 and given the new key file; then G2 forgets K1
 *
 * A crash between 1 and 3 leaves the vault under K1 with both generations in the key file: the
 * next opening finds that K1 opens it and drops G2 (the change did not happen; the old secret still
 * works and the new one is refused with a message saying so). A crash between 3 and 4: K2 opens it,
 * G1 is dropped. G2 carries K1 (and older keys) wrapped under K2 as `retired`, so that backups
 * still under an older key after a crash in step 5 are re-keyed at the next unlock.
 */

export type RotationStep = 'pending-written' | RekeyStep | 'committed';

export interface NewSecrets {
  passphrase: string;
  /** A new recovery key, or keep the one printed (sealed to its public key, keySlots.ts). */
  recovery: { recoveryKey: string } | 'keep';
}

/** Re-encrypts the open vault under a new data key; returns the data key and generation it is now open with. */
export async function rotateDataKey(
  open: OpenVault,
  secrets: NewSecrets,
  options: { openOptions?: OpenOptions; crashAt?: (step: RotationStep) => void } = {},
): Promise<{ dataKey: Buffer; generationId: string }> {
  const keysPath = keysPathFor(open.path);
  const file = readKeyFile(keysPath);
  const current = file.generations.find((generation) => generation.id === open.generationId);
  if (!current || file.generations.length !== 1) {
    throw new MixwiseError('FORBIDDEN', "The vault's keys changed since it was unlocked; lock it and unlock it again.", {
      key: 'vaultKeysChanged',
    });
  }
  const oldKey = Buffer.from(open.dataKey);
  const auditKey = Buffer.from(open.auditKey);
  const nextKey = newDataKey();
  const retired = [{ id: current.id, key: oldKey }, ...retiredKeysOf(file, current, oldKey)];
  try {
    let recipient;
    if (secrets.recovery === 'keep') {
      const slot = current.slots.find((candidate) => candidate.kind === 'recovery');
      recipient = slot ? recipientOf(slot) : null;
      if (!recipient) {
        throw new MixwiseError(
          'FORBIDDEN',
          "This vault's recovery key was made by an older Mixwise: issue a new recovery key, " +
            'which also changes the keys, then change the passphrase.',
          {
            key: 'recoveryKeyLegacy',
          },
        );
      }
    } else {
      recipient = await recoveryRecipient(secrets.recovery.recoveryKey);
    }
    const next = await newGeneration(file.vaultUuid, nextKey, { passphrase: secrets.passphrase, recipient }, auditKey, retired);
    // Everything from here to the swap is synchronous: no other call can write to the vault between
    // the snapshot and the close. The vault may have been locked while scrypt ran.
    if (!open.db.open)
      throw new MixwiseError('FORBIDDEN', 'The vault was locked during the change; nothing was changed.', { key: 'vaultLocked' });
    writeKeyFileAtomic(keysPath, { ...file, updatedAt: new Date().toISOString(), generations: [next, current] });
    options.crashAt?.('pending-written');
    const oldRaw = sqlcipherRawKey(oldKey);
    const nextRaw = sqlcipherRawKey(nextKey);
    try {
      try {
        writeRekeyedCopy(open.db, open.path, oldRaw, nextRaw, vaultKind, options.openOptions);
        options.crashAt?.('rekeyed');
      } catch (error) {
        // Nothing was swapped: the vault is as it was; G2 is dropped now rather than at the next opening.
        writeKeyFileAtomic(keysPath, withOnlyGeneration(readKeyFile(keysPath), current.id));
        throw error;
      }
      forgetAuditKey(open.db);
      closeForSwap(open.db);
      options.crashAt?.('closed');
      swapInRekeyedCopy(open.path);
      options.crashAt?.('swapped');
    } finally {
      oldRaw.fill(0);
      nextRaw.fill(0);
    }
    writeKeyFileAtomic(keysPath, withOnlyGeneration(readKeyFile(keysPath), next.id));
    options.crashAt?.('committed');
    return { dataKey: Buffer.from(nextKey), generationId: next.id };
  } finally {
    for (const key of [oldKey, auditKey, nextKey, ...retired.map((entry) => entry.key)]) key.fill(0);
  }
}

/**
 * Settles a key file left with two generations by an interrupted rotation, once `generationId`
 * has been found to open the vault: the other one is dropped, and a stray re-keyed copy removed.
 */
export function settleRotation(vaultPath: string, file: KeyFile, generationId: string): void {
  if (file.generations.length > 1) writeKeyFileAtomic(keysPathFor(vaultPath), withOnlyGeneration(file, generationId));
  removeRekeyLeftovers(vaultPath);
}

/** Which of the keys opens a vault file (a backup), or -1. Nothing is written to the file. */
function keyThatOpens(path: string, keys: Buffer[], options: OpenOptions): number {
  for (const [index, key] of keys.entries()) {
    const db = new Database(path, { fileMustExist: true, readonly: true, nativeBinding: options.nativeBinding });
    const raw = sqlcipherRawKey(key);
    try {
      keyConnection(db, raw);
      db.prepare('SELECT count(*) FROM sqlite_master').get();
      return index;
    } catch {
      // Not this key.
    } finally {
      raw.fill(0);
      db.close();
    }
  }
  return -1;
}

/**
 * Step 5: brings every backup in the vault's folder under the live data key, with a copy of the live
 * key file (one generation, no retired keys) beside it, then lets the live generation forget the
 * keys it replaced. Run after each rotation and at each unlock while retired keys remain (a crash
 * midway). A backup no known key opens is left as it is and reported by the count.
 */
export function rekeyBackups(open: OpenVault, options: OpenOptions = {}): { rekeyed: number; unreadable: number } {
  const keysPath = keysPathFor(open.path);
  const file = readKeyFile(keysPath);
  const live = file.generations.find((generation) => generation.id === open.generationId);
  if (!live || file.generations.length !== 1) return { rekeyed: 0, unreadable: 0 };
  const retired = retiredKeysOf(file, live, open.dataKey);
  const copyForBackups = withOnlyGeneration(file, live.id, { retired: [] });
  let rekeyed = 0;
  let unreadable = 0;
  try {
    const candidates = [open.dataKey, ...retired.map((entry) => entry.key)];
    for (const backup of listBackups(open.path)) {
      const path = join(backupFolder(open.path), backup.file);
      const index = keyThatOpens(path, candidates, options);
      if (index < 0) {
        unreadable++;
        continue;
      }
      if (index > 0) {
        rekeyFile(path, candidates[index]!, open.dataKey, options);
        rekeyed++;
      }
      const backupKeys = existsSync(keysPathFor(path)) ? safeRead(keysPathFor(path)) : null;
      if (!backupKeys || backupKeys.generations.length !== 1 || backupKeys.generations[0]!.id !== live.id) {
        writeKeyFileAtomic(keysPathFor(path), { ...copyForBackups, auditHead: backupKeys?.auditHead });
      }
    }
    if (unreadable === 0 && live.retired.length > 0) writeKeyFileAtomic(keysPath, withOnlyGeneration(file, live.id, { retired: [] }));
    return { rekeyed, unreadable };
  } finally {
    for (const entry of retired) entry.key.fill(0);
  }
}

function safeRead(path: string): KeyFile | null {
  try {
    return readKeyFile(path);
  } catch {
    return null;
  }
}

/** Re-keys a closed file (a backup) through a checked copy swapped into place, as the live vault is. */
function rekeyFile(path: string, from: Buffer, to: Buffer, options: OpenOptions): void {
  const fromRaw = sqlcipherRawKey(from);
  const toRaw = sqlcipherRawKey(to);
  const db = new Database(path, { fileMustExist: true, nativeBinding: options.nativeBinding });
  try {
    keyConnection(db, fromRaw);
    writeRekeyedCopy(db, path, fromRaw, toRaw, vaultKind, options);
    closeForSwap(db);
    swapInRekeyedCopy(path);
  } finally {
    if (db.open) db.close();
    fromRaw.fill(0);
    toRaw.fill(0);
  }
}
