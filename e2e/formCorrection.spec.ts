import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { openStudyFile } from '../electron/core/study/file';
import { readStudySummary } from '../electron/core/study/summary';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

let app: TestApp;

beforeEach(async () => {
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

function withDemo<T>(work: (db: ReturnType<typeof openStudyFile>) => T): T {
  const db = openStudyFile(join(app.dataDir, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const WAVES_OF = `SELECT p.id FROM participant p JOIN identity_group g ON g.id = p.identity_group_id WHERE g.code = 'newcomer'
  AND (SELECT group_concat(w.code) FROM (SELECT w.code FROM response r JOIN wave w ON w.id = r.wave_id
        WHERE r.participant_id = p.id ORDER BY w.position) w) IS ? ORDER BY p.id LIMIT 2`;

/** The follow-up dashboard's "received" per wave, as shown. */
async function receivedOnDashboard(): Promise<Record<string, number>> {
  const { page } = app;
  await page.getByRole('tab', { name: 'Follow-up' }).click();
  const received: Record<string, number> = {};
  for (const wave of ['pre', 'post', 'fu']) {
    const row = page.getByTestId(`wave-${wave}`);
    await row.waitFor();
    received[wave] = Number((await row.locator('td').nth(3).textContent())!.trim());
  }
  return received;
}

describe('an evaluator corrects whole questionnaires', () => {
  it('deletes and moves forms through the UI, with reason and name, and the counts follow', async () => {
    const { page } = app;
    const [whole, movedFrom] = withDemo((db) => db.prepare(WAVES_OF).pluck().all('pre,post,fu') as string[]);
    const [noFollowUp] = withDemo((db) => db.prepare(WAVES_OF).pluck().all('pre,post') as string[]);
    expect(whole && movedFrom && noFollowUp).toBeTruthy();
    const start = await receivedOnDashboard();
    expect(start).toEqual(Object.fromEntries(withDemo((db) => readStudySummary(db).responsesPerWave.map((row) => [row.wave, row.responses]))));

    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Correct forms' }).click();
    await page.getByRole('heading', { name: 'Correct questionnaires' }).waitFor();
    await page.getByLabel('ID', { exact: true }).fill(whole!);
    await page.getByLabel('ID', { exact: true }).press('Enter');
    await page.getByRole('heading', { name: `ID ${whole}: 3 questionnaires` }).waitFor();

    // Delete the post-programme form: a reason and a name are asked for at their fields, then a confirmation.
    await page.getByTestId('form-post').getByRole('button', { name: /^Delete the questionnaire/ }).click();
    const edit = page.locator('form.corrections-edit');
    await edit.getByRole('button', { name: 'Delete…' }).click();
    await expect.poll(() => edit.getByRole('alert').allTextContents()).toEqual(['Say why the questionnaire is changed.', 'Enter your name.']);
    expect(await edit.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    await edit.getByLabel('Reason').fill('Form of another programme');
    await edit.getByLabel('Your name').fill('Eva');
    await edit.getByLabel('Your name').press('Enter');
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(new RegExp(`questionnaire of ID ${whole} was deleted`));
    await page.getByRole('heading', { name: `ID ${whole}: 2 questionnaires` }).waitFor();
    expect(await page.locator('.corrections-history li').first().textContent()).toMatch(/Eva deleted the .* questionnaire\. Reason: Form of another programme/);

    // Move its follow-up form to the now free post-programme wave, by keyboard alone.
    await page.getByTestId('form-fu').getByRole('button', { name: /^Move the questionnaire/ }).click();
    await edit.getByLabel('To wave').selectOption('post');
    await edit.getByLabel('Reason').fill('Filed under the wrong wave');
    await edit.getByLabel('Your name').fill('Eva');
    await edit.getByLabel('Your name').press('Enter');
    await page.getByRole('button', { name: 'Yes, move it' }).press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/was moved/);
    expect(await page.getByTestId('form-post').count()).toBe(1);
    expect(await page.getByTestId('form-fu').count()).toBe(0);

    // Another person's follow-up form: onto a wave where they have a form it is refused at the field;
    // to an ID of the same group without a follow-up form it goes.
    await page.getByLabel('ID', { exact: true }).fill(movedFrom!);
    await page.getByRole('button', { name: 'Show questionnaires' }).click();
    await page.getByRole('heading', { name: `ID ${movedFrom}: 3 questionnaires` }).waitFor();
    await page.getByTestId('form-fu').getByRole('button', { name: /^Move the questionnaire/ }).click();
    await edit.getByLabel('To wave').selectOption('post');
    await edit.getByLabel('Reason').fill('ID misread');
    await edit.getByLabel('Your name').fill('Eva');
    await edit.getByRole('button', { name: 'Move…' }).click();
    await page.getByRole('button', { name: 'Yes, move it' }).click();
    await expect.poll(() => edit.getByRole('alert').allTextContents()).toEqual([`ID ${movedFrom} already has a questionnaire at that wave.`]);
    expect(await edit.getByLabel('To wave').getAttribute('aria-invalid')).toBe('true');
    await edit.getByLabel('To wave').selectOption('');
    await edit.getByLabel('To ID').fill(noFollowUp!);
    await edit.getByRole('button', { name: 'Move…' }).click();
    await page.getByRole('button', { name: 'Yes, move it' }).click();
    await page.getByRole('heading', { name: `ID ${movedFrom}: 2 questionnaires` }).waitFor();

    // Received per wave: post lost one form and gained one, follow-up lost one; the dashboard and the summary agree.
    const expected = { ...start, fu: start.fu! - 1 };
    expect(await receivedOnDashboard()).toEqual(expected);
    expect(Object.fromEntries(withDemo((db) => readStudySummary(db).responsesPerWave.map((row) => [row.wave, row.responses])))).toEqual(expected);
    const recorded = withDemo((db) => db.prepare('SELECT action, participant_id AS id, reason, changed_by AS "by" FROM form_change ORDER BY id').all());
    expect(recorded).toEqual([
      { action: 'delete', id: whole, reason: 'Form of another programme', by: 'Eva' },
      { action: 'move', id: whole, reason: 'Filed under the wrong wave', by: 'Eva' },
      { action: 'move', id: movedFrom, reason: 'ID misread', by: 'Eva' },
    ]);
    // The Overview reads the counts again when it is shown.
    await page.getByRole('tab', { name: 'Overview' }).click();
    for (const [wave, count] of Object.entries(expected)) {
      await expect.poll(() => page.getByTestId(`responses-${wave}`).textContent()).toBe(String(count));
    }
  });
});
