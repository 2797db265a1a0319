import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/testSupport';
import { DEMO_PASSPHRASE, generateDemoStudy } from '../electron/core/demo/generate';
import { countPdfPages } from '../electron/core/forms/printer';
import { pdfText } from '../electron/core/forms/testPdf';
import { createStudyFile } from '../electron/core/study/file';
import { readWorkbookWithOpenpyxl } from '../electron/core/testing/openpyxl';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-tracking-e2e-'));
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});
afterAll(closeBrowser);

describe('follow-up dashboard on the demo study', () => {
  it('shows the same numbers as `mixwise status --json`, with no CSP violation', async () => {
    const { page } = app;
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const state = app.core.handlers['study.current']({}) as { path: string };
    const cli = runCli(['status', '--study', state.path, '--json'], { passphrase: DEMO_PASSPHRASE });
    expect(cli.status).toBe(0);
    const report = JSON.parse(cli.stdout);

    await page.getByRole('tab', { name: 'Follow-up' }).click();
    await expect.poll(() => page.getByTestId('overall-rate').textContent()).toContain(
      `${report.overall.matched} of ${report.overall.enrolled} participants are matched (${(report.overall.rate * 100).toFixed(1)} %)`,
    );
    for (const wave of report.waves) {
      const cells = await page.getByTestId(`wave-${wave.wave}`).locator('td').allTextContents();
      expect(cells.slice(0, 4)).toEqual([wave.enrolled, wave.active, wave.due, wave.received].map(String));
    }
    const rows = await page.getByTestId('rate-table').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)),
    );
    expect(rows).toEqual(report.byArmGroup.map((rate: { matched: number; enrolled: number }) => [String(rate.matched), String(rate.enrolled)]));
    expect(await page.getByTestId('alarm').count()).toBe(report.alarms.length);
    expect(report.alarms.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.chart-canvas svg').count()).toBe(3);
    expect(violations).toEqual([]);
  });

  it('saves a chart as SVG and PNG, and the status workbook, where the save dialog says', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Follow-up' }).click();
    const figure = page.getByRole('figure').filter({ hasText: 'Forms per wave: received, linked, held and missing' });
    app.dialogs.savePath = join(folder, 'funnel.svg');
    await figure.getByRole('button', { name: 'Save as SVG' }).click();
    await figure.getByRole('status').waitFor();
    expect(readFileSync(join(folder, 'funnel.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    app.dialogs.savePath = join(folder, 'funnel.png');
    await figure.getByRole('button', { name: 'Save as PNG' }).click();
    await expect.poll(() => existsSync(join(folder, 'funnel.png')), { timeout: 15_000 }).toBe(true);
    expect(readFileSync(join(folder, 'funnel.png')).subarray(1, 4).toString('latin1')).toBe('PNG');

    app.dialogs.savePath = join(folder, 'status.xlsx');
    await page.getByRole('button', { name: 'Save the weekly status (Excel)' }).click();
    await expect.poll(() => existsSync(join(folder, 'status.xlsx'))).toBe(true);
    expect(Object.keys(readWorkbookWithOpenpyxl(join(folder, 'status.xlsx')))).toEqual(['Status', 'Follow-up']);
  });

  it('saves the one-page status report as PDF, with the headline the screen shows', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Follow-up' }).click();
    const headline = (await page.getByTestId('overall-rate').textContent())!;
    const sentence = /^\d+ of \d+ participants are matched \(\d+\.\d %\)/.exec(headline)![0];
    const out = join(folder, 'status.pdf');
    app.dialogs.savePath = out;
    await page.getByRole('button', { name: 'Save status report (PDF)' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: out }).count(), { timeout: 20_000 }).toBe(1);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(countPdfPages(pdf)).toBe(1);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    // The words come from the renderer's locale (passed as labels), the numbers from the core.
    expect(text).toContain('Weekly status report');
    expect(text).toContain(sentence);
    expect(text).toContain('Demo: Neighbourhood football league');
  });

  it('counts held online forms as received, not linked (table, sentence, per-wave bars); no split by site without sites', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    // Two post forms with roster IDs and four without a usable ID, through the real import path.
    const missing = (await app.core.handlers['tracking.followUp']({ wave: 'post' })).entries.filter((entry) => entry.group === 'newcomer');
    const lines = ['participant_id,Q_att1', ...missing.slice(0, 2).map((entry) => `${entry.id},4`), ',3', ',2', ',5', ',4'];
    const columns = { Q_att1: 'att1' };
    const mapping = { versionCode: 'newcomer_en', idColumn: 'participant_id', skipRows: 0, columns, recode: {}, match: {} };
    const file = { name: 'online-post.csv', base64: Buffer.from(lines.join('\r\n')).toString('base64') };
    const imported = await app.core.handlers['imports.commit']({ file, waveCode: 'post', mapping, actor: 'Evaluator' });
    expect(imported).toMatchObject({ imported: 2, held: 4 });
    const state = app.core.handlers['study.current']({}) as { path: string };
    const report = JSON.parse(runCli(['status', '--study', state.path, '--json'], { passphrase: DEMO_PASSPHRASE }).stdout);
    const post = report.waves.find((wave: { wave: string }) => wave.wave === 'post');
    expect(post.held).toBe(4);

    await page.getByRole('tab', { name: 'Follow-up' }).click();
    await page.getByTestId('wave-post').waitFor();
    const cells = await page.getByTestId('wave-post').locator('td').allTextContents();
    const counts = [post.enrolled, post.active, post.due, post.received, post.linked, post.held, post.missing];
    expect(cells.slice(0, 7)).toEqual(counts.map(String));
    const rate = (Math.floor(report.heldMatch.rateAtMost * 1000) / 10).toFixed(1);
    expect(await page.getByTestId('held-note').textContent()).toBe(
      "4 forms are held for the ID-keeper's match assistant (no usable ID yet): " +
        `matching them could raise the match rate to at most ${rate} %.`,
    );
    // The per-wave bars, drawn in the window: their legend names the four counts.
    const bars = page.getByRole('figure').filter({ hasText: 'Forms per wave: received, linked, held and missing' });
    const legend = ['Received', 'Linked', 'Held for a match', 'Missing'];
    await expect.poll(() => bars.locator('svg text').allTextContents()).toEqual(expect.arrayContaining(legend));
    const box = (await bars.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1366);
    // The weekly chart's axes and target line carry their units.
    const weekly = page.getByRole('figure').filter({ hasText: 'Linked questionnaires per week' });
    const words = await weekly.locator('svg text').allTextContents();
    expect(words).toEqual(expect.arrayContaining(['Week of', 'Linked forms, cumulative']));
    expect(words.some((word) => /^Target: \d+ forms$/.test(word))).toBe(true);
    const splits = () => page.locator('#split option').allTextContents();
    expect(await splits()).toContain('Site');

    // The same app on a study without sites: nothing to split by site.
    const path = join(folder, 'no-sites.mixwise');
    const db = createStudyFile(path, 'no-sites-passphrase', { name: 'x' });
    generateDemoStudy(db, { participants: 40, seed: 2 });
    db.exec('UPDATE participant SET site_id = NULL; UPDATE entry_batch SET site_id = NULL; DELETE FROM site;');
    db.close();
    await page.getByRole('button', { name: 'Close study' }).click();
    app.dialogs.studyFile = path;
    await page.getByRole('button', { name: 'Open a study file…' }).click();
    await page.getByLabel('Passphrase', { exact: true }).fill('no-sites-passphrase');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('tab', { name: 'Follow-up' }).click();
    await page.getByTestId('rate-table').waitFor();
    expect(await splits()).not.toContain('Site');
    expect(await splits()).toContain('Arm × identity group');
  });

  it('records sign-ups and attendance at a later mixing event by ID, all or nothing', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Follow-up' }).click();
    const addForm = page.getByRole('form', { name: 'Add event' });
    await addForm.getByLabel('Code').fill('picnic');
    await addForm.getByLabel('Event name').fill('Neighbourhood picnic');
    await addForm.getByLabel('Date').fill('2026-06-01');
    await addForm.getByRole('button', { name: 'Add event' }).click();
    await page.getByTestId('behaviour-table').waitFor();

    // Three programme participants, taken from the follow-up list (IDs only, as the UI has them).
    const ids = (await app.core.handlers['tracking.followUp']({ wave: 'fu', asOf: '2026-10-15T00:00:00.000Z' })).entries;
    const programmeIds = ids.filter((entry) => entry.arm === 'programme').slice(0, 3).map((entry) => entry.id);
    const record = page.getByRole('form', { name: 'Record sign-ups and attendance' });
    await record.getByLabel('IDs that signed up (from the sign-up sheet)').fill(`${programmeIds.join('\n')}\n12345678`);
    await record.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => record.getByRole('alert').textContent()).toContain('Not on the roster: 12345678. Nothing was saved.');
    expect(await page.getByTestId('behaviour-table').locator('tbody td').nth(1).textContent()).toBe('0 (0 %) / 0 (0 %)');

    await record.getByLabel('IDs that signed up (from the sign-up sheet)').fill(programmeIds.join(', '));
    await record.getByLabel('IDs that attended (from the attendance sheet)').fill(programmeIds[0]!);
    await record.getByRole('button', { name: 'Save' }).click();
    await record.getByRole('status').waitFor();
    await expect.poll(() => page.getByTestId('behaviour-table').locator('tbody td').nth(1).textContent()).toBe('3 (5 %) / 1 (2 %)');
  });
});
