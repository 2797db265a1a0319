import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { loadItems } from '../electron/core/entry/sheet';
import { unkeyedIds } from '../electron/core/entry/testStudy';
import { dammCheckDigit } from '../electron/core/ids/damm';
import { openStudyFile } from '../electron/core/study/file';
import { formatId } from '../electron/shared/ids/format';
import { dispatch } from '../electron/api/dispatch';
import type { StudySummary } from '../electron/api/schemas';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/**
 * The keying screen as a clerk in a field office sees it, on a 1366×768 laptop and a 1024×600
 * netbook: every refusal and suggestion inside the window, the paper's question numbers and wording.
 * One app and one demo study for the whole file; each test starts a batch of its own.
 */
let app: TestApp;
let page: Page;
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1024, height: 600 },
];

beforeAll(async () => {
  app = await launchApp();
  page = app.page;
  await page.getByRole('button', { name: 'Open the demo study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  await page.getByRole('tab', { name: 'Data entry' }).click();
}, 60_000);
afterAll(async () => {
  await app.close();
  await closeBrowser();
});

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 50 });

function withDemo<T>(read: (db: ReturnType<typeof openStudyFile>) => T): T {
  const db = openStudyFile(join(app.dataDir, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

async function startBatch(label: string, version: string): Promise<void> {
  await page.getByRole('heading', { level: 2, name: 'Data entry' }).waitFor();
  await page.getByLabel('Wave').selectOption({ label: 'Follow-up' });
  await page.getByLabel('Questionnaire version').selectOption({ label: version });
  await page.getByLabel('Label').fill(label);
  await page.getByLabel('Your name (the clerk)').fill('Ana');
  await page.getByRole('button', { name: 'Start keying' }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(`^${label}: `) }).waitFor();
  await page.locator('.ag-cell-focus[col-id="id"]:focus').waitFor();
}

async function backToBatches(): Promise<void> {
  await page.getByRole('button', { name: 'Back to batches' }).click();
}

async function type(text: string): Promise<void> {
  for (const key of text) await page.keyboard.press(key);
}

/**
 * Whether an element can be seen whole: inside the window, and inside every box around it that
 * clips or scrolls its content (a strip too short for its message hides the rest).
 */
async function inView(locator: ReturnType<Page['locator']>): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const within = (outer: { top: number; left: number; bottom: number; right: number }) =>
      box.top >= outer.top - 0.5 && box.left >= outer.left - 0.5 && box.bottom <= outer.bottom + 0.5 && box.right <= outer.right + 0.5;
    if (box.width === 0 || !within({ top: 0, left: 0, bottom: window.innerHeight, right: window.innerWidth })) return false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const style = getComputedStyle(parent);
      if ([style.overflowX, style.overflowY].some((value) => value !== 'visible') && !within(parent.getBoundingClientRect())) return false;
    }
    return true;
  });
}

describe('feedback in view', () => {
  it.each(SCREENS)('shows a refused key, an unknown ID and a swapped-digit ID with its suggestion inside $width×$height', async (screen) => {
    await page.setViewportSize(screen);
    const [id, other] = withDemo((db) => unkeyedIds(db, 'resident', 'fu', 4)).slice(screen.width === 1366 ? 0 : 2);
    await startBatch(`Field ${screen.width}`, 'Long-time residents (English)');

    // At least eight rows of the grid are in the window, below the strips (a row is 30 px).
    const grid = (await page.locator('.entry-grid').boundingBox())!;
    const header = (await page.locator('.entry-grid .ag-header').boundingBox())!;
    expect(grid.y + grid.height).toBeLessThanOrEqual(screen.height);
    expect(Math.floor((grid.y + grid.height - (header.y + header.height)) / 30)).toBeGreaterThanOrEqual(8);

    await type(id!);
    await type('7');
    const refused = page.getByRole('alert').filter({ hasText: 'Question 1 (att1): Allowed: 1–5.' });
    await poll(() => refused.count()).toBe(1);
    expect(await inView(refused)).toBe(true);

    // An ID with a correct check digit that is not on the roster.
    await page.keyboard.press('4');
    await page.locator('.ag-row[row-index="1"] [col-id="id"]').first().click();
    const unknownBody = '9999999';
    const unknown = `${unknownBody}${dammCheckDigit(unknownBody)}`;
    await type(unknown);
    const notOnRoster = page.getByRole('alert').filter({ hasText: `${formatId(unknown)} is not on the roster.` });
    await poll(() => notOnRoster.count()).toBe(1);
    expect(await inView(notOnRoster)).toBe(true);

    // Two digits swapped: the message and the button offering the intended ID are both in view.
    for (let index = 0; index < 8; index += 1) await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await page.locator('.ag-row[row-index="1"] [col-id="id"]').first().click();
    const at = [...other!].findIndex((digit, index) => index < 7 && digit !== other![index + 1]);
    const swapped = other!.slice(0, at) + other![at + 1] + other![at] + other!.slice(at + 2);
    await type(swapped);
    const suggestion = page.locator(`[data-suggestion="${other}"]`);
    await poll(() => suggestion.count()).toBe(1);
    expect(await inView(page.getByRole('alert').filter({ hasText: `${formatId(swapped)}: the check digit does not match` }))).toBe(true);
    expect(await inView(suggestion)).toBe(true);
    await page.keyboard.press('Alt+1');
    await poll(() => page.locator('.ag-row[row-index="1"] [col-id="id"]').first().textContent()).toBe(formatId(other!));
    await backToBatches();
  });
});

describe("the paper's numbering and wording", () => {
  it('heads each column with the question number printed on that version, and the strip follows the cursor', async () => {
    await page.setViewportSize(SCREENS[1]!);
    for (const [version, label] of [
      ['newcomer_en', 'Newcomers (English)'],
      ['resident_en', 'Long-time residents (English)'],
    ] as const) {
      const printed = withDemo((db) => {
        const ids = db
          .prepare("SELECT v.id AS versionId, w.id AS waveId FROM questionnaire_version v, wave w WHERE v.code = ? AND w.code = 'fu'")
          .get(version) as { versionId: number; waveId: number };
        return loadItems(db, ids);
      });
      await startBatch(`Numbers ${version}`, label);
      const headers = await page
        .locator('.ag-header-cell[col-id^="i"]:not([col-id="id"])')
        .evaluateAll((cells) =>
          cells.map((cell) => [cell.querySelector('.entry-header-number')?.textContent, cell.querySelector('.entry-header-code')?.textContent]),
        );
      expect(headers).toEqual(printed.map((item) => [String(item.number), item.code]));

      const strip = page.getByTestId('question-strip');
      await poll(() => strip.textContent()).toContain('8 digits');
      const id = withDemo((db) => unkeyedIds(db, version === 'newcomer_en' ? 'newcomer' : 'resident', 'fu', 5)).at(-1)!;
      await type(id);
      for (const item of printed.slice(0, 3)) {
        await poll(() => strip.locator('.entry-question-number').textContent()).toBe(`Q${item.number}`);
        expect(await strip.locator('.entry-question-code').textContent()).toBe(item.code);
        expect(await strip.locator('.entry-question-wording').textContent()).toBe(item.wording.replace(/<\/?u>/g, ''));
        // The answer codes with their labels as printed, and the missing answers' letters.
        expect(await strip.locator('.entry-question-answers').textContent()).toContain(`1 ${item.anchors[0]}`);
        expect(await strip.locator('.entry-question-answers').textContent()).toContain('S Skipped · R Refused · D Don\'t know');
        await type('3');
      }
      await page.keyboard.press('r');
      // A missing answer is shown as keyed: its letter, with its label and stored code in the tooltip.
      const refusedCell = page.locator('.ag-row[row-index="0"] [col-id="i3"]').first();
      await poll(() => refusedCell.textContent()).toBe('R');
      expect(await refusedCell.getAttribute('title')).toBe('R: Refused (stored as 98)');
      await backToBatches();
    }
  });
});

describe('blank and mistaken forms', () => {
  const formsAtFollowUp = async () => {
    const summary = await dispatch(app.core.handlers, 'study.summary', {});
    if (!summary.ok) throw new Error(summary.error.message);
    const { responsesPerWave } = summary.value as StudySummary;
    return responsesPerWave.find((wave) => wave.wave === 'fu')!.responses;
  };

  it('does not count a row with an ID and no answer, and lets the real form be imported for that ID', async () => {
    await page.setViewportSize(SCREENS[0]!);
    const before = await formsAtFollowUp();
    const [id] = withDemo((db) => unkeyedIds(db, 'newcomer', 'fu', 1));
    await startBatch('Blank row', 'Newcomers (English)');
    await type(id!);
    await poll(() => page.locator('.ag-row[row-index="0"] [col-id="status"]').first().textContent()).toBe('Saved');
    expect(await formsAtFollowUp()).toBe(before);
    await backToBatches();

    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByLabel('Wave', { exact: true }).selectOption('fu');
    await page.getByLabel('Questionnaire version').selectOption('newcomer_en');
    const csv = ['participant_id,att1,att2', `${id},4,5`].join('\n');
    await page.getByLabel('Export file').setInputFiles({ name: 'online.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByLabel('Imported by').fill('Evaluator');
    await page.getByRole('button', { name: 'Import 1 form' }).click();
    await poll(() => page.getByTestId('import-done').textContent()).toBe('Imported 1 form; 0 held for matching.');
    expect(await formsAtFollowUp()).toBe(before + 1);
    await page.getByRole('tab', { name: 'Data entry' }).click();
  });

  it('deletes a form keyed by mistake after a confirmation, gone from the counts, with who and when in the log', async () => {
    await page.setViewportSize(SCREENS[1]!);
    const before = await formsAtFollowUp();
    const [id] = withDemo((db) => unkeyedIds(db, 'resident', 'fu', 1));
    await startBatch('Mistake', 'Long-time residents (English)');
    await type(id!);
    await type('34');
    await poll(() => page.locator('.ag-row[row-index="0"] [col-id="status"]').first().textContent()).toBe('Saved');
    expect(await formsAtFollowUp()).toBe(before + 1);

    await page.keyboard.press('Control+Delete');
    const question = page.getByRole('status').filter({ hasText: `Delete form 1 (ID ${formatId(id!)}) and its 2 answers?` });
    await poll(() => question.count()).toBe(1);
    expect(await inView(page.getByRole('button', { name: 'Delete this form' }))).toBe(true);
    expect(await formsAtFollowUp()).toBe(before + 1);
    await page.getByRole('button', { name: 'Delete this form' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: `Form 1 (ID ${formatId(id!)}) deleted.` }).count()).toBe(1);
    expect(await formsAtFollowUp()).toBe(before);
    expect(await page.locator('.ag-row').count()).toBeGreaterThan(0);
    await poll(() => page.locator(`.ag-cell[col-id="id"]:text-is("${id}")`).count()).toBe(0);

    const logged = withDemo(
      (db) =>
        db
          .prepare(
            `SELECT l.actor, l.at FROM entry_log l JOIN entry_batch b ON b.id = l.batch_id
              WHERE b.label = 'Mistake' AND l.action = 'delete'`,
          )
          .all() as { actor: string; at: number }[],
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]!.actor).toBe('Ana');
    expect(Math.abs(Date.now() - logged[0]!.at)).toBeLessThan(5 * 60_000);
    await backToBatches();
  });
});
