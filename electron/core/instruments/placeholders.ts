/** The toolkit's placeholders, filled per questionnaire version (chapter 4 introduction). */
export interface PlaceholderValues {
  /** The other group's name as this version's respondents call it, e.g. "Syrians". */
  group: string;
  /** The respondent's own community, e.g. "Turkish people". */
  peopleInMyCommunity?: string;
  thisCountry?: string;
  country?: string;
}

const PLACEHOLDERS: readonly [string, keyof PlaceholderValues][] = [
  ['[group]', 'group'],
  ['[people in my community]', 'peopleInMyCommunity'],
  ['[this country]', 'thisCountry'],
  ['[country]', 'country'],
];

/** Replaces every known placeholder; a placeholder without a value is left visible so it gets noticed. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  let filled = text;
  for (const [token, key] of PLACEHOLDERS) {
    const value = values[key];
    if (value) filled = filled.split(token).join(value);
  }
  return filled;
}
