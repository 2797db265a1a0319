import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAudit } from './audit';
import { backupFolder, backupIfDue, backupNow, forEachBackup, listBackups, previewBackup, restoreBackup } from './backup';
import { eraseIdentity, eraseIdentityInVault, scrub, withdraw } from './erase';
import { callHistory, logCall } from './calls';
import { keysPathFor } from './kind';
import { getPerson } from './people';
import { containsText, decryptedView, enrol, makeFixture, person, type Fixture } from './testSupport';
import { openVaultFile } from './vaultFile';

let fixture: Fixture;
let canary: string;
beforeEach(async () => {
  fixture = await makeFixture();
  canary = `Canary${randomBytes(6).toString('hex')}`;
});
afterEach(() => fixture.cleanup());

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12));

describe('vault backups', () => {
  it('are encrypted copies with the same key, open on their own with the passphrase, and hold no plaintext', async () => {
    const { vault, vaultPath, vaultPassphrase } = fixture;
    enrol(fixture.study, vault.db, [person(`${canary} Backup`)]);
    const backup = backupNow(vault, { automatic: false, client: 'cli' });
    const path = join(backupFolder(vaultPath), backup.file);
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(containsText(bytes, canary)).toBe(false);
    // The same data key decrypts it: it is the vault's own encryption, not some other scheme.
    expect(containsText(decryptedView(path, vault.dataKey), canary)).toBe(true);
    expect(existsSync(keysPathFor(path))).toBe(true);
    const copy = await openVaultFile(path, vaultPassphrase);
    expect(copy.db.prepare('SELECT name FROM person').pluck().all()).toEqual([`${canary} Backup`]);
    copy.db.close();
    expect(listAudit(vault.db).entries[0]).toMatchObject({ action: 'backup_made', detail: { automatic: false } });
  });

  it('happen automatically once a day and keep only the last N', () => {
    const { vault, vaultPath } = fixture;
    vault.db.prepare("UPDATE setting SET value = '2' WHERE key = 'backup_keep'").run();
    expect(backupIfDue(vault, 'cli', day(0))).not.toBeNull();
    expect(backupIfDue(vault, 'cli', new Date(day(0).getTime() + 23 * 3600 * 1000))).toBeNull();
    expect(backupIfDue(vault, 'cli', day(1))).not.toBeNull();
    expect(backupIfDue(vault, 'cli', day(2))).not.toBeNull();
    const names = listBackups(vaultPath).map((backup) => backup.file);
    expect(names).toEqual(['pilot-2026-01-03T12-00-00-000Z.mixvault', 'pilot-2026-01-02T12-00-00-000Z.mixvault']);
    expect(existsSync(keysPathFor(join(backupFolder(vaultPath), 'pilot-2026-01-01T12-00-00-000Z.mixvault')))).toBe(false);
  });

  it('restore after a preview, without undoing withdrawals, erasures or issued IDs made since', () => {
    const { study, vault, vaultPath } = fixture;
    const [a, b] = enrol(study, vault.db, [person('Anna Backup'), person(`${canary} Erased`)]);
    const backup = backupNow(vault, { automatic: false, client: 'cli', now: day(0) });
    const [c] = enrol(study, vault.db, [person('Carl After')]);
    withdraw(study, vault.db, a!, 'no_time', 'cli');
    eraseIdentity(study, vault.db, b!, 'cli');

    const preview = previewBackup(vault, backup.file);
    expect(preview.backup).toMatchObject({ people: 2, active: 2, identityErased: 0, issuedIds: 2 });
    expect(preview.current).toMatchObject({ people: 3, withdrawn: 1, identityErased: 1, issuedIds: 3 });
    expect(preview.lostEnrolments).toBe(1);

    const restored = restoreBackup(vault, backup.file, 'cli');
    fixture.vault = restored;
    expect(getPerson(restored.db, study, a!)).toMatchObject({ name: 'Anna Backup', status: 'withdrawn' });
    expect(getPerson(restored.db, study, b!)).toMatchObject({ name: null, status: 'identity_erased' });
    expect(() => getPerson(restored.db, study, c!)).toThrow(/Nobody/);
    expect(restored.db.prepare('SELECT id FROM issued_id ORDER BY id').pluck().all()).toEqual([a, b, c].sort());
    expect(containsText(decryptedView(vaultPath, restored.dataKey), canary)).toBe(false);
    expect(listAudit(restored.db).entries[0]).toMatchObject({ action: 'restored', detail: { erasures_reapplied: 1 } });
    // A safety copy of the state before the restore was made first.
    expect(listBackups(vaultPath)).toHaveLength(2);
    expect(() => previewBackup(restored, '../pilot.mixvault')).toThrow(/does not exist/);
  });

  it('restore keeps the calls logged since, except about people it cannot name or whose identity was erased', () => {
    const { study, vault, vaultPath } = fixture;
    const [a, b] = enrol(study, vault.db, [person('Anna Calls'), person('Bert Calls')]);
    const call = (id: string, note: string) => {
      const attempt = { id, wave: 'pre', calledOn: '2026-01-05', channel: 'phone', outcome: 'no_answer', nextAttempt: null, note } as const;
      logCall(study, vault.db, attempt, 'cli');
    };
    call(a!, 'before the backup');
    const backup = backupNow(vault, { automatic: false, client: 'cli', now: day(0) });
    const [c] = enrol(study, vault.db, [person('Carl Calls')]);
    call(a!, 'after the backup');
    call(b!, `${canary} about Bert`);
    call(c!, `${canary} about Carl`);
    eraseIdentity(study, vault.db, b!, 'cli');

    const restored = restoreBackup(vault, backup.file, 'cli');
    fixture.vault = restored;
    expect(callHistory(restored.db, a!).map((entry) => entry.note)).toEqual(['after the backup', 'before the backup']);
    expect(callHistory(restored.db, b!)).toEqual([]);
    expect(callHistory(restored.db, c!)).toEqual([]);
    expect(containsText(decryptedView(vaultPath, restored.dataKey), canary)).toBe(false);
  });

  it('can carry an erasure into every backup so no copy keeps the name', () => {
    const { study, vault, vaultPath } = fixture;
    const [id] = enrol(study, vault.db, [person(`${canary} Everywhere`)]);
    backupNow(vault, { automatic: false, client: 'cli', now: day(0) });
    backupNow(vault, { automatic: false, client: 'cli', now: day(1) });
    forEachBackup(vault, (db) => {
      if (eraseIdentityInVault(db, id!)) scrub(db);
    });
    for (const backup of listBackups(vaultPath)) {
      const path = join(backupFolder(vaultPath), backup.file);
      expect(existsSync(`${path}-wal`)).toBe(false);
      expect(containsText(decryptedView(path, vault.dataKey), canary)).toBe(false);
    }
  });
});
