import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { saveVersion } from '../instruments/builder';
import { addOwnItem } from '../instruments/ownItems';
import { saveSelection } from '../instruments/selection';
import { readTranslations, saveTranslations } from '../instruments/translations';
import { addParticipant } from '../roster/participants';
import { createGroup } from '../setup/edit';
import { tempStudy } from '../setup/testStudy';
import { renderFormDocument } from './html';
import { blockHeight, paginate } from './layout';
import { buildFormModel } from './model';
import { createNodePrinter } from './nodePrinter';
import { countPdfPages } from './printer';
import { prepareForms, previewForms, printForms } from './produce';
import { pdfText } from './testPdf';

let study: ReturnType<typeof tempStudy>;
let db: Db;
const printer = createNodePrinter();
afterAll(() => printer.close());

const arabicFormTexts = {
  intro: 'شكراً لموافقتك على إكمال هذا الاستبيان في [name of community].\n\nسيستغرق حوالي [number] دقائق.',
  consent: 'أوافق على إكمال هذا الاستبيان.',
  noName: 'من فضلك لا تكتب اسمك على هذه الاستمارة.',
  markOne: 'ضع علامة في مربع واحد لكل سؤال.',
  idLabel: 'الرقم',
  page: 'صفحة [page] من [pages]',
  onlyIf: 'أجب فقط إذا كانت إجابتك على السؤال [question] هي [answer].',
  writeNumber: 'اكتب رقماً:',
  writeText: 'اكتب هنا:',
};

beforeEach(() => {
  study = tempStudy();
  db = study.db;
  createGroup(db, { code: 'turkish', name: 'Turkish', labelForOthers: 'Turks' });
  createGroup(db, { code: 'syrian', name: 'Syrian', labelForOthers: 'Syrians' });
  addOwnItem(db, { code: 'club', kind: 'yesno', language: 'en', wording: 'Are you a member of a <club> & team?', anchors: ['Yes', 'No'] });
  addOwnItem(db, { code: 'matches', kind: 'number', language: 'en', wording: 'How many matches?', min: 0, max: 60, showIf: { item: 'club', equals: [1] } });
  saveSelection(db, ['tru1', 'con1', 'con2', 'club', 'matches', 'pgc1']);
  saveVersion(db, {
    identityGroup: 'turkish',
    language: 'en',
    placeholders: { group: 'Syrians', peopleInMyCommunity: 'Turks', community: 'Gaziantep', minutes: '12' },
  });
});
afterEach(() => study.cleanup());

describe('form model and HTML', () => {
  it('numbers the questions asked at the wave, prints a grid stem once and words the skip rule', () => {
    const model = buildFormModel(db, 'turkish_en', 'pre');
    const questions = model.blocks.filter((block) => block.type === 'question');
    // pgc1 asks about the programme's people: post-programme waves only.
    expect(questions.map((block) => [block.number, block.code])).toEqual([
      [1, 'tru1'],
      [2, 'con1'],
      [3, 'con2'],
      [4, 'club'],
      [5, 'matches'],
    ]);
    expect(model.blocks.filter((block) => block.type === 'stem')).toHaveLength(1);
    expect(questions[4]).toMatchObject({ condition: 'Answer only if your answer to question 4 was Yes.', digits: 2, responseLabel: 'Write a number:' });
    expect(questions[3]).toMatchObject({ options: [{ code: 1, label: 'Yes' }, { code: 0, label: 'No' }] });
    const post = buildFormModel(db, 'turkish_en', 'post').blocks.filter((block) => block.type === 'question');
    expect(post.map((block) => block.code)).toContain('pgc1');
  });

  it('escapes every text, keeps the toolkit underlining, and draws the ID boxes and numbered answer boxes', () => {
    const model = buildFormModel(db, 'turkish_en', 'pre');
    const { html } = renderFormDocument(model, [{ participantId: null }]);
    expect(html).toContain('Are you a member of a &lt;club&gt; &amp; team?');
    expect(html).not.toContain('<club>');
    expect(html).not.toMatch(/<script|style="/);
    expect(html.match(/<span class="mw-digit"><\/span>/g)!.length).toBeGreaterThanOrEqual(8);
    expect(html).toContain('<span class="mw-box">5</span>');
    expect(html).toMatch(/dir="ltr"/);
    const underlined = renderFormDocument(buildFormModel(db, 'turkish_en', 'post'), [{ participantId: '12345674' }]).html;
    expect(underlined).toContain('<span class="mw-digit">1</span><span class="mw-digit">2</span>');
  });

  it('never ends a page on a stem or an instruction', () => {
    const model = buildFormModel(db, 'turkish_en', 'pre');
    for (const fill of [0.1, 0.3, 0.96]) {
      for (const page of paginate(model.blocks, fill)) expect(['stem', 'instruction']).not.toContain(page.at(-1)!.type);
    }
    expect(blockHeight(model.blocks[0]!)).toBeGreaterThan(20);
  });
});

describe('PDF forms (Chromium)', () => {
  it('prints the introduction with its blanks filled, a consent line, the ID box and page numbers', async () => {
    const { pdf, pages, forms } = await printForms(printer, prepareForms(db, { version: 'turkish_en', wave: 'pre', prefilled: false }));
    expect(forms).toBe(1);
    expect(countPdfPages(pdf)).toBe(pages);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('learn about your experiences living in Gaziantep');
    expect(text).toContain('approximately 12 minutes');
    expect(text).toContain('I have read the information above and I agree to complete this survey.');
    expect(text).toContain('Generally, I feel I can trust most people who are Syrians.');
    expect(text).toContain('Answer only if your answer to question 4 was Yes.');
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text.match(/\bID\b/g)!.length).toBeGreaterThanOrEqual(pages);
    expect(text).not.toMatch(/\[(group|name of community|number)\]/);
  });

  it('prints one copy per enrolled participant of the group, each page with the ID and its barcode', async () => {
    const ids = [addParticipant(db, { identityGroupCode: 'turkish' }), addParticipant(db, { identityGroupCode: 'turkish' })].sort();
    addParticipant(db, { identityGroupCode: 'syrian' });
    const prepared = prepareForms(db, { version: 'turkish_en', wave: 'pre', prefilled: true });
    expect(prepared.copies.map((copy) => copy.participantId)).toEqual(ids);
    expect(prepared.copies[0]!.barcodeSvg).toMatch(/^<svg[^>]*viewBox/);
    const { pdf, pages, forms, pagesPerForm } = await printForms(printer, prepared);
    expect([forms, pages]).toEqual([2, 2 * pagesPerForm]);
    const pageTexts = pdfText(pdf).split('\f').slice(0, pages);
    pageTexts.forEach((page, index) => {
      const id = ids[Math.floor(index / pagesPerForm)]!;
      // The ID is printed digit by digit in its boxes.
      expect(page.replace(/\s+/g, ''), `page ${index + 1}`).toContain(id);
      expect(page).toContain(`Page ${(index % pagesPerForm) + 1} of ${pagesPerForm}`);
    });
  });

  it('lays an Arabic version out right to left and prints its text', async () => {
    saveSelection(db, ['tru1']);
    saveTranslations(
      db,
      'ar',
      [{ code: 'tru1', wording: 'بشكل عام، أشعر أنني أستطيع أن أثق بمعظم [group].', anchors: ['أرفض بشدة', 'أرفض', 'محايد', 'أوافق', 'أوافق بشدة'] }],
      arabicFormTexts,
    );
    // A reviewer checked every text, so the version is ready for printing when saved (readiness.ts).
    const translated = readTranslations(db, 'ar', ['tru1']);
    saveTranslations(
      db,
      'ar',
      [{ code: 'tru1', ...translated.items[0]!.translation!, status: 'checked' }],
      Object.fromEntries(translated.formTexts.map((text) => [text.key, { text: text.text!, status: 'checked' as const }])),
    );
    saveVersion(db, { identityGroup: 'syrian', language: 'ar', placeholders: { group: 'الأتراك', community: 'غازي عنتاب', minutes: '5' } });
    const prepared = prepareForms(db, { version: 'syrian_ar', wave: 'pre', prefilled: false });
    expect(prepared.model.rightToLeft).toBe(true);
    expect(renderFormDocument(prepared.model, prepared.copies).html).toContain('<html lang="ar" dir="rtl">');
    const text = pdfText((await printForms(printer, prepared)).pdf);
    for (const words of ['غازي عنتاب', 'بمعظم', 'محايد', 'الرقم', 'صفحة']) expect(text).toContain(words);
  });

  it('previews exactly the markup it prints', async () => {
    const prepared = prepareForms(db, { version: 'turkish_en', wave: 'pre', prefilled: false });
    const preview = await previewForms(printer, prepared);
    const printed = renderFormDocument(prepared.model, prepared.copies).html;
    expect(printed).toContain(preview.markup);
    expect(printed).toContain(preview.css);
    expect(preview.forms).toBe(1);
  });

  it('refuses a pre-printed batch when nobody of the group is enrolled', () => {
    expect(() => prepareForms(db, { version: 'turkish_en', wave: 'pre', prefilled: true })).toThrow(/No active participant/);
  });
});
