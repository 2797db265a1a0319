import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStudyFile } from '../study/file';
import { readKeyFile, sqlcipherRawKey, unlockKeyFile } from './keys';
import { keysPathFor, VAULT_APPLICATION_ID } from './kind';
import {
  assertVaultForStudy,
  changeVaultPassphrase,
  closeVault,
  createVaultFile,
  openVaultFile,
  recoverVaultFile,
  studyUuidOf,
} from './vaultFile';
import { containsText, decryptedView, makeFixture, type Fixture } from './testSupport';

// The official SQLCipher build: proves the vault is a standard SQLCipher 4 file.
const sqlcipher = (createRequire(import.meta.url)('@journeyapps/sqlcipher') as typeof import('@journeyapps/sqlcipher')).verbose();

function readWithStockSqlcipher(path: string, key: string, sql: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(path, sqlcipher.OPEN_READONLY, (error) => error && reject(error));
    let rows: Record<string, unknown>[] = [];
    let failure: Error | null = null;
    db.serialize(() => {
      db.run('PRAGMA cipher_compatibility = 4');
      // The raw-key form SQLCipher documents: PRAGMA key = "x'<64 hex digits>'".
      db.run(`PRAGMA key = "${key}"`);
      db.all(sql, (error, result) => {
        if (error) failure = error;
        else rows = result as Record<string, unknown>[];
      });
      db.close((error) => (error || failure ? reject(error ?? failure) : resolve(rows)));
    });
  });
}

function fingerprint(path: string): Record<string, string | null> {
  const hash = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null);
  return { vault: hash(path), keys: hash(keysPathFor(path)), wal: hash(`${path}-wal`), shm: hash(`${path}-shm`) };
}

let fixture: Fixture;
beforeEach(async () => {
  fixture = await makeFixture();
});
afterEach(() => fixture.cleanup());

describe('the vault file', () => {
  it('is a standard SQLCipher 4 file tagged MXVT, bound to its study, with no plaintext anywhere', async () => {
    const { vault, vaultPath, study } = fixture;
    vault.db.prepare("UPDATE setting SET value = 'canary-setting-4711' WHERE key = 'backup_keep'").run();
    vault.db.close();
    const bytes = readFileSync(vaultPath);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(containsText(bytes, 'canary-setting-4711')).toBe(false);
    expect(containsText(decryptedView(vaultPath, vault.dataKey), 'canary-setting-4711')).toBe(true);

    const rows = await readWithStockSqlcipher(vaultPath, sqlcipherRawKey(vault.dataKey).toString('latin1'), 'PRAGMA application_id');
    expect(rows).toEqual([{ application_id: VAULT_APPLICATION_ID }]);
    const [link] = await readWithStockSqlcipher(
      vaultPath,
      sqlcipherRawKey(vault.dataKey).toString('latin1'),
      'SELECT study_uuid FROM vault',
    );
    expect(link).toEqual({ study_uuid: studyUuidOf(study) });
    // The key file holds the data key only wrapped.
    const keyFileText = readFileSync(keysPathFor(vaultPath), 'utf8');
    expect(keyFileText).not.toContain(vault.dataKey.toString('hex'));
    expect(keyFileText).not.toContain(vault.dataKey.toString('base64'));
    expect(keyFileText).not.toContain(fixture.vaultPassphrase);
  });

  it('refuses 20 wrong passphrases and leaves the vault and its key file byte for byte as they were', async () => {
    const { vaultPath } = fixture;
    fixture.vault.db.close();
    const before = fingerprint(vaultPath);
    expect(before.wal).toBeNull();
    for (let attempt = 0; attempt < 20; attempt++) {
      await expect(openVaultFile(vaultPath, `${fixture.vaultPassphrase}-${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    }
    // Not even the study's passphrase or the recovery key typed as a passphrase opens it.
    await expect(openVaultFile(vaultPath, fixture.recoveryKey)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(fingerprint(vaultPath)).toEqual(before);
    const reopened = await openVaultFile(vaultPath, fixture.vaultPassphrase);
    expect(reopened.vaultUuid).toBe(fixture.vault.vaultUuid);
    reopened.db.close();
    // 21 scrypt runs of ~0.4 s each, many more on a busy machine.
  }, 240_000);

  it('opens with the recovery key when the passphrase is forgotten, and sets a new passphrase', async () => {
    const { vaultPath, recoveryKey, vaultPassphrase } = fixture;
    fixture.vault.db.prepare("UPDATE setting SET value = '9' WHERE key = 'backup_keep'").run();
    fixture.vault.db.close();
    await expect(recoverVaultFile(vaultPath, 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', 'brand new passphrase')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      details: { key: 'recoveryKeyWrong' },
    });
    await expect(recoverVaultFile(vaultPath, recoveryKey, 'short')).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    const recovered = await recoverVaultFile(vaultPath, ` ${recoveryKey.toLowerCase().replaceAll('-', ' ')} `, 'brand new passphrase');
    expect(recovered.vault.db.prepare("SELECT value FROM setting WHERE key = 'backup_keep'").pluck().get()).toBe('9');
    closeVault(recovered.vault);
    await expect(openVaultFile(vaultPath, vaultPassphrase)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    (await openVaultFile(vaultPath, 'brand new passphrase')).db.close();
    // The recovery key stays valid: the printed sheet is still the way back.
    expect((await unlockKeyFile(keysPathFor(vaultPath), 'recovery', recoveryKey)).candidates).toHaveLength(1);
    closeVault(await recoverVaultFile(vaultPath, recoveryKey, 'third new passphrase').then((report) => report.vault));
  });

  it('changes the passphrase only when the current one is right, re-encrypting the pages', async () => {
    const { vaultPath, vaultPassphrase, vault } = fixture;
    const before = fingerprint(vaultPath);
    await expect(changeVaultPassphrase(vault, 'not the passphrase', 'next passphrase 1')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await expect(changeVaultPassphrase(vault, vaultPassphrase, 'short')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fingerprint(vaultPath).vault).toBe(before.vault);
    const changed = await changeVaultPassphrase(vault, vaultPassphrase, 'next passphrase 1');
    expect(changed.vault.dataKey.equals(vault.dataKey)).toBe(false);
    closeVault(changed.vault);
    closeVault(await openVaultFile(vaultPath, 'next passphrase 1'));
    await expect(openVaultFile(vaultPath, vaultPassphrase)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(fingerprint(vaultPath).vault).not.toBe(before.vault);
    expect(readdirSync(fixture.folder).filter((name) => name.includes('.rotating'))).toEqual([]);
  });

  it("is refused beside another study, and with another vault's key file", async () => {
    const { vault, vaultPath, folder } = fixture;
    const other = createStudyFile(join(folder, 'other.mixwise'), 'other-study-passphrase', { name: 'Other' });
    expect(() => assertVaultForStudy(vault, studyUuidOf(other))).toThrow(/another study/);
    expect(() => assertVaultForStudy(vault, studyUuidOf(fixture.study))).not.toThrow();

    const second = await createVaultFile(join(folder, 'second.mixvault'), 'second-vault-passphrase', studyUuidOf(other));
    second.vault.db.close();
    other.close();
    vault.db.close();
    copyFileSync(keysPathFor(join(folder, 'second.mixvault')), keysPathFor(vaultPath));
    await expect(openVaultFile(vaultPath, 'second-vault-passphrase')).rejects.toMatchObject({
      code: 'DAMAGED',
      details: { key: 'vaultKeysMismatch' },
    });
  });

  it('refuses to create over an existing vault or key file, and leaves nothing when it fails', async () => {
    const { vaultPath, folder, study } = fixture;
    await expect(createVaultFile(vaultPath, 'another passphrase', studyUuidOf(study))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(readKeyFile(keysPathFor(vaultPath)).vaultUuid).toBe(fixture.vault.vaultUuid);
    await expect(createVaultFile(join(folder, 'x.mixvault'), 'short', studyUuidOf(study))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(createVaultFile(join(folder, 'x.vault'), 'long enough passphrase', studyUuidOf(study))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(readdirSync(folder).filter((name) => name.startsWith('x.'))).toEqual([]);
  });
});
