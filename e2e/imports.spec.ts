import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { openStudyFile } from '../electron/core/study/file';
import { loadTracking } from '../electron/core/tracking/load';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

let app: TestApp;

beforeEach(async () => {
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

/** Reads the demo study with plain SQL through a second connection (not the import code). */
function withDemo<T>(work: (db: ReturnType<typeof openStudyFile>) => T): T {
  const db = openStudyFile(join(app.dataDir, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

describe('importing an online follow-up wave from the UI', () => {
  it('previews the export with its problems, refuses to import a bad file, then imports a good one so tracking counts it', async () => {
    const { page } = app;
    // Newcomers who dropped out before the follow-up: the online survey reached them.
    const ids = withDemo(
      (db) =>
        db
          .prepare(
            `SELECT p.id FROM participant p JOIN identity_group g ON g.id = p.identity_group_id
              WHERE g.code = 'newcomer' AND NOT EXISTS (SELECT 1 FROM response r JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = p.id AND w.code = 'fu')
              ORDER BY p.id LIMIT 3`,
          )
          .pluck()
          .all() as string[],
    );
    expect(ids).toHaveLength(3);
    const csv = (third: string) => ['participant_id,att1,att2', `${ids[0]},4,5`, `${ids[1]},2,${third}`, `${ids[2]},3,3`].join('\n');

    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import an online wave' }).waitFor();
    await page.getByLabel('Wave', { exact: true }).selectOption('fu');
    await page.getByLabel('Questionnaire version').selectOption('newcomer_en');

    // One value out of range: the preview names its row and column, and nothing can be imported.
    await page.getByLabel('Export file').setInputFiles({ name: 'kobo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('9')) });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('3 rows: 3 ready to import, 0 held for matching. Problems: 1.');
    expect(await page.getByTestId('import-problems').textContent()).toContain('Row 3, column "att2": att2 must be between 1 and 5.');
    await page.getByLabel('Imported by').fill('Evaluator');
    expect(await page.getByRole('button', { name: 'Import 3 forms' }).isDisabled()).toBe(true);

    await page.getByLabel('Export file').setInputFiles({ name: 'kobo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv('1')) });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('3 rows: 3 ready to import, 0 held for matching. Problems: 0.');
    const sample = page.getByTestId('import-sample');
    expect(await sample.locator('tbody tr').allTextContents()).toEqual([`2${ids[0]}45`, `3${ids[1]}21`, `4${ids[2]}33`]);
    await page.getByLabel('Save the mapping as').fill('Kobo follow-up');
    await page.getByRole('button', { name: 'Import 3 forms' }).click();
    await expect.poll(() => page.getByTestId('import-done').textContent()).toBe('Imported 3 forms; 0 held for matching.');
    expect(await page.getByTestId('import-runs').textContent()).toContain('kobo.csv');
    // The saved mapping is offered for the next export.
    expect(await page.getByLabel('Column mapping').locator('option').allTextContents()).toContain('Kobo follow-up');

    const stored = withDemo(
      (db) =>
        db
          .prepare(
            `SELECT r.participant_id AS id, r.source, a.item_code AS item, a.value FROM response r JOIN wave w ON w.id = r.wave_id
               JOIN answer a ON a.response_id = r.id WHERE w.code = 'fu' AND r.participant_id IN (?, ?, ?) ORDER BY r.participant_id, a.item_code`,
          )
          .all(...ids) as { id: string; source: string; item: string; value: number }[],
    );
    expect(stored).toEqual([
      { id: ids[0], source: 'online', item: 'att1', value: 4 },
      { id: ids[0], source: 'online', item: 'att2', value: 5 },
      { id: ids[1], source: 'online', item: 'att1', value: 2 },
      { id: ids[1], source: 'online', item: 'att2', value: 1 },
      { id: ids[2], source: 'online', item: 'att1', value: 3 },
      { id: ids[2], source: 'online', item: 'att2', value: 3 },
    ]);
    // Tracking counts the imported forms as received at the follow-up, as it does keyed ones.
    const tracked = withDemo((db) => loadTracking(db).participants.filter((person) => ids.includes(person.id)));
    expect(tracked.map((person) => person.usable.has('fu'))).toEqual([true, true, true]);
  });

  it('holds a row without an ID, and lets the ID-keeper match it only with the vault unlocked, by confirming a proposal', async () => {
    const { page } = app;
    const email = 'Online.Respondent@example.org';
    const csv = Buffer.from(['participant_id,att1,att2,E-mail', `,4,2, ${email.toLowerCase()} `].join('\n'));

    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Wave', { exact: true }).selectOption('fu');
    await page.getByLabel('Questionnaire version').selectOption('newcomer_en');
    await page.getByLabel('Export file').setInputFiles({ name: 'online.csv', mimeType: 'text/csv', buffer: csv });
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toBe('1 row: 0 ready to import, 1 held for matching. Problems: 0.');
    // The e-mail column is offered to the match assistant only, and never shown in the preview.
    expect(await page.getByLabel('E-mail column (for matching only)').inputValue()).toBe('E-mail');
    expect(await page.getByTestId('import-sample').textContent()).not.toContain('example.org');
    await page.getByLabel('Imported by').fill('Evaluator');
    await page.getByRole('button', { name: 'Import 0 forms' }).click();
    await expect.poll(() => page.getByTestId('import-done').textContent()).toBe('Imported 0 forms; 1 held for matching.');
    // Without the vault there is no match view.
    await page.getByText('Rows are held for matching: the ID-keeper unlocks the vault to match them.').waitFor();
    expect(await page.getByRole('button', { name: 'Match held rows' }).count()).toBe(0);

    // The ID-keeper creates the vault and enrols the respondent with the e-mail the form collected.
    await page.getByRole('tab', { name: 'ID-keeper' }).click();
    const create = page.getByRole('form', { name: 'Create the vault' });
    await create.getByLabel('Your name').fill('Keeper Alpha');
    await create.getByLabel('New vault passphrase').fill('e2e-vault-passphrase');
    await create.getByLabel('Repeat the passphrase').fill('e2e-vault-passphrase');
    await create.getByRole('button', { name: 'Create the vault' }).click();
    await page.getByLabel('I have printed or written down the recovery key and stored it safely.').check();
    await page.getByRole('button', { name: 'Continue to the vault' }).click();
    await page.getByRole('tab', { name: 'Enrol' }).click();
    const form = page.getByRole('form', { name: 'Enrol a person' });
    await form.getByLabel('Name', { exact: true }).fill('Online Respondent');
    await form.getByLabel('Identity group').selectOption('newcomer');
    await form.getByLabel('Site').selectOption('north');
    await form.getByLabel('Consent is not recorded for this person').check();
    await form.getByLabel('Why consent is not recorded').fill('Consent given in the online form');
    await form.getByLabel('E-mail').fill(email);
    await form.getByRole('button', { name: 'Enrol', exact: true }).click();
    const id = (await page.getByTestId('new-id').textContent())!.replace(/\s/g, '');

    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // Leaving the ID-keeper area locked the vault: the ID-keeper unlocks it here to match.
    expect(await page.getByRole('button', { name: 'Match held rows' }).count()).toBe(0);
    await page.getByLabel('Your name').fill('Keeper Alpha');
    await page.getByLabel('Vault passphrase (ID-keeper)').fill('e2e-vault-passphrase');
    await page.getByRole('button', { name: 'Unlock the vault to match' }).click();
    await page.getByRole('button', { name: 'Match held rows' }).click();
    await page.getByLabel('The imported file').setInputFiles({ name: 'online.csv', mimeType: 'text/csv', buffer: csv });
    const proposals = page.getByTestId('match-proposals');
    await expect.poll(() => proposals.textContent()).toContain(`${id}90 %same e-mail`);
    expect(withDemo((db) => db.prepare("SELECT count(*) FROM response WHERE participant_id = ?").pluck().get(id))).toBe(0);
    await proposals.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByText('No held rows are waiting.').waitFor();

    expect(withDemo((db) => db.prepare("SELECT r.source, a.item_code, a.value FROM response r JOIN answer a ON a.response_id = r.id WHERE r.participant_id = ? ORDER BY a.item_code").all(id))).toEqual([
      { source: 'online', item_code: 'att1', value: 4 },
      { source: 'online', item_code: 'att2', value: 2 },
    ]);
    const audit = (await app.core.handlers['vault.audit.list']({})) as {
      entries: { action: string; keeper: string | null; detail: Record<string, unknown> }[];
    };
    expect(audit.entries[0]).toMatchObject({
      action: 'imported',
      keeper: 'Keeper Alpha',
      detail: { what: 'import_match_confirmed', participantId: id, row: 2 },
    });
    expect(JSON.stringify(audit.entries)).not.toMatch(/Respondent|example\.org/i);
  });
});
