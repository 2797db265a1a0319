import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../electron/api/contract';
import { pdfText } from '../electron/core/forms/testPdf';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-analysis-e2e-'));
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});
afterAll(closeBrowser);

const fixed = (value: number | null) => (value === null ? '–' : value.toFixed(2));

describe('analysis of the demo study', () => {
  it('shows the programme effect the core computes, the toolkit figure per group, and no CSP violation', async () => {
    const { page } = app;
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const report = (await app.core.handlers['analysis.run']({})) as MethodOutput<'analysis.run'>;

    await page.getByRole('tab', { name: 'Analysis' }).click();
    const table = page.getByTestId('effect-table');
    await table.waitFor();
    const effects = report.programmeEffect.filter((row) => row.scale === 'attitudes');
    expect(await table.locator('td[data-col="difference"]').allTextContents()).toEqual(effects.map((row) => fixed(row.difference)));
    expect(await table.locator('td[data-col="nArms"]').allTextContents()).toEqual(
      effects.map((row) => `${row.nProgramme} / ${row.nComparison}`),
    );
    const change = report.change.filter((row) => row.scale === 'attitudes');
    expect(await page.getByTestId('change-table').locator('td[data-col="meanChange"]').allTextContents()).toEqual(
      change.map((row) => fixed(row.meanChange)),
    );
    expect(await page.getByTestId('analysis-warning').count()).toBe(report.warnings.length);
    // The demo's residents drift away faster: beside the ANCOVA, the effects re-read with weights for those lost.
    const attrition = report.attrition.filter((row) => row.scale === 'attitudes');
    expect(attrition.length).toBeGreaterThan(0);
    const note = page.getByTestId('attrition-note');
    expect(await note.locator('li').count()).toBe(attrition.length);
    const pooledPost = attrition.find((row) => row.group === null && row.to === 'post')!;
    expect(await note.locator('[data-wave="post"] li[data-group="all"]').textContent()).toContain(
      `${fixed(pooledPost.estimate)} (95 % CI ${fixed(pooledPost.ciLow)} to ${fixed(pooledPost.ciHigh)})`,
    );
    // Items are named by the words both groups' versions share, not by their code.
    const wording = report.scales.find((scale) => scale.concept === 'attitudes')!.items[0]!.wording;
    expect(wording).toMatch(/^When you think about people who are …, how much do you feel/);
    expect(await page.getByTestId('agree-table').locator('tbody th').first().textContent()).toBe(wording);

    // All groups, newcomers, residents: three figures, and the percent-agree chart.
    await expect.poll(() => page.locator('.chart-canvas svg').count()).toBe(4);
    await expect.poll(() => page.getByRole('img', { name: 'Attitudes: Newcomers' }).count()).toBe(1);

    await page.getByLabel('Scale', { exact: true }).selectOption('trust');
    const trust = report.programmeEffect.filter((row) => row.scale === 'trust');
    await expect
      .poll(() => page.getByTestId('effect-table').locator('td[data-col="difference"]').allTextContents())
      .toEqual(trust.map((row) => fixed(row.difference)));
    expect(violations).toEqual([]);
  });

  it('heads the results with a sentence per scale from the ANCOVA table, and its tables fit a 1366 x 768 window', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    const report = (await app.core.handlers['analysis.run']({})) as MethodOutput<'analysis.run'>;
    await page.getByRole('tab', { name: 'Analysis' }).click();
    const ancova = page.getByTestId('ancova-table');
    await ancova.waitFor();
    const pooled = report.ancova.find((row) => row.scale === 'attitudes' && row.model === 'pooled' && row.to === 'post')!;
    // The sentence says the table's numbers: the estimate, its interval, and Morris's d of the same comparison.
    const sentence = await page.getByTestId('analysis-headlines').locator('li[data-scale="attitudes"]').first().textContent();
    const d = report.programmeEffect.find((row) => row.scale === 'attitudes' && row.group === null && row.to === 'post')!.dppc2!;
    expect(sentence).toContain(`scored ${fixed(Math.abs(pooled.estimate!))} ${pooled.estimate! > 0 ? 'higher' : 'lower'}`);
    expect(sentence).toContain(`95 % CI ${fixed(pooled.ciLow)} to ${fixed(pooled.ciHigh)}`);
    expect(sentence).toContain(`(${fixed(d)} baseline SDs)`);
    const first = ancova.locator('tbody tr').first();
    expect(await first.locator('td[data-col="estimate"]').textContent()).toBe(fixed(pooled.estimate));
    expect(await first.locator('td[data-col="ci"]').textContent()).toBe(`[${fixed(pooled.ciLow)}, ${fixed(pooled.ciHigh)}]`);

    // Every column of both effect tables lies inside the window: nothing to scroll sideways for.
    for (const testId of ['ancova-table', 'effect-table']) {
      const edges = await page.getByTestId(testId).evaluate((table) => ({
        right: Math.max(...[...table.querySelectorAll('th, td')].map((cell) => cell.getBoundingClientRect().right)),
        scroll: table.parentElement!.scrollWidth - table.parentElement!.clientWidth,
        window: window.innerWidth,
      }));
      expect(edges.right, testId).toBeLessThanOrEqual(edges.window);
      expect(edges.scroll, testId).toBe(0);
    }
  });

  it('re-runs for chosen waves and saves the report as Excel and PDF where the dialog says', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Analysis' }).click();
    await page.getByTestId('effect-table').waitFor();
    await page.getByRole('checkbox', { name: 'Right after the programme' }).uncheck();
    const report = (await app.core.handlers['analysis.run']({ waves: ['pre', 'fu'] })) as MethodOutput<'analysis.run'>;
    const effects = report.programmeEffect.filter((row) => row.scale === 'attitudes');
    await expect
      .poll(() => page.getByTestId('effect-table').locator('td[data-col="difference"]').allTextContents())
      .toEqual(effects.map((row) => fixed(row.difference)));

    app.dialogs.savePath = join(folder, 'analysis.xlsx');
    await page.getByRole('button', { name: 'Save report (Excel)…' }).click();
    await expect.poll(() => page.getByTestId('analysis-saved').textContent()).toBe(`Saved to ${app.dialogs.savePath}`);
    expect(readFileSync(app.dialogs.savePath).subarray(0, 2).toString('latin1')).toBe('PK');

    // The PDF goes through the shell's printer (Chromium here, a hidden window in the app).
    app.dialogs.savePath = join(folder, 'analysis.pdf');
    await page.getByRole('button', { name: 'Save report with charts (PDF)…' }).click();
    await expect.poll(() => page.getByTestId('analysis-saved').textContent(), { timeout: 60_000 }).toBe(`Saved to ${app.dialogs.savePath}`);
    expect(readFileSync(app.dialogs.savePath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Paper says what the screen says: the same headline sentences, and the ANCOVA table.
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    const paper = words(pdfText(readFileSync(app.dialogs.savePath)));
    const sentences = await page.getByTestId('analysis-headlines').locator('li').allTextContents();
    expect(sentences.length).toBeGreaterThan(0);
    for (const sentence of sentences) expect(paper).toContain(words(sentence));
    const attritionLines = await page.getByTestId('attrition-note').locator('li').allTextContents();
    expect(attritionLines.length).toBeGreaterThan(0);
    for (const line of attritionLines) expect(paper).toContain(words(line));
    expect(paper).toContain('Programme vs comparison, allowing for the baseline (the headline estimate)');
  });
});
