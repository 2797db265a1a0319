import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from './audit';
import { backupNow, listBackups, restoreBackup } from './backup';
import { enrol, makeFixture, person, tamperWithAudit, type Fixture } from './testSupport';
import { closeVault, openVaultFile } from './vaultFile';

/**
 * The audit log is tamper-evident (issue 22, point 4): whoever has the passphrase and a SQLite shell
 * can drop the append-only triggers, but a changed, removed or cut-off entry shows when the vault
 * opens and when the log is shown; a restore carries the log and the export records forward.
 */

let fixture: Fixture;
beforeEach(async () => {
  fixture = await makeFixture();
  for (let n = 0; n < 6; n++) appendAudit(fixture.vault.db, 'names_viewed', { what: 'list', count: n, client: 'cli' });
  // The head goes into the key file when the vault is closed, as the app and the CLI do.
  closeVault({ ...fixture.vault, dataKey: Buffer.from(fixture.vault.dataKey), auditKey: Buffer.from(fixture.vault.auditKey) });
});
afterEach(() => fixture.cleanup());

/** What an attacker with the passphrase can do: open the file with its key, drop the triggers, run SQL. */
function tamper(sql: string): void {
  tamperWithAudit(fixture.vaultPath, fixture.vault.dataKey, sql);
}

async function integrityAtOpen() {
  const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
  try {
    return { integrity: vault.integrity, last: listAudit(vault.db).entries[0] };
  } finally {
    closeVault(vault);
  }
}

describe('the audit chain', () => {
  it('verifies an untouched log, and keeps verifying as entries are added', async () => {
    expect((await integrityAtOpen()).integrity).toEqual({ ok: true, entries: 7, brokenAt: null, problem: null });
    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    appendAudit(vault.db, 'unlocked', { via: 'passphrase', client: 'cli' });
    closeVault(vault);
    expect((await integrityAtOpen()).integrity).toMatchObject({ ok: true, entries: 8 });
  });

  it.each([
    ['an entry changed', 'UPDATE audit SET detail = \'{"what":"list","count":0,"client":"app"}\' WHERE seq = 3', 3, 'changed'],
    ['an entry removed from the middle', 'DELETE FROM audit WHERE seq = 4', 4, 'missing'],
    [
      'an entry removed and the later ones renumbered',
      'DELETE FROM audit WHERE seq = 4; UPDATE audit SET seq = seq - 1 WHERE seq > 4',
      4,
      'changed',
    ],
    [
      'an entry slipped in without a MAC',
      "INSERT INTO audit (seq, at, action, detail) VALUES (100, '2026-01-01T00:00:00.000Z', 'unlocked', '{}')",
      8,
      'missing',
    ],
    ['the last entries cut off', 'DELETE FROM audit WHERE seq > 5', 6, 'truncated'],
  ] as const)('says where it breaks when %s', async (_what, sql, brokenAt, problem) => {
    tamper(sql);
    const { integrity, last } = await integrityAtOpen();
    expect(integrity).toMatchObject({ ok: false, brokenAt, problem });
    // The finding is written into the log itself, so cutting the end off cannot be hidden by the next close.
    expect(last).toMatchObject({ action: 'audit_chain_broken', detail: { at_seq: brokenAt, problem } });
    // Once: opening again finds the same break and does not note it twice.
    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    const notes = listAudit(vault.db, { limit: 1000 }).entries.filter((entry) => entry.action === 'audit_chain_broken');
    closeVault(vault);
    expect(notes).toHaveLength(1);
  });

  it('keeps a truncation visible after the vault is closed and opened again', async () => {
    tamper('DELETE FROM audit WHERE seq > 5');
    await integrityAtOpen();
    const again = await integrityAtOpen();
    expect(again.integrity.ok).toBe(true);
    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    const actions = listAudit(vault.db, { limit: 1000 }).entries.map((entry) => entry.action);
    closeVault(vault);
    expect(actions).toContain('audit_chain_broken');
  });
});

describe('restoring a backup', () => {
  it('carries the audit log and the export records forward, and keeps the pre-restore copy out of the rotation', async () => {
    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    fixture.vault = vault;
    enrol(fixture.study, vault.db, [person('Lina Restore')]);
    vault.db.prepare("UPDATE setting SET value = '1' WHERE key = 'backup_keep'").run();
    const backup = backupNow(vault, { automatic: false, client: 'cli', now: new Date(Date.UTC(2026, 0, 1)) });
    appendAudit(vault.db, 'printed', { what: 'list', count: 1, client: 'cli' });
    vault.db
      .prepare(
        `INSERT INTO export_run (at, format, rekeyed, k, quasi_identifiers, risky_rows, override_reason, client)
         VALUES (?, 'xlsx', 0, 5, '[]', 0, 'Agreed with the data protection officer', 'cli')`,
      )
      .run(new Date().toISOString());
    const before = listAudit(vault.db, { limit: 1000 }).entries.map((entry) => entry.seq);

    const restored = restoreBackup(vault, backup.file, 'cli');
    fixture.vault = restored;
    const after = listAudit(restored.db, { limit: 1000 }).entries;
    // Every entry made since the backup is still there, and the restore on top.
    expect(after.map((entry) => entry.seq).slice(1)).toEqual(before);
    expect(after[0]).toMatchObject({ action: 'restored' });
    expect(restored.db.prepare('SELECT count(*) FROM export_run').pluck().get()).toBe(1);
    closeVault(restored);
    expect((await integrityAtOpen()).integrity.ok).toBe(true);

    // Two more regular backups with keep = 1: the pre-restore copy is never the one removed.
    const reopened = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    fixture.vault = reopened;
    backupNow(reopened, { automatic: true, client: 'cli', now: new Date(Date.UTC(2030, 0, 1)) });
    backupNow(reopened, { automatic: true, client: 'cli', now: new Date(Date.UTC(2030, 0, 2)) });
    const kinds = listBackups(fixture.vaultPath)
      .map((entry) => entry.kind)
      .sort();
    expect(kinds).toEqual(['preRestore', 'regular']);
    expect(listBackups(fixture.vaultPath).find((entry) => entry.kind === 'preRestore')!.file).toMatch(/-pre-restore-/);
    closeVault(reopened);
  });
});
