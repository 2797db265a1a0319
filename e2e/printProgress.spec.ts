import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countPdfPages } from '../electron/core/forms/printer';
import { closeBrowser, launchApp, tempFolder, type TestApp } from './fixtures/app';

/**
 * Issue 24, point 4: pre-filled forms for every participant (the demo's 60 residents, 180 pages)
 * show pages printed of all pages while they print, and Cancel stops them leaving no file.
 */
let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = tempFolder('mixwise-print-e2e-');
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});
afterAll(closeBrowser);

async function startPrinting(path: string): Promise<void> {
  const { page } = app;
  app.dialogs.savePath = path;
  await page.getByRole('tab', { name: 'Evaluator' }).click();
  await page.getByRole('button', { name: 'Paper forms' }).click();
  await page.getByLabel('Version', { exact: true }).selectOption('resident_en');
  await page.getByLabel('Wave', { exact: true }).selectOption('pre');
  await page.getByLabel("Pre-print each enrolled participant's ID").check();
  await page.getByRole('button', { name: 'Save PDF…' }).click();
}

describe('printing pre-filled forms', () => {
  it('shows pages printed of all pages, and Cancel stops the print leaving no file', async () => {
    const { page } = app;
    await startPrinting(join(folder, 'resident-pre-ids.pdf'));
    const printing = page.getByTestId('forms-printing');
    const status = printing.getByRole('status');
    // The first copy is the layout's trial print: its pages are the first ones counted.
    await status.getByText(/^Printed [1-9]\d* of 180 pages\.$/).waitFor();
    expect(await printing.getByRole('progressbar').getAttribute('max')).toBe('180');
    expect(await status.getAttribute('aria-live')).toBe('polite');

    await printing.getByRole('button', { name: 'Cancel printing' }).click();
    // It stops after the chunk being printed: the answer comes when that chunk is done.
    await page.getByTestId('forms-stopped').getByText('Printing was cancelled; no file was written.').waitFor();
    expect(await printing.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(readdirSync(folder)).toEqual([]);
    expect(await page.getByRole('button', { name: 'Save PDF…' }).isEnabled()).toBe(true);
  });

  it('prints every copy into one file when left to finish', async () => {
    const { page } = app;
    const path = join(folder, 'resident-pre-ids.pdf');
    await startPrinting(path);
    await page.getByText(`Saved to ${path} (forms: 60, pages: 180).`).waitFor({ timeout: 120_000 });
    expect(countPdfPages(readFileSync(path))).toBe(180);
    expect(readdirSync(folder)).toEqual(['resident-pre-ids.pdf']);
  });
});
