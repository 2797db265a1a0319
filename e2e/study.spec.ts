import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../electron/api/dispatch';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { unkeyedIds } from '../electron/core/entry/testStudy';
import { openStudyFile } from '../electron/core/study/file';
import { formatId } from '../electron/shared/ids/format';
import { closeBrowser, launchApp, tempFolder, type TestApp } from './fixtures/app';

let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = tempFolder();
  app = await launchApp();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

async function createStudy(name: string, passphrase: string): Promise<string> {
  const { page } = app;
  const path = join(folder, 'pilot.mixwise');
  app.dialogs.newStudyPath = path;
  const form = page.getByRole('region', { name: 'Create a study' });
  await form.getByLabel('Study name').fill(name);
  await form.getByLabel('Country (optional)').fill('Kosovo');
  await form.getByRole('button', { name: 'Choose location…' }).click();
  await expect.poll(() => form.locator('.path').textContent()).toBe(path);
  await form.getByLabel('Study passphrase').fill(passphrase);
  await form.getByLabel('Repeat the passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Create study' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  return path;
}

describe('study file from the UI', () => {
  it('creates a study, closes it and reopens it from the recent list', async () => {
    const { page } = app;
    const passphrase = `e2e-${Math.random().toString(36).slice(2)}`;
    await createStudy('Tech Heroes pilot', passphrase);
    expect(readFileSync(join(folder, 'pilot.mixwise')).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    await expect.poll(() => page.locator('[data-wave]').count()).toBe(3);

    await page.getByRole('button', { name: 'Close study' }).click();
    await page.getByRole('button', { name: 'Open pilot.mixwise' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tech Heroes pilot' }).waitFor();
    expect(await page.getByText('Kosovo').count()).toBe(1);
  });

  it('shows the form errors at the fields and creates nothing', async () => {
    const { page } = app;
    const form = page.getByRole('region', { name: 'Create a study' });
    app.dialogs.newStudyPath = join(folder, 'short.mixwise');
    await form.getByRole('button', { name: 'Choose location…' }).click();
    await form.getByLabel('Study passphrase').fill('short');
    await form.getByLabel('Repeat the passphrase').fill('shorter');
    await form.getByRole('button', { name: 'Create study' }).click();
    await expect.poll(() => form.getByRole('alert').allTextContents()).toEqual([
      'Give the study a name.',
      'The passphrase needs at least 8 characters.',
      'The two passphrases differ.',
    ]);
    expect(app.core.handlers['study.current']({})).toEqual({ status: 'closed' });
    expect(existsSync(join(folder, 'short.mixwise'))).toBe(false);
  });

  it('says "Wrong passphrase" and leaves the file untouched', async () => {
    const { page } = app;
    const path = await createStudy('Wrong passphrase check', 'the-right-passphrase');
    await page.getByRole('button', { name: 'Close study' }).click();
    const before = createHash('sha256').update(readFileSync(path)).digest('hex');

    app.dialogs.studyFile = path;
    await page.getByRole('button', { name: 'Open a study file…' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill('not-the-passphrase');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong passphrase.');
    expect(await page.getByLabel('Passphrase', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(before);
  });

  it('locks: nothing of the study stays on screen until the passphrase is entered again', async () => {
    const { page } = app;
    await createStudy('Locked study', 'lock-test-passphrase');
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'pilot.mixwise is locked' }).waitFor();
    expect(await page.getByText('Locked study').count()).toBe(0);
    await page.getByLabel('Passphrase', { exact: true }).fill('lock-test-passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { level: 1, name: 'Locked study' }).waitFor();
  });

  it('locks when the core reports an OS lock and says why', async () => {
    const { page } = app;
    await createStudy('OS lock', 'os-lock-passphrase');
    app.core.lockAll('os');
    await page.getByText('The study was locked because the computer was locked or went to sleep.').waitFor();
    expect(await page.getByText('OS lock').count()).toBe(0);
  });
});

describe('the idle lock', () => {
  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

  it('is 15 minutes until changed on the Overview, for this computer', async () => {
    const { page } = app;
    await createStudy('Idle setting', 'idle-setting-passphrase');
    const field = page.getByLabel('Lock the study after this many minutes without use');
    await poll(() => field.inputValue()).toBe('15');
    await field.fill('20');
    await page.getByRole('form', { name: 'Lock when unused' }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'The study now locks after 20 minutes without use.' }).waitFor();
    expect(JSON.parse(readFileSync(join(app.dataDir, 'app-settings.json'), 'utf8'))).toEqual({ studyIdleLockSeconds: 1200, entrySound: false });
  });

  it('locks an unused study after the configured time; unlocking lands on the same cell, keyed answers and typed digits kept', async () => {
    const { page } = app;
    // A short idle time for the test: this computer's setting, set as the Overview's form does.
    expect(await dispatch(app.core.handlers, 'app.settings.set', { studyIdleLockSeconds: 5 })).toMatchObject({ ok: true });
    await page.getByRole('button', { name: 'Open the demo study' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
    const demoPath = join(app.dataDir, 'demo', 'demo.mixwise');
    const db = openStudyFile(demoPath, DEMO_PASSPHRASE);
    const [first, second] = (() => {
      try {
        return unkeyedIds(db, 'resident', 'fu', 2);
      } finally {
        db.close();
      }
    })();

    await page.getByRole('tab', { name: 'Data entry' }).click();
    await page.getByLabel('Wave').selectOption({ label: 'Follow-up' });
    await page.getByLabel('Questionnaire version').selectOption({ label: 'Long-time residents (English)' });
    await page.getByLabel('Label').fill('Idle box');
    await page.getByLabel('Your name (the clerk)').fill('Clerk');
    await page.getByRole('button', { name: 'Start keying' }).click();
    await page.locator('.ag-cell-focus[col-id="id"]:focus').waitFor();
    const cellOf = (row: number, column: string) => page.locator(`.ag-row[row-index="${row}"] [col-id="${column}"]`).first();
    const answers = '1234512345123451234';
    for (const key of first! + answers) await page.keyboard.press(key);
    await poll(() => cellOf(0, 'status').textContent()).toBe('Complete');
    // Half of the next form's ID typed, not committed, and the clerk walks away.
    for (const key of second!.slice(0, 4)) await page.keyboard.press(key);
    await poll(() => cellOf(1, 'id').textContent()).toBe(second!.slice(0, 4));

    await page.getByRole('heading', { name: 'demo.mixwise is locked' }).waitFor({ timeout: 30_000 });
    await page.getByText('The study was locked after a period without use.').waitFor();
    // Nothing of the study stays in the page while it is locked.
    expect(await page.locator('.ag-row').count()).toBe(0);
    expect(await page.getByText('Idle box').count()).toBe(0);

    await page.getByLabel('Passphrase', { exact: true }).fill(DEMO_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Back in the same batch, on the same cell, with the digits typed before the lock.
    await page.locator('.ag-row[row-index="1"] .ag-cell-focus[col-id="id"]:focus').waitFor();
    expect(await cellOf(1, 'id').textContent()).toBe(second!.slice(0, 4));
    expect(await cellOf(0, 'id').textContent()).toBe(formatId(first!));
    expect(await cellOf(0, 'status').textContent()).toBe('Complete');
    for (const key of second!.slice(4) + '5') await page.keyboard.press(key);
    await poll(() => cellOf(1, 'i0').textContent()).toBe('5');
    await poll(() => cellOf(1, 'status').textContent()).toBe('Saved');

    await app.core.dispose();
    const after = openStudyFile(demoPath, DEMO_PASSPHRASE);
    try {
      const keyed = after
        .prepare(
          `SELECT r.participant_id AS id, a.value FROM entry_row r
             JOIN entry_batch b ON b.id = r.batch_id AND b.label = 'Idle box'
             JOIN answer a ON a.response_id = r.response_id
             JOIN version_item vi ON vi.version_id = b.version_id AND vi.item_code = a.item_code
            ORDER BY r.position, vi.position`,
        )
        .all() as { id: string; value: number }[];
      const byForm = (id: string) => keyed.filter((row) => row.id === id).map((row) => row.value).join('');
      expect([...new Set(keyed.map((row) => row.id))]).toEqual([first, second]);
      expect(byForm(first!)).toBe(answers);
      expect(byForm(second!)).toBe('5');
    } finally {
      after.close();
    }
  }, 120_000);
});
