import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { openStudyFile } from '../electron/core/study/file';
import { readWorkbookWithOpenpyxl } from '../electron/core/testing/openpyxl';
import { closeBrowser, launchApp, type TestApp } from './fixtures/app';

let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-exports-e2e-'));
  app = await launchApp({ fresh: true });
  await app.page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => {
  await app.close();
  rmSync(folder, { recursive: true, force: true });
});
afterAll(closeBrowser);

/**
 * What the export should hold, read from the study file with plain SQL (not the export code):
 * per participant ID, design names and every answer as <wave>_<item>, missing answers as 97/98/99.
 */
function studyData(): Map<string, Record<string, unknown>> {
  const db = openStudyFile(join(app.dataDir, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
  try {
    const people = db
      .prepare(
        `SELECT p.id, g.name AS "group", a.name AS arm, s.name AS site, c.name AS cohort FROM participant p
           JOIN identity_group g ON g.id = p.identity_group_id LEFT JOIN arm a ON a.id = p.arm_id
           LEFT JOIN site s ON s.id = p.site_id LEFT JOIN cohort c ON c.id = p.cohort_id WHERE p.status <> 'erased'`,
      )
      .all() as Record<string, unknown>[];
    const data = new Map(people.map((person) => [person.id as string, { ...person }]));
    const codes: Record<string, number> = { skipped: 97, refused: 98, dont_know: 99 };
    for (const answer of db
      .prepare(
        `SELECT r.participant_id AS id, w.code AS wave, a.item_code AS item, a.value, a.missing
           FROM answer a JOIN response r ON r.id = a.response_id JOIN wave w ON w.id = r.wave_id`,
      )
      .all() as { id: string; wave: string; item: string; value: number | null; missing: string | null }[]) {
      data.get(answer.id)![`${answer.wave}_${answer.item}`] = answer.missing ? codes[answer.missing] : answer.value;
    }
    return data;
  } finally {
    db.close();
  }
}

describe('anonymised export of the demo study', () => {
  it('checks k-anonymity as options change and saves the wide xlsx with codebook and syntax, which openpyxl reads back as the study data', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('heading', { name: 'Anonymised export' }).waitFor();

    // Checked by default, nothing chosen: the design columns (the demo asks no background question);
    // each group x arm x site cell of the demo holds 15 people.
    await expect
      .poll(() => page.getByTestId('export-quasi').allTextContents())
      .toEqual(['group', 'arm', 'site', 'cohort'].map((name) => expect.stringContaining(name)));
    const risk = page.getByTestId('export-risk');
    await expect.poll(() => risk.textContent()).toContain('Every combination is shared by at least 5 respondents.');
    expect(await page.getByTestId('export-checked-over').textContent()).toBe('Checked over group, arm, site, cohort (k = 5).');

    // With k above 15 every combination is at risk: the table lists them and saving is blocked.
    await page.getByLabel('k (smallest group)').fill('16');
    await expect.poll(() => risk.textContent()).toContain('120 of 120 respondents are in combinations shared by fewer than 16 respondents');
    expect(await risk.locator('tbody tr').count()).toBe(8);
    expect(await page.getByRole('button', { name: 'Export…' }).isDisabled()).toBe(true);
    await page.getByLabel('k (smallest group)').fill('5');
    await expect.poll(() => risk.textContent()).toContain('Every combination is shared by at least 5 respondents.');

    await page.getByRole('checkbox', { name: 'SPSS (.sps)' }).check();
    await page.getByRole('checkbox', { name: 'R (.R)' }).check();
    app.dialogs.savePath = join(folder, 'demo-export.xlsx');
    await page.getByRole('button', { name: 'Export…' }).click();
    const files = ['demo-export.xlsx', 'demo-export.csv', 'demo-export.sps', 'demo-export.R'].map((name) => join(folder, name));
    await expect.poll(() => page.getByTestId('export-saved').textContent(), { timeout: 60_000 }).toBe(`Saved: ${files.join(', ')}`);
    for (const file of files) expect(existsSync(file), file).toBe(true);

    const book = readWorkbookWithOpenpyxl(app.dialogs.savePath);
    expect(Object.keys(book)).toEqual(['Data', 'Codebook']);
    const [header, ...rows] = book.Data!;
    expect(header!.slice(0, 7)).toEqual(['id', 'group', 'arm', 'site', 'cohort', 'pre_att1', 'pre_att2']);
    expect(header!.filter((name) => String(name).startsWith('post_'))).toHaveLength(
      header!.filter((name) => String(name).startsWith('pre_')).length,
    );
    const expected = studyData();
    expect(rows.map((row) => row[0])).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const person = expected.get(row[0] as string)!;
      expect(Object.fromEntries(header!.map((name, index) => [name, row[index]]))).toEqual(
        Object.fromEntries(header!.map((name) => [name, person[name as string] ?? null])),
      );
    }
    expect(book.Codebook!.slice(1).map((row) => row[0])).toEqual(header);
    expect(readFileSync(files[2]!, 'utf8')).toContain("/FILE='demo-export.csv'");
  });

  it('never says "passed" after blanking every row, skips the check only with a reason, warns that re-keying needs the vault, and saves the long CSV', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Evaluator' }).click();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const risk = page.getByTestId('export-risk');
    const save = page.getByRole('button', { name: 'Export…' });
    await expect.poll(() => risk.textContent()).toContain('Every combination is shared by at least 5 respondents.');

    // group x arm x site cells hold 15 demo respondents each: k = 16 puts all of them at risk, and
    // blanking them all leaves no combination below k but is no "pass" (above the 10 % limit).
    await page.getByLabel('k (smallest group)').fill('16');
    await expect.poll(() => risk.locator('tbody tr').count()).toBe(8);
    await page.getByRole('button', { name: 'Blank the quasi-identifiers of these 120 rows' }).click();
    await expect.poll(() => risk.getAttribute('data-status')).toBe('overSuppressed');
    expect(await risk.textContent()).toContain('Passed only after blanking the quasi-identifiers of 120 of 120 rows, above the 10 % limit');
    expect(await risk.textContent()).not.toContain('Every combination is shared');
    expect(await save.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'Blanking the quasi-identifiers of rows at risk' }).click();
    // Without the arm, group x site x cohort cells hold 30.
    await page.getByRole('button', { name: 'Remove arm' }).click();
    await expect.poll(() => risk.textContent()).toContain('Every combination is shared by at least 16 respondents.');
    await page.getByLabel('k (smallest group)').fill('5');
    await expect.poll(() => risk.textContent()).toContain('Every combination is shared by at least 5 respondents.');

    // Not checking at all is a choice of its own, and needs a reason kept in the (unlocked) vault.
    await page.getByRole('checkbox', { name: 'Export without checking k-anonymity (only with a reason, recorded in the vault)' }).check();
    await expect.poll(() => risk.textContent()).toContain('k-anonymity is not checked. This export needs a reason, recorded in the vault.');
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('Why this export may be shared as it is').fill('Shared with the ethics board only');
    expect(await save.isDisabled()).toBe(false);
    await page.getByRole('checkbox', { name: 'Export without checking k-anonymity (only with a reason, recorded in the vault)' }).uncheck();
    await expect.poll(() => risk.textContent()).toContain('Every combination is shared by at least 5 respondents.');

    await page.getByRole('checkbox', { name: 'Replace IDs by new export pseudonyms' }).check();
    await page.getByTestId('export-vault-locked').waitFor();
    await page.getByRole('checkbox', { name: 'Replace IDs by new export pseudonyms' }).uncheck();

    await page.getByRole('radio', { name: 'CSV (long: one row per respondent and time point)' }).check();
    app.dialogs.savePath = join(folder, 'long.csv');
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => page.getByTestId('export-saved').textContent(), { timeout: 60_000 }).toBe(`Saved: ${app.dialogs.savePath}`);
    const lines = readFileSync(app.dialogs.savePath, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('id,group,arm,site,cohort,wave,att1,')).toBe(true);
    // One row per questionnaire received.
    const received = [...studyData().values()].reduce(
      (sum, person) => sum + ['pre', 'post', 'fu'].filter((wave) => `${wave}_att1` in person).length,
      0,
    );
    expect(lines).toHaveLength(1 + received);
  });
});
