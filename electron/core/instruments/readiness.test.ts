import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { createNodePrinter } from '../forms/nodePrinter';
import { prepareForms } from '../forms/produce';
import { pdfText } from '../forms/testPdf';
import { addParticipant } from '../roster/participants';
import { saveResponse } from '../responses/save';
import { createGroup } from '../setup/edit';
import { tempStudy } from '../setup/testStudy';
import { listVersions, markVersionReady, readVersionItems, saveVersion } from './builder';
import { FORM_TEXT_KEYS, type FormTextKey } from './formTexts';
import { addOwnItem } from './ownItems';
import { assertPrintable, nameTexts } from './readiness';
import { renderReviewDocument, reviewRows } from './reviewPrint';
import { saveSelection } from './selection';
import { readTranslations, saveTranslations, type ItemTranslationInput } from './translations';

let study: ReturnType<typeof tempStudy>;
let db: Db;
const printer = createNodePrinter();
afterAll(() => printer.close());
beforeEach(() => {
  study = tempStudy();
  db = study.db;
  createGroup(db, { code: 'turkish', name: 'Turkish', labelForOthers: 'Turks', audience: 'host' });
  createGroup(db, { code: 'syrian', name: 'Syrian', labelForOthers: 'Syrians', audience: 'migrant' });
  saveSelection(db, ['tru1', 'tru2']);
});
afterEach(() => study.cleanup());

function errorOf(work: () => unknown): MixwiseError {
  try {
    work();
  } catch (error) {
    if (error instanceof MixwiseError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const SCALE = ['أرفض بشدة', 'أرفض', 'محايد', 'أوافق', 'أوافق بشدة'];
const TRU1: ItemTranslationInput = { code: 'tru1', wording: 'بشكل عام، أشعر أنني أستطيع أن أثق بمعظم الناس من [group].', anchors: SCALE };
const TRU2: ItemTranslationInput = { code: 'tru2', wording: 'بشكل عام، أشعر أن معظم [group] جديرون بالثقة.', anchors: SCALE };
const FORM_TEXTS = Object.fromEntries(
  FORM_TEXT_KEYS.map((key) => [key, key === 'page' ? 'صفحة [page] من [pages]' : `نص ${key} [name of community] [number]`]),
) as Record<FormTextKey, string>;
const checkedTexts = Object.fromEntries(FORM_TEXT_KEYS.map((key) => [key, { text: FORM_TEXTS[key], status: 'checked' as const }]));
const SYRIAN_AR = { identityGroup: 'syrian', language: 'ar', placeholders: { group: 'الأتراك', community: 'غازي عنتاب', minutes: '10' } };

describe('a version in another language', () => {
  it('is saved as a draft while texts are missing, cannot be marked ready or printed, and says which texts', () => {
    saveTranslations(db, 'ar', [TRU1], {});
    expect(saveVersion(db, SYRIAN_AR)).toMatchObject({ code: 'syrian_ar', outcome: 'created' });
    expect(listVersions(db).map(({ code, state, missing, unchecked }) => ({ code, state, missing, unchecked }))).toEqual([
      { code: 'syrian_ar', state: 'draft', missing: 1 + FORM_TEXT_KEYS.length, unchecked: 1 },
    ]);
    // The draft's snapshot holds the source wording where no translation exists yet.
    const [tru1, tru2] = readVersionItems(db, 1);
    expect(tru1!.wording).toContain('بمعظم الناس من الأتراك');
    expect(tru2!.wording).toBe('Overall, I feel that most الأتراك can be trusted.');

    const marking = errorOf(() => markVersionReady(db, 'syrian_ar'));
    expect(marking.details).toMatchObject({
      key: 'questionnaires.versionNotReady',
      field: 'code',
      params: { context: 'both', missingCount: 10, uncheckedCount: 1 },
    });
    expect(marking.message).toBe(
      'syrian_ar cannot be marked ready for printing: no Arabic translation for tru2, the introduction, the consent line, ' +
        'the line asking for no name, the answering instruction, the ID box label, the page numbers, the skip instruction ' +
        'and 2 more; still to be checked: tru1.',
    );
    const printing = errorOf(() => prepareForms(db, { version: 'syrian_ar', wave: 'pre', prefilled: false }));
    expect(printing.details).toMatchObject({
      key: 'forms.versionNotReady',
      field: 'version',
      params: { version: 'syrian_ar', language: 'Arabic' },
    });
    expect(printing.message).toMatch(/^syrian_ar cannot be printed yet: no Arabic translation for tru2, the introduction, /);
    expect(listVersions(db)[0]!.state).toBe('draft');
  });

  it('becomes ready once every text is translated and checked, with the checked texts in its snapshot', () => {
    saveTranslations(db, 'ar', [TRU1], {});
    saveVersion(db, SYRIAN_AR);
    saveTranslations(db, 'ar', [TRU1, TRU2], FORM_TEXTS);
    const unchecked = errorOf(() => markVersionReady(db, 'syrian_ar'));
    expect(unchecked.details.params).toMatchObject({ context: 'unchecked', missingCount: 0, uncheckedCount: 11 });
    expect(unchecked.message).toMatch(/^syrian_ar cannot be marked ready for printing: still to be checked: tru1, tru2, the intro/);
    expect(listVersions(db)[0]).toMatchObject({ state: 'draft', missing: 0, unchecked: 11 });

    saveTranslations(
      db,
      'ar',
      [
        { ...TRU1, status: 'checked' },
        { ...TRU2, status: 'checked' },
      ],
      checkedTexts,
    );
    expect(markVersionReady(db, 'syrian_ar')).toMatchObject({ code: 'syrian_ar', outcome: 'updated' });
    expect(listVersions(db)[0]).toMatchObject({ state: 'ready', missing: 0, unchecked: 0 });
    expect(readVersionItems(db, 1)[1]!.wording).toBe('بشكل عام، أشعر أن معظم الأتراك جديرون بالثقة.');
    expect(() => assertPrintable(db, 'syrian_ar')).not.toThrow();
    expect(prepareForms(db, { version: 'syrian_ar', wave: 'pre', prefilled: false }).model.rightToLeft).toBe(true);

    // A later edit of a translation is a draft again, but the ready version keeps the texts that were checked.
    saveTranslations(db, 'ar', [{ ...TRU2, wording: 'نص جديد [group].', status: 'checked' }], {});
    expect(readTranslations(db, 'ar', ['tru2']).items[0]!.status).toBe('draft');
    expect(listVersions(db)[0]!.state).toBe('ready');
    expect(readVersionItems(db, 1)[1]!.wording).toBe('بشكل عام، أشعر أن معظم الأتراك جديرون بالثقة.');
  });

  it('is ready when saved if its texts are already complete and checked', () => {
    saveTranslations(db, 'ar', [TRU1, TRU2], FORM_TEXTS);
    saveTranslations(
      db,
      'ar',
      [
        { ...TRU1, status: 'checked' },
        { ...TRU2, status: 'checked' },
      ],
      checkedTexts,
    );
    saveVersion(db, SYRIAN_AR);
    expect(listVersions(db)[0]!.state).toBe('ready');
    expect(markVersionReady(db, 'syrian_ar').outcome).toBe('unchanged');
  });

  it('with answers is replaced by a new version when marking ready changes its texts', () => {
    saveTranslations(db, 'ar', [TRU1], {});
    saveVersion(db, SYRIAN_AR);
    const id = addParticipant(db, { identityGroupCode: 'syrian' });
    saveResponse(db, { participantId: id, waveCode: 'pre', versionCode: 'syrian_ar', answers: { tru1: 3 } });
    saveTranslations(db, 'ar', [TRU1, TRU2], FORM_TEXTS);
    saveTranslations(
      db,
      'ar',
      [
        { ...TRU1, status: 'checked' },
        { ...TRU2, status: 'checked' },
      ],
      checkedTexts,
    );
    expect(markVersionReady(db, 'syrian_ar')).toMatchObject({ code: 'syrian_ar_v2', outcome: 'replaced', replaced: 'syrian_ar' });
    expect(listVersions(db).map(({ code, state }) => [code, state])).toEqual([
      ['syrian_ar', 'draft'],
      ['syrian_ar_v2', 'ready'],
    ]);
  });
});

describe('a version in its items own language', () => {
  it('is ready when saved (English toolkit items), and an own item in another language still needs a checked translation', () => {
    const english = { identityGroup: 'turkish', language: 'en', placeholders: { group: 'Syrians', community: 'Gaziantep', minutes: '10' } };
    saveVersion(db, english);
    expect(listVersions(db)[0]).toMatchObject({ code: 'turkish_en', state: 'ready', missing: 0, unchecked: 0 });

    addOwnItem(db, { code: 'club', kind: 'yesno', language: 'tr', wording: 'Bir kulüpte oynuyor musunuz?', anchors: ['Evet', 'Hayır'] });
    saveSelection(db, ['tru1', 'club']);
    expect(saveVersion(db, { ...english, code: 'turkish_en' }).outcome).toBe('updated');
    expect(listVersions(db)[0]).toMatchObject({ state: 'draft', missing: 1, unchecked: 0 });
    expect(errorOf(() => markVersionReady(db, 'turkish_en')).message).toBe(
      'turkish_en cannot be marked ready for printing: no English translation for club.',
    );
    saveTranslations(db, 'en', [{ code: 'club', wording: 'Do you play in a club?', anchors: ['Yes', 'No'] }], {});
    saveTranslations(db, 'en', [{ code: 'club', wording: 'Do you play in a club?', anchors: ['Yes', 'No'], status: 'checked' }], {});
    expect(markVersionReady(db, 'turkish_en').outcome).toBe('updated');
    expect(readVersionItems(db, 1).map((item) => item.wording)).toEqual([
      'Generally, I feel I can trust most people who are Syrians.',
      'Do you play in a club?',
    ]);
  });
});

describe('review status', () => {
  it('is draft for a new or changed text, stays for an unchanged one, and keeps the back-translation', () => {
    const back = 'Generally I trust most [group].';
    saveTranslations(db, 'ar', [{ ...TRU1, status: 'checked', backTranslation: back }], { consent: { text: 'أوافق.', status: 'checked' } });
    let view = readTranslations(db, 'ar', ['tru1', 'tru2']);
    expect(view.items.map(({ code, status, backTranslation }) => ({ code, status, backTranslation }))).toEqual([
      { code: 'tru1', status: 'draft', backTranslation: back },
      { code: 'tru2', status: null, backTranslation: '' },
    ]);
    expect(view.formTexts.find((text) => text.key === 'consent')).toMatchObject({ text: 'أوافق.', status: 'draft' });

    const consent = { text: 'أوافق.', status: 'checked' as const, backTranslation: 'I agree.' };
    saveTranslations(db, 'ar', [{ ...TRU1, status: 'checked' }], { consent });
    view = readTranslations(db, 'ar', ['tru1']);
    expect(view.items[0]).toMatchObject({ status: 'checked', backTranslation: back });
    expect(view.formTexts.find((text) => text.key === 'consent')).toMatchObject({ status: 'checked', backTranslation: 'I agree.' });
    // Saving the same texts again (as the editor does for every row) keeps the check; a changed answer label does not.
    saveTranslations(db, 'ar', [TRU1], { consent: 'أوافق.' });
    expect(readTranslations(db, 'ar', ['tru1']).items[0]!.status).toBe('checked');
    expect(readTranslations(db, 'ar', ['tru1']).formTexts.find((text) => text.key === 'consent')!.status).toBe('checked');
    saveTranslations(db, 'ar', [{ ...TRU1, anchors: [...SCALE.slice(0, 4), 'موافق جدا'], status: 'checked' }], {});
    expect(readTranslations(db, 'ar', ['tru1']).items[0]!.status).toBe('draft');
  });

  it('names texts in messages, at most eight of them', () => {
    expect(nameTexts([{ kind: 'item', code: 'att3' }])).toBe('att3');
    expect(
      nameTexts([
        { kind: 'item', code: 'att3' },
        { kind: 'item', code: 'tru1' },
        { kind: 'formText', key: 'consent' },
      ]),
    ).toBe('att3, tru1 and the consent line');
    expect(nameTexts(Array.from({ length: 11 }, (_, index) => ({ kind: 'item' as const, code: `q${index}` })))).toBe(
      'q0, q1, q2, q3, q4, q5, q6, q7 and 3 more',
    );
  });
});

describe('review print', () => {
  it('prints source, translation, back-translation and status side by side, the translation right to left', async () => {
    saveTranslations(db, 'ar', [{ ...TRU1, backTranslation: 'In general I feel I can trust most people of [group].' }], FORM_TEXTS);
    saveTranslations(db, 'ar', [{ ...TRU1, status: 'checked' }], {});
    const rows = reviewRows(db, 'ar', ['tru1', 'tru2']);
    expect(rows.map((row) => [row.name, row.status])).toEqual([
      ['tru1', 'checked'],
      ['tru2', null],
      ['Introduction', 'draft'],
      ['Consent line', 'draft'],
      ['Do not write your name', 'draft'],
      ['How to answer', 'draft'],
      ['Label of the ID box', 'draft'],
      ['Page numbers', 'draft'],
      ['Skip instruction', 'draft'],
      ['Label before a written number', 'draft'],
      ['Label before written text', 'draft'],
    ]);
    const html = renderReviewDocument('ar', rows, 'Football for all', new Date('2026-12-07T12:00:00Z'));
    expect(html).toContain(`<td lang="ar" dir="rtl">${TRU1.wording}\n${SCALE.join(' / ')}</td>`);
    // Underlined words are underlined, as on the paper form, never printed as tags.
    const attitudes = renderReviewDocument('ar', [{ ...rows[0]!, source: 'how much do you feel <u>negatively</u>?' }], 'x', new Date());
    expect(attitudes).toContain('how much do you feel <u>negatively</u>?');
    expect(attitudes).not.toContain('&lt;u&gt;');
    const text = pdfText(await printer.print(html)).replace(/\s+/g, ' ');
    expect(text).toContain('Translation review: Arabic (ar)');
    expect(text).toContain('Football for all · printed 2026-12-07 · 11 texts: 1 checked, 9 not checked, 1 not translated');
    expect(text).toContain('Generally, I feel I can trust most people who are [group].');
    // Extraction interleaves the columns' lines; each cell's first line is whole.
    expect(text).toContain('In general I feel I can trust most people');
    expect(text).toContain('بمعظم');
    expect(text).toContain('(not translated)');
    expect(text).toMatch(/draft \(not checked\)/);
  });
});
