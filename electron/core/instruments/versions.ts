import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { assertCode, idByCode } from '../study/design';
import type { BankItem } from './itemBank';
import { fillPlaceholders, type PlaceholderValues } from './placeholders';

export interface NewVersion {
  code: string;
  label: string;
  identityGroupCode: string;
  language: string;
  placeholders: PlaceholderValues;
  items: BankItem[];
  source?: string;
}

/**
 * Stores one questionnaire version: its items (defined once per study under their stable codes)
 * and, per version, the wording with the placeholders filled for that version's respondents.
 */
export function createVersion(db: Db, input: NewVersion): number {
  assertCode(input.code);
  if (db.prepare('SELECT 1 FROM questionnaire_version WHERE code = ?').get(input.code)) {
    throw new MixwiseError('ALREADY_EXISTS', `The code "${input.code}" is already used.`, { field: 'code' });
  }
  if (input.items.length === 0) throw new MixwiseError('INVALID_INPUT', 'A questionnaire needs at least one item.');
  const groupId = idByCode(db, 'identity_group', input.identityGroupCode);
  return db.transaction(() => {
    const upsertItem = db.prepare(
      `INSERT INTO item (code, concept, kind, min_value, max_value, reverse_keyed, source)
       VALUES (@code, @concept, @kind, @min, @max, @reverseKeyed, @source)
       ON CONFLICT (code) DO NOTHING`,
    );
    const versionId = Number(
      db
        .prepare('INSERT INTO questionnaire_version (code, label, identity_group_id, language, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.code, input.label.trim(), groupId, input.language, new Date().toISOString()).lastInsertRowid,
    );
    const addItem = db.prepare(
      'INSERT INTO version_item (version_id, position, item_code, wording, anchors) VALUES (?, ?, ?, ?, ?)',
    );
    input.items.forEach((item, index) => {
      upsertItem.run({ ...item, reverseKeyed: item.reverseKeyed ? 1 : 0, source: input.source ?? '' });
      addItem.run(versionId, index + 1, item.code, fillPlaceholders(item.wording, input.placeholders), JSON.stringify(item.anchors));
    });
    return versionId;
  })();
}
