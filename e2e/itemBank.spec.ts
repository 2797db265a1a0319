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
    const results = picker().getByTestId('item-search-results');
    await expect.poll(() => results.locator('input[data-item]').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-item')))).toEqual(['wil1']);
    expect(await picker().getByRole('status').textContent()).toBe('1 question matches.');
    expect(await results.locator('h4').allTextContents()).toEqual(['Section 4.1 · Willingness for future contact']);
    expect(await picker().locator('input[data-item="att1"]').count()).toBe(0);

    // Several words, each found in the concept's name or the wording, capitals ignored: the count is plural.
    await search().fill('ATTITUDES Feel');
    await expect.poll(() => picker().getByRole('status').textContent()).toBe('4 questions match.');

    // A result's box picks the item like the bank's own box does.
    await search().fill('wil1');
    await expect.poll(() => picker().getByRole('status').textContent()).toBe('1 question matches.');
    await itemLabel('wil1').locator('input').uncheck();
    expect(await picker().locator('li[data-selected="wil1"]').count()).toBe(0);
    await itemLabel('wil1').locator('input').check();
    await picker().locator('li[data-selected="wil1"]').waitFor();
  });

  it('says when nothing matches, and the clear button and Escape bring the whole bank back', async () => {
    await search().fill('zzqx');
    await expect.poll(() => picker().getByRole('status').textContent()).toBe('No question matches “zzqx”. Try fewer words, or the start of a word.');
    expect(await picker().getByTestId('item-search-results').locator('li').count()).toBe(0);

    await picker().getByRole('button', { name: 'Clear search' }).click();
    await picker().getByTestId('item-bank').waitFor();
    expect(await search().inputValue()).toBe('');
    expect(await search().evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await picker().getByRole('status').textContent()).toBe('');

    await app.page.keyboard.type('negatively or positively');
    await expect.poll(() => picker().getByRole('status').textContent()).toBe('2 questions match.');
    await app.page.keyboard.press('Escape');
    await picker().getByTestId('item-bank').waitFor();
    expect(await search().inputValue()).toBe('');
  });

  it('keeps every section heading with its first concept, at 1366×768 and 1024×600', async () => {
    const { page } = app;
    // Every concept open: the longest the two columns get.
    await picker().locator('details').evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
    for (const [width, height] of [
      [1366, 768],
      [1024, 600],
    ] as const) {
      await page.setViewportSize({ width, height });
      const gaps = await picker()
        .getByTestId('item-bank')
        .evaluate((bank) =>
          [...bank.querySelectorAll('h4')].map((heading) => {
            // The first concept after the heading in reading order.
            const next = [...bank.querySelectorAll('summary')].find((summary) => heading.compareDocumentPosition(summary) & Node.DOCUMENT_POSITION_FOLLOWING);
            const above = heading.getBoundingClientRect();
            const below = next!.getBoundingClientRect();
            return { heading: heading.textContent, sameColumn: Math.abs(above.left - below.left) < 40, gap: Math.round(below.top - above.bottom) };
          }),
        );
      expect(gaps.length).toBe(5);
      for (const gap of gaps) expect({ ...gap, below: gap.gap >= 0 && gap.gap < 40 }).toEqual({ ...gap, sameColumn: true, below: true });
    }
  });
});
