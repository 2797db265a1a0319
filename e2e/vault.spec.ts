import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_ORIGIN, closeBrowser, launchApp, type TestApp } from './fixtures/app';
import { demoWithNewVault } from './fixtures/vault';
import { readWorkbookWithOpenpyxl } from '../electron/core/testing/openpyxl';
import { formatId } from '../electron/shared/ids/format';

let app: TestApp;
let canary: string;
const VAULT_PASSPHRASE = 'e2e-vault-passphrase';

beforeEach(async () => {
  app = await launchApp();
  canary = `Canary${randomBytes(5).toString('hex')}`;
});
afterEach(async () => app.close());
afterAll(closeBrowser);

/** Opens the demo study and creates its vault from the UI; returns the recovery key shown once. */
async function demoWithVault(): Promise<string> {
  const recoveryKey = await demoWithNewVault(app.page, VAULT_PASSPHRASE);
  expect(recoveryKey).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
  return recoveryKey;
}

async function enrol(name: string): Promise<string> {
  const { page } = app;
  await page.getByRole('tab', { name: 'Enrol' }).click();
  const form = page.getByRole('form', { name: 'Enrol a person' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Birth year').fill('1991');
  await form.getByLabel('Phone').fill('+41 79 555 12 34');
  // Nothing is defaulted: group, site and consent are chosen every time.
  await form.getByLabel('Identity group').selectOption('newcomer');
  await form.getByLabel('Site').selectOption('north');
  await form.getByLabel('Consent date').fill('2026-01-03');
  await form.getByLabel('Consent given by').selectOption('participant');
  await form.getByLabel('Consent form version').fill('v1');
  await form.getByRole('button', { name: 'Enrol', exact: true }).click();
  // The name, then the ID grouped 4 + 4, so the ID is written next to the right name.
  expect(await page.getByTestId('enrolled-name').textContent()).toBe(name);
  const shown = (await page.getByTestId('new-id').textContent())!;
  expect(shown).toMatch(/^\d{4} \d{4}$/);
  return shown.replace(/\s/g, '');
}

describe('the ID-keeper\'s vault from the UI', () => {
  it('creates a vault, shows the recovery key once, enrols a person, and locks when idle with no name left on screen', async () => {
    const { page } = app;
    const recoveryKey = await demoWithVault();
    // The recovery sheet prints from the same place.
    await page.getByRole('button', { name: 'Print the recovery sheet' }).click();
    const sheet = page.getByRole('dialog', { name: 'Printout' });
    expect(await sheet.textContent()).toContain(recoveryKey);
    await sheet.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    await page.getByRole('tab', { name: 'People' }).waitFor();
    expect(await page.content()).not.toContain(recoveryKey);

    const id = await enrol(`${canary} Example`);
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByTestId('vault-people').getByText(`${canary} Example`).waitFor();
    // The roster in the study got the ID (no name): the overview's count went up.
    expect(JSON.stringify(app.core.handlers['study.summary']({}))).not.toContain(canary);

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByLabel('Lock after this many seconds without use').fill('1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // No input from here on: the idle timer locks the vault.
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor({ timeout: 15_000 });
    await page.getByText('The vault was locked after a period without use.').waitFor();
    const html = await page.content();
    expect(html).not.toContain(canary);
    expect(html).not.toContain(id);
    expect(html).not.toContain(recoveryKey);
    expect(app.core.handlers['vault.status']({})).toMatchObject({ status: 'locked' });

    // Unlocking again shows the vault, and never the recovery key again.
    await page.getByLabel('Your name').fill('Keeper Alpha');
    await page.getByLabel('Vault passphrase').fill(VAULT_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByTestId('vault-people').getByText(`${canary} Example`).waitFor();
    expect(await page.content()).not.toContain(recoveryKey);
  });

  it('opens with the recovery key when the passphrase is forgotten, and locks with the computer', async () => {
    const { page } = app;
    const recoveryKey = await demoWithVault();
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    const id = await enrol(`${canary} Recovered`);
    // Copying the ID puts it on the clipboard; locking the vault takes it off at once.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP_ORIGIN });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('button', { name: `${canary} Recovered` }).click();
    await page.getByRole('button', { name: 'Copy the ID' }).click();
    await expect.poll(clipboard).toBe(id);
    await page.getByRole('button', { name: 'Lock the vault' }).click();
    await page.getByRole('heading', { name: 'Unlock demo.mixvault' }).waitFor();
    expect(await page.content()).not.toContain(canary);
    await expect.poll(clipboard).toBe('');

    await page.getByRole('button', { name: 'Forgot the passphrase?' }).click();
    await page.getByLabel('Your name').fill('Keeper Alpha');
    await page.getByLabel('Recovery key').fill(recoveryKey.toLowerCase().replaceAll('-', ' '));
    await page.getByLabel('New vault passphrase').fill('a brand new vault passphrase');
    await page.getByLabel('Repeat the passphrase').fill('a brand new vault passphrase');
    await page.getByRole('button', { name: 'Open and set the new passphrase' }).click();
    await page.getByTestId('vault-people').getByText(`${canary} Recovered`).waitFor();

    // The operating system locks: study and vault lock, nothing of either stays on screen.
    app.core.lockAll('os');
    await page.getByText('The study was locked because the computer was locked or went to sleep.').waitFor();
    expect(await page.content()).not.toContain(canary);
    expect(app.core.handlers['vault.status']({})).toMatchObject({ status: 'noStudy' });
  });

  it('imports a list all or nothing, assigns at random against the 2 x 2 table, prints, erases, and audits without names', async () => {
    const { page } = app;
    await demoWithVault();
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();

    await page.getByRole('tab', { name: 'Import a list' }).click();
    const rows = Array.from({ length: 6 }, (_, n) => `${canary}${n} Person;${n % 2 ? 'Long-time residents' : 'newcomer'};${n % 3 ? 'north' : 'South district'};c2026;+41 79 600 00 0${n}`);
    const bad = ['Name;Identity group;Site;Cohort;Phone', ...rows, ';Martians;north;;'].join('\n');
    await page.getByLabel('List of people (.csv or .xlsx)').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('6 of 7 rows ready; 2 problems.');
    // By row and column, never by what the cell holds (a misplaced name would be shown otherwise).
    expect(await page.getByTestId('import-errors').textContent()).toContain('Row 8, column B: not one of the study\'s identity groups.');
    expect(await page.getByTestId('import-errors').textContent()).not.toContain('Martians');
    expect(await page.getByRole('button', { name: 'Enrol 6 people' }).isDisabled()).toBe(true);

    await page.getByLabel('List of people (.csv or .xlsx)').setInputFiles({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['Name;Identity group;Site;Cohort;Phone', ...rows].join('\n')),
    });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('6 of 6 rows ready; 0 problems.');
    // Nobody on this list has consent recorded: allowed, but said with the rows to look at.
    expect(await page.getByTestId('import-consent').textContent()).toContain(
      '6 people have no consent recorded in full (date, by whom, form version) and no reason why not',
    );
    expect(await page.getByTestId('import-consent').textContent()).toContain('rows 2, 3, 4, 5, 6, 7.');
    await page.getByLabel('Assign them at random to Programme or Comparison, by identity group and site').check();
    await page.getByLabel('Seed').fill('2026');
    await page.getByRole('button', { name: 'Enrol 6 people' }).click();
    await page.getByText('6 people enrolled and assigned at random (seed 2026).').waitFor();

    // The demo's 30 per cell, plus the six spread evenly: 33 per group over both arms.
    await page.getByRole('tab', { name: 'Assignment' }).click();
    const table = page.getByTestId('design-table');
    await table.waitFor();
    const cells = (await table.locator('tbody td').allTextContents()).slice(0, 4);
    expect(cells.every((cell) => /^3[0-3] \/ 30$/.test(cell))).toBe(true);
    expect(cells.reduce((sum, cell) => sum + Number(cell.split(' ')[0]), 0)).toBe(126);

    await page.getByRole('tab', { name: 'Print' }).click();
    await page.getByRole('button', { name: 'Open the confidential list' }).click();
    const printout = page.getByRole('dialog', { name: 'Printout' });
    expect(await printout.textContent()).toContain('CONFIDENTIAL');
    expect(await printout.textContent()).toContain(`${canary}0 Person`);
    await printout.getByRole('button', { name: 'Close' }).click();
    expect(await page.content()).not.toContain(`${canary}0 Person`);

    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('button', { name: `${canary}0 Person` }).click();
    const id = (await page.locator('.person-detail dd').first().textContent())!.replace(/\D/g, '');
    await page.getByRole('button', { name: 'Erase identity' }).click();
    const confirm = page.getByRole('group', { name: 'Erase identity' });
    await confirm.getByLabel('Type the person\'s ID to confirm').fill('00000000');
    expect(await confirm.getByRole('button', { name: 'Erase identity now' }).isDisabled()).toBe(true);
    await confirm.getByLabel('Type the person\'s ID to confirm').fill(id);
    await confirm.getByRole('button', { name: 'Erase identity now' }).click();
    await expect.poll(async () => (await page.getByTestId('vault-people').textContent()) ?? '').not.toContain(`${canary}0 Person`);

    await page.getByRole('tab', { name: 'Audit log' }).click();
    const audit = page.getByTestId('audit-log');
    // In words, from each entry's kind and details (issue 25, point 5), never with a name.
    await audit.getByText(`Name and contacts of ID ${id.slice(0, 4)} ${id.slice(4)} erased`).waitFor();
    for (const said of [
      'Enrolled from a spreadsheet: 6 people',
      'Arms assigned at random: 6 people',
      'Confidential list printed',
      'Names shown in the people list',
      'Vault created',
    ]) {
      await audit.getByText(said).first().waitFor();
    }
    expect(await audit.textContent()).not.toContain(canary);
  });

  it('refuses enrolment until group, site and consent are given, and assigns at random only as previewed', async () => {
    const { page } = app;
    await demoWithVault();
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    await page.getByRole('tab', { name: 'Enrol' }).click();
    const form = page.getByRole('form', { name: 'Enrol a person' });
    expect(await form.getByLabel('Identity group').inputValue()).toBe('');
    expect(await form.getByLabel('Site').inputValue()).toBe('');
    await form.getByLabel('Name', { exact: true }).fill(`${canary} Unsure`);
    await form.getByRole('button', { name: 'Enrol', exact: true }).click();
    await form.getByText("Choose the person's identity group: it decides which questionnaire they get.").waitFor();
    await form.getByText('Choose the site where the person takes part.').waitFor();
    await form.getByText('Enter the date consent was given, or record why consent is not recorded.').waitFor();
    expect(await page.getByTestId('new-id').count()).toBe(0);
    expect(await app.core.handlers['vault.people.list']({})).toMatchObject({ total: 0 });
    // Chosen, with the reason consent is not recorded instead of the consent itself.
    await form.getByLabel('Identity group').selectOption('newcomer');
    await form.getByLabel('Site').selectOption('north');
    await form.getByLabel('Consent is not recorded for this person').check();
    await form.getByLabel('Why consent is not recorded').fill('Signed form kept by the partner');
    await form.getByRole('button', { name: 'Enrol', exact: true }).click();
    expect(await page.getByTestId('enrolled-name').textContent()).toBe(`${canary} Unsure`);
    expect(await page.getByTestId('new-id').textContent()).toMatch(/^\d{4} \d{4}$/);
    // The next person starts with nothing chosen again.
    expect(await form.getByLabel('Identity group').inputValue()).toBe('');
    await enrol(`${canary} Second`);

    await page.getByRole('tab', { name: 'Assignment' }).click();
    const before = await page.getByTestId('design-table').locator('tbody td').allTextContents();
    await page.getByLabel('Seed').fill('77');
    await page.getByRole('button', { name: 'Preview the assignment' }).click();
    const preview = page.getByTestId('assignment-preview');
    await preview.getByText('Seed 77. The same seed on the same people gives this same assignment.').waitFor();
    await preview.getByText('2 people would be assigned.').waitFor();
    // Both are newcomers at the north site: one per arm keeps the stratum balanced.
    expect(await preview.getByTestId('preview-strata').locator('tbody tr').count()).toBe(1);
    expect(await preview.getByTestId('preview-strata').locator('tbody td').last().textContent()).toBe('0');
    // Nothing is written by the preview.
    expect(await page.getByTestId('design-table').locator('tbody td').allTextContents()).toEqual(before);
    const shownAfter = await preview.getByTestId('preview-design').locator('tbody td').allTextContents();

    // Someone enrolled in the meantime: the preview no longer applies and the commit is refused.
    await app.core.handlers['vault.enrol']({ name: `${canary} Late`, identityGroup: 'newcomer', site: 'north', consentMissingReason: 'Test' });
    await preview.getByRole('button', { name: 'Confirm this assignment' }).click();
    await page.getByText('The roster changed since the preview (someone was enrolled, withdrawn or assigned): preview the assignment again.').waitFor();
    expect(await page.getByTestId('assignment-preview').count()).toBe(0);
    expect(await app.core.handlers['vault.allocation.runs']({})).toEqual([]);

    await page.getByRole('button', { name: 'Preview the assignment' }).click();
    await preview.getByText('3 people would be assigned.').waitFor();
    const confirmed = await preview.getByTestId('preview-design').locator('tbody td').allTextContents();
    expect(confirmed).not.toEqual(shownAfter);
    await preview.getByRole('button', { name: 'Confirm this assignment' }).click();
    await page.getByText('3 people assigned (seed 77).').waitFor();
    // The 2 x 2 table now shows what the preview showed.
    await expect.poll(() => page.getByTestId('design-table').locator('tbody td').allTextContents()).toEqual([...confirmed.slice(0, 4), '0', '0']);
    expect(await app.core.handlers['vault.allocation.runs']({})).toMatchObject([{ seed: '77', assigned: 3, reproducible: true }]);

    // The person's details say consent is not recorded, and why.
    await page.getByRole('tab', { name: 'People' }).click();
    await page.getByRole('button', { name: `${canary} Unsure` }).click();
    expect(await page.getByTestId('person-consent').textContent()).toBe('Not recorded · why not: Signed form kept by the partner');
  });

  it('lists the people to call for a wave with names and contacts, prints and saves it, and the Follow-up tab never shows a name', async () => {
    const { page } = app;
    await demoWithVault();
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    const id = await enrol(`${canary} Caller`);

    await page.getByRole('tab', { name: 'Follow-up calls' }).click();
    await page.getByLabel('Wave').selectOption('post');
    // The list shows IDs grouped 4 + 4, as the calling sheet prints them.
    const row = page.getByTestId('vault-follow-up').getByRole('row').filter({ hasText: `${id.slice(0, 4)} ${id.slice(4)}` });
    await row.getByText(`${canary} Caller`).waitFor();
    expect(await row.textContent()).toContain('+41 79 555 12 34');
    // The same IDs as the name-free list the tracking API gives.
    const plain = (await app.core.handlers['tracking.followUp']({ wave: 'post' })).entries;
    expect(await page.getByTestId('vault-follow-up').locator('tbody tr').count()).toBe(plain.length);
    expect(await page.getByText(`${plain.length} people to follow up.`).count()).toBe(1);

    await page.getByRole('button', { name: 'Print the list' }).click();
    const printout = page.getByRole('dialog', { name: 'Printout' });
    expect(await printout.textContent()).toContain(`${canary} Caller`);
    await printout.getByRole('button', { name: 'Close' }).click();

    const folder = mkdtempSync(join(tmpdir(), 'mixwise-e2e-calls-'));
    try {
      app.dialogs.savePath = join(folder, 'calls.xlsx');
      await page.getByRole('button', { name: 'Save as a workbook' }).click();
      await page.getByRole('button', { name: 'Save with names' }).click();
      await page.getByText(`Saved to ${app.dialogs.savePath}`).waitFor();
      const rows = readWorkbookWithOpenpyxl(app.dialogs.savePath)['CONFIDENTIAL']!;
      expect(rows.slice(5).find((entry) => entry[0] === id)?.[1]).toBe(`${canary} Caller`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }

    // One view of the list, one print, one save: each once in the audit log.
    const audit = (await app.core.handlers['vault.audit.list']({ limit: 1000 })) as { entries: { action: string; detail: { what?: string } }[] };
    const logged = audit.entries.filter((entry) => entry.detail.what === 'follow_up_list').map((entry) => entry.action);
    expect(logged.sort()).toEqual(['exported', 'names_viewed', 'printed']);

    // Leaving the area locks the vault; the Follow-up tab shows IDs only.
    await page.getByRole('tab', { name: 'Follow-up', exact: true }).click();
    await page.getByTestId('follow-up').getByText(formatId(id)).waitFor();
    expect(await page.content()).not.toContain(canary);
    expect(app.core.handlers['vault.status']({})).toMatchObject({ status: 'locked' });
  });
});
