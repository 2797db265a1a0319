import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screenshots } from './fixtures/screenshots';
import { closeBrowser, launchApp, tempFolder, type TestApp } from './fixtures/app';
import { demoWithNewVault } from './fixtures/vault';

/**
 * An audit log a person can read (issue 25, point 5), in the real UI against the real core: the
 * ID-keeper gives their name when creating and unlocking the vault, a colleague takes over from
 * the vault's list of keepers, and the log says in words what each of them did, filters by kind
 * and day, and is saved as CSV. MIXWISE_SCREENSHOTS=<folder> saves screenshots at two window sizes.
 */

let app: TestApp;
const VAULT_PASSPHRASE = 'e2e-audit-vault-passphrase';

beforeEach(async () => {
  app = await launchApp();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

/** The audit table's rows as [what happened, ID-keeper], newest first. */
async function auditRows(): Promise<string[][]> {
  const rows = app.page.getByTestId('audit-log').locator('tbody tr');
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 3).map((td) => td.textContent ?? '')));
}

describe('the audit log in words', () => {
  it('names the ID-keeper who acted, lets a colleague take over, filters by kind and day, and saves as CSV', async () => {
    const { page } = app;
    await demoWithNewVault(page, VAULT_PASSPHRASE, 'Keeper Alpha');
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    await page.getByTestId('acting-keeper').getByText('Working as Keeper Alpha').waitFor();

    // Unlocking asks who is working; without a name the vault cannot be unlocked.
    await page.getByRole('button', { name: 'Lock the vault' }).click();
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor();
    await page.getByLabel('Vault passphrase').fill(VAULT_PASSPHRASE);
    expect(await page.getByRole('button', { name: 'Unlock', exact: true }).isDisabled()).toBe(true);
    await page.getByLabel('Your name').fill('Keeper Beta');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByTestId('acting-keeper').getByText('Working as Keeper Beta').waitFor();

    // A colleague takes over, choosing their name from the vault's list.
    await page.getByRole('button', { name: 'Someone else is working' }).click();
    const takeOver = page.getByRole('form', { name: 'Who is working in the vault?' });
    await takeOver.getByLabel('ID-keeper').selectOption('Keeper Alpha');
    await screenshots(app.page, 'keeper-take-over', true);
    await takeOver.getByRole('button', { name: 'Work as this person' }).click();
    await page.getByTestId('acting-keeper').getByText('Working as Keeper Alpha').waitFor();

    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-log').getByText('Took over the unlocked vault').waitFor();
    expect(await auditRows()).toEqual([
      ['Took over the unlocked vault', 'Keeper Alpha'],
      ['Daily backup made', 'Keeper Beta'],
      ['Vault unlocked with the passphrase', 'Keeper Beta'],
      ['Vault created', 'Keeper Alpha'],
    ]);
    // Times in the reader's language and time zone, never a raw ISO string.
    const when = await page.getByTestId('audit-log').locator('tbody tr td').first().textContent();
    expect(when).not.toMatch(/T\d{2}:|Z$/);
    expect(await page.getByTestId('audit-log').textContent()).not.toMatch(/\bApp\b.*Keeper|unlocked: with/);
    await screenshots(app.page, 'audit-log', true);

    await page.getByLabel('Kind').selectOption({ label: 'Unlocked' });
    await page.getByText('1 entry matches.').waitFor();
    expect(await auditRows()).toEqual([['Vault unlocked with the passphrase', 'Keeper Beta']]);
    const yesterday = new Date(Date.now() - 86_400_000);
    const pad = (value: number) => String(value).padStart(2, '0');
    const day = `${yesterday.getFullYear()}-${pad(yesterday.getMonth() + 1)}-${pad(yesterday.getDate())}`;
    await page.getByLabel('To', { exact: true }).fill(day);
    await page.getByText('0 entries match.').waitFor();
    await page.getByRole('button', { name: 'Show all' }).click();
    await page.getByText('4 entries match.').waitFor();

    const folder = tempFolder('mixwise-e2e-audit-');
    app.dialogs.savePath = join(folder, 'audit.csv');
    await page.getByRole('button', { name: 'Save as a file (CSV)…' }).click();
    await page.getByText(`4 entries saved to ${app.dialogs.savePath}.`).waitFor();
    const csv = readFileSync(app.dialogs.savePath, 'utf8');
    expect(csv).toContain(',Vault unlocked with the passphrase,Keeper Beta,App\r\n');
    expect(csv).toContain(',Took over the unlocked vault,Keeper Alpha,App\r\n');
    // The saving is itself in the log, under the keeper who saved.
    expect((await auditRows())[0]).toEqual(['Audit log saved as a file: 4 entries', 'Keeper Alpha']);
  });

  it('opens the demo vault of made-up people with the passphrase it shows, and its log says who put them in', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Open the demo study' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
    await page.getByRole('tab', { name: 'ID-keeper' }).click();
    await page.getByRole('region', { name: 'Try it with the demo vault' }).waitFor();
    await screenshots(app.page, 'demo-vault-offer', true);
    await page.getByRole('button', { name: 'Make the demo vault' }).click();
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor();
    const shown = (await page.getByTestId('demo-vault-passphrase').textContent())!;
    const passphrase = /^The demo vault's passphrase is (\S+)\.$/.exec(shown)![1]!;
    await screenshots(app.page, 'demo-vault-unlock', true);
    await page.getByLabel('Your name').fill('Keeper Gamma');
    await page.getByLabel('Vault passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByTestId('vault-people').getByText('Amara Example').waitFor();
    expect(await page.getByText('demo.mixvault is open: 120 people.', { exact: false }).count()).toBe(1);

    await page.getByRole('tab', { name: 'Audit log' }).click();
    await page.getByTestId('audit-log').getByText('Made-up people added for the demo: 120 people').waitFor();
    expect(await auditRows()).toEqual([
      ['Names shown in the people list: 120 people', 'Keeper Gamma'],
      ['Daily backup made', 'Keeper Gamma'],
      ['Vault unlocked with the passphrase', 'Keeper Gamma'],
      ['Made-up people added for the demo: 120 people', 'Demo Keeper'],
      ['Vault created', 'Demo Keeper'],
    ]);
    await screenshots(app.page, 'demo-vault-audit', true);
  });
});
