import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';
import { formatId } from '../electron/shared/ids/format';
import { demoWithNewVault, enrolNewcomer } from './fixtures/vault';

/**
 * The call log (issue 25, point 2) in the real UI against the real core, on the demo study with a
 * new vault: three people who consented in January are on the post wave's follow-up list. One app
 * for all the tests, which follow one another as an ID-keeper's afternoon would: a call logged from
 * the list, outcomes typed back from the printed sheet with the keyboard only, a refusal withdrawn.
 */

let app: TestApp;
const canary = `Canary${randomBytes(5).toString('hex')}`;
const people = { ana: `${canary} Ana`, ben: `${canary} Ben`, cleo: `${canary} Cleo` };
const ids: Record<keyof typeof people, string> = { ana: '', ben: '', cleo: '' };

function localDay(offset = 0): string {
  const day = new Date();
  day.setDate(day.getDate() + offset);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

async function openPostList(): Promise<Locator> {
  const { page } = app;
  await page.getByRole('tab', { name: 'Follow-up calls' }).click();
  await page.getByLabel('Wave').selectOption('post');
  const list = page.getByTestId('vault-follow-up');
  await list.waitFor();
  return list;
}

const rowOf = (list: Locator, name: string) => list.getByRole('row').filter({ hasText: name });
const cells = async (row: Locator) => (await row.locator('td').allTextContents()).map((text) => text.trim());

beforeAll(async () => {
  app = await launchApp();
  const { page } = app;
  await demoWithNewVault(page, 'e2e-call-log-vault-passphrase');
  await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
  await page.getByRole('button', { name: 'Continue to the vault' }).click();
  for (const key of Object.keys(people) as (keyof typeof people)[]) ids[key] = await enrolNewcomer(app.page, people[key], '2026-01-03');
});
afterAll(async () => {
  await app?.close();
  await closeBrowser();
});

describe('the call log', () => {
  it('logs a call picked from the list: last outcome and next attempt in its row, and the list ordered by next attempt', async () => {
    const { page } = app;
    let list = await openPostList();
    await page.getByRole('button', { name: `Log a call for ${formatId(ids.ana)}` }).click();
    const form = page.getByRole('form', { name: 'Log a call' });
    // The form takes the ID picked, and the cursor goes to the outcome.
    await page.waitForFunction((id) => (document.activeElement as HTMLInputElement | null)?.name === 'outcome' &&
      (document.querySelector('form input[name="id"]') as HTMLInputElement | null)?.value === id, formatId(ids.ana));
    // Picking the row puts the cursor on the outcome: its key, Tab, "+3" for three days on, Enter.
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    await page.keyboard.type('+3');
    await page.keyboard.press('Enter');

    const saved = await page.getByTestId('call-saved').textContent();
    expect(saved).toBe(`Call saved for ${formatId(ids.ana)}: No answer, next attempt ${localDay(3)}.`);
    expect((await cells(rowOf(list, people.ana))).slice(-2)).toEqual([`No answer, ${localDay()}`, localDay(3)]);
    // Ready for the next call: the form is empty, the cursor back in the ID field.
    expect(await form.getByLabel('ID', { exact: true }).evaluate((input) => input === document.activeElement)).toBe(true);

    // Loaded again, the people not called yet come first and Ana, called back in three days, last.
    await page.getByLabel('Wave').selectOption('pre');
    list = await openPostList();
    expect(await list.locator('tbody tr').last().textContent()).toContain(people.ana);
  });

  it('takes outcomes back from the printed sheet with the keyboard, the ID typed as printed or without its space', async () => {
    const { page } = app;
    const list = await openPostList();
    await page.getByRole('button', { name: 'Print the list' }).click();
    const preview = page.getByRole('dialog', { name: 'Printout' });
    const sheet = preview.locator('.printout');
    await sheet.waitFor();
    expect(await sheet.locator('[data-outcome-keys]').textContent()).toBe(
      'Outcome keys: 1 Reached · 2 No answer · 3 Wrong number · 4 Refused · 5 Moved away · 6 Will come',
    );
    const headers = (await sheet.locator('th').allTextContents()).slice(-6);
    expect(headers).toEqual(['Last call', 'Next attempt', 'Called on', 'Outcome (key)', 'Try again on', 'Note']);
    const printedAna = await sheet.getByRole('row').filter({ hasText: people.ana }).locator('td').allTextContents();
    expect(printedAna.slice(7)).toEqual([`No answer, ${localDay()}`, localDay(3), '', '', '', '']);
    await preview.getByRole('button', { name: 'Close' }).click();

    const form = page.getByRole('form', { name: 'Log a call' });
    await form.getByLabel('ID', { exact: true }).focus();
    await page.keyboard.type(formatId(ids.ben));
    await page.keyboard.press('Tab');
    await page.keyboard.type('6');
    await page.keyboard.press('Tab');
    await page.keyboard.type(localDay(7));
    await page.keyboard.press('Enter');
    await page.getByTestId('call-saved').filter({ hasText: formatId(ids.ben) }).waitFor();
    // The cursor is back in the ID field: the next line of the sheet goes straight in.
    await page.keyboard.type(ids.cleo);
    await page.keyboard.press('Tab');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    const savedCleo = page.getByTestId('call-saved').filter({ hasText: formatId(ids.cleo) });
    expect(await savedCleo.textContent()).toBe(`Call saved for ${formatId(ids.cleo)}: Reached.`);

    expect((await cells(rowOf(list, people.ben))).slice(-2)).toEqual([`Will come, ${localDay()}`, localDay(7)]);
    expect((await cells(rowOf(list, people.cleo))).slice(-2)).toEqual([`Reached, ${localDay()}`, '']);
  });

  it('offers withdrawal after "refused"; withdrawn, the person leaves the list; the audit names nobody', async () => {
    const { page } = app;
    const list = await openPostList();
    const form = page.getByRole('form', { name: 'Log a call' });
    await form.getByLabel('ID', { exact: true }).fill(ids.ana);
    // The person's earlier calls are shown while their ID is in the form.
    await page.getByTestId('call-history').getByRole('cell', { name: 'No answer' }).waitFor();
    await form.getByLabel('Outcome (key)').fill('4');
    await form.getByLabel('Note').fill(`${canary} asked not to be called`);
    await form.getByRole('button', { name: 'Save the call' }).click();

    const offer = page.getByTestId('withdraw-offer');
    expect(await offer.locator('p').first().textContent()).toBe(
      `${formatId(ids.ana)} refused. Withdraw them, so that nobody calls them again? Their answers are kept.`,
    );
    await offer.getByRole('button', { name: 'Withdraw' }).click();
    await offer.getByLabel("Type the person's ID to confirm").fill(formatId(ids.ana));
    await offer.getByRole('button', { name: 'Withdraw now' }).click();
    await page.getByText(`${formatId(ids.ana)} is withdrawn and off the list.`).waitFor();
    expect(await rowOf(list, people.ana).count()).toBe(0);

    // Loaded again from the core: still gone, the others still there.
    await page.getByLabel('Wave').selectOption('pre');
    const reloaded = await openPostList();
    await rowOf(reloaded, people.ben).waitFor();
    expect(await rowOf(reloaded, people.ana).count()).toBe(0);

    const audit = await app.core.handlers['vault.audit.list']({ limit: 1000 });
    const calls = audit.entries.filter((entry) => entry.action === 'call_logged');
    expect(calls.map((entry) => [entry.detail.id, entry.detail.outcome])).toEqual([
      [ids.ana, 'refused'],
      [ids.cleo, 'reached'],
      [ids.ben, 'will_come'],
      [ids.ana, 'no_answer'],
    ]);
    expect(audit.entries.find((entry) => entry.action === 'withdrawn')?.detail).toMatchObject({ id: ids.ana, reason: 'not_interested' });
    expect(JSON.stringify(audit)).not.toContain(canary);
  });
});
