import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../electron/core/forms/testPdf';
import { closeBrowser, launchApp, tempFolder, type TestApp } from './fixtures/app';
import { ARABIC_FORM_TEXTS as FORM_TEXTS, ARABIC_SCALE as SCALE } from './fixtures/arabic';

/**
 * Issue 24, point 2: translations as the toolkit asks. One app and one study for the whole spec: the
 * first test leaves an Arabic draft with a text missing, the second completes and checks it.
 */
let app: TestApp;
let folder: string;

beforeAll(async () => {
  folder = tempFolder();
  app = await launchApp();
});
afterAll(async () => {
  await app.close();
  await closeBrowser();
});

const TRU1 = 'بشكل عام، أشعر أنني أستطيع أن أثق بمعظم الناس من [group].';
const TRU2 = 'بشكل عام، أشعر أن معظم [group] جديرون بالثقة.';

async function studyWithTwoGroups(): Promise<void> {
  const { page } = app;
  app.dialogs.newStudyPath = join(folder, 'review.mixwise');
  const form = page.getByRole('region', { name: 'Create a study' });
  await form.getByLabel('Study name').fill('Football for all');
  await form.getByLabel('Country (optional)').fill('Türkiye');
  await form.getByRole('button', { name: 'Choose location…' }).click();
  await form.getByLabel('Study passphrase').fill('translation-review-e2e-passphrase');
  await form.getByLabel('Repeat the passphrase').fill('translation-review-e2e-passphrase');
  await form.getByRole('button', { name: 'Create study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Football for all' }).waitFor();
  await page.getByRole('tab', { name: 'Evaluator' }).click();
  for (const [code, name, label] of [
    ['turkish', 'Turkish', 'Turks'],
    ['syrian', 'Syrian', 'Syrians'],
  ] as const) {
    const add = page.getByRole('form', { name: 'Add group' });
    await add.getByLabel('Group code').fill(code);
    await add.getByLabel('Group name').fill(name);
    await add.getByLabel('Label for others').fill(label);
    await add.getByRole('button', { name: 'Add group' }).click();
    await page.locator(`tr[data-group="${code}"]`).waitFor();
  }
  // An Arabic version names both groups in Arabic: their forms come from Setup.
  await page.getByLabel('Another language (code)').fill('ar');
  await page.getByRole('button', { name: 'Enter its forms' }).click();
  const arabicNames = { Turkish: ['الأتراك', 'تركي', 'المجتمع التركي'], Syrian: ['السوريون', 'سوري', 'المجتمع السوري'] };
  for (const [group, [plural, singular, community]] of Object.entries(arabicNames)) {
    await page.getByLabel(`Plural noun for ${group}`).fill(plural!);
    await page.getByLabel(`One person, with a or an for ${group}`).fill(singular!);
    await page.getByLabel(`The group as one body for ${group}`).fill(community!);
  }
  await page.getByRole('button', { name: 'Save the names' }).click();
  await page.getByText(/^Group names in .* saved\.$/).waitFor();
}

async function showArabicTranslations() {
  const { page } = app;
  await page.getByLabel('Language code', { exact: true }).first().fill('ar');
  await page.getByRole('button', { name: 'Show' }).click();
  const arabic = page.getByRole('group', { name: 'Arabic texts' });
  await arabic.waitFor();
  return arabic;
}

describe('translations reviewed before printing', () => {
  it('saves a version with a missing translation as a draft that cannot be marked ready or printed, naming the missing text', async () => {
    const { page } = app;
    await studyWithTwoGroups();
    await page.getByRole('button', { name: 'Questionnaires' }).click();
    for (const concept of ['attitudes', 'anxiety', 'empathy', 'metaperceptions', 'willingness']) {
      await page.locator(`input[data-concept="${concept}"]`).uncheck();
    }
    await page.getByRole('button', { name: 'Save selection' }).click();
    await page.getByText('Selection saved.').waitFor();

    // Everything translated but tru2; the source wording is shown beside each translation.
    const arabic = await showArabicTranslations();
    const source = await arabic.locator('[data-translation="tru2"] .source').textContent();
    expect(source).toContain('Overall, I feel that most [group] can be trusted.');
    await arabic.getByLabel('Translation of tru1').fill(TRU1);
    const anchors = arabic.locator('[data-translation="tru1"] .anchors input');
    for (const [index, label] of SCALE.entries()) await anchors.nth(index).fill(label);
    for (const [key, text] of Object.entries(FORM_TEXTS)) await arabic.locator(`#form-text-${key}`).fill(text);
    await arabic.getByRole('button', { name: 'Save translations' }).click();
    await page.getByText('Translations saved.').waitFor();
    expect(await arabic.getByTestId('translation-summary').textContent()).toBe('Not translated yet: 1. Translated, not checked yet: 10.');

    const versionForm = page.getByRole('form', { name: 'Version' });
    await versionForm.getByLabel('For identity group').selectOption('syrian');
    await versionForm.getByLabel('Language code').fill('ar');
    await versionForm.getByLabel('[name of community]').fill('غازي عنتاب');
    await versionForm.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Version syrian_ar made.').waitFor();
    const row = page.locator('tr[data-version="syrian_ar"]');
    expect(await row.locator('[data-state]').textContent()).toBe('Draft: 1 text missing, 10 unchecked');

    await row.getByRole('button', { name: 'Mark ready for printing' }).click();
    const readiness = page.getByRole('group', { name: 'Readiness for printing' });
    await expect
      .poll(() => readiness.getByRole('alert').textContent())
      .toBe(
        'syrian_ar cannot be marked ready for printing: no Arabic translation for tru2; still to be checked: tru1, ' +
          'the introduction, the consent line, the line asking for no name, the answering instruction, the ID box label, ' +
          'the page numbers, the skip instruction and 2 more.',
      );
    expect(await row.locator('[data-state]').textContent()).toBe('Draft: 1 text missing, 10 unchecked');

    // Printing is refused as well, naming the missing text, and no file is written.
    await page.getByRole('button', { name: 'Paper forms' }).click();
    await page.getByLabel('Version', { exact: true }).selectOption('syrian_ar');
    await page.getByLabel('Wave', { exact: true }).selectOption('pre');
    const refusedPdf = join(folder, 'refused.pdf');
    app.dialogs.savePath = refusedPdf;
    await page.getByRole('button', { name: 'Save PDF…' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/^syrian_ar cannot be printed yet: no Arabic translation for tru2; still to be checked: tru1, /);
    expect(existsSync(refusedPdf)).toBe(false);
  });

  it('prints side by side for the reviewer, and once every text is translated and checked the version is ready and prints', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Questionnaires' }).click();
    const arabic = await showArabicTranslations();
    await arabic.getByLabel('Translation of tru2').fill(TRU2);
    const anchors = arabic.locator('[data-translation="tru2"] .anchors input');
    for (const [index, label] of SCALE.entries()) await anchors.nth(index).fill(label);
    // A tick belongs to a saved text: the changed one cannot be ticked until it is saved.
    expect(await arabic.getByLabel('tru2: checked by a reviewer').isDisabled()).toBe(true);
    await arabic.getByLabel('tru1: back-translation').fill('In general I feel I can trust most people of [group].');
    await arabic.getByRole('button', { name: 'Save translations' }).click();
    await page.getByText('Translations saved.').waitFor();

    const checks = arabic.getByRole('checkbox');
    expect(await checks.count()).toBe(11);
    for (let index = 0; index < 11; index++) await checks.nth(index).check();
    await arabic.getByRole('button', { name: 'Save translations' }).click();
    await expect
      .poll(() => arabic.getByTestId('translation-summary').textContent())
      .toBe('Not translated yet: 0. Translated, not checked yet: 0.');

    const reviewPdf = join(folder, 'review-ar.pdf');
    app.dialogs.savePath = reviewPdf;
    await arabic.getByRole('button', { name: 'Print for the reviewer (PDF)…' }).click();
    await page.getByText(`Saved to ${reviewPdf} (2 pages): source, translation, back-translation and status side by side.`).waitFor();
    const review = pdfText(readFileSync(reviewPdf)).replace(/\s+/g, ' ');
    expect(review).toContain('Translation review: Arabic (ar)');
    expect(review).toContain('11 texts: 11 checked, 0 not checked, 0 not translated');
    expect(review).toContain('Generally, I feel I can trust most people who are [group].');
    expect(review).toContain('In general I feel I can trust most people');
    expect(review).toContain('جديرون');

    const row = page.locator('tr[data-version="syrian_ar"]');
    expect(await row.locator('[data-state]').textContent()).toBe('Draft: every text is translated and checked; mark it ready');
    await row.getByRole('button', { name: 'Mark ready for printing' }).click();
    await page.getByText('syrian_ar is ready for printing.').waitFor();
    expect(await row.locator('[data-state]').textContent()).toBe('Ready for printing');
    expect(await row.getByRole('button', { name: 'Mark ready for printing' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Paper forms' }).click();
    await page.getByLabel('Version', { exact: true }).selectOption('syrian_ar');
    await page.getByLabel('Wave', { exact: true }).selectOption('pre');
    const formPdf = join(folder, 'syrian-ar-pre.pdf');
    app.dialogs.savePath = formPdf;
    await page.getByRole('button', { name: 'Save PDF…' }).click();
    await page.getByText(`Saved to ${formPdf} (forms: 1, pages: 1).`).waitFor();
    const printed = pdfText(readFileSync(formPdf));
    for (const words of ['غازي عنتاب', 'بمعظم', 'جديرون', 'محايد', 'الرقم', 'صفحة']) expect(printed).toContain(words);
    expect(app.outsideRequests).toEqual([]);
  });
});
