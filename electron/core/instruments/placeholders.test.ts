import { describe, expect, it } from 'vitest';
import { bankItems, fullWording } from './itemBank';
import { fillPlaceholders, missingPlaceholders, PLACEHOLDER_TOKENS, placeholdersIn } from './placeholders';

const turkishVersion = {
  group: 'Syrians',
  peopleInMyCommunity: 'Turks',
  memberOfMyCommunity: 'a Turk',
  thisCountry: 'Türkiye',
  country: 'Türkiye',
  receivingLanguage: 'Turkish',
  migrantLanguage: 'Arabic',
  community: 'Gaziantep',
  minutes: '15',
};

describe('placeholders', () => {
  it('fills the four placeholders the toolkit names', () => {
    expect(fillPlaceholders('Most [group] think that [people in my community] cannot be trusted.', turkishVersion)).toBe(
      'Most Syrians think that Turks cannot be trusted.',
    );
    expect(fillPlaceholders('I feel at home in [this country]. Groups in [country].', turkishVersion)).toBe(
      'I feel at home in Türkiye. Groups in Türkiye.',
    );
  });

  it('fills the variants the item bank uses, each in the form its wording takes', () => {
    const forms = {
      group: 'Syrians',
      groupCommunity: 'the Syrian community',
      groupPerson: 'a Syrian person',
      groupPeople: 'the Syrian people',
    };
    expect(
      fillPlaceholders('[Group:community] has played a greater role than [people in my community].', { ...turkishVersion, ...forms }),
    ).toBe('The Syrian community has played a greater role than Turks.');
    expect(fillPlaceholders('having [a group person] as a neighbour; [the group people] you met', forms)).toBe(
      'having a Syrian person as a neighbour; the Syrian people you met',
    );
    expect(fillPlaceholders('Being [a member of my community] matters.', turkishVersion)).toBe('Being a Turk matters.');
    // [my community] is the own group as one body, never its plural ("the way that Turks has").
    expect(fillPlaceholders('more harm has been done to [my community]', turkishVersion)).toBe('more harm has been done to [my community]');
    expect(fillPlaceholders('more harm has been done to [my community]', { ...turkishVersion, myCommunity: 'our people' })).toBe(
      'more harm has been done to our people',
    );
    expect(fillPlaceholders('[receiving community language] / [migrant community language]', turkishVersion)).toBe('Turkish / Arabic');
    expect(fillPlaceholders('living in ____[name of community]___ … __[number]__ minutes', turkishVersion)).toBe(
      'living in ____Gaziantep___ … __15__ minutes',
    );
  });

  it('fills every occurrence, and leaves a placeholder without a value visible', () => {
    expect(fillPlaceholders('[group] and [group]', { group: 'Turks' })).toBe('Turks and Turks');
    expect(fillPlaceholders('[group] in [this country]', { group: 'Turks' })).toBe('Turks in [this country]');
    expect(fillPlaceholders('[group]', { group: '  ' })).toBe('[group]');
  });

  it('says which values a text needs and which are missing', () => {
    expect(placeholdersIn('[Group] and [people in my community] in [this country]')).toEqual([
      'peopleInMyCommunity',
      'thisCountry',
      'group',
    ]);
    // "[people in my community]" does not also count as "[my community]".
    expect(placeholdersIn('[people in my community]')).toEqual(['peopleInMyCommunity']);
    expect(missingPlaceholders(['group', 'myCommunity', 'country'], { group: 'Turks', peopleInMyCommunity: 'Syrians' })).toEqual([
      'myCommunity',
      'country',
    ]);
  });

  it('knows every bracketed token the item bank uses', () => {
    const known = new Set(PLACEHOLDER_TOKENS.map((entry) => entry.token));
    const used = new Set<string>();
    for (const item of bankItems) {
      for (const text of [fullWording(item), item.instruction ?? '', ...item.anchors]) {
        for (const match of text.matchAll(/\[[^\]]+\]/g)) used.add(match[0]);
      }
    }
    expect([...used].filter((token) => !known.has(token))).toEqual([]);
    // Filled with every value, no bank item keeps a bracket.
    const everything = {
      ...turkishVersion,
      myCommunity: 'the Turkish community',
      groupCommunity: 'the Syrian community',
      groupPerson: 'a Syrian person',
      groupPeople: 'the Syrian people',
    };
    for (const item of bankItems) expect(fillPlaceholders(fullWording(item), everything), item.code).not.toMatch(/\[[^\]]+\]/);
  });
});
