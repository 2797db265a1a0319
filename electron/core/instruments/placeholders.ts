/**
 * The toolkit's placeholders, filled per questionnaire version (chapter 4 introduction: "[group]"
 * becomes the other group's name, one version per respondent group and language). A group is named
 * in several grammatical forms (groupForms.ts), and each placeholder in the item bank says which
 * one it takes, because the toolkit's wording fixes it: "people who are [group]" and "most [group]"
 * take the plural noun, "a [group] person" the adjective ([a group person]), "[Group] has played"
 * the group as one body ([Group:community]). A wrong form on a printed form is a measurement error.
 * Besides the group, the items use [people in my community], [my community], [a member of my
 * community] (the respondents' own group, in the same forms), the countries, the two language
 * names, and the survey introduction's two blanks ([name of community], [number] of minutes).
 * Translations keep the same bracketed tokens, so one set of values per version fills its text.
 */
export interface PlaceholderValues {
  /** The other group, plural noun: "newcomers", "K-Serbians". Also what a plain "[group]" takes. */
  group: string;
  /** The other group, one person, with its article: "a newcomer", "an Albanian". */
  groupSingular?: string;
  /** The other group as an adjective, when the language has one: "K-Serbian", "newly arrived". */
  groupAdjective?: string;
  /** The other group as one body: "the K-Serbian community", "the host society". */
  groupCommunity?: string;
  /** "[a group person]": "a K-Serbian person", or the singular noun when there is no adjective. */
  groupPerson?: string;
  /** "[the group people]": "the K-Serbian people", or "the" and the plural without an adjective. */
  groupPeople?: string;
  /** The respondents' own group, plural noun: "Turks", "long-time residents". */
  peopleInMyCommunity?: string;
  /** "[my community]": the own group as one body (victimhood items: "... the way that [my community] has"). */
  myCommunity?: string;
  /** "[a member of my community]" (group identification items), the own group's singular: "a Turk". */
  memberOfMyCommunity?: string;
  thisCountry?: string;
  country?: string;
  receivingLanguage?: string;
  migrantLanguage?: string;
  /** The survey introduction's "[name of community]". */
  community?: string;
  /** The survey introduction's "[number]" of minutes. */
  minutes?: string;
}

export type PlaceholderKey = keyof PlaceholderValues;

interface Token {
  token: string;
  key: PlaceholderKey;
  /** "[Group]" opens a sentence: the value's first letter is capitalised. */
  capitalise?: boolean;
}

/** Longest first, so "[people in my community]" is never mistaken for a shorter token. */
export const PLACEHOLDER_TOKENS: readonly Token[] = [
  { token: '[receiving community language]', key: 'receivingLanguage' },
  { token: '[migrant community language]', key: 'migrantLanguage' },
  { token: '[a member of my community]', key: 'memberOfMyCommunity' },
  { token: '[people in my community]', key: 'peopleInMyCommunity' },
  { token: '[name of community]', key: 'community' },
  { token: '[my community]', key: 'myCommunity' },
  { token: '[this country]', key: 'thisCountry' },
  { token: '[country]', key: 'country' },
  { token: '[number]', key: 'minutes' },
  { token: '[group:adjective]', key: 'groupAdjective' },
  { token: '[group:community]', key: 'groupCommunity' },
  { token: '[Group:community]', key: 'groupCommunity', capitalise: true },
  { token: '[group:singular]', key: 'groupSingular' },
  { token: '[Group:singular]', key: 'groupSingular', capitalise: true },
  { token: '[a group person]', key: 'groupPerson' },
  { token: '[the group people]', key: 'groupPeople' },
  { token: '[group]', key: 'group' },
  { token: '[Group]', key: 'group', capitalise: true },
];

export const PLACEHOLDER_KEYS: readonly PlaceholderKey[] = [...new Set(PLACEHOLDER_TOKENS.map((entry) => entry.key))];

/** The values that name groups: they come from the groups' forms (groupForms.ts), not typed per version. */
export const GROUP_KEYS: readonly PlaceholderKey[] = [
  'group',
  'groupSingular',
  'groupAdjective',
  'groupCommunity',
  'groupPerson',
  'groupPeople',
  'peopleInMyCommunity',
  'myCommunity',
  'memberOfMyCommunity',
];

/**
 * Words for texts about every group at once, in English (the analysis report's "a high score
 * means … toward [group]"): each group's respondents were asked about the other group.
 */
export const ANY_GROUP_WORDS: PlaceholderValues = {
  group: 'the other group',
  groupSingular: 'a member of the other group',
  groupAdjective: 'other-group',
  groupCommunity: 'the other group',
  groupPerson: 'a person from the other group',
  groupPeople: 'the people from the other group',
  peopleInMyCommunity: 'people in their own group',
  myCommunity: 'their own group',
  memberOfMyCommunity: 'a member of their own group',
  thisCountry: 'the country where they live',
  country: 'the country',
  receivingLanguage: 'the receiving community\'s language',
  migrantLanguage: 'the migrant community\'s language',
  community: 'their community',
  minutes: 'a few',
};

/** The token a person sees for a key (the form's field labels show it). */
export function tokenFor(key: PlaceholderKey): string {
  return PLACEHOLDER_TOKENS.find((entry) => entry.key === key && !entry.capitalise)!.token;
}

function valueFor(entry: Token, values: PlaceholderValues): string | undefined {
  const value = values[entry.key]?.trim();
  if (!value) return undefined;
  return entry.capitalise ? value.charAt(0).toLocaleUpperCase() + value.slice(1) : value;
}

/** Replaces every known placeholder; a placeholder without a value is left visible so it gets noticed. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  let filled = text;
  for (const entry of PLACEHOLDER_TOKENS) {
    const value = valueFor(entry, values);
    if (value) filled = filled.split(entry.token).join(value);
  }
  return filled;
}

/** The keys a text needs values for, in token order. */
export function placeholdersIn(text: string): PlaceholderKey[] {
  const found = new Set<PlaceholderKey>();
  let rest = text;
  for (const entry of PLACEHOLDER_TOKENS) {
    if (!rest.includes(entry.token)) continue;
    found.add(entry.key);
    rest = rest.split(entry.token).join('');
  }
  return [...found];
}

/** The keys among `needed` that have no value. */
export function missingPlaceholders(needed: Iterable<PlaceholderKey>, values: PlaceholderValues): PlaceholderKey[] {
  return [...new Set(needed)].filter((key) => !values[key]?.trim());
}

/** Bracketed words that look like placeholders but are none Mixwise knows (a typo in a translation). */
export function unknownTokens(text: string): string[] {
  const known = new Set(PLACEHOLDER_TOKENS.map((entry) => entry.token));
  return [...text.matchAll(/\[[^\]\n]{1,40}\]/g)].map((match) => match[0]).filter((token) => !known.has(token));
}
