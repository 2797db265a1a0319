/**
 * The toolkit's placeholders, filled per questionnaire version (chapter 4 introduction: "[group]"
 * becomes the other group's name, one version per respondent group and language). Besides the four
 * the toolkit names, its items use variants ([Group] at the start of a sentence, [my community],
 * [a member of my community], the two language names), and the survey introduction of 3.3 has two
 * blanks ([name of community], [number] of minutes). Translations keep the same bracketed tokens, so
 * one set of values per version fills every language alike.
 */
export interface PlaceholderValues {
  /** The other group's name as this version's respondents call it, e.g. "Syrians". */
  group: string;
  /** The respondent's own community, e.g. "Turkish people". */
  peopleInMyCommunity?: string;
  /** "[my community]" (victimhood items); falls back to peopleInMyCommunity. */
  myCommunity?: string;
  /** "[a member of my community]" (group identification items), e.g. "a Turkish person". */
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
  /** Used when the key itself has no value. */
  fallback?: PlaceholderKey;
}

/** Longest first, so "[people in my community]" is never mistaken for a shorter token. */
export const PLACEHOLDER_TOKENS: readonly Token[] = [
  { token: '[receiving community language]', key: 'receivingLanguage' },
  { token: '[migrant community language]', key: 'migrantLanguage' },
  { token: '[a member of my community]', key: 'memberOfMyCommunity' },
  { token: '[people in my community]', key: 'peopleInMyCommunity' },
  { token: '[name of community]', key: 'community' },
  { token: '[my community]', key: 'myCommunity', fallback: 'peopleInMyCommunity' },
  { token: '[this country]', key: 'thisCountry' },
  { token: '[country]', key: 'country' },
  { token: '[number]', key: 'minutes' },
  { token: '[group]', key: 'group' },
  { token: '[Group]', key: 'group', capitalise: true },
];

export const PLACEHOLDER_KEYS: readonly PlaceholderKey[] = [...new Set(PLACEHOLDER_TOKENS.map((entry) => entry.key))];

/** The token a person sees for a key (the form's field labels show it). */
export function tokenFor(key: PlaceholderKey): string {
  return PLACEHOLDER_TOKENS.find((entry) => entry.key === key && !entry.capitalise)!.token;
}

function valueFor(entry: Token, values: PlaceholderValues): string | undefined {
  const value = values[entry.key]?.trim() || (entry.fallback ? values[entry.fallback]?.trim() : undefined);
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

/** The keys among `needed` that have no value (fallbacks count). */
export function missingPlaceholders(needed: Iterable<PlaceholderKey>, values: PlaceholderValues): PlaceholderKey[] {
  return [...new Set(needed)].filter((key) => {
    const entry = PLACEHOLDER_TOKENS.find((candidate) => candidate.key === key)!;
    return !valueFor(entry, values);
  });
}
