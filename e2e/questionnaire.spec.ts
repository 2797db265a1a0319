import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countPdfPages } from '../electron/core/forms/printer';
import { pdfText } from '../electron/core/forms/testPdf';
import { closeBrowser, launchApp, tempFolder, type TestApp } from './fixtures/app';
import { ARABIC_FORM_TEXTS, ARABIC_SCALE } from './fixtures/arabic';

let app: TestApp;
let folder: string;

beforeEach(async () => {
  folder = tempFolder();
  app = await launchApp();
});
afterEach(async () => app.close());
afterAll(closeBrowser);


async function createStudy(): Promise<void> {
  const { page } = app;
  app.dialogs.newStudyPath = join(folder, 'mixing.mixwise');
  const form = page.getByRole('region', { name: 'Create a study' });
  await form.getByLabel('Study name').fill('Football for all');
  await form.getByLabel('Country (optional)').fill('Türkiye');
  await form.getByRole('button', { name: 'Choose location…' }).click();
  await form.getByLabel('Study passphrase').fill('questionnaire-e2e-passphrase');
  await form.getByLabel('Repeat the passphrase').fill('questionnaire-e2e-passphrase');
  await form.getByRole('button', { name: 'Create study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Football for all' }).waitFor();
}

async function addGroup(code: string, name: string, label: string): Promise<void> {
  const form = app.page.getByRole('form', { name: 'Add group' });
  await form.getByLabel('Group code').fill(code);
  await form.getByLabel('Group name').fill(name);
  await form.getByLabel('Label for others').fill(label);
  await form.getByRole('button', { name: 'Add group' }).click();
  await app.page.locator(`tr[data-group="${code}"]`).waitFor();
}

describe('questionnaires from the UI to paper', () => {
  it('sets up two groups, builds a two-language questionnaire and prints both versions as PDF', async () => {
    const { page } = app;
    await createStudy();
    await page.getByRole('tab', { name: 'Evaluator' }).click();

    // Study setup: the two groups, a waiting list, and a wave whose window is refused at its field.
    await addGroup('turkish', 'Turkish', 'Turks');
    await addGroup('syrian', 'Syrian', 'Syrians');
    await page.getByRole('button', { name: 'Add a waiting-list arm' }).click();
    await page.locator('tr[data-code="waiting"]').waitFor();
    const waveForm = page.getByRole('form', { name: 'Add wave' });
    await waveForm.getByLabel('Wave code').fill('fu6');
    await waveForm.getByLabel('Wave label').fill('Six months later');
    await waveForm.getByLabel('Planned start').fill('2026-10-31');
    await waveForm.getByLabel('Planned end').fill('2026-10-01');
    await waveForm.getByRole('button', { name: 'Add wave' }).click();
    await expect.poll(() => waveForm.getByRole('alert').textContent()).toBe('The window cannot end before it starts.');
    expect(await page.locator('tr[data-wave-row]').count()).toBe(3);
    await addGroup('turkish', 'Again', 'Again').catch(() => undefined);
    await expect.poll(() => page.getByRole('form', { name: 'Add group' }).getByRole('alert').textContent()).toBe('The code "turkish" is already used.');

    // How the questionnaires name each group: English suggested from the labels, Arabic entered.
    const englishNames = page.getByRole('form', { name: 'Group names in English' });
    expect(await englishNames.getByLabel('Adjective (optional) for Syrian').inputValue()).toBe('Syrian');
    expect(await englishNames.getByLabel('One person, with a or an for Turkish').inputValue()).toBe('a Turk');
    await englishNames.getByLabel('Adjective (optional) for Turkish').fill('Turkish');
    await englishNames.getByLabel('The group as one body for Turkish').fill('the Turkish community');
    await expect.poll(() => englishNames.getByRole('list').textContent()).toContain('having a Turkish person as a neighbour');
    await englishNames.getByRole('button', { name: 'Save the names' }).click();
    await englishNames.getByText('Group names in English saved.').waitFor();
    await page.getByLabel('Another language (code)').fill('ar');
    await page.getByRole('button', { name: 'Enter its forms' }).click();
    const arabicNames = page.getByRole('form', { name: 'Group names in Arabic' });
    await arabicNames.getByRole('button', { name: 'Save the names' }).click();
    await expect.poll(() => arabicNames.getByRole('alert').textContent()).toBe('Fill in the plural for Turkish.');
    const ARABIC_NAMES = {
      Turkish: ['الأتراك', 'تركي', 'تركي', 'المجتمع التركي'],
      Syrian: ['السوريون', 'سوري', 'سوري', 'المجتمع السوري'],
    };
    for (const [group, forms] of Object.entries(ARABIC_NAMES)) {
      for (const [index, form] of ['Plural noun', 'One person, with a or an', 'Adjective (optional)', 'The group as one body'].entries()) {
        await arabicNames.getByLabel(`${form} for ${group}`).fill(forms[index]!);
      }
    }
    await arabicNames.getByRole('button', { name: 'Save the names' }).click();
    await arabicNames.getByText('Group names in Arabic saved.').waitFor();

    // Questionnaire: an own yes/no item, Trust from the core concepts, in that order.
    await page.getByRole('button', { name: 'Questionnaires' }).click();
    const own = page.getByRole('form', { name: 'Add own item' });
    await own.getByLabel('Item code').fill('club');
    await own.getByLabel('Answer type').selectOption('yesno');
    await own.getByLabel('Question', { exact: true }).fill('Do you play in a club?');
    await own.getByRole('button', { name: 'Add own item' }).click();
    await page.locator('input[data-item="club"]').waitFor();
    for (const concept of ['attitudes', 'anxiety', 'empathy', 'metaperceptions', 'willingness']) {
      await page.locator(`input[data-concept="${concept}"]`).uncheck();
    }
    await page.locator('input[data-item="club"]').check();
    await page.getByRole('button', { name: 'Save selection' }).click();
    await page.getByText('Selection saved.').waitFor();
    expect(await page.locator('[data-selected]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-selected')))).toEqual(['tru1', 'tru2', 'club']);

    // A version in a language whose group names nobody entered is refused, saying what to enter where.
    const versionForm = page.getByRole('form', { name: 'Version' });
    await versionForm.getByLabel('For identity group').selectOption('syrian');
    await versionForm.getByLabel('Language code').fill('fr');
    await versionForm.getByRole('button', { name: 'Save version' }).click();
    await expect
      .poll(() => versionForm.getByRole('alert').first().textContent())
      .toBe('Enter how French names the group Syrian (Setup › Identity groups) before making this version.');

    // Arabic translations under the same item codes, and the form's own texts.
    await page.getByLabel('Language code', { exact: true }).first().fill('ar');
    await page.getByRole('button', { name: 'Show' }).click();
    const arabic = page.getByRole('group', { name: 'Arabic texts' });
    await arabic.getByLabel('Translation of tru1').fill('بشكل عام، أشعر أنني أستطيع أن أثق بمعظم الناس من [group].');
    await arabic.getByLabel('Translation of tru2').fill('بشكل عام، أشعر أن معظم [group] جديرون بالثقة.');
    await arabic.getByLabel('Translation of club').fill('هل تلعب في نادٍ؟');
    for (const code of ['tru1', 'tru2']) {
      const inputs = arabic.locator(`[data-translation="${code}"] .anchors input`);
      for (const [index, label] of ARABIC_SCALE.entries()) await inputs.nth(index).fill(label);
    }
    await arabic.locator('[data-translation="club"] .anchors input').nth(0).fill('نعم');
    await arabic.locator('[data-translation="club"] .anchors input').nth(1).fill('لا');
    for (const [key, text] of Object.entries(ARABIC_FORM_TEXTS)) await arabic.locator(`#form-text-${key}`).fill(text);
    await arabic.getByRole('button', { name: 'Save translations' }).click();
    await page.getByText('Translations saved.').waitFor();
    // A reviewer checks every saved text (translationReview.spec.ts), so the Arabic version is ready for printing when saved.
    const checks = arabic.getByRole('checkbox');
    for (let index = 0; index < (await checks.count()); index++) await checks.nth(index).check();
    await arabic.getByRole('button', { name: 'Save translations' }).click();
    await expect.poll(() => arabic.getByTestId('translation-summary').textContent()).toBe('Not translated yet: 0. Translated, not checked yet: 0.');

    // One version per group and language; the groups' names come from Setup, in the version's language.
    await versionForm.getByLabel('For identity group').selectOption('turkish');
    await versionForm.getByLabel('Language code').fill('en');
    expect(await versionForm.getByLabel('[group]').count()).toBe(0);
    expect(await versionForm.getByLabel('[this country]').inputValue()).toBe('Türkiye');
    await versionForm.getByLabel('[name of community]').fill('Gaziantep');
    await versionForm.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Version turkish_en made.').waitFor();
    await versionForm.getByRole('button', { name: 'Start a new version instead' }).click();
    await versionForm.getByLabel('For identity group').selectOption('syrian');
    await versionForm.getByLabel('Language code').fill('ar');
    await versionForm.getByLabel('[name of community]').fill('غازي عنتاب');
    await versionForm.getByRole('button', { name: 'Save version' }).click();
    await page.getByText('Version syrian_ar made.').waitFor();

    // Paper forms: the preview is the printed markup, right to left for Arabic.
    await page.getByRole('button', { name: 'Paper forms' }).click();
    await page.getByLabel('Version', { exact: true }).selectOption('syrian_ar');
    await page.getByLabel('Wave', { exact: true }).selectOption('pre');
    await page.getByRole('button', { name: 'Show preview' }).click();
    const preview = page.getByTestId('form-preview');
    await expect
      .poll(() => preview.evaluate((host) => host.shadowRoot?.querySelector('.mw-form')?.getAttribute('dir') ?? null))
      .toBe('rtl');
    const shown = await preview.evaluate((host) => {
      const root = host.shadowRoot!;
      const page = root.querySelector<HTMLElement>('.mw-page')!;
      return { text: root.textContent ?? '', pageWidth: page.getBoundingClientRect().width, digits: root.querySelectorAll('.mw-page:first-child .mw-digit').length };
    });
    expect(shown.text).toContain('غازي عنتاب');
    expect(shown.text).toContain('الأتراك');
    // The form's stylesheet applies inside the app's CSP: an A4 page is 210 mm (about 794 px) wide.
    expect(Math.round(shown.pageWidth)).toBeGreaterThan(780);
    expect(shown.digits).toBe(8);

    const arabicPdf = join(folder, 'syrian-ar-pre.pdf');
    app.dialogs.savePath = arabicPdf;
    await page.getByRole('button', { name: 'Save PDF…' }).click();
    await page.getByText(`Saved to ${arabicPdf} (forms: 1, pages: 1).`).waitFor();
    const arabicText = pdfText(readFileSync(arabicPdf));
    for (const words of ['غازي عنتاب', 'بمعظم', 'جديرون', 'تلعب', 'محايد', 'الرقم', 'صفحة']) expect(arabicText).toContain(words);

    await page.getByLabel('Version', { exact: true }).selectOption('turkish_en');
    const englishPdf = join(folder, 'turkish-en-pre.pdf');
    app.dialogs.savePath = englishPdf;
    await page.getByRole('button', { name: 'Save PDF…' }).click();
    await page.getByText(`Saved to ${englishPdf} (forms: 1, pages: 1).`).waitFor();
    const english = readFileSync(englishPdf);
    expect(countPdfPages(english)).toBe(1);
    const text = pdfText(english).replace(/\s+/g, ' ');
    expect(text).toContain('We are conducting this survey to learn about your experiences living in Gaziantep');
    expect(text).toContain('I have read the information above and I agree to complete this survey.');
    // Read in layout mode, each question starts its line with its number.
    const layout = pdfText(english, true);
    expect(layout).toMatch(/^\s*1\.\s+Generally, I feel I can trust most people who are Syrians\.$/m);
    expect(layout).toMatch(/^\s*2\.\s+Overall, I feel that most Syrians can be trusted\.$/m);
    expect(layout).toMatch(/^\s*3\.\s+Do you play in a club\?$/m);
    expect(text).toContain('Page 1 of 1');
    expect(text).toMatch(/\bID\b/);
    expect(text).not.toMatch(/\[[a-z ]+\]/);

    // Cancelling the save dialog writes nothing.
    app.dialogs.savePath = null;
    await page.getByRole('button', { name: 'Save PDF…' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Save PDF…' }).isEnabled()).toBe(true);
    expect(existsSync(join(folder, 'turkish_en-pre.pdf'))).toBe(false);
    expect(app.outsideRequests).toEqual([]);
  });
});
