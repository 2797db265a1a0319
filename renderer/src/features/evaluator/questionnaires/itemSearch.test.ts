import { describe, expect, it } from 'vitest';
import { bankConcepts, fullWording, itemsForConcept } from '../../../../../electron/core/instruments/itemBank';
import { foldForSearch, searchItems, type ItemGroup } from './itemSearch';

/** The toolkit's bank as the picker gets it (questionnaire.bank): full wordings, underline marks and all. */
const bank: ItemGroup<{ code: string; wording: string }>[] = bankConcepts.map((concept) => ({
  key: concept.code,
  name: concept.name,
  items: itemsForConcept(concept.code).map((item) => ({ code: item.code, wording: fullWording(item) })),
}));

const codes = (query: string, groups = bank) =>
  searchItems(groups, query)
    .groups.flatMap((group) => group.items)
    .map((item) => item.code);

describe('item bank search', () => {
  it('finds words of the wording: "neighbour" is the willingness item, not the attitude items', () => {
    expect(codes('neighbour')).toEqual(['wil1']);
    expect(codes('NEIGHBOUR')).toEqual(['wil1']);
  });

  it('reads wording without the underline marks, so underlined phrases are found whole', () => {
    // In the bank: "<u>negatively</u> or <u>positively</u>" and "<u>distant</u> <u>from</u>".
    expect(codes('negatively or positively')).toEqual(['att1', 'pgc3']);
    expect(codes('distant from')).toEqual(['att3', 'pgc5']);
    // The marks themselves are no words of the question.
    expect(codes('<u>')).toEqual([]);
    expect(codes('u>negatively')).toEqual([]);
  });

  it("finds a concept's items by the concept's name and an item by its code", () => {
    expect(codes('victimhood')).toEqual(['vic1', 'vic2']);
    expect(codes('att2')).toEqual(['att2']);
    // Every word must occur somewhere: the concept's name and a word of one of its items.
    expect(codes('attitudes hostile')).toEqual(['att2']);
    expect(codes('attitudes neighbour')).toEqual([]);
  });

  it('groups matches under their concept in the bank order and counts them', () => {
    const result = searchItems(bank, 'trust');
    expect(result.groups.map((group) => group.key)).toEqual(['trust', 'metaperceptions', 'generalized_trust']);
    expect(result.count).toBe(result.groups.reduce((sum, group) => sum + group.items.length, 0));
    expect(result.groups.find((group) => group.key === 'metaperceptions')!.items.map((item) => item.code)).toEqual(['met1']);
  });

  it('ignores accents and extra spaces, for own items in any language', () => {
    const own = [{ key: 'own', name: '', items: [{ code: 'club', wording: 'Êtes-vous membre d’un club   étranger ?' }] }];
    expect(codes('  ETRANGER   club ', own)).toEqual(['club']);
    expect(codes('etrangere', own)).toEqual([]);
    expect(foldForSearch('Çok <u>güzel</u>')).toBe('cok guzel');
  });

  it('matches nothing for a word found nowhere, and everything for an empty query', () => {
    expect(searchItems(bank, 'zzqx')).toEqual({ groups: [], count: 0 });
    expect(searchItems(bank, '   ').count).toBe(bank.reduce((sum, group) => sum + group.items.length, 0));
  });
});
