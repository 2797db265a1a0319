import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStudySummary } from '../electron/core/study/summary';
import { openStudyFile } from '../electron/core/study/file';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

let app: TestApp;

beforeEach(async () => {
  app = await launchApp();
});
afterEach(async () => app.close());
afterAll(closeBrowser);

describe('demo study and keyboard use', () => {
  it('a fresh install opens the demo at once, showing the numbers stored in the file', async () => {
    await app.close();
    app = await launchApp({ fresh: true });
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();

    const state = app.core.handlers['study.current']({}) as { status: string; path: string };
    expect(state.status).toBe('open');
    const db = openStudyFile(state.path, DEMO_PASSPHRASE);
    const summary = readStudySummary(db);
    db.close();
    expect(summary.participants.total).toBe(120);
    await expect.poll(() => page.getByTestId('participants-total').textContent()).toContain(String(summary.participants.total));
    for (const wave of summary.responsesPerWave) {
      expect(await page.getByTestId(`responses-${wave.wave}`).textContent()).toBe(String(wave.responses));
    }

    // The next start is no longer a first run: the start screen offers the demo and lists it.
    await page.getByRole('button', { name: 'Close study' }).click();
    await page.reload();
    await page.getByText(`The demo study's passphrase is ${DEMO_PASSPHRASE}.`).waitFor();
    await page.getByRole('button', { name: 'Open demo.mixwise' }).waitFor();
  });

  it('is usable by keyboard alone: open the demo, move between the role tabs, lock', async () => {
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Mixwise' }).waitFor();
    // Tab from the top of the page until the demo button has focus, then press Enter.
    for (let presses = 0; presses < 10; presses++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (focused === 'Open the demo study') break;
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();

    await page.getByRole('tab', { name: 'Overview' }).focus();
    const selected = async () => page.getByRole('tab', { selected: true }).textContent();
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Follow-up');
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Data entry');
    await page.keyboard.press('End');
    expect(await selected()).toBe('Analysis');
    await page.keyboard.press('ArrowRight');
    expect(await selected()).toBe('Overview');
    await page.keyboard.press('ArrowLeft');
    expect(await selected()).toBe('Analysis');
    await page.keyboard.press('Home');
    await page.getByRole('heading', { level: 2, name: 'Overview' }).waitFor();

    await page.keyboard.press('Control+L');
    await page.getByRole('heading', { name: 'demo.mixwise is locked' }).waitFor();
    // Focus lands on the passphrase field: type and press Enter.
    await page.keyboard.type(DEMO_PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  });
});
