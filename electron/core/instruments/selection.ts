import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { definitionOf } from './definitions';
import { coreItems } from './itemBank';

/**
 * The builder's working list: which items the study asks, in order. Until it is first saved it is
 * the toolkit's six core concepts, as the toolkit recommends them for every evaluation.
 */
export function readSelection(db: Db): { items: string[]; saved: boolean } {
  const saved = db.prepare('SELECT item_code FROM questionnaire_item ORDER BY position').pluck().all() as string[];
  return saved.length > 0 ? { items: saved, saved: true } : { items: coreItems().map((item) => item.code), saved: false };
}

/**
 * Replaces the selection. A follow-up question (showIf) must come after the question it depends
 * on, or data entry could not know whether to expect an answer.
 */
export function saveSelection(db: Db, items: string[]): void {
  if (items.length === 0) {
    throw new MixwiseError('INVALID_INPUT', 'Choose at least one item.', { field: 'items', key: 'questionnaires.selectionEmpty' });
  }
  const seen = new Set<string>();
  for (const code of items) {
    if (seen.has(code)) {
      throw new MixwiseError('INVALID_INPUT', `The item ${code} is listed twice.`, { field: 'items', key: 'questionnaires.selectionTwice', params: { code } });
    }
    const definition = definitionOf(db, code);
    if (definition.showIf && !seen.has(definition.showIf.item)) {
      throw new MixwiseError('INVALID_INPUT', `${code} is asked only after ${definition.showIf.item}: put ${definition.showIf.item} before it.`, {
        field: 'items',
        key: 'questionnaires.showIfOrder',
        params: { code, source: definition.showIf.item },
      });
    }
    seen.add(code);
  }
  db.transaction(() => {
    db.prepare('DELETE FROM questionnaire_item').run();
    const insert = db.prepare('INSERT INTO questionnaire_item (position, item_code) VALUES (?, ?)');
    items.forEach((code, index) => insert.run(index + 1, code));
  })();
}
