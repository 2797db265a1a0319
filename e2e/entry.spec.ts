import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { unkeyedIds } from '../electron/core/entry/testStudy';
import { bankItem } from '../electron/core/instruments/itemBank';
import { createVersion } from '../electron/core/instruments/versions';
import { addParticipant } from '../electron/core/roster/participants';
import { openStudyFile } from '../electron/core/study/file';
import { formatId } from '../electron/shared/ids/format';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/**
 * Data entry end to end: the real grid in Chromium, keyed by keyboard only, every cell committed by
 * the real core to the demo study's encrypted file.
 */
let app: TestApp;
let page: Page;

beforeEach(async () => {
  app = await launchApp();
  page = app.page;
  // Any CSP violation (AG Grid injecting a <style>, a data: font …) is recorded for the last check.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} ${event.blockedURI}`));
  });
  await page.getByRole('button', { name: 'Open the demo study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  await page.getByRole('tab', { name: 'Data entry' }).click();
  await page.getByRole('heading', { level: 2, name: 'Data entry' }).waitFor();
});
afterEach(async () => {
  expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  await app.close();
});
afterAll(closeBrowser);

function demoDb() {
  return openStudyFile(join(app.dataDir, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
}

/** Roster IDs of long-time residents without a follow-up questionnaire: paper forms still to key. */
function formsToKey(count: number): string[] {
  const db = demoDb();
  try {
    return unkeyedIds(db, 'resident', 'fu', count);
  } finally {
    db.close();
  }
}

async function createBatch(label: string, clerk: string, wave = 'Follow-up', version = 'Long-time residents (English)'): Promise<void> {
  await page.getByLabel('Wave').selectOption({ label: wave });
  await page.getByLabel('Questionnaire version').selectOption({ label: version });
  await page.getByLabel('Label').fill(label);
  await page.getByLabel('Your name (the clerk)').fill(clerk);
  await page.getByRole('button', { name: 'Start keying' }).click();
  await waitForGrid(label);
}

async function waitForGrid(label: string): Promise<void> {
  await page.getByRole('heading', { level: 2, name: new RegExp(`^${label}: `) }).waitFor();
  // The browser's focus, not only the grid's cursor, must be on the ID cell before a key is typed.
  await page.locator('.ag-cell-focus[col-id="id"]:focus').waitFor();
}

/** DOM state is awaited, never slept on; keyed work is queued, so a loaded machine gets time. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

let presses = 0;
/** Presses keys one by one, as a clerk does, counting them. */
async function keys(text: string): Promise<void> {
  for (const key of text) {
    await page.keyboard.press(key);
    presses++;
  }
}

const statusOf = (rowIndex: number) => page.locator(`.ag-row[row-index="${rowIndex}"] [col-id="status"]`).first();
const cellOf = (rowIndex: number, colId: string) => page.locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`).first();

async function itemCount(): Promise<number> {
  return page.locator('.ag-header-cell[col-id^="i"]').count();
}

describe('keying paper questionnaires', () => {
  it('keys three forms by keyboard only: one key per one-digit answer plus the ID digits', async () => {
    const ids = formsToKey(3);
    await createBatch('Box 1', 'Ana');
    // Headers are the questions' numbers on the paper over the item codes, the printed wording as tooltip.
    const header = page.locator('.ag-header-cell[col-id="i0"]');
    expect(await header.locator('.entry-header-number').textContent()).toBe('1');
    expect(await header.locator('.entry-header-code').textContent()).toBe('att1');
    expect(await header.getAttribute('title')).toMatch(/^1\. .+ \(att1, 1–5\)$/);
    const items = 19;
    presses = 0;
    const answers = ids.map((_, form) => Array.from({ length: items }, (__, index) => String(((index + form) % 5) + 1)).join(''));
    for (const [form, id] of ids.entries()) {
      await keys(id);
      await keys(answers[form]!);
    }
    expect(presses).toBe(3 * (8 + items));
    for (let row = 0; row < 3; row++) await poll(() => statusOf(row).textContent()).toBe('Complete');
    // The cursor waits on the next empty form's ID.
    await poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('id');
    expect(await page.locator('.ag-cell-focus').evaluate((cell) => cell.closest('.ag-row')?.getAttribute('row-index'))).toBe('3');

    const db = demoDb();
    try {
      const rows = db.prepare('SELECT r.participant_id AS id, r.keystrokes, r.status FROM entry_row r ORDER BY r.position').all() as {
        id: string;
        keystrokes: number;
        status: string;
      }[];
      expect(rows).toEqual(ids.map((id) => ({ id, keystrokes: 8 + items, status: 'complete' })));
      const stored = db
        .prepare(
          `SELECT a.value FROM entry_row r JOIN answer a ON a.response_id = r.response_id
             JOIN entry_batch b ON b.id = r.batch_id JOIN version_item vi ON vi.version_id = b.version_id AND vi.item_code = a.item_code
            WHERE r.participant_id = ? ORDER BY vi.position`,
        )
        .pluck();
      for (const [form, id] of ids.entries()) expect((stored.all(id) as number[]).join('')).toBe(answers[form]);
    } finally {
      db.close();
    }

    // An out-of-range digit is refused with the allowed range; undo and redo work across cells.
    // Arrow keys move the cursor (to the first answer of the first form) with no mouse.
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowRight']) await page.keyboard.press(key);
    await poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('i0');
    await keys('7');
    await poll(() => page.getByRole('alert').filter({ hasText: 'Question 1 (att1): Allowed: 1–5.' }).count()).toBe(1);
    await keys('2');
    await poll(() => cellOf(0, 'i0').textContent()).toBe('2');
    await page.keyboard.press('Control+z');
    await poll(() => cellOf(0, 'i0').textContent()).toBe(answers[0]![0]);
    await page.keyboard.press('Control+y');
    await poll(() => cellOf(0, 'i0').textContent()).toBe('2');
    await poll(() => statusOf(0).textContent()).toBe('Complete');
  });

  it('scrolls a screenful ahead of the cursor between keys, so no answer key waits for a scroll', async () => {
    // A narrow window: a few of the 19 answers fit beside the pinned position, ID and status.
    await page.setViewportSize({ width: 760, height: 700 });
    const [id] = formsToKey(1);
    await createBatch('Narrow', 'Ana');
    await keys(id!);
    await poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('i0');
    const viewport = page.locator('.ag-grid-viewport').first();
    /** Where the cursor is, the grid's scroll, and whether the cursor's cell, the two before it and the next are in view. */
    const state = () =>
      page.evaluate(() => {
        const scroller = document.querySelector('.ag-grid-viewport')!;
        const cell = document.querySelector('.ag-cell-focus')!;
        const row = cell.closest('.ag-row')!;
        const colId = cell.getAttribute('col-id')!;
        const index = Number(colId.slice(1));
        const pinnedRight = document
          .querySelector(`.ag-row[row-index="${row.getAttribute('row-index')}"] [col-id="status"]`)!
          .getBoundingClientRect().right;
        const edge = scroller.getBoundingClientRect().right;
        const seen = (id: string) => {
          const box = row
            .parentElement!.querySelector(`.ag-row[row-index="${row.getAttribute('row-index')}"] [col-id="${id}"]`)
            ?.getBoundingClientRect();
          return box !== undefined && box.left >= pinnedRight - 1 && box.right <= edge + 1;
        };
        return {
          colId,
          scrollLeft: scroller.scrollLeft,
          inView: [index - 2, index - 1, index].filter((i) => i >= 0).every((i) => seen(`i${i}`)),
          nextInView: seen(`i${index + 1}`),
        };
      });
    // Where the grid is scrolled at the moment the cursor lands on a cell, in the task of the key
    // that moved it (before any idle time after it).
    await page.evaluate(() => {
      const seen = window as unknown as { __landed?: { colId: string | null; scrollLeft: number } };
      const scroller = document.querySelector('.ag-grid-viewport')!;
      let colId: string | null = null;
      new MutationObserver(() => {
        const now = document.querySelector('.ag-cell-focus')?.getAttribute('col-id') ?? null;
        if (now !== colId) seen.__landed = { colId: now, scrollLeft: scroller.scrollLeft };
        colId = now;
      }).observe(document.querySelector('.ag-root-wrapper')!, { subtree: true, attributes: true, attributeFilter: ['class'] });
    });
    const landed = () => page.evaluate(() => (window as unknown as { __landed?: { colId: string | null; scrollLeft: number } }).__landed);
    let scrolls = 0;
    let last = (await state()).scrollLeft;
    for (let item = 0; item < 18; item++) {
      // The cell this key moves the cursor to comes into view before the key, in the time between keys.
      await poll(async () => (await state()).nextInView).toBe(true);
      const before = await state();
      if (before.scrollLeft !== last) scrolls++;
      expect(before.inView).toBe(true);
      await keys('3');
      await poll(async () => (await state()).colId).toBe(`i${item + 1}`);
      expect((await state()).inView).toBe(true);
      // The key itself did not scroll: the grid was already where the cursor went.
      expect(await landed()).toEqual({ colId: `i${item + 1}`, scrollLeft: before.scrollLeft });
      last = before.scrollLeft;
    }
    // A screenful at a time (about seven answers show, three kept in view): one column at a time
    // would have scrolled on every key past the first screenful, a dozen times.
    expect(scrolls).toBeGreaterThanOrEqual(1);
    expect(scrolls).toBeLessThanOrEqual(5);
    // The last answer takes the cursor to the next form's ID (pinned at the left, in view however
    // far the grid is scrolled); while the clerk keys the ID, the first answers come back into view.
    expect(last).toBeGreaterThan(0);
    await keys('3');
    await poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('id');
    await poll(async () => viewport.evaluate((element) => element.scrollLeft)).toBe(0);
    await poll(() => statusOf(0).textContent()).toBe('Complete');
  });

  it('offers the intended ID when two digits are swapped, and jumps to a form keyed already', async () => {
    const [id, other] = formsToKey(2);
    await createBatch('Box 2', 'Ana');
    const at = [...id!].findIndex((digit, index) => index + 1 < id!.length && digit !== id![index + 1]);
    const swapped = id!.slice(0, at) + id![at + 1] + id![at] + id!.slice(at + 2);
    await keys(swapped);
    const alert = page.getByRole('alert');
    await poll(() => alert.textContent()).toContain(`${formatId(swapped)}: the check digit does not match`);
    const suggestion = alert.getByRole('button', { name: new RegExp(`^${formatId(id!)}`) });
    await suggestion.waitFor();
    const position = await alert
      .getByRole('button')
      .evaluateAll((buttons, wanted) => buttons.findIndex((b) => b.textContent?.startsWith(wanted)), formatId(id!));
    await page.keyboard.press(`Alt+${position + 1}`);
    await poll(() => cellOf(0, 'id').textContent()).toBe(formatId(id!));
    await poll(() => statusOf(0).textContent()).toBe('Saved');
    await keys('12');
    // The next form's ID is typed; then the first ID again: the grid jumps back to that form.
    await cellOf(1, 'id').click();
    await keys(other!);
    await poll(() => statusOf(1).textContent()).toBe('Saved');
    await cellOf(2, 'id').click();
    await keys(id!);
    await poll(() => page.getByRole('status').filter({ hasText: `is already keyed in this batch as form 1` }).count()).toBe(1);
    await poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('i0');
  });

  it('applies nothing from a pasted block with one bad cell, and lists the bad cell', async () => {
    const ids = formsToKey(2);
    await createBatch('Box 3', 'Ana');
    const paste = (text: string) =>
      page.evaluate((data) => {
        const transfer = new DataTransfer();
        transfer.setData('text/plain', data);
        document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      }, text);
    await paste(`${ids[0]}\t1\t2\t3\r\n${ids[1]}\t4\t9\t5\r\n`);
    const problems = page.getByTestId('paste-problems');
    await poll(() => problems.locator('li').allTextContents()).toEqual(['Form 2, question 2 (att2): Allowed: 1–5.']);
    expect(await page.getByRole('alert').textContent()).toContain('Nothing was pasted: 1 cell is not valid.');
    const db = demoDb();
    expect(db.prepare('SELECT count(*) FROM entry_row').pluck().get()).toBe(0);
    db.close();
    await paste(`${ids[0]}\t1\t2\t3\r\n${ids[1]}\t4\t5\tr\r\n`);
    await poll(() => statusOf(1).textContent()).toBe('Saved');
    // Shown as keyed: the letter R, not the code 98 the data stores for a refusal.
    expect(await cellOf(1, 'i2').textContent()).toBe('R');
  });

  it('compares a blind second keying: two disagreements resolved against the paper verify the batch', async () => {
    const ids = formsToKey(2);
    const items = 19;
    await createBatch('Box 4', 'Ana');
    await keys(`${ids[0]}${'3'.repeat(items)}${ids[1]}${'4'.repeat(items)}`);
    await poll(() => statusOf(1).textContent()).toBe('Complete');
    await page.getByRole('button', { name: 'Back to batches' }).click();

    await page.getByRole('button', { name: 'Key Box 4 a second time' }).click();
    await page.getByLabel("Second clerk's name").fill('Ben');
    await page.getByRole('button', { name: 'Start the second keying' }).click();
    await waitForGrid('Box 4');
    await page.getByText('Second keying (blind) by Ben').waitFor();
    expect(await page.locator('.ag-row').count()).toBeGreaterThan(0);
    await keys(`${ids[0]}3333${'5'}${'3'.repeat(items - 5)}`);
    await keys(`${ids[1]}${'4'.repeat(items - 1)}2`);
    await poll(() => statusOf(1).textContent()).toBe('Complete');
    await page.getByRole('button', { name: 'Back to batches' }).click();

    await page.getByRole('button', { name: 'Compare the keyings of Box 4' }).click();
    await poll(() => page.getByTestId('compare-summary').textContent()).toBe(
      `2 forms and ${2 * items} answers compared: 2 disagreements, 2 to resolve.`,
    );
    const rows = page.locator('tr[data-disagreement]');
    // The ID, the question as the paper numbers it and its wording, then both keyings.
    expect(
      await rows
        .locator('th, td')
        .allTextContents()
        .then((cells) => cells.slice(0, 5)),
    ).toEqual([formatId(ids[0]!), expect.stringMatching(/^Q5 · \w+$/), expect.any(String), '3', '5']);
    await page.getByLabel('Your name (who chose the final values)').fill('Supervisor Sam');
    // Form 1: the paper says 5 (the second keying was right); form 2: the paper says 4 (the first was).
    await rows
      .nth(0)
      .getByRole('button', { name: /second keying's 5/ })
      .click();
    await poll(() => rows.nth(0).textContent()).toContain('5, chosen by Supervisor Sam');
    await rows
      .nth(1)
      .getByRole('button', { name: /first keying's 4/ })
      .click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Verified' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Back to batches' }).click();
    await poll(() => page.locator('tr[data-batch]').first().locator('td').nth(7).textContent()).toBe('Verified');
    await page.getByRole('button', { name: 'Keying statistics' }).click();
    const clerks = page.getByTestId('stats-clerks');
    await poll(() => clerks.locator('tbody tr').count()).toBe(2);
    expect(await clerks.locator('tbody tr').nth(0).textContent()).toContain(`1 in ${2 * items}`);
    expect(await clerks.locator('tbody tr').nth(1).textContent()).toContain(`1 in ${2 * items}`);
    const db = demoDb();
    try {
      const final = db
        .prepare(
          `SELECT a.value FROM answer a JOIN entry_row r ON r.response_id = a.response_id WHERE r.participant_id = ? AND a.item_code = ?`,
        )
        .pluck();
      const fifth = db
        .prepare('SELECT item_code FROM version_item WHERE version_id = (SELECT version_id FROM entry_batch LIMIT 1) AND position = 5')
        .pluck()
        .get() as string;
      const last = db
        .prepare(
          'SELECT item_code FROM version_item WHERE version_id = (SELECT version_id FROM entry_batch LIMIT 1) ORDER BY position DESC LIMIT 1',
        )
        .pluck()
        .get() as string;
      expect(final.get(ids[0], fifth)).toBe(5);
      expect(final.get(ids[1], last)).toBe(4);
      expect(db.prepare('SELECT chosen_by FROM entry_resolution').pluck().all()).toEqual(['Supervisor Sam', 'Supervisor Sam']);
    } finally {
      db.close();
    }
  });

  it('applies the skip logic while keying: ages end with Tab, "born here" skips the arrival questions', async () => {
    // A background version with the toolkit's citizenship follow-ups, added to the open demo.
    const db = demoDb();
    let id: string;
    try {
      createVersion(db, {
        code: 'background_en',
        label: 'Background (English)',
        identityGroupCode: 'newcomer',
        language: 'en',
        placeholders: { group: 'long-time residents', thisCountry: 'this country' },
        items: ['dem1', 'nat1', 'nat2', 'nat3', 'nat4', 'att1'].map((code) => bankItem(code)),
      });
      id = addParticipant(db, { identityGroupCode: 'newcomer' });
    } finally {
      db.close();
    }
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('tab', { name: 'Data entry' }).click();
    await createBatch('Box 5', 'Ana', 'Before the programme', 'Background (English)');
    presses = 0;
    await keys(id);
    await keys('34');
    await page.keyboard.press('Tab');
    // nat1 = 1 (host society): nat2–nat4 are not asked, the cursor goes straight to att1.
    await keys('1');
    await poll(() => page.locator('.ag-cell-focus').getAttribute('col-id')).toBe('i5');
    expect(await cellOf(0, 'i0').textContent()).toBe('34');
    for (const colId of ['i2', 'i3', 'i4']) expect(await cellOf(0, colId).getAttribute('class')).toContain('entry-not-asked');
    await keys('4');
    await poll(() => statusOf(0).textContent()).toBe('Complete');
    // Saved: no cell is still marked as saving once the answers are back (classes toggled without a forced redraw).
    await poll(() => page.locator('.entry-grid .entry-pending').count()).toBe(0);
    // A year of arrival cannot be typed into a question the form skipped.
    await cellOf(0, 'i3').click();
    await keys('2019');
    await page.keyboard.press('Enter');
    await poll(() => page.getByRole('alert').textContent()).toContain(
      'Question 4 (nat3): Not asked: the answer to question 2 (nat1) skips this question.',
    );
  });
});
