import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { definitionOf, readItemText, type ItemDefinition, type ItemText } from './definitions';
import { ENGLISH_FORM_TEXTS, FORM_TEXT_KEYS, isLanguageCode, type FormTextKey, type FormTexts } from './formTexts';
import { readSelection } from './selection';

/**
 * Translations are entered per language under the items' own codes, so every version in that
 * language, and the data of all of them, line up item by item. Toolkit items are English in the
 * bank and keep that wording exactly; their other languages, and own items in any language other
 * than the one they were written in, come from here.
 */

export type ReviewStatus = 'draft' | 'checked';

export interface ItemTranslationInput {
  code: string;
  wording: string;
  stem?: string;
  instruction?: string;
  responseLabel?: string;
  anchors?: string[];
  /** The translation translated back into the source language by someone else, for the reviewer. */
  backTranslation?: string;
  /** 'checked' once a reviewer has compared it with the source; ignored when the text changes. */
  status?: ReviewStatus;
}

/** A form text's translation: the text alone (kept as it was reviewed), or with its review fields. */
export type FormTextInput = string | { text: string; backTranslation?: string; status?: ReviewStatus };

type TextPart = 'wording' | 'stem' | 'instruction' | 'responseLabel' | 'anchors';

interface StoredReview {
  text: string;
  backTranslation: string;
  status: ReviewStatus;
}

/**
 * The review status a save leaves: a changed text is a new translation nobody has checked yet,
 * whatever the request says; an unchanged one takes the status asked for, or keeps its own.
 */
function reviewed(stored: StoredReview | undefined, text: string, status: ReviewStatus | undefined): ReviewStatus {
  if (!stored || stored.text !== text) return 'draft';
  return status ?? stored.status;
}

function invalid(message: string, field: string, key: string, params?: Record<string, string | number>): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field, key: `questionnaires.${key}`, params });
}

export function assertLanguage(language: string): void {
  if (!isLanguageCode(language)) throw invalid('Give a language code such as en, tr or ar.', 'language', 'badLanguage');
}

/** The item's text in a language, or null when nobody has translated it yet. */
export function itemTextIn(db: Db, definition: ItemDefinition, language: string): ItemText | null {
  if (definition.ownLanguage === null && language === 'en') return definition.source;
  if (definition.ownLanguage === language) return definition.source;
  return readItemText(db, language, definition.code);
}

/** Form texts in a language: English has defaults; other languages only what was entered. */
export function formTextsIn(db: Db, language: string): Partial<FormTexts> {
  const rows = db.prepare('SELECT key, text FROM form_text WHERE language = ?').all(language) as { key: FormTextKey; text: string }[];
  const entered = Object.fromEntries(rows.map((row) => [row.key, row.text])) as Partial<FormTexts>;
  return language === 'en' ? { ...ENGLISH_FORM_TEXTS, ...entered } : entered;
}

/** Checks one translation against the item it translates: same parts, same number of answer labels. */
function checkItem(definition: ItemDefinition, input: ItemTranslationInput): ItemText {
  const field = (part: string) => `items.${definition.code}.${part}`;
  const wording = input.wording.trim();
  if (!wording) throw invalid(`Translate the question ${definition.code}.`, field('wording'), 'translationWordingMissing', { code: definition.code });
  const part = (name: 'stem' | 'instruction' | 'responseLabel') => {
    const value = (input[name] ?? '').trim();
    if (definition.source[name] && !value) {
      throw invalid(`Translate every part of ${definition.code}.`, field(name), 'translationPartMissing', { code: definition.code });
    }
    return value;
  };
  const anchors = (input.anchors ?? []).map((anchor) => anchor.trim());
  if (anchors.length !== definition.source.anchors.length) {
    throw invalid(`${definition.code} needs ${definition.source.anchors.length} answer labels.`, field('anchors'), 'translationAnchorCount', {
      code: definition.code,
      count: definition.source.anchors.length,
    });
  }
  anchors.forEach((anchor, index) => {
    // A point the toolkit prints without a label stays unlabelled; every labelled point needs one.
    if (definition.source.anchors[index] && !anchor) {
      throw invalid(`Translate every answer label of ${definition.code}.`, field(`anchors.${index}`), 'translationAnchorMissing', { code: definition.code });
    }
  });
  return { wording, stem: part('stem'), instruction: part('instruction'), responseLabel: part('responseLabel'), anchors };
}

/**
 * Saves a language's translations in one transaction. An item whose wording is left empty has no
 * translation (any earlier one is removed); a form text left empty likewise.
 */
export function saveTranslations(
  db: Db,
  language: string,
  items: ItemTranslationInput[],
  formTexts: Partial<Record<FormTextKey, FormTextInput>>,
): void {
  assertLanguage(language);
  const rows = items
    .filter((input) => input.wording.trim() || (input.anchors ?? []).some((anchor) => anchor.trim()))
    .map((input) => {
      const definition = definitionOf(db, input.code);
      if (definition.ownLanguage === null && language === 'en') {
        throw new MixwiseError('FORBIDDEN', 'Toolkit items keep their published English wording.', {
          field: `items.${input.code}.wording`,
          key: 'questionnaires.bankReadOnly',
        });
      }
      return { input, text: checkItem(definition, input) };
    });
  const cleared = items.filter((input) => !rows.some((row) => row.input.code === input.code)).map((input) => input.code);
  for (const key of Object.keys(formTexts)) {
    if (!(FORM_TEXT_KEYS as readonly string[]).includes(key)) throw invalid(`Unknown form text ${key}.`, `formTexts.${key}`, 'unknownFormText');
  }
  db.transaction(() => {
    const storedItem = db.prepare(
      `SELECT wording, stem, instruction, response_label AS responseLabel, anchors, back_translation AS backTranslation, status
         FROM item_translation WHERE language = ? AND item_code = ?`,
    );
    const upsert = db.prepare(
      `INSERT INTO item_translation (language, item_code, wording, stem, instruction, response_label, anchors, back_translation, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (language, item_code) DO UPDATE SET wording = excluded.wording, stem = excluded.stem, instruction = excluded.instruction,
         response_label = excluded.response_label, anchors = excluded.anchors,
         back_translation = excluded.back_translation, status = excluded.status`,
    );
    for (const { input, text } of rows) {
      const anchors = JSON.stringify(text.anchors);
      const row = storedItem.get(language, input.code) as (Record<TextPart, string> & Omit<StoredReview, 'text'>) | undefined;
      // Every printed part counts as the text: a changed answer label needs checking as much as the question.
      const whole = (parts: string[]) => JSON.stringify(parts);
      const stored = row && { ...row, text: whole([row.wording, row.stem, row.instruction, row.responseLabel, row.anchors]) };
      const now = whole([text.wording, text.stem, text.instruction, text.responseLabel, anchors]);
      const back = input.backTranslation?.trim() ?? stored?.backTranslation ?? '';
      const status = reviewed(stored, now, input.status);
      upsert.run(language, input.code, text.wording, text.stem, text.instruction, text.responseLabel, anchors, back, status);
    }
    // An own item's text in its own language is its definition: clearing it is not a way to delete it.
    const remove = db.prepare('DELETE FROM item_translation WHERE language = ? AND item_code = ? AND item_code NOT IN (SELECT code FROM item WHERE own_language = ?)');
    for (const code of cleared) remove.run(language, code, language);
    const storedText = db.prepare('SELECT text, back_translation AS backTranslation, status FROM form_text WHERE language = ? AND key = ?');
    const setText = db.prepare(
      `INSERT INTO form_text (language, key, text, back_translation, status) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (language, key) DO UPDATE SET
         text = excluded.text, back_translation = excluded.back_translation, status = excluded.status`,
    );
    const clearText = db.prepare('DELETE FROM form_text WHERE language = ? AND key = ?');
    for (const [key, value] of Object.entries(formTexts)) {
      const input = typeof value === 'string' ? { text: value } : (value ?? { text: '' });
      const text = input.text.trim();
      if (!text) {
        clearText.run(language, key);
        continue;
      }
      const stored = storedText.get(language, key) as StoredReview | undefined;
      const back = input.backTranslation?.trim() ?? stored?.backTranslation ?? '';
      setText.run(language, key, text, back, reviewed(stored, text, input.status));
    }
  })();
}

/**
 * The translation screen's rows for one language: each item's source text beside its translation,
 * back-translation and review status (null where nothing is translated, or the text is the source).
 */
export function readTranslations(db: Db, language: string, codes: string[]) {
  assertLanguage(language);
  const entered = formTextsIn(db, language);
  const itemReview = db.prepare(
    'SELECT back_translation AS backTranslation, status FROM item_translation WHERE language = ? AND item_code = ?',
  );
  const textRows = db
    .prepare('SELECT key, back_translation AS backTranslation, status FROM form_text WHERE language = ?')
    .all(language) as ({ key: string } & Omit<StoredReview, 'text'>)[];
  const textReview = new Map(textRows.map((row) => [row.key, row]));
  return {
    items: codes.map((code) => {
      const definition = definitionOf(db, code);
      const readOnly = (definition.ownLanguage === null && language === 'en') || definition.ownLanguage === language;
      const review = readOnly ? undefined : (itemReview.get(language, code) as Omit<StoredReview, 'text'> | undefined);
      return {
        code,
        concept: definition.concept,
        sourceLanguage: definition.ownLanguage ?? 'en',
        source: definition.source,
        translation: itemTextIn(db, definition, language),
        backTranslation: review?.backTranslation ?? '',
        status: review?.status ?? null,
        readOnly,
      };
    }),
    formTexts: FORM_TEXT_KEYS.map((key) => ({
      key,
      source: ENGLISH_FORM_TEXTS[key],
      text: entered[key] ?? null,
      backTranslation: textReview.get(key)?.backTranslation ?? '',
      status: textReview.get(key)?.status ?? null,
    })),
  };
}

/** The items a language's translations cover: every selected item, and every own item so it can be translated before being picked. */
export function translationCodes(db: Db): string[] {
  const ownCodes = db.prepare('SELECT code FROM item WHERE own_language IS NOT NULL ORDER BY rowid').pluck().all() as string[];
  return [...new Set([...readSelection(db).items, ...ownCodes])];
}
