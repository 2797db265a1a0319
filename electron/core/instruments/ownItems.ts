import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { definitionOf, isBankCode } from './definitions';
import { isLanguageCode } from './formTexts';
import type { ShowIf } from './itemBank';

/**
 * The study's own items: Likert with its own anchors, yes/no, a number, one choice among options,
 * or short text. The answer scheme (kind, range, codes) is fixed once answers exist for the item,
 * because changing it would change what stored numbers mean; the wording can always be corrected
 * in a translation, and a version made afterwards prints the new text.
 */
export type OwnKind = 'likert' | 'yesno' | 'number' | 'choice' | 'text';

export interface OwnItemInput {
  code: string;
  kind: OwnKind;
  /** Free label grouping own items in the codebook, e.g. "sport". */
  concept?: string;
  language: string;
  wording: string;
  /** likert: one label per point (2-11); choice: the options (2-20); yesno: the two labels (yes first). */
  anchors?: string[];
  min?: number | null;
  max?: number | null;
  responseLabel?: string;
  waves?: 'all' | 'pre' | 'post_fu';
  showIf?: ShowIf | null;
}

const CODE = /^[a-z][a-z0-9_]{0,23}$/;

function invalid(message: string, field: string, key: string, params?: Record<string, string | number>): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field, key: `questionnaires.${key}`, params });
}

interface Scheme {
  min: number | null;
  max: number | null;
  codes: number[] | null;
  anchors: string[];
}

function scheme(input: OwnItemInput): Scheme {
  const anchors = (input.anchors ?? []).map((anchor) => anchor.trim());
  const needLabels = (min: number, max: number) => {
    if (anchors.length < min || anchors.length > max) {
      throw invalid(`Give between ${min} and ${max} answer labels.`, 'anchors', 'anchorCount', { min, max });
    }
    anchors.forEach((anchor, index) => {
      if (!anchor) throw invalid('An answer label cannot be empty.', `anchors.${index}`, 'anchorEmpty');
    });
  };
  switch (input.kind) {
    case 'likert':
      needLabels(2, 11);
      return { min: 1, max: anchors.length, codes: null, anchors };
    case 'choice':
      needLabels(2, 20);
      return { min: 1, max: anchors.length, codes: anchors.map((_, index) => index + 1), anchors };
    case 'yesno':
      needLabels(2, 2);
      // The toolkit's own coding: "1 Yes", "0 No".
      return { min: 0, max: 1, codes: [1, 0], anchors };
    case 'number': {
      const { min, max } = input;
      if (min === undefined || min === null || !Number.isInteger(min)) throw invalid('Give the smallest whole number allowed.', 'min', 'minMissing');
      if (max === undefined || max === null || !Number.isInteger(max)) throw invalid('Give the largest whole number allowed.', 'max', 'maxMissing');
      if (max < min) throw invalid('The largest number cannot be below the smallest.', 'max', 'maxBelowMin');
      if (min < 0 || max > 99_999_999) throw invalid('Numbers go from 0 to 99999999 on a paper form.', 'max', 'numberRange');
      return { min, max, codes: null, anchors: [] };
    }
    case 'text':
      return { min: null, max: null, codes: null, anchors: [] };
  }
}

function assertShowIf(db: Db, code: string, showIf: ShowIf | null | undefined): void {
  if (!showIf) return;
  if (showIf.item === code) throw invalid('An item cannot depend on itself.', 'showIf', 'showIfSelf');
  const source = definitionOf(db, showIf.item);
  if (showIf.equals.length === 0 || showIf.equals.some((value) => !source.codes.includes(value))) {
    throw invalid(`Choose answers that ${showIf.item} has.`, 'showIf', 'showIfAnswers', { item: showIf.item });
  }
}

function answersFor(db: Db, code: string): number {
  return db.prepare('SELECT count(*) FROM answer WHERE item_code = ?').pluck().get(code) as number;
}

function write(db: Db, input: OwnItemInput, exists: boolean): void {
  if (!isLanguageCode(input.language)) throw invalid('Give a language code such as en, tr or ar.', 'language', 'badLanguage');
  const wording = input.wording.trim();
  if (!wording) throw invalid('Write the question.', 'wording', 'wordingMissing');
  const plan = scheme(input);
  assertShowIf(db, input.code, input.showIf);
  const concept = input.concept?.trim() || 'own';
  const values = [
    concept,
    input.kind,
    plan.min,
    plan.max,
    plan.codes ? JSON.stringify(plan.codes) : null,
    input.waves ?? 'all',
    input.language,
    input.showIf ? JSON.stringify(input.showIf) : null,
  ];
  db.transaction(() => {
    if (exists) {
      db.prepare(
        `UPDATE item SET concept = ?, kind = ?, min_value = ?, max_value = ?, codes = ?, waves = ?, own_language = ?, show_if = ? WHERE code = ?`,
      ).run(...values, input.code);
    } else {
      db.prepare(
        `INSERT INTO item (concept, kind, min_value, max_value, codes, waves, own_language, show_if, code, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'own')`,
      ).run(...values, input.code);
    }
    db.prepare(
      `INSERT INTO item_translation (language, item_code, wording, response_label, anchors) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (language, item_code) DO UPDATE SET wording = excluded.wording, response_label = excluded.response_label, anchors = excluded.anchors`,
    ).run(input.language, input.code, wording, input.responseLabel?.trim() ?? '', JSON.stringify(plan.anchors));
  })();
}

export function addOwnItem(db: Db, input: OwnItemInput): void {
  if (!CODE.test(input.code)) {
    throw invalid('A code starts with a lower-case letter and has up to 24 lower-case letters, digits or underscores.', 'code', 'badCode');
  }
  if (isBankCode(input.code) || db.prepare('SELECT 1 FROM item WHERE code = ?').get(input.code)) {
    throw new MixwiseError('ALREADY_EXISTS', `The code "${input.code}" is already used by another item.`, {
      field: 'code',
      key: 'questionnaires.itemCodeTaken',
      params: { code: input.code },
    });
  }
  write(db, input, false);
}

export function updateOwnItem(db: Db, input: OwnItemInput): void {
  const before = definitionOf(db, input.code);
  if (before.ownLanguage === null) throw new MixwiseError('FORBIDDEN', 'Toolkit items keep their published wording.', { key: 'questionnaires.bankReadOnly' });
  const answers = answersFor(db, input.code);
  if (answers > 0) {
    const plan = scheme(input);
    const same =
      before.kind === input.kind && before.min === plan.min && before.max === plan.max && (plan.codes === null || plan.codes.join() === before.codes.join());
    if (!same) {
      throw new MixwiseError('FORBIDDEN', `The answer scheme cannot change: ${answers} answers to this item are stored.`, {
        key: 'questionnaires.ownItemHasAnswers',
        params: { count: answers },
      });
    }
  }
  write(db, input, true);
}

export function removeOwnItem(db: Db, code: string): void {
  const before = definitionOf(db, code);
  if (before.ownLanguage === null) throw new MixwiseError('FORBIDDEN', 'Toolkit items keep their published wording.', { key: 'questionnaires.bankReadOnly' });
  const versions = db.prepare('SELECT count(*) FROM version_item WHERE item_code = ?').pluck().get(code) as number;
  if (versions > 0) {
    throw new MixwiseError('FORBIDDEN', `This item cannot be removed: ${versions} questionnaire versions print it.`, {
      key: 'questionnaires.ownItemInVersions',
      params: { count: versions },
    });
  }
  db.transaction(() => {
    db.prepare('DELETE FROM questionnaire_item WHERE item_code = ?').run(code);
    db.prepare('DELETE FROM item_translation WHERE item_code = ?').run(code);
    db.prepare('DELETE FROM item WHERE code = ?').run(code);
    // Positions stay unique; gaps are harmless because the selection is read in order.
  })();
}
