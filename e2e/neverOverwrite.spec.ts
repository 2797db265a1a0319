import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/**
 * The OS save dialog may have asked "replace?" and been told yes: Mixwise still never replaces a
 * file, and says so on screen instead of failing silently.
 */

let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-overwrite-e2e-'));
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});
afterAll(closeBrowser);

const OWN = Buffer.from('a file somebody keeps\n');

describe('saving over an existing file', () => {
  it('refuses a chart and the status workbook with a message naming the file, leaving both files as they were', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Follow-up' }).click();
    const figure = page.getByRole('figure').filter({ hasText: 'Forms per wave: received, linked, held and missing' });
    const chart = join(folder, 'funnel.svg');
    writeFileSync(chart, OWN);
    app.dialogs.savePath = chart;
    await figure.getByRole('button', { name: 'Save as SVG' }).click();
    await expect
      .poll(() => figure.getByRole('alert').textContent())
      .toBe('funnel.svg already exists. Mixwise never replaces a file: choose another name.');
    expect(readFileSync(chart).equals(OWN)).toBe(true);

    const workbook = join(folder, 'status.xlsx');
    writeFileSync(workbook, OWN);
    app.dialogs.savePath = workbook;
    await page.getByRole('button', { name: 'Save the weekly status (Excel)' }).click();
    await page.getByText('status.xlsx already exists. Mixwise never replaces a file: choose another name.').waitFor();
    expect(readFileSync(workbook).equals(OWN)).toBe(true);
  });
});
