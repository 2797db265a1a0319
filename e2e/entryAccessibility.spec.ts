import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { createBatch, createSecondPass } from '../electron/core/entry/batches';
import { pasteBlock } from '../electron/core/entry/paste';
import { sheetFor } from '../electron/core/entry/sheet';
import { unkeyedIds } from '../electron/core/entry/testStudy';
import { openStudyFile } from '../electron/core/study/file';
import { expectAccessible } from './fixtures/axe';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/**
 * The data-entry screens checked by axe-core (WCAG 2.1 A and AA; serious and critical findings fail)
 * and by keyboard: the batch list, the new-batch form, the comparison of a double-entry batch, the
 * keying statistics, the merge screen and the keying grid. One app launch for the whole file: the
 * checks only read the screens, so they can share one demo study.
 */
let app: TestApp;
let page: Page;
let wordingOfFirst = '';

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

/** A batch "Box A" keyed twice by the real core: form 1 differs at its 1st answer (3 / refused), form 2 agrees. */
function keyDoubleEntryBatch(): void {
  const db = openStudyFile(join(app.dataDir, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  try {
    const [first, second] = unkeyedIds(db, 'resident', 'fu', 2);
    const batch = createBatch(db, { waveCode: 'fu', versionCode: 'resident_en', label: 'Box A', clerk: 'Ana', keyedOn: '2026-10-20' }).id;
    const paste = (batchId: number, rows: string[][]) => {
      const result = pasteBlock(db, { batchId, anchorRowId: null, anchorColumn: 0, cells: rows });
      if (!result.applied) throw new Error(JSON.stringify(result.problems));
    };
    paste(batch, [
      [first!, '3', '4'],
      [second!, '2', '2'],
    ]);
    const repeat = createSecondPass(db, { parentBatchId: batch, clerk: 'Ben', keyedOn: '2026-10-21' }).id;
    paste(repeat, [
      [first!, 'R', '4'],
      [second!, '2', '2'],
    ]);
    wordingOfFirst = sheetFor(db, batch).items[0]!.wording;
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * Presses Tab through the whole page from its first control and returns the visible, enabled controls
 * it never reached. The keying grid's cells are left out: arrows and Tab move between them, and Esc
 * (as its legend says) leaves the grid, so inside the grid this presses Esc where it would press Tab.
 */
async function unreachedByTab(): Promise<string[]> {
  const total = await page.evaluate(() => {
    const controls = [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]')].filter(
      (element) =>
        !element.closest('.ag-root-wrapper') &&
        element.tabIndex >= 0 &&
        !(element as HTMLButtonElement).disabled &&
        // Visible now: not hidden by CSS, nor inside a closed <details> (opened by its summary first).
        element.checkVisibility({ checkVisibilityCSS: true, contentVisibilityAuto: true }) &&
        !element.closest('details:not([open]) > :not(summary)'),
    );
    controls.forEach((element, index) => (element.dataset.tabCheck = String(index)));
    controls[0]?.focus();
    return controls.length;
  });
  const reached = new Set<string>(['0']);
  for (let presses = 0; presses < total + 40; presses++) {
    const inGrid = await page.evaluate(() => document.activeElement?.closest('.ag-root-wrapper') !== null);
    await page.keyboard.press(inGrid ? 'Escape' : 'Tab');
    const mark = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tabCheck ?? null);
    if (mark !== null) reached.add(mark);
  }
  return page.evaluate((seen) => {
    const marked = [...document.querySelectorAll<HTMLElement>('[data-tab-check]')];
    const missed = marked.filter((element) => !seen.includes(element.dataset.tabCheck!));
    marked.forEach((element) => delete element.dataset.tabCheck);
    return missed.map((element) => element.getAttribute('aria-label') || element.textContent?.trim() || element.outerHTML.slice(0, 160));
  }, [...reached]);
}

/** axe-core at the laptop's and the netbook's window sizes: a layout that reflows can hide or overlap controls. */
async function checkAtBothSizes(context: string): Promise<void> {
  for (const [width, height] of [[1024, 600], [1366, 768]] as const) {
    await page.setViewportSize({ width, height });
    await expectAccessible(page, `${context} at ${width}×${height}`);
  }
}

async function toBatches(): Promise<void> {
  await page.getByRole('tab', { name: 'Data entry' }).click();
  await page.getByRole('heading', { level: 2, name: 'Data entry' }).waitFor();
  await page.locator('tr[data-batch]').first().waitFor();
}

async function backToBatches(): Promise<void> {
  await page.getByRole('button', { name: 'Back to batches' }).click();
  await page.locator('tr[data-batch]').first().waitFor();
}

beforeAll(async () => {
  app = await launchApp();
  page = app.page;
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByRole('button', { name: 'Open the demo study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  keyDoubleEntryBatch();
  await toBatches();
});
afterAll(async () => {
  await app?.close();
  await closeBrowser();
});

describe('the data-entry screens, checked by axe-core and by keyboard', () => {
  it('batch list and new-batch form: no serious or critical finding, every control reached by Tab', async () => {
    await checkAtBothSizes('the batch list');
    await page.getByRole('button', { name: 'Start keying' }).waitFor();
    await checkAtBothSizes('the new-batch form');
    expect(await unreachedByTab()).toEqual([]);
  });

  it('every control of the batch list is reached by Tab, and Enter on "Key forms" opens the grid', async () => {
    const key = page.getByRole('button', { name: 'Key forms of Box A (First)' });
    await page.getByRole('heading', { level: 2, name: 'Data entry' }).focus();
    let reached = false;
    // Tab through the page in order until the batch's "Key forms" button has the focus.
    for (let presses = 0; presses < 80 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await key.evaluate((element) => element === document.activeElement);
    }
    expect(reached).toBe(true);
    // Focus is visible: the focused button draws an outline (styles.css :focus-visible).
    expect(await key.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /^Box A: / }).waitFor();
    await backToBatches();
  });

  it('the comparison of a double-entry batch: the question number, its wording and the refusal as keyed', async () => {
    await page.getByRole('button', { name: 'Compare the keyings of Box A' }).click();
    const summary = /^2 forms and \d+ answers compared: 1 disagreement, 1 to resolve\.$/;
    await poll(() => page.getByTestId('compare-summary').textContent()).toMatch(summary);
    const row = page.locator('tr[data-disagreement]');
    await poll(() => row.count()).toBe(1);
    const cells = await row.locator('th, td').allTextContents();
    expect(cells[1]).toMatch(/^Q\d+ · \w+$/);
    // The wording as printed: the bank's <u>…</u> is an underline, not text.
    expect(cells[2]).toBe(wordingOfFirst.replace(/<\/?u>/g, ''));
    expect(await row.locator('td u').count()).toBeGreaterThan(0);
    expect(cells.slice(3, 5)).toEqual(['3', 'R — Refused']);
    await checkAtBothSizes('the comparison screen');
    expect(await unreachedByTab()).toEqual([]);
    await backToBatches();
  });

  it('the keying statistics and the merge screen', async () => {
    await page.getByRole('button', { name: 'Keying statistics' }).click();
    await page.getByTestId('stats-clerks').waitFor();
    await checkAtBothSizes('the keying statistics');
    expect(await unreachedByTab()).toEqual([]);
    await backToBatches();
    await page.getByRole('button', { name: 'Merge with another laptop' }).click();
    await page.getByRole('heading', { level: 2, name: 'Merge with another laptop' }).waitFor();
    await checkAtBothSizes('the merge screen');
    expect(await unreachedByTab()).toEqual([]);
    await backToBatches();
  });

  it('the keying grid', async () => {
    await page.getByRole('button', { name: 'Key forms of Box A (First)' }).click();
    await page.getByRole('heading', { level: 2, name: /^Box A: / }).waitFor();
    await page.locator('.ag-row').first().waitFor();
    await checkAtBothSizes('the keying grid');
    expect(await unreachedByTab()).toEqual([]);
    await backToBatches();
  });
});
