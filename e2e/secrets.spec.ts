import Database from 'better-sqlite3-multiple-ciphers';
import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyConnection } from '../electron/core/db/open';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { wrapWithPassphrase } from '../electron/core/vault/keySlots';
import { readKeyFile, sqlcipherRawKey, unlockKeyFile } from '../electron/core/vault/keys';
import { keysPathFor } from '../electron/core/vault/kind';
import { tamperWithAudit } from '../electron/core/vault/testSupport';
import { screenshots } from './fixtures/screenshots';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/**
 * Issue 22 in the UI: changing the vault's and the study's passphrases (the old one then opens
 * nothing, and the ID-keeper is told what still does), and an audit log tampered with outside the
 * app, named where it breaks. MIXWISE_SCREENSHOTS=<folder> saves screenshots at two window sizes.
 */

let app: TestApp;
const VAULT_PASSPHRASE = 'e2e-vault-passphrase';
const NEW_VAULT_PASSPHRASE = 'lantern orchard velvet compass';

beforeEach(async () => {
  app = await launchApp();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

/** The demo study with a vault made from the UI, unlocked, past the recovery key (returned). */
async function demoWithVault(): Promise<string> {
  const { page } = app;
  await page.getByRole('button', { name: 'Open the demo study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  await page.getByRole('tab', { name: 'ID-keeper' }).click();
  const create = page.getByRole('form', { name: 'Create the vault' });
  await create.getByLabel('Your name').fill('Keeper Alpha');
  await create.getByLabel('New vault passphrase').fill(VAULT_PASSPHRASE);
  await create.getByLabel('Repeat the passphrase').fill(VAULT_PASSPHRASE);
  await create.getByRole('button', { name: 'Create the vault' }).click();
  const recoveryKey = (await page.getByTestId('recovery-key').textContent())!.trim();
  await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
  await page.getByRole('button', { name: 'Continue to the vault' }).click();
  await page.getByRole('tab', { name: 'People' }).waitFor();
  return recoveryKey;
}

async function unlockVault(passphrase: string): Promise<void> {
  const { page } = app;
  await page.getByLabel('Your name').fill('Keeper Alpha');
  await page.getByLabel('Vault passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
}

function vaultPath(): string {
  const state = app.core.handlers['vault.status']({}) as { path: string };
  return state.path;
}

/**
 * What someone with the vault passphrase and a SQLite shell can do: unwrap the data key, open the
 * file with it, drop the append-only triggers and run SQL on the audit log.
 */
async function tamperAsAttacker(path: string, sql: string): Promise<void> {
  const { candidates } = await unlockKeyFile(keysPathFor(path), 'passphrase', VAULT_PASSPHRASE);
  const dataKey = candidates[0]!.dataKey;
  try {
    tamperWithAudit(path, dataKey, sql);
  } finally {
    dataKey.fill(0);
  }
}

describe('changing secrets from the UI', () => {
  it('changes the vault passphrase: says what the backups now open with, and the old passphrase opens nothing', async () => {
    const { page } = app;
    await demoWithVault();
    await page.getByRole('tab', { name: 'Backups' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/^Backup .+\.mixvault made\.$/).waitFor();

    await page.getByRole('tab', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Change the vault passphrase' });
    await form.getByLabel('Current passphrase').fill(VAULT_PASSPHRASE);
    // Too easy to guess: refused at the field, nothing changed.
    await form.getByLabel('New vault passphrase').fill('password1234');
    await form.getByLabel('Repeat the passphrase').fill('password1234');
    await form.getByRole('button', { name: 'Change the passphrase' }).click();
    await form.getByText('This passphrase is too easy to guess: use a few unrelated words, or add some.').waitFor();
    expect(await form.getByLabel('New vault passphrase').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('New vault passphrase').fill(NEW_VAULT_PASSPHRASE);
    await form.getByLabel('Repeat the passphrase').fill(`${NEW_VAULT_PASSPHRASE}!`);
    await form.getByRole('button', { name: 'Change the passphrase' }).click();
    await form.getByText('The two passphrases differ.').waitFor();
    await form.getByLabel('Repeat the passphrase').fill(NEW_VAULT_PASSPHRASE);
    await form.getByRole('button', { name: 'Change the passphrase' }).click();
    const message = page.getByTestId('settings-message');
    const changed =
      /^The passphrase was changed\. The vault and its 1 backup are now encrypted with a new key: the old passphrase no longer opens them\./;
    await message.getByText(changed).waitFor({ timeout: 30_000 });
    expect(await message.textContent()).toContain(
      'Copies of the vault made outside Mixwise (for example copied to a USB stick) still open with the passphrase that was valid when they were copied.',
    );
    expect(await form.getByLabel('Current passphrase').inputValue()).toBe('');
    await screenshots(app.page, 'vault-passphrase-changed');

    await page.getByRole('button', { name: 'Lock the vault' }).click();
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor();
    await unlockVault(VAULT_PASSPHRASE);
    await page.getByText('Wrong passphrase.').waitFor();
    expect(app.core.handlers['vault.status']({})).toMatchObject({ status: 'locked' });
    await unlockVault(NEW_VAULT_PASSPHRASE);
    await page.getByRole('tab', { name: 'People' }).waitFor();
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-log').getByText('Vault passphrase changed').waitFor();
    expect(await page.getByTestId('audit-log').textContent()).toContain('backups re-encrypted: 1');

    // The re-encrypted backup restores under the new key; the copy made first is marked, never rotated.
    await page.getByRole('tab', { name: 'Backups' }).click();
    await page.getByRole('button', { name: 'Preview and restore…' }).first().click();
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('The backup was restored.').waitFor();
    const preRestore = page.locator('tr[data-kind="preRestore"]');
    await preRestore.getByText('Made just before a restore; kept, never removed by the daily rotation.').waitFor();
    expect(await page.locator('tr[data-kind="regular"]').count()).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('names the entry where the audit log was tampered with, at unlock and in the log', async () => {
    const { page } = app;
    await demoWithVault();
    // A few entries to remove one from the middle of ('created' is the first).
    for (const keep of [8, 9, 10, 11]) await app.core.handlers['vault.settings.set']({ backupKeep: keep });
    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-verified').getByText('Audit log verified: 5 entries, none changed or removed.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Lock the vault' }).click();
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor();
    const middle = 3;
    await tamperAsAttacker(vaultPath(), `DELETE FROM audit WHERE seq = ${middle}`);

    await unlockVault(VAULT_PASSPHRASE);
    const warning = `The audit log has been tampered with: entry ${middle} is missing.`;
    const atUnlock = page.getByTestId('vault-audit-broken');
    await atUnlock.getByText(warning).waitFor();
    expect(await atUnlock.getAttribute('role')).toBe('alert');
    await screenshots(app.page, 'vault-audit-broken');

    await page.getByRole('button', { name: 'Show the audit log' }).click();
    const inLog = page.getByTestId('audit-broken');
    await inLog.getByText(warning).waitFor();
    expect(await inLog.getAttribute('role')).toBe('alert');
    // One warning on the Audit log tab, and the break is recorded in the log itself.
    expect(await page.getByRole('alert').count()).toBe(1);
    await page.getByTestId('audit-log').getByText('Audit log found tampered with').waitFor();
    expect(await page.getByTestId('audit-log').textContent()).toContain(`Audit log found tampered with at entry ${middle}: entry missing`);
    await screenshots(app.page, 'audit-log-broken');
  }, 60_000);

  it('asks a vault made before key rotation for a new recovery key, then changes its passphrase', async () => {
    const { page } = app;
    const recoveryKey = await demoWithVault();
    await page.getByRole('button', { name: 'Lock the vault' }).click();
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor();
    await makeLegacyKeyFile(vaultPath(), recoveryKey);
    await unlockVault(VAULT_PASSPHRASE);
    await page.getByRole('tab', { name: 'Settings' }).click();

    const form = page.getByRole('form', { name: 'Change the vault passphrase' });
    await form.getByLabel('Current passphrase').fill(VAULT_PASSPHRASE);
    await form.getByLabel('New vault passphrase').fill(NEW_VAULT_PASSPHRASE);
    await form.getByLabel('Repeat the passphrase').fill(NEW_VAULT_PASSPHRASE);
    await form.getByRole('button', { name: 'Change the passphrase' }).click();
    const refusal = form.getByRole('alert');
    await refusal
      .getByText(/^This vault's recovery key was made by an older Mixwise: issue a new recovery key first/)
      .waitFor({ timeout: 30_000 });
    await screenshots(app.page, 'vault-legacy-refusal');
    await refusal.getByRole('button', { name: 'Make a new recovery key now' }).click();

    const shown = page.getByTestId('recovery-key');
    await shown.waitFor({ timeout: 30_000 });
    expect((await shown.textContent())!.trim()).not.toBe(recoveryKey);
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    const message = page.getByTestId('settings-message');
    await message
      .getByText(
        /^The recovery key was replaced\. The vault (is|and its \d+ backups?) (is|are) now encrypted with a new key: the replaced recovery key no longer opens/,
      )
      .waitFor();
    await message.getByText('Now the passphrase can be changed: the form below still holds what you typed.').waitFor();

    // The form kept what was typed: the change now goes through.
    await form.getByRole('button', { name: 'Change the passphrase' }).click();
    await message.getByText(/^The passphrase was changed\./).waitFor({ timeout: 30_000 });
    await screenshots(app.page, 'vault-legacy-then-changed');
    expect(await page.getByRole('alert').count()).toBe(0);
  }, 90_000);

  it('changes the study passphrase from the Overview; after a lock only the new one opens the study', async () => {
    const { page } = app;
    const next = 'harbour quilt marigold anvil';
    await page.getByRole('button', { name: 'Open the demo study' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
    const form = page.getByRole('form', { name: 'Change the study passphrase' });
    await form.getByText('Everyone who keys data or opens this study will need the new passphrase.', { exact: false }).waitFor();

    await form.getByLabel('Current study passphrase').fill('not-the-passphrase');
    await form.getByLabel('New study passphrase').fill(next);
    await form.getByLabel('Repeat the new passphrase').fill(`${next} `);
    await form.getByRole('button', { name: 'Change the study passphrase' }).click();
    // The repeat is checked before anything is sent.
    await form.getByText('The two passphrases differ.').waitFor();
    await form.getByLabel('Repeat the new passphrase').fill(next);
    await form.getByRole('button', { name: 'Change the study passphrase' }).click();
    await form.getByText('Wrong passphrase.').waitFor();
    expect(await form.getByLabel('Current study passphrase').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Current study passphrase').fill(DEMO_PASSPHRASE);
    // Too easy to guess: refused at the new passphrase's field.
    await form.getByLabel('New study passphrase').fill('football2026');
    await form.getByLabel('Repeat the new passphrase').fill('football2026');
    await form.getByRole('button', { name: 'Change the study passphrase' }).click();
    await form.getByText('This passphrase is too easy to guess: use a few unrelated words, or add some.').waitFor();
    expect(await form.getByLabel('New study passphrase').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('New study passphrase').fill(next);
    await form.getByLabel('Repeat the new passphrase').fill(next);
    await form.getByRole('button', { name: 'Change the study passphrase' }).click();
    await form
      .getByRole('status')
      .getByText(/^The study passphrase was changed\./)
      .waitFor({ timeout: 30_000 });
    // The study stayed open.
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
    await screenshots(app.page, 'study-passphrase-changed');

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'demo.mixwise is locked' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Wrong passphrase.').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(next);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  }, 60_000);
});

/**
 * Makes the vault look as one from before key rotation does: the key file in format 1 (the same data
 * key under the passphrase, a recovery slot of the old kind, no audit key; as in
 * core/vault/rotation.test.ts), and audit entries without MACs, which the next unlock seals.
 */
async function makeLegacyKeyFile(path: string, recoveryKey: string): Promise<void> {
  const keysPath = keysPathFor(path);
  const { vaultUuid } = readKeyFile(keysPath);
  const { candidates } = await unlockKeyFile(keysPath, 'passphrase', VAULT_PASSPHRASE);
  const dataKey = candidates[0]!.dataKey;
  try {
    const binding = { format: 'mixwise-vault-keys', vaultUuid, generation: null };
    const salt = randomBytes(16);
    const kek = scryptSync(Buffer.from(recoveryKey, 'utf8'), salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', kek, iv);
    cipher.setAAD(Buffer.from(`mixwise-vault-keys/v1/recovery/${vaultUuid}`, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    const recovery = {
      kind: 'recovery',
      kdf: { name: 'scrypt', N: 2 ** 14, r: 8, p: 1, salt: salt.toString('base64') },
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      wrapped: wrapped.toString('base64'),
    };
    const slots = [await wrapWithPassphrase(dataKey, VAULT_PASSPHRASE, binding), recovery];
    writeFileSync(keysPath, JSON.stringify({ format: 'mixwise-vault-keys', version: 1, vaultUuid, updatedAt: 'x', slots }));
    const db = new Database(path, { fileMustExist: true });
    const raw = sqlcipherRawKey(dataKey);
    try {
      keyConnection(db, raw);
      const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit_no_update'").pluck().get() as string;
      db.exec(`DROP TRIGGER audit_no_update; UPDATE audit SET mac = NULL; ${trigger};`);
    } finally {
      raw.fill(0);
      db.close();
    }
  } finally {
    dataKey.fill(0);
  }
}
