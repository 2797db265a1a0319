import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../api/dispatch';
import { createNodePrinter } from '../forms/nodePrinter';
import { pdfText } from '../forms/testPdf';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { FORM_TEXT_KEYS } from './formTexts';

/**
 * The review methods through the API boundary, as the app calls them: a real core on a real
 * encrypted study, Chromium printing the reviewer's PDF, the save dialog answered by the test.
 */
const printer = createNodePrinter();
afterAll(() => printer.close());

let folder: string;
let core: CoreApp;
let savePath: string | null;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-review-'));
  savePath = null;
  core = testCore(folder, { printer, dialogs: { chooseSavePath: async () => savePath } });
});
afterEach(async () => {
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

async function call(name: string, input: unknown) {
  return dispatch(core.handlers, name, input);
}

async function arabicDraft() {
  await call('study.create', { path: join(folder, 'review.mixwise'), name: 'Review', passphrase: 'correct-horse-review-battery' });
  for (const [code, name, labelForOthers] of [
    ['turkish', 'Turkish', 'Turks'],
    ['syrian', 'Syrian', 'Syrians'],
  ]) {
    await call('setup.addGroup', { code, name, labelForOthers });
  }
  await call('setup.saveGroupForms', {
    language: 'ar',
    groups: [
      { group: 'turkish', forms: { plural: 'الأتراك', singular: 'تركي', adjective: '', community: 'المجتمع التركي' } },
      { group: 'syrian', forms: { plural: 'السوريون', singular: 'سوري', adjective: '', community: 'المجتمع السوري' } },
    ],
  });
  await call('questionnaire.saveSelection', { items: ['tru1'] });
  const formTexts = Object.fromEntries(FORM_TEXT_KEYS.map((key) => [key, `نص ${key} [name of community] [number]`]));
  const anchors = ['أرفض بشدة', 'أرفض', 'محايد', 'أوافق', 'أوافق بشدة'];
  const tru1 = { code: 'tru1', wording: 'أثق بمعظم [group].', anchors, backTranslation: 'I trust most [group].' };
  expect(await call('questionnaire.saveTranslations', { language: 'ar', items: [tru1], formTexts })).toMatchObject({ ok: true });
  const placeholders = { community: 'غازي عنتاب', minutes: '5' };
  const saved = await call('questionnaire.saveVersion', { identityGroup: 'syrian', language: 'ar', placeholders });
  expect(saved).toMatchObject({ ok: true, value: { code: 'syrian_ar', outcome: 'created' } });
  return { tru1, formTexts };
}

describe('questionnaire.markReady', () => {
  it('refuses a draft with unchecked texts, naming them, and marks it ready once they are checked', async () => {
    const { tru1, formTexts } = await arabicDraft();
    const refused = await call('questionnaire.markReady', { code: 'syrian_ar' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', key: 'questionnaires.versionNotReady', params: { context: 'unchecked', uncheckedCount: 10 } },
    });
    const checked = Object.fromEntries(Object.entries(formTexts).map(([key, text]) => [key, { text, status: 'checked' }]));
    await call('questionnaire.saveTranslations', { language: 'ar', items: [{ ...tru1, status: 'checked' }], formTexts: checked });
    const ready = await call('questionnaire.markReady', { code: 'syrian_ar' });
    expect(ready).toMatchObject({ ok: true, value: { code: 'syrian_ar' } });
    const version = ready.ok ? (ready.value as { view: { versions: { code: string; state: string }[] } }).view.versions[0] : null;
    expect(version).toMatchObject({ code: 'syrian_ar', state: 'ready', missing: 0, unchecked: 0 });
  });
});

describe('questionnaire.saveReviewPdf', () => {
  it('writes nothing when the dialog is cancelled, never overwrites a file, and prints the review where chosen', async () => {
    await arabicDraft();
    expect(await call('questionnaire.saveReviewPdf', { language: 'ar' })).toEqual({ ok: true, value: { path: null, pages: 0 } });
    expect(readdirSync(folder).filter((name) => name.endsWith('.pdf'))).toEqual([]);

    savePath = join(folder, 'taken.pdf');
    writeFileSync(savePath, 'mine');
    expect(await call('questionnaire.saveReviewPdf', { language: 'ar' })).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    expect(readFileSync(savePath, 'utf8')).toBe('mine');

    savePath = join(folder, 'review-ar.pdf');
    expect(await call('questionnaire.saveReviewPdf', { language: 'ar' })).toMatchObject({ ok: true, value: { path: savePath } });
    expect(existsSync(savePath)).toBe(true);
    const text = pdfText(readFileSync(savePath)).replace(/\s+/g, ' ');
    expect(text).toContain('Review · printed');
    expect(text).toContain('10 texts: 0 checked, 10 not checked, 0 not translated');
    expect(text).toContain('I trust most [group].');
    expect(await call('questionnaire.saveReviewPdf', { language: 'Arabic!' })).toMatchObject({ ok: false, error: { field: 'language' } });
  });
});
