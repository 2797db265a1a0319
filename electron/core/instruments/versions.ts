import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { assertCode, idByCode } from '../study/design';
import { writeVersionItems } from './builder';
import { ENGLISH_FORM_TEXTS, FORM_TEXT_KEYS } from './formTexts';
import { anchorCodes, type BankItem } from './itemBank';
import { versionPlaceholders } from './groupForms';
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
 * Stores one English questionnaire version of toolkit items directly (the demo and tests use it;
 * people use the builder, builder.ts). Items are defined once per study under their stable codes;
 * per version, the wording with the placeholders filled for that version's respondents.
 */
export function createVersion(db: Db, input: NewVersion): number {
  assertCode(input.code);
  if (db.prepare('SELECT 1 FROM questionnaire_version WHERE code = ?').get(input.code)) {
    throw new MixwiseError('ALREADY_EXISTS', `The code "${input.code}" is already used.`, { field: 'code' });
  }
  if (input.items.length === 0) throw new MixwiseError('INVALID_INPUT', 'A questionnaire needs at least one item.');
  const groupId = idByCode(db, 'identity_group', input.identityGroupCode);
  // Group names from the groups' forms, as the builder does: what a caller typed fills the rest.
  const placeholders = versionPlaceholders(db, {
    identityGroup: input.identityGroupCode,
    language: input.language,
    typed: input.placeholders,
  });
  const fill = (text: string | undefined) => fillPlaceholders(text ?? '', placeholders);
  const formTexts = Object.fromEntries(FORM_TEXT_KEYS.map((key) => [key, fill(ENGLISH_FORM_TEXTS[key])]));
  return db.transaction(() => {
    const versionId = Number(
      db
        .prepare(
          `INSERT INTO questionnaire_version (code, label, identity_group_id, language, created_at, placeholders, form_texts)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.code,
          input.label.trim(),
          groupId,
          input.language,
          new Date().toISOString(),
          JSON.stringify(placeholders),
          JSON.stringify(formTexts),
        ).lastInsertRowid,
    );
    writeVersionItems(
      db,
      versionId,
      input.items.map((item) => ({
        code: item.code,
        wording: fill(item.wording),
        stem: fill(item.stem),
        instruction: fill(item.instruction),
        responseLabel: fill(item.responseLabel),
        anchors: item.anchors.map(fill),
        showIf: item.showIf ?? null,
      })),
      input.source ?? '',
      new Map(input.items.map((item) => [item.code, { ...item, codes: anchorCodes(item) }])),
    );
    return versionId;
  })();
}
