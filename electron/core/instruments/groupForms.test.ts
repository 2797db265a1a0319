import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { englishArticle } from '../../shared/words/englishArticle';
import type { Db } from '../db/open';
import type { MixwiseError } from '../errors';
import { createGroup } from '../setup/edit';
import { readSetup } from '../setup/view';
import { tempStudy } from '../setup/testStudy';
import { useTestCore } from '../testSupport';
import { readGroupForms, saveGroupForms, suggestEnglishForms, versionPlaceholders } from './groupForms';

describe("English suggestions for a group's forms", () => {
  it('derives the singular, the adjective and the body from a plural, a singular or a phrase', () => {
    expect(suggestEnglishForms('K-Serbians')).toEqual({
      plural: 'K-Serbians',
      singular: 'a K-Serbian',
      adjective: 'K-Serbian',
      community: 'the K-Serbian community',
    });
    expect(suggestEnglishForms('Albanian')).toEqual({
      plural: 'Albanians',
      singular: 'an Albanian',
      adjective: 'Albanian',
      community: 'the Albanian community',
    });
    expect(suggestEnglishForms('newcomers')).toMatchObject({ singular: 'a newcomer', adjective: 'newcomer' });
    expect(suggestEnglishForms('  long-time   residents ')).toEqual({
      plural: 'long-time residents',
      singular: 'a long-time resident',
      adjective: '',
      community: 'the long-time resident community',
    });
    expect(suggestEnglishForms('people of the host society')).toEqual({
      plural: 'people of the host society',
      singular: 'a member of the host society',
      adjective: '',
      community: 'the host society',
    });
    expect(suggestEnglishForms('host society')).toMatchObject({ plural: 'members of the host society', adjective: '' });
    expect(suggestEnglishForms('Ukrainians').singular).toBe('a Ukrainian');
  });

  it('chooses "a" or "an" by the first sound', () => {
    expect(['Albanian', 'Ukrainian', 'European', 'hour-long', 'Iraqi', 'Syrian', 'Uzbek'].map(englishArticle)).toEqual([
      'an',
      'a',
      'a',
      'an',
      'an',
      'a',
      'an',
    ]);
  });
});

describe('group forms in a study', () => {
  let study: ReturnType<typeof tempStudy>;
  let db: Db;
  beforeEach(() => {
    study = tempStudy();
    db = study.db;
    createGroup(db, { code: 'turkish', name: 'Turkish', labelForOthers: 'Turks', audience: 'host' });
    createGroup(db, { code: 'syrian', name: 'Syrian', labelForOthers: 'Syrians', audience: 'migrant' });
  });
  afterEach(() => study.cleanup());

  it("gives a new group English forms from its label, and the setup view lists them with the study's languages", () => {
    expect(readGroupForms(db)).toEqual([
      { group: 'turkish', language: 'en', plural: 'Turks', singular: 'a Turk', adjective: 'Turk', community: 'the Turk community' },
      { group: 'syrian', language: 'en', plural: 'Syrians', singular: 'a Syrian', adjective: 'Syrian', community: 'the Syrian community' },
    ]);
    expect(readSetup(db).languages).toEqual(['en']);
  });

  it("saves a language's forms all or nothing, with a clear error for each bad one", () => {
    const turkish = { plural: 'Türkler', singular: 'bir Türk', adjective: 'Türk', community: 'Türk toplumu' };
    const fail = (rows: Parameters<typeof saveGroupForms>[2], language = 'tr') => {
      try {
        saveGroupForms(db, language, rows);
      } catch (error) {
        return (error as MixwiseError).details.key;
      }
      return 'saved';
    };
    expect(
      fail([
        { group: 'turkish', forms: turkish },
        { group: 'syrian', forms: { ...turkish, plural: ' ' } },
      ]),
    ).toBe('setup.groupForms.missing_plural');
    expect(fail([{ group: 'turkish', forms: { ...turkish, community: '' } }])).toBe('setup.groupForms.missing_community');
    expect(fail([{ group: 'turkish', forms: { ...turkish, plural: 'Türkler [group]' } }])).toBe('setup.groupForms.brackets');
    expect(fail([{ group: 'kurdish', forms: turkish }])).toBe('setup.groupForms.noSuchGroup');
    expect(fail([{ group: 'turkish', forms: turkish }], 'Turkish')).toBe('setup.groupForms.badLanguage');
    // Nothing was half-saved by the refusals above.
    expect(readGroupForms(db).filter((row) => row.language === 'tr')).toEqual([]);
    expect(fail([{ group: 'turkish', forms: { ...turkish, adjective: '' } }])).toBe('saved');
    expect(readGroupForms(db).find((row) => row.language === 'tr')).toMatchObject({
      group: 'turkish',
      adjective: '',
      community: 'Türk toplumu',
    });
    expect(readSetup(db).languages).toEqual(['en', 'tr']);
  });

  it("fills a version's group names from the forms in its language, and refuses a language without them", () => {
    const values = versionPlaceholders(db, {
      identityGroup: 'turkish',
      language: 'en',
      typed: { group: 'typed over', thisCountry: 'Türkiye' },
    });
    expect(values).toMatchObject({
      group: 'Syrians',
      groupPerson: 'a Syrian person',
      groupPeople: 'the Syrian people',
      groupCommunity: 'the Syrian community',
      peopleInMyCommunity: 'Turks',
      memberOfMyCommunity: 'a Turk',
      myCommunity: 'the Turk community',
      thisCountry: 'Türkiye',
    });
    expect(() => versionPlaceholders(db, { identityGroup: 'turkish', language: 'ar', typed: {} })).toThrow(
      /Enter how Arabic names the group Turkish/,
    );
    // With a third group, the version says which one [group] is.
    createGroup(db, { code: 'afghan', name: 'Afghan', labelForOthers: 'Afghans', audience: 'migrant' });
    expect(versionPlaceholders(db, { identityGroup: 'turkish', language: 'en', about: 'afghan', typed: {} }).groupPerson).toBe(
      'an Afghan person',
    );
    expect(() => versionPlaceholders(db, { identityGroup: 'turkish', language: 'en', about: 'turkish', typed: {} })).toThrow(
      /another group/,
    );
  });
});

describe('a version made in the app', () => {
  const core = useTestCore('mixwise-group-forms-');

  it('prints the adjective where the toolkit says "a [group] person", from the forms saved in Setup', async () => {
    await core.call('demo.open', {});
    type Version = { code: string };
    const save = (language: string) =>
      core.send('questionnaire.saveVersion', {
        identityGroup: 'resident',
        language,
        placeholders: { community: 'Riverside', minutes: '10' },
      });
    const forms = await core.call<{ groupForms: { group: string; language: string; plural: string }[] }>('setup.saveGroupForms', {
      language: 'en',
      groups: [
        {
          group: 'newcomer',
          forms: { plural: 'newcomers', singular: 'a newcomer', adjective: 'newly arrived', community: 'the newcomer community' },
        },
        {
          group: 'resident',
          forms: { plural: 'long-time residents', singular: 'a long-time resident', adjective: '', community: 'the residents' },
        },
      ],
    });
    expect(forms.groupForms.filter((row) => row.language === 'en').map((row) => row.plural)).toEqual(['newcomers', 'long-time residents']);
    const saved = await save('en');
    expect(saved).toMatchObject({ ok: true });
    const { code } = (saved as { value: Version }).value;
    const form = await core.call<{ sections: { items: { code: string; wording: string }[] }[] }>('forms.preview', {
      version: code,
      wave: 'pre',
      prefilled: false,
    });
    expect(JSON.stringify(form)).toContain('I would be open to having a newly arrived person as a neighbour.');
    expect(JSON.stringify(form)).not.toMatch(/newcomers person|\[group/);
    // Turkish has no forms yet: the version is refused, naming what to enter and where.
    expect(await save('tr')).toMatchObject({
      ok: false,
      error: { key: 'questionnaires.groupFormsMissing', params: { language: 'Turkish' } },
    });
  }, 120_000);
});
