import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { addParticipant } from '../roster/participants';
import { saveResponse } from '../responses/save';
import { createGroup } from '../setup/edit';
import { tempStudy } from '../setup/testStudy';
import { listVersions, readVersionItems, removeVersion, saveVersion } from './builder';
import { FORM_TEXT_KEYS } from './formTexts';
import { coreItems } from './itemBank';
import { addOwnItem, removeOwnItem, updateOwnItem } from './ownItems';
import { readSelection, saveSelection } from './selection';
import { readTranslations, saveTranslations } from './translations';

let study: ReturnType<typeof tempStudy>;
let db: Db;
beforeEach(() => {
  study = tempStudy();
  db = study.db;
  createGroup(db, { code: 'turkish', name: 'Turkish', labelForOthers: 'Turks', audience: 'host' });
  createGroup(db, { code: 'syrian', name: 'Syrian', labelForOthers: 'Syrians', audience: 'migrant' });
});
afterEach(() => study.cleanup());

function errorOf(work: () => void): MixwiseError {
  try {
    work();
  } catch (error) {
    if (error instanceof MixwiseError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

const turkishEnglish = { identityGroup: 'turkish', language: 'en', placeholders: { group: 'Syrians', peopleInMyCommunity: 'Turks', community: 'Gaziantep', minutes: '10' } };

const arabicTrust = [
  { code: 'tru1', wording: 'بشكل عام، أشعر أنني أستطيع أن أثق بمعظم الناس من [group].', anchors: ['أرفض بشدة', 'أرفض', 'محايد', 'أوافق', 'أوافق بشدة'] },
  { code: 'tru2', wording: 'بشكل عام، أشعر أن معظم [group] جديرون بالثقة.', anchors: ['أرفض بشدة', 'أرفض', 'محايد', 'أوافق', 'أوافق بشدة'] },
];
const arabicFormTexts = Object.fromEntries(FORM_TEXT_KEYS.map((key) => [key, key === 'page' ? 'صفحة [page] من [pages]' : `نص ${key} [name of community] [number]`]));

describe('selection', () => {
  it('starts with the six core concepts and keeps a follow-up question after the one it depends on', () => {
    expect(readSelection(db)).toEqual({ items: coreItems().map((item) => item.code), saved: false });
    expect(coreItems()).toHaveLength(19);
    expect(errorOf(() => saveSelection(db, [])).details.key).toBe('questionnaires.selectionEmpty');
    expect(errorOf(() => saveSelection(db, ['att1', 'att1'])).details.key).toBe('questionnaires.selectionTwice');
    expect(errorOf(() => saveSelection(db, ['nat3', 'nat1'])).message).toBe('nat3 is asked only after nat1: put nat1 before it.');
    saveSelection(db, ['tru2', 'tru1']);
    expect(readSelection(db)).toEqual({ items: ['tru2', 'tru1'], saved: true });
  });
});

describe('own items', () => {
  it('adds Likert with own anchors, yes/no, number, single choice and short text', () => {
    addOwnItem(db, { code: 'sport1', kind: 'likert', language: 'en', wording: 'I enjoyed the matches.', anchors: ['not at all', 'a little', 'a lot'] });
    addOwnItem(db, { code: 'sport2', kind: 'yesno', language: 'en', wording: 'Did you play every week?', anchors: ['Yes', 'No'] });
    addOwnItem(db, { code: 'sport3', kind: 'number', language: 'en', wording: 'How many matches did you play?', min: 0, max: 60 });
    addOwnItem(db, { code: 'sport4', kind: 'choice', language: 'en', wording: 'Your position?', anchors: ['Goal', 'Defence', 'Attack'] });
    addOwnItem(db, { code: 'sport5', kind: 'text', language: 'en', wording: 'What would you change?', showIf: { item: 'sport2', equals: [0] } });
    const rows = db.prepare('SELECT code, kind, min_value AS min, max_value AS max, codes, show_if AS showIf FROM item ORDER BY code').all();
    expect(rows).toEqual([
      { code: 'sport1', kind: 'likert', min: 1, max: 3, codes: null, showIf: null },
      { code: 'sport2', kind: 'yesno', min: 0, max: 1, codes: '[1,0]', showIf: null },
      { code: 'sport3', kind: 'number', min: 0, max: 60, codes: null, showIf: null },
      { code: 'sport4', kind: 'choice', min: 1, max: 3, codes: '[1,2,3]', showIf: null },
      { code: 'sport5', kind: 'text', min: null, max: null, codes: null, showIf: '{"item":"sport2","equals":[0]}' },
    ]);
  });

  it('refuses bad own items at the field', () => {
    expect(errorOf(() => addOwnItem(db, { code: 'att1', kind: 'text', language: 'en', wording: 'Clash' })).details).toMatchObject({ field: 'code' });
    expect(errorOf(() => addOwnItem(db, { code: 'x1', kind: 'likert', language: 'en', wording: 'Q', anchors: ['only one'] })).details.field).toBe('anchors');
    expect(errorOf(() => addOwnItem(db, { code: 'x1', kind: 'likert', language: 'en', wording: 'Q', anchors: ['a', ' '] })).details.field).toBe('anchors.1');
    expect(errorOf(() => addOwnItem(db, { code: 'x1', kind: 'number', language: 'en', wording: 'Q', min: 10, max: 5 })).details.field).toBe('max');
    expect(errorOf(() => addOwnItem(db, { code: 'x1', kind: 'text', language: 'en', wording: ' ' })).details.field).toBe('wording');
    expect(db.prepare('SELECT count(*) FROM item').pluck().get()).toBe(0);
  });

  it('keeps the answer scheme of an own item once answers exist, and the item while versions print it', () => {
    addOwnItem(db, { code: 'sport1', kind: 'likert', language: 'en', wording: 'I enjoyed it.', anchors: ['no', 'yes'] });
    saveSelection(db, ['sport1']);
    saveVersion(db, turkishEnglish);
    const id = addParticipant(db, { identityGroupCode: 'turkish' });
    saveResponse(db, { participantId: id, waveCode: 'pre', versionCode: 'turkish_en', answers: { sport1: 2 } });
    expect(errorOf(() => updateOwnItem(db, { code: 'sport1', kind: 'likert', language: 'en', wording: 'I enjoyed it.', anchors: ['no', 'maybe', 'yes'] })).details.key).toBe(
      'questionnaires.ownItemHasAnswers',
    );
    updateOwnItem(db, { code: 'sport1', kind: 'likert', language: 'en', wording: 'I enjoyed the league.', anchors: ['no', 'yes'] });
    expect(errorOf(() => removeOwnItem(db, 'sport1')).details.key).toBe('questionnaires.ownItemInVersions');
  });
});

describe('translations', () => {
  it('are checked against the item they translate, and toolkit English stays as published', () => {
    const short = errorOf(() => saveTranslations(db, 'ar', [{ code: 'tru1', wording: 'سؤال', anchors: ['نعم'] }], {}));
    expect(short.details).toMatchObject({ field: 'items.tru1.anchors', key: 'questionnaires.translationAnchorCount' });
    expect(errorOf(() => saveTranslations(db, 'en', [{ code: 'tru1', wording: 'Changed', anchors: [] }], {})).code).toBe('FORBIDDEN');
    expect(errorOf(() => saveTranslations(db, 'Arabic!', [], {})).details.field).toBe('language');
    saveTranslations(db, 'ar', arabicTrust, arabicFormTexts);
    const view = readTranslations(db, 'ar', ['tru1', 'att1']);
    expect(view.items.map((item) => [item.code, item.translation?.wording ?? null])).toEqual([
      ['tru1', arabicTrust[0]!.wording],
      ['att1', null],
    ]);
    expect(view.formTexts.find((text) => text.key === 'consent')?.text).toBe(arabicFormTexts.consent);
  });
});

describe('versions', () => {
  it('makes one version per group and language, with placeholders filled and skip rules stored', () => {
    saveSelection(db, ['tru1', 'con1', 'nat1', 'nat2', 'nat3']);
    const made = saveVersion(db, { ...turkishEnglish, placeholders: { ...turkishEnglish.placeholders, thisCountry: 'Türkiye' } });
    expect(made).toEqual({ code: 'turkish_en', label: 'Turkish (English)', outcome: 'created' });
    const items = readVersionItems(db, 1);
    expect(items.map((item) => item.code)).toEqual(['tru1', 'con1', 'nat1', 'nat2', 'nat3']);
    expect(items[0]!.wording).toBe('Generally, I feel I can trust most people who are Syrians.');
    expect(items[1]!.stem).toMatch(/^Generally, when you think about relations between people in your community and Syrians/);
    expect(items[4]).toMatchObject({ wording: 'What year did you come to Türkiye?', showIf: { item: 'nat1', equals: [0] } });
    const stored = db.prepare("SELECT show_if FROM version_item WHERE item_code = 'nat3'").pluck().get();
    expect(JSON.parse(stored as string)).toEqual({ item: 'nat1', equals: [0] });
    const intro = JSON.parse(db.prepare('SELECT form_texts FROM questionnaire_version').pluck().get() as string).intro as string;
    expect(intro).toContain('living in Gaziantep');
    expect(intro).toContain('approximately 10 minutes');
  });

  it('says which placeholder values are missing, and saves nothing', () => {
    saveSelection(db, ['tru1', 'tru2', 'thr1']);
    // Missing translations make a draft (readiness.test.ts); a missing placeholder value is refused.
    expect(errorOf(() => saveVersion(db, { identityGroup: 'syrian', language: 'ar', placeholders: { group: 'الأتراك' } })).details).toMatchObject({
      key: 'questionnaires.placeholderMissing',
      field: 'placeholders.community',
    });
    const noCommunity = errorOf(() => saveVersion(db, { ...turkishEnglish, placeholders: { group: 'Syrians', peopleInMyCommunity: 'Turks', thisCountry: 'Türkiye', minutes: '10' } }));
    expect(noCommunity.message).toBe("Fill in [name of community]: this version's texts use it.");
    expect(noCommunity.details.field).toBe('placeholders.community');
    expect(listVersions(db)).toEqual([]);
  });

  it('asks host-only concepts of the host group only', () => {
    saveSelection(db, ['tru1', 'thr1']);
    saveTranslations(db, 'ar', arabicTrust, arabicFormTexts);
    saveVersion(db, { ...turkishEnglish, placeholders: { ...turkishEnglish.placeholders, thisCountry: 'Türkiye' } });
    saveVersion(db, { identityGroup: 'syrian', language: 'ar', placeholders: { group: 'الأتراك', community: 'غازي عنتاب', minutes: '10' } });
    expect(listVersions(db).map((version) => [version.code, version.items])).toEqual([
      ['turkish_en', 2],
      ['syrian_ar', 1],
    ]);
  });

  it('changes a version in place until answers exist; after that a change makes a new version', () => {
    saveSelection(db, ['tru1', 'tru2']);
    saveVersion(db, turkishEnglish);
    expect(saveVersion(db, { ...turkishEnglish, code: 'turkish_en', placeholders: { ...turkishEnglish.placeholders, group: 'Syrian people' } }).outcome).toBe('updated');
    const id = addParticipant(db, { identityGroupCode: 'turkish' });
    saveResponse(db, { participantId: id, waveCode: 'pre', versionCode: 'turkish_en', answers: { tru1: 3 } });
    const before = readVersionItems(db, 1);

    // Saving the same content again is not a change.
    expect(saveVersion(db, { ...turkishEnglish, code: 'turkish_en', placeholders: { ...turkishEnglish.placeholders, group: 'Syrian people' } }).outcome).toBe('unchanged');
    const replaced = saveVersion(db, { ...turkishEnglish, code: 'turkish_en' });
    expect(replaced).toMatchObject({ code: 'turkish_en_v2', outcome: 'replaced', replaced: 'turkish_en' });
    expect(readVersionItems(db, 1)).toEqual(before);
    expect(before[0]!.wording).toContain('Syrian people');
    const versions = listVersions(db);
    expect(versions.map((version) => [version.code, version.basedOn, version.replacedBy, version.responses])).toEqual([
      ['turkish_en', null, 'turkish_en_v2', 1],
      ['turkish_en_v2', 'turkish_en', null, 0],
    ]);
    expect(errorOf(() => removeVersion(db, 'turkish_en')).details.key).toBe('questionnaires.versionHasAnswers');
    removeVersion(db, 'turkish_en_v2');
    expect(listVersions(db).map((version) => version.code)).toEqual(['turkish_en']);
  });
});
