import { describe, expect, it } from 'vitest';
import tracking from '../../../resources/locales/en/tracking.json';
import { alarmPeople } from '../../shared/tracking/alarmPeople';
import { ENGLISH_FORM_TEXTS, FORM_TOKENS } from './formTexts';
import { groupPlaceholders, suggestEnglishForms, type GroupForms } from './groupForms';
import { bankConcepts, bankItems, fullWording, type BankItem } from './itemBank';
import { ANY_GROUP_WORDS, fillPlaceholders, type PlaceholderValues } from './placeholders';

/**
 * Every text Mixwise prints that names a group, rendered with several groups: a word in the wrong
 * grammatical form on a form is a measurement error ("a newcomers person", "60 % of K-Serbian are").
 */

const OTHER_VALUES = {
  thisCountry: 'Kosovo',
  country: 'Kosovo',
  receivingLanguage: 'Albanian',
  migrantLanguage: 'Serbian',
  community: 'Mitrovica',
  minutes: '15',
};

/** One word, a word with a separate adjective, a phrase without an adjective, a body without a plural noun. */
const GROUPS: Record<string, GroupForms> = {
  kSerbians: suggestEnglishForms('K-Serbians'),
  newcomers: { plural: 'newcomers', singular: 'a newcomer', adjective: 'newly arrived', community: 'the newcomer community' },
  residents: suggestEnglishForms('long-time residents'),
  host: suggestEnglishForms('people of the host society'),
  albanians: { plural: 'Albanians', singular: 'an Albanian', adjective: 'Albanian', community: 'the Albanian community' },
};

/** Each form as a marker, so where it lands can be checked against the words around it. */
const MARKED: GroupForms = { plural: '⟨P⟩', singular: '⟨S⟩', adjective: '⟨A⟩', community: '⟨C⟩' };
const OWN_MARKED: GroupForms = { plural: '⟨p⟩', singular: '⟨s⟩', adjective: '⟨a⟩', community: '⟨c⟩' };

function printedTexts(item: BankItem): string[] {
  return [fullWording(item), item.stem ?? '', item.instruction ?? '', item.responseLabel ?? '', ...item.anchors].filter(Boolean);
}

function values(other: GroupForms, own: GroupForms): PlaceholderValues {
  return { group: '', ...OTHER_VALUES, ...groupPlaceholders(other, own, 'en') };
}

const PRINTED_ITEMS = bankItems.filter((item) => printedTexts(item).some((text) => text.includes('[')));

describe('group names in every printed text', () => {
  it('renders every item-bank wording with no placeholder left, for every pair of groups', () => {
    expect(bankItems.length).toBeGreaterThanOrEqual(73);
    for (const [otherName, other] of Object.entries(GROUPS)) {
      for (const [ownName, own] of Object.entries(GROUPS)) {
        if (otherName === ownName) continue;
        for (const item of bankItems) {
          for (const text of printedTexts(item)) {
            expect(fillPlaceholders(text, values(other, own)), `${item.code} (${otherName} asked of ${ownName})`).not.toMatch(/\[[^\]]*\]/);
          }
        }
      }
    }
  });

  it('puts each form only where the grammar takes it', () => {
    const seen = new Set<string>();
    for (const item of PRINTED_ITEMS) {
      for (const text of printedTexts(item)) {
        const filled = fillPlaceholders(text, values(MARKED, OWN_MARKED));
        const where = `${item.code}: ${filled}`;
        for (const marker of filled.match(/⟨.⟩/g) ?? []) seen.add(marker);
        // A plural noun is never an adjective ("a newcomers person") nor a singular subject ("Syrians has").
        expect(filled, where).not.toMatch(/⟨[Pp]⟩ (person|people|community|acquaintances|has|is|was)\b/);
        expect(filled, where).not.toMatch(/\b(a|an|one) ⟨[Pp]⟩/i);
        // The adjective only ever stands before the noun it qualifies.
        for (const match of filled.matchAll(/⟨[Aa]⟩(.{0,8})/g)) expect(match[1], where).toMatch(/^ (person|people)\b/);
        // The singular carries its own article; the body takes a singular verb.
        expect(filled, where).not.toMatch(/\b(a|an|the) ⟨[Ss]⟩/i);
        expect(filled, where).not.toMatch(/⟨[Cc]⟩ (are|have|were)\b/);
      }
    }
    // The bank uses the plural, the adjective and the group as a body, and the respondents' own forms.
    expect([...seen].sort()).toEqual(['⟨A⟩', '⟨C⟩', '⟨P⟩', '⟨c⟩', '⟨p⟩', '⟨s⟩']);
  });

  it('reads as English with real names, with and without an adjective', () => {
    const wording = (code: string, other: GroupForms, own: GroupForms) =>
      fillPlaceholders(fullWording(bankItems.find((item) => item.code === code)!), values(other, own));
    expect(wording('wil1', GROUPS.kSerbians!, GROUPS.albanians!)).toBe('I would be open to having a K-Serbian person as a neighbour.');
    expect(wording('wil1', GROUPS.albanians!, GROUPS.kSerbians!)).toBe('I would be open to having an Albanian person as a neighbour.');
    expect(wording('wil1', GROUPS.newcomers!, GROUPS.residents!)).toBe('I would be open to having a newly arrived person as a neighbour.');
    expect(wording('wil1', GROUPS.residents!, GROUPS.newcomers!)).toBe('I would be open to having a long-time resident as a neighbour.');
    expect(wording('wil2', GROUPS.host!, GROUPS.newcomers!)).toBe(
      'I would be open to having a member of the host society as a close friend.',
    );
    expect(wording('met1', GROUPS.newcomers!, GROUPS.residents!)).toBe('Most newcomers think that long-time residents cannot be trusted.');
    expect(wording('res1', GROUPS.kSerbians!, GROUPS.albanians!)).toMatch(
      /^The K-Serbian community has played a greater role .* than Albanians\.$/,
    );
    expect(wording('vic1', GROUPS.kSerbians!, GROUPS.albanians!)).toBe(
      'No other group in Kosovo has suffered the way that the Albanian community has.',
    );
    expect(wording('ide1', GROUPS.kSerbians!, GROUPS.albanians!)).toBe('Being an Albanian is an important part of who I am.');
    expect(wording('pgc3', GROUPS.residents!, GROUPS.newcomers!)).toMatch(
      /^When you think about the long-time residents you met during this programme/,
    );
    expect(wording('att1', GROUPS.host!, GROUPS.newcomers!)).toMatch(/^When you think about people who are people of the host society,/);
  });

  it("fills the form texts (introduction, consent) and leaves only the form's own tokens", () => {
    const own = new Set(Object.values(FORM_TOKENS).flat());
    for (const [key, text] of Object.entries(ENGLISH_FORM_TEXTS)) {
      const left = fillPlaceholders(text, values(GROUPS.newcomers!, GROUPS.residents!)).match(/\[[^\]]*\]/g) ?? [];
      expect(
        left.filter((token) => !own.has(token)),
        key,
      ).toEqual([]);
    }
  });

  it('words the analysis report\'s "a high score means" for every concept without a placeholder', () => {
    for (const concept of bankConcepts) {
      for (const text of [concept.highScoreMeans, concept.conceptNote]) {
        if (!text) continue;
        expect(fillPlaceholders(text, ANY_GROUP_WORDS), concept.code).not.toMatch(/\[[^\]]*\]/);
      }
    }
    const attitudes = bankConcepts.find((concept) => concept.code === 'attitudes')!;
    expect(fillPlaceholders(attitudes.highScoreMeans!, ANY_GROUP_WORDS)).toMatch(/toward the other group$/);
  });

  it('names groups in the attrition alarm by their plural, and arms by their participants', () => {
    const fill = (template: string, params: Record<string, string>) =>
      template.replace(/{{(\w+)}}/g, (_, key: string) => params[key] ?? `{{${key}}}`);
    const numbers = { lowerRate: '40', higherRate: '58', points: '18 points', lowerLost: '60', higherLost: '42', arm: 'Programme' };
    const group = alarmPeople(
      { lower: { name: 'K-Serbian', people: GROUPS.kSerbians!.plural }, higher: { name: 'K-Albanian', people: 'K-Albanians' } },
      (arm) => fill(tracking.armPeople, { arm }),
    );
    for (const template of [tracking.alarm, tracking.alarmWithinArm, tracking.pdf.alarm, tracking.pdf.alarmWithinArm]) {
      const text = fill(template, { ...numbers, ...group });
      expect(text).not.toMatch(/{{|K-Serbian are|K-Serbian [^ ]* are|of K-Serbian\b/);
      expect(text).toMatch(/60 % of K-Serbians are missing/);
    }
    const arms = alarmPeople({ lower: { name: 'Comparison', people: null }, higher: { name: 'Programme', people: null } }, (arm) =>
      fill(tracking.armPeople, { arm }),
    );
    expect(fill(tracking.alarm, { ...numbers, ...arms })).toMatch(
      /^Participants in the Comparison arm are matched at 40 %.* of participants in the Comparison arm are missing/,
    );
  });
});
