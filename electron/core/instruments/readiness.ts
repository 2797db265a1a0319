import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { FORM_TEXT_KEYS, languageName, type FormTextKey } from './formTexts';

/**
 * Whether a version's texts are ready for respondents (issue 24, point 2). The toolkit asks that
 * translations be made by native speakers or professional translators and checked: a version in a
 * language other than its items' own may be saved as a draft while texts are missing or unchecked,
 * so the evaluator can work step by step, but it prints only once every text is translated and
 * checked and the version has been marked ready (which stores its texts as they were checked).
 */

export type TextRef = { kind: 'item'; code: string } | { kind: 'formText'; key: FormTextKey };

export interface TranslationGaps {
  /** Texts with no translation in the language: the version would print the source wording. */
  missing: TextRef[];
  /** Translated, but nobody has marked the translation checked since it was last changed. */
  unchecked: TextRef[];
}

/** How messages name a fixed text: respondents never see these, evaluators read them in errors. */
const FORM_TEXT_NAMES: Record<FormTextKey, string> = {
  intro: 'the introduction',
  consent: 'the consent line',
  noName: 'the line asking for no name',
  markOne: 'the answering instruction',
  idLabel: 'the ID box label',
  page: 'the page numbers',
  onlyIf: 'the skip instruction',
  writeNumber: 'the label before a written number',
  writeText: 'the label before written text',
};

/** The language an item was written in: English for the toolkit's bank, its own for the study's items. */
function sourceLanguage(db: Db, code: string): string {
  const own = db.prepare('SELECT own_language FROM item WHERE code = ?').pluck().get(code) as string | null | undefined;
  return own ?? 'en';
}

/** English form texts are the source every language translates; any other language needs all of them. */
export function formTextsNeedTranslation(language: string): boolean {
  return language !== 'en';
}

/** What stands between these items (and the form's fixed texts) and a printable version in `language`. */
export function translationGaps(db: Db, language: string, itemCodes: readonly string[]): TranslationGaps {
  const gaps: TranslationGaps = { missing: [], unchecked: [] };
  const itemStatus = db.prepare('SELECT status FROM item_translation WHERE language = ? AND item_code = ?').pluck();
  for (const code of itemCodes) {
    if (sourceLanguage(db, code) === language) continue;
    const status = itemStatus.get(language, code) as string | undefined;
    if (status === undefined) gaps.missing.push({ kind: 'item', code });
    else if (status !== 'checked') gaps.unchecked.push({ kind: 'item', code });
  }
  if (formTextsNeedTranslation(language)) {
    const rows = db.prepare("SELECT key, status FROM form_text WHERE language = ? AND trim(text) <> ''").all(language) as {
      key: string;
      status: string;
    }[];
    const status = new Map(rows.map((row) => [row.key, row.status]));
    for (const key of FORM_TEXT_KEYS) {
      if (!status.has(key)) gaps.missing.push({ kind: 'formText', key });
      else if (status.get(key) !== 'checked') gaps.unchecked.push({ kind: 'formText', key });
    }
  }
  return gaps;
}

export function hasGaps(gaps: TranslationGaps): boolean {
  return gaps.missing.length > 0 || gaps.unchecked.length > 0;
}

const NAMED = 8;

/** "att3, tru1 and the consent line"; past eight names, "… and 4 more", so a message stays readable. */
export function nameTexts(refs: readonly TextRef[]): string {
  const names = refs.map((ref) => (ref.kind === 'item' ? ref.code : FORM_TEXT_NAMES[ref.key]));
  if (names.length > NAMED) return `${names.slice(0, NAMED).join(', ')} and ${names.length - NAMED} more`;
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * The refusal for a version that is not ready, naming what is missing and what is unchecked. `key`
 * says who refuses ('questionnaires.versionNotReady' when marking ready, 'forms.versionNotReady'
 * when printing); the i18n context ('missing', 'unchecked', 'both' or none) picks the sentence.
 */
export function notReadyError(
  key: string,
  version: string,
  language: string,
  gaps: TranslationGaps,
  action: 'mark' | 'print',
): MixwiseError {
  const params = { version, language: languageName(language), missing: nameTexts(gaps.missing), unchecked: nameTexts(gaps.unchecked) };
  const context = gaps.missing.length > 0 ? (gaps.unchecked.length > 0 ? 'both' : 'missing') : gaps.unchecked.length > 0 ? 'unchecked' : '';
  const refused = action === 'mark' ? `${version} cannot be marked ready for printing` : `${version} cannot be printed yet`;
  const reasons = {
    both: `no ${params.language} translation for ${params.missing}; still to be checked: ${params.unchecked}.`,
    missing: `no ${params.language} translation for ${params.missing}.`,
    unchecked: `still to be checked: ${params.unchecked}.`,
  } as const;
  const message = context
    ? `${refused}: ${reasons[context]}`
    : `${version} is a draft: mark it ready for printing first (Questionnaires, Versions).`;
  return new MixwiseError('INVALID_INPUT', message, {
    field: action === 'mark' ? 'code' : 'version',
    key,
    params: { ...params, context, missingCount: gaps.missing.length, uncheckedCount: gaps.unchecked.length },
  });
}

/** A stored version's state, and for a draft what it still lacks against today's translations. */
export function versionReadiness(
  db: Db,
  versionCode: string,
): { state: 'draft' | 'ready'; language: string; gaps: TranslationGaps } | null {
  const row = db.prepare('SELECT id, language, state FROM questionnaire_version WHERE code = ?').get(versionCode) as
    { id: number; language: string; state: 'draft' | 'ready' } | undefined;
  if (!row) return null;
  if (row.state === 'ready') return { state: 'ready', language: row.language, gaps: { missing: [], unchecked: [] } };
  const codes = db.prepare('SELECT item_code FROM version_item WHERE version_id = ? ORDER BY position').pluck().all(row.id) as string[];
  return { state: 'draft', language: row.language, gaps: translationGaps(db, row.language, codes) };
}

/**
 * Refuses to print a version that is not marked ready, naming its missing and unchecked texts. An
 * unknown version passes: the form model says that one in its own words.
 */
export function assertPrintable(db: Db, versionCode: string): void {
  const readiness = versionReadiness(db, versionCode);
  if (!readiness || readiness.state === 'ready') return;
  throw notReadyError('forms.versionNotReady', versionCode, readiness.language, readiness.gaps, 'print');
}
