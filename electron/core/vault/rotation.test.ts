import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from './audit';
import { backupFolder, backupNow, listBackups } from './backup';
import { wrapWithPassphrase } from './keySlots';
import { readKeyFile, unlockKeyFile } from './keys';
import { keysPathFor } from './kind';
import { rekeyBackups, type RotationStep } from './rotation';
import { containsText, decryptedView, enrol, makeFixture, person, type Fixture } from './testSupport';
import { changeVaultPassphrase, closeVault, openVaultFile, openWithDataKey, recoverVaultFile, replaceRecoveryKey } from './vaultFile';

/**
 * Changing a secret must revoke the old one: an old key file (as every backup keeps one) with the
 * secret it was made for must open neither the live vault nor its backups (issue 22, point 1).
 */

let fixture: Fixture;
beforeEach(async () => {
  fixture = await makeFixture();
});
afterEach(() => fixture.cleanup());

/** Every data key an old key file and a secret unwrap, tried on a vault file: does any open it? */
async function opensWith(
  oldKeyFile: string,
  kind: 'passphrase' | 'recovery',
  secret: string,
  vaultPath: string,
  uuid: string,
): Promise<boolean> {
  const { candidates } = await unlockKeyFile(oldKeyFile, kind, secret);
  expect(candidates.length, 'the old key file still unwraps its own data key').toBeGreaterThan(0);
  for (const candidate of candidates) {
    try {
      openWithDataKey(vaultPath, candidate.dataKey, uuid).db.close();
      return true;
    } catch (error) {
      expect((error as { details?: { key?: string } }).details?.key).toBe('vaultKeysMismatch');
    }
  }
  return false;
}

describe('changing the vault passphrase', () => {
  it('revokes the old passphrase with every old key file, for the vault and its backups; the recovery key stays', async () => {
    const { vault, vaultPath, vaultPassphrase, recoveryKey, folder } = fixture;
    enrol(fixture.study, vault.db, [person('Nadia Rotation')]);
    const backup = backupNow(vault, { automatic: false, client: 'cli' });
    const backupPath = join(backupFolder(vaultPath), backup.file);
    // What a thief could have kept: the key file as it was, e.g. from a backup copied elsewhere.
    const oldKeys = join(folder, 'old-keys');
    copyFileSync(keysPathFor(vaultPath), oldKeys);

    const report = await changeVaultPassphrase(vault, vaultPassphrase, 'the second passphrase', { client: 'cli' });
    expect(report).toMatchObject({ backupsRekeyed: 1, backupsUnreadable: 0 });
    const live = report.vault;
    expect(live.db.prepare('SELECT name FROM person').pluck().all()).toEqual(['Nadia Rotation']);
    expect(listAudit(live.db).entries[0]).toMatchObject({ action: 'passphrase_changed', detail: { backups_rekeyed: 1 } });
    const uuid = live.vaultUuid;
    closeVault(live);

    expect(await opensWith(oldKeys, 'passphrase', vaultPassphrase, vaultPath, uuid)).toBe(false);
    expect(await opensWith(oldKeys, 'passphrase', vaultPassphrase, backupPath, uuid)).toBe(false);
    await expect(openVaultFile(vaultPath, vaultPassphrase)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(openVaultFile(backupPath, vaultPassphrase)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    // The new passphrase opens both, each with its own key file; the printed recovery key still works.
    closeVault(await openVaultFile(vaultPath, 'the second passphrase'));
    closeVault(await openVaultFile(backupPath, 'the second passphrase'));
    closeVault((await recoverVaultFile(vaultPath, recoveryKey, 'the third passphrase')).vault);
    // Nothing of the change is left beside the files; the live key file forgot the keys it replaced.
    expect(readdirSync(folder).filter((name) => name.includes('.rotating') || name.includes('.tmp-'))).toEqual([]);
    expect(readKeyFile(keysPathFor(vaultPath)).generations.map((generation) => generation.retired)).toEqual([[]]);
  }, 120_000);

  it('revokes the replaced recovery key when a new one is issued', async () => {
    const { vault, vaultPath, vaultPassphrase, recoveryKey, folder } = fixture;
    const oldKeys = join(folder, 'old-keys');
    copyFileSync(keysPathFor(vaultPath), oldKeys);
    await expect(replaceRecoveryKey(vault, 'not the passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const replaced = await replaceRecoveryKey(vault, vaultPassphrase, { client: 'cli' });
    expect(replaced.recoveryKey).not.toBe(recoveryKey);
    const uuid = replaced.vault.vaultUuid;
    closeVault(replaced.vault);
    expect(await opensWith(oldKeys, 'recovery', recoveryKey, vaultPath, uuid)).toBe(false);
    await expect(recoverVaultFile(vaultPath, recoveryKey, 'a new passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    closeVault((await recoverVaultFile(vaultPath, replaced.recoveryKey, 'a new passphrase')).vault);
  }, 120_000);

  it.each<RotationStep>(['pending-written', 'rekeyed', 'closed', 'swapped', 'committed'])(
    'opens with exactly one of the two passphrases after a crash at "%s", and the opening settles the key file',
    async (step) => {
      const { vault, vaultPath, vaultPassphrase } = fixture;
      enrol(fixture.study, vault.db, [person('Omar Crash')]);
      const crash = new Error(`crash at ${step}`);
      const crashAt = (reached: RotationStep) => {
        if (reached === step) throw crash;
      };
      await expect(changeVaultPassphrase(vault, vaultPassphrase, 'the new passphrase', { crashAt })).rejects.toBe(crash);
      if (vault.db.open) vault.db.close();
      const newWins = ['swapped', 'committed'].includes(step);
      const [winner, loser] = newWins ? ['the new passphrase', vaultPassphrase] : [vaultPassphrase, 'the new passphrase'];
      // The loser is told why, and nothing is written by its attempt.
      await expect(openVaultFile(vaultPath, loser)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
      const opened = await openVaultFile(vaultPath, winner);
      expect(opened.db.prepare('SELECT name FROM person').pluck().all()).toEqual(['Omar Crash']);
      expect(opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(opened.integrity.ok).toBe(true);
      closeVault(opened);
      expect(readKeyFile(keysPathFor(vaultPath)).generations).toHaveLength(1);
      expect(readdirSync(fixture.folder).filter((name) => name.includes('.rotating'))).toEqual([]);
      await expect(openVaultFile(vaultPath, loser)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    },
    120_000,
  );

  it('re-keys at the next unlock the backups a crash left under the old key', async () => {
    const { vault, vaultPath, vaultPassphrase } = fixture;
    backupNow(vault, { automatic: false, client: 'cli' });
    // The crash between the vault's swap and the backups: the key file already holds only the new generation.
    const report = await changeVaultPassphrase(vault, vaultPassphrase, 'the new passphrase', {
      crashAt: (step) => {
        if (step === 'committed') throw new Error('crash before the backups');
      },
    }).catch(() => null);
    expect(report).toBeNull();
    const [backup] = listBackups(vaultPath);
    const backupPath = join(backupFolder(vaultPath), backup!.file);
    await expect(openVaultFile(backupPath, 'the new passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const reopened = await openVaultFile(vaultPath, 'the new passphrase');
    expect(readKeyFile(keysPathFor(vaultPath)).generations[0]!.retired).toHaveLength(1);
    expect(rekeyBackups(reopened)).toEqual({ rekeyed: 1, unreadable: 0 });
    expect(readKeyFile(keysPathFor(vaultPath)).generations[0]!.retired).toEqual([]);
    expect(containsText(decryptedView(backupPath, reopened.dataKey), 'backup_keep')).toBe(true);
    closeVault(reopened);
    closeVault(await openVaultFile(backupPath, 'the new passphrase'));
    await expect(openVaultFile(backupPath, vaultPassphrase)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  }, 120_000);

  it('asks a vault made before key rotation for a new recovery key first, then changes the passphrase', async () => {
    const { vault, vaultPath, vaultPassphrase, recoveryKey } = fixture;
    // A format-1 key file: the same data key wrapped the old way, without an audit key.
    const file = readKeyFile(keysPathFor(vaultPath));
    const binding = { format: 'mixwise-vault-keys', vaultUuid: file.vaultUuid, generation: null };
    const slots = [
      await wrapWithPassphrase(vault.dataKey, vaultPassphrase, binding),
      { kind: 'recovery' as const, ...(await wrapLegacyRecovery(vault.dataKey, recoveryKey, file.vaultUuid)) },
    ];
    closeVault(vault);
    writeFileSync(
      keysPathFor(vaultPath),
      JSON.stringify({ format: 'mixwise-vault-keys', version: 1, vaultUuid: file.vaultUuid, updatedAt: 'x', slots }),
    );
    const legacy = await openVaultFile(vaultPath, vaultPassphrase);
    await expect(changeVaultPassphrase(legacy, vaultPassphrase, 'the new passphrase')).rejects.toMatchObject({
      details: { key: 'recoveryKeyLegacy' },
    });
    const renewed = await replaceRecoveryKey(legacy, vaultPassphrase);
    const changed = await changeVaultPassphrase(renewed.vault, vaultPassphrase, 'the new passphrase');
    closeVault(changed.vault);
    closeVault((await recoverVaultFile(vaultPath, renewed.recoveryKey, 'a third passphrase')).vault);
    await expect(recoverVaultFile(vaultPath, recoveryKey, 'a fourth passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  }, 180_000);
});

/** A recovery slot as format 1 wrote it: AES-GCM under scrypt of the recovery key, bound as 'recovery'. */
async function wrapLegacyRecovery(dataKey: Buffer, recoveryKey: string, vaultUuid: string) {
  const { createCipheriv, randomBytes, scryptSync } = await import('node:crypto');
  const salt = randomBytes(16);
  const kek = scryptSync(Buffer.from(recoveryKey, 'utf8'), salt, 32, { N: 2 ** 14, r: 8, p: 1 });
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(`mixwise-vault-keys/v1/recovery/${vaultUuid}`, 'utf8'));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return {
    kdf: { name: 'scrypt' as const, N: 2 ** 14, r: 8, p: 1, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}
