import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
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
