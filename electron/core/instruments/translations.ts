import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { definitionOf, readItemText, type ItemDefinition, type ItemText } from './definitions';
import { ENGLISH_FORM_TEXTS, FORM_TEXT_KEYS, isLanguageCode, type FormTextKey, type FormTexts } from './formTexts';

/**
 * Translations are entered per language under the items' own codes, so every version in that
 * language, and the data of all of them, line up item by item. Toolkit items are English in the
 * bank and keep that wording exactly; their other languages, and own items in any language other
 * than the one they were written in, come from here.
 */

export interface ItemTranslationInput {
  code: string;
  wording: string;
  stem?: string;
  instruction?: string;
  responseLabel?: string;
  anchors?: string[];
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
export function saveTranslations(db: Db, language: string, items: ItemTranslationInput[], formTexts: Partial<Record<FormTextKey, string>>): void {
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
      return { code: input.code, text: checkItem(definition, input) };
    });
  const cleared = items.filter((input) => !rows.some((row) => row.code === input.code)).map((input) => input.code);
  for (const key of Object.keys(formTexts)) {
    if (!(FORM_TEXT_KEYS as readonly string[]).includes(key)) throw invalid(`Unknown form text ${key}.`, `formTexts.${key}`, 'unknownFormText');
  }
  db.transaction(() => {
    const upsert = db.prepare(
      `INSERT INTO item_translation (language, item_code, wording, stem, instruction, response_label, anchors) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (language, item_code) DO UPDATE SET wording = excluded.wording, stem = excluded.stem, instruction = excluded.instruction,
         response_label = excluded.response_label, anchors = excluded.anchors`,
    );
    for (const { code, text } of rows) {
      upsert.run(language, code, text.wording, text.stem, text.instruction, text.responseLabel, JSON.stringify(text.anchors));
    }
    // An own item's text in its own language is its definition: clearing it is not a way to delete it.
    const remove = db.prepare('DELETE FROM item_translation WHERE language = ? AND item_code = ? AND item_code NOT IN (SELECT code FROM item WHERE own_language = ?)');
    for (const code of cleared) remove.run(language, code, language);
    const setText = db.prepare('INSERT INTO form_text (language, key, text) VALUES (?, ?, ?) ON CONFLICT (language, key) DO UPDATE SET text = excluded.text');
    const clearText = db.prepare('DELETE FROM form_text WHERE language = ? AND key = ?');
    for (const [key, text] of Object.entries(formTexts)) {
      if (text?.trim()) setText.run(language, key, text.trim());
      else clearText.run(language, key);
    }
  })();
}

/** The translation screen's rows for one language: each item's source text and its translation. */
export function readTranslations(db: Db, language: string, codes: string[]) {
  assertLanguage(language);
  const entered = formTextsIn(db, language);
  return {
    items: codes.map((code) => {
      const definition = definitionOf(db, code);
      const readOnly = (definition.ownLanguage === null && language === 'en') || definition.ownLanguage === language;
      return {
        code,
        concept: definition.concept,
        sourceLanguage: definition.ownLanguage ?? 'en',
        source: definition.source,
        translation: itemTextIn(db, definition, language),
        readOnly,
      };
    }),
    formTexts: FORM_TEXT_KEYS.map((key) => ({ key, source: ENGLISH_FORM_TEXTS[key], text: entered[key] ?? null })),
  };
}
