import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';
import { demoWithNewVault, enrolNewcomer } from './fixtures/vault';

/**
 * Who is due, honestly (issue 25, point 1), in the real UI against the real core on the demo study,
 * whose post window closed on 30 April 2026: someone enrolled today is not expected for it (never
 * listed as missing, never "221 days overdue"), until the consent date they really gave, months
 * earlier, is entered in their details.
 */

let app: TestApp;
let canary: string;
const VAULT_PASSPHRASE = 'e2e-due-vault-passphrase';

beforeEach(async () => {
  app = await launchApp();
  canary = `Canary${randomBytes(5).toString('hex')}`;
});
afterEach(async () => app.close());
afterAll(closeBrowser);

async function demoWithVault(): Promise<void> {
  const { page } = app;
  await demoWithNewVault(page, VAULT_PASSPHRASE);
  await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
  await page.getByRole('button', { name: 'Continue to the vault' }).click();
}

describe('who is due for a wave', () => {
  it('does not list someone enrolled after the window as missing, and does once their earlier consent date is entered', async () => {
    const { page } = app;
    await demoWithVault();
    const id = await enrolNewcomer(page, `${canary} Newcomer`, new Date().toISOString().slice(0, 10));

    // The study side (IDs only) says the same beside its list.
    await page.getByRole('tab', { name: 'Follow-up', exact: true }).click();
    await page.locator('#follow-up-wave').selectOption('post');
    await expect
      .poll(() => page.getByTestId('follow-up-count').textContent())
      .toMatch(/participants are due or missing\. 1 more joined after this wave's window closed: not expected for it, not missing\.$/);
    // Leaving the ID-keeper area locked the vault: unlocked again to go on.
    await page.getByRole('tab', { name: 'ID-keeper' }).click();
    await page.getByLabel('Your name').fill('Keeper Alpha');
    await page.getByLabel('Vault passphrase').fill(VAULT_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();

    await page.getByRole('tab', { name: 'Follow-up calls' }).click();
    await page.getByLabel('Wave').selectOption('post');
    const list = page.getByTestId('vault-follow-up');
    await list.waitFor();
    const notExpected = page.getByTestId('vault-follow-up-not-expected');
    expect(await notExpected.textContent()).toBe(
      "1 person enrolled after this wave's window closed is not expected to answer it, and is not counted as missing.",
    );
    expect(await list.textContent()).not.toContain(canary);
    const before = await list.locator('tbody tr').count();
    // The demo's own participants joined in January: overdue counted from the window's end (30 April), the same for all.
    const overdue = new Set(await list.locator('tbody tr td:nth-child(7)').allTextContents());
    const today = new Date().toISOString().slice(0, 10);
    const expected = Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse('2026-04-30T00:00:00Z')) / 86_400_000);
    expect(overdue).toEqual(new Set([String(expected)]));

    // Their consent was really given in January, on paper: entered in their details afterwards.
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('button', { name: `${canary} Newcomer` }).click();
    await page.getByRole('button', { name: 'Edit contacts, consent date and notes' }).click();
    await page.locator('.person-detail').getByLabel('Consent date').fill('2026-01-03');
    await page.locator('.person-detail').getByRole('button', { name: 'Save' }).click();
    // Saved: the form closes and its button is back.
    await page.getByRole('button', { name: 'Edit contacts, consent date and notes' }).waitFor();

    await page.getByRole('tab', { name: 'Follow-up calls' }).click();
    await page.getByLabel('Wave').selectOption('post');
    const row = page
      .getByTestId('vault-follow-up')
      .getByRole('row')
      .filter({ hasText: `${canary} Newcomer` });
    await row.waitFor();
    expect(await row.locator('td').nth(5).textContent()).toBe('Missing');
    expect(await row.locator('td').nth(6).textContent()).toBe(String(expected));
    expect(await page.getByTestId('vault-follow-up').locator('tbody tr').count()).toBe(before + 1);
    expect(await notExpected.count()).toBe(0);
    expect(id).toMatch(/^\d{8}$/);
  });

  it('explains on the Follow-up tab what Due counts', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Open the demo study' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
    await page.getByRole('tab', { name: 'Follow-up', exact: true }).click();
    const note = await page.getByTestId('due-note').textContent();
    expect(note).toContain('People who joined after a window closed are not expected for that wave');
  });
});
