/**
 * The words a paper form prints besides its questions, in English. Every other language enters
 * its own under the same keys (form_text table); an English study may override them too. The
 * introduction is the toolkit's (3.3, "Having respondents complete surveys on their own") with its
 * two blanks as placeholders; the consent line is a tick box, never a signature, because the
 * toolkit asks that respondents write nothing identifying on the survey.
 */
export const FORM_TEXT_KEYS = ['intro', 'consent', 'noName', 'markOne', 'idLabel', 'page', 'onlyIf', 'writeNumber', 'writeText'] as const;
export type FormTextKey = (typeof FORM_TEXT_KEYS)[number];
export type FormTexts = Record<FormTextKey, string>;

export const ENGLISH_FORM_TEXTS: FormTexts = {
  intro: [
    'Thank you for agreeing to complete this survey. We are conducting this survey to learn about your experiences living in [name of community] and about relations between different groups in your community.',
    'This survey will take approximately [number] minutes to complete.',
    "Please do your best to be as open and honest as possible in responding to the questions in this survey, and know that you are free not to answer any question if you don't want to.",
    'You are also free to withdraw your participation in this survey at any time.',
    'Your survey responses will be kept confidential; we are only interested in patterns of responses, across many people, and not in the responses of any one individual; under no circumstances will your name be used when analysing responses or presenting findings from this study in the future.',
  ].join('\n\n'),
  consent: 'I have read the information above and I agree to complete this survey.',
  noName: 'Please do not write your name or anything else that could identify you on this form.',
  markOne: 'For each question, mark one box.',
  idLabel: 'ID',
  page: 'Page [page] of [pages]',
  onlyIf: 'Answer only if your answer to question [question] was [answer].',
  writeNumber: 'Write a number:',
  writeText: 'Write here:',
};

/** Tokens the form itself fills (not study placeholders): page numbers and skip references. */
export const FORM_TOKENS: Partial<Record<FormTextKey, string[]>> = {
  page: ['[page]', '[pages]'],
  onlyIf: ['[question]', '[answer]'],
};

/** Scripts written right to left: the form mirrors its layout for them. */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'prs', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

export function isRightToLeft(language: string): boolean {
  return RTL_LANGUAGES.has(language.split('-')[0]!.toLowerCase());
}

const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function isLanguageCode(language: string): boolean {
  return LANGUAGE.test(language);
}

/** "ar" -> "Arabic", for labels; the code itself when the runtime does not know it. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}
