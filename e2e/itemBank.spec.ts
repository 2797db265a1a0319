import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

/** The question builder's item picker, on the demo study a fresh install opens (issue 24, point 3). */
let app: TestApp;

beforeAll(async () => {
  app = await launchApp({ fresh: true });
  const { page } = app;
  await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
  await page.getByRole('tab', { name: 'Evaluator' }).click();
  await page.getByRole('button', { name: 'Questionnaires' }).click();
  await page.locator('input[data-item="att1"]').waitFor({ state: 'attached' });
});
afterAll(async () => {
  await app.close();
  await closeBrowser();
});

const picker = () => app.page.getByRole('region', { name: 'Items', exact: true });
const search = () => picker().getByRole('searchbox', { name: 'Search the item bank' });
const itemLabel = (code: string) => picker().locator(`label:has(> input[data-item="${code}"])`);
const results = () => picker().getByTestId('item-search-results');
/** The item codes of the search results, in order. */
const resultCodes = () =>
  results()
    .locator('input[data-item]')
    .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-item')));
const status = () => picker().getByRole('status').textContent();

describe('the question builder shows wording as printed', () => {
  it("underlines the toolkit's anchor words, in the bank and in the selected list, and shows no markup", async () => {
    expect(await itemLabel('att1').locator('u').allTextContents()).toEqual(['negatively', 'positively']);
    expect(await picker().locator('li[data-selected="att1"] u').allTextContents()).toEqual(['negatively', 'positively']);
    const text = (await picker().textContent()) ?? '';
    expect(text).toContain('how much do you feel negatively or positively toward them?');
    expect(text).not.toMatch(/<\/?u>/);
  });

  it('finds "neighbour" in the wording: the willingness item under its heading, not the attitude items', async () => {
    await search().fill('neighbour');
    await expect.poll(resultCodes).toEqual(['wil1']);
    expect(await status()).toBe('1 question matches.');
    expect(await results().locator('h4').allTextContents()).toEqual(['Section 4.1 · Willingness for future contact']);
    expect(await picker().locator('input[data-item="att1"]').count()).toBe(0);

    // Several words, each found in the concept's name or the wording, capitals ignored: the count is plural.
    await search().fill('ATTITUDES Feel');
    await expect.poll(status).toBe('4 questions match.');

    // A result's box picks the item like the bank's own box does.
    await search().fill('wil1');
    await expect.poll(status).toBe('1 question matches.');
    await itemLabel('wil1').locator('input').uncheck();
    expect(await picker().locator('li[data-selected="wil1"]').count()).toBe(0);
    await itemLabel('wil1').locator('input').check();
    await picker().locator('li[data-selected="wil1"]').waitFor();
  });

  it('says when nothing matches, and the clear button and Escape bring the whole bank back', async () => {
    await search().fill('zzqx');
    await expect.poll(status).toBe('No question matches “zzqx”. Try fewer words, or the start of a word.');
    expect(await results().locator('li').count()).toBe(0);

    await picker().getByRole('button', { name: 'Clear search' }).click();
    await picker().getByTestId('item-bank').waitFor();
    expect(await search().inputValue()).toBe('');
    expect(await search().evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await status()).toBe('');

    await app.page.keyboard.type('negatively or positively');
    await expect.poll(status).toBe('2 questions match.');
    await app.page.keyboard.press('Escape');
    await picker().getByTestId('item-bank').waitFor();
    expect(await search().inputValue()).toBe('');
  });

  it("finds the study's own items too, accents ignored, under their own heading", async () => {
    const own = app.page.getByRole('form', { name: 'Add own item' });
    await own.getByLabel('Item code').fill('club');
    await own.getByLabel('Answer type').selectOption('yesno');
    await own.getByLabel('Written in (language code)').fill('fr');
    await own.getByLabel('Question', { exact: true }).fill('Êtes-vous membre d’un club de quartier ?');
    await own.getByRole('button', { name: 'Add own item' }).click();
    await picker().getByTestId('item-bank').locator('input[data-item="club"]').waitFor();

    await search().fill('ETES-VOUS quartier');
    await expect.poll(status).toBe('1 question matches.');
    expect(await results().locator('h4').allTextContents()).toEqual(['Own items']);
    expect(await resultCodes()).toEqual(['club']);
    await picker().getByRole('button', { name: 'Clear search' }).click();
  });

  it('keeps every section heading with what follows it, at 1366×768 and 1024×600', async () => {
    const { page } = app;
    // Every concept open: the longest the two columns get.
    await picker()
      .locator('details')
      .evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    for (const [width, height] of [
      [1366, 768],
      [1024, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      const gaps = await picker()
        .getByTestId('item-bank')
        .evaluate((bank) =>
          [...bank.querySelectorAll('h4')].map((heading) => {
            // What follows the heading in reading order: a section's first concept, or the own items' first item.
            const follows = (element: Element) => heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING;
            const next = [...bank.querySelectorAll('summary, li')].find(follows);
            const above = heading.getBoundingClientRect();
            const below = next!.getBoundingClientRect();
            const gap = Math.round(below.top - above.bottom);
            return { heading: heading.textContent, sameColumn: Math.abs(above.left - below.left) < 40, gap };
          }),
        );
      const sections = ['4.1', '4.2', '4.3', '4.4', '4.5'].map((section) => `Section ${section}`);
      expect(gaps.map((gap) => gap.heading)).toEqual([...sections, 'Own items']);
      // Each heading sits right above what it introduces, in the same column.
      for (const gap of gaps) {
        expect({ ...gap, below: gap.gap >= 0 && gap.gap < 40 }).toEqual({ ...gap, sameColumn: true, below: true });
      }
    }
  });
});
