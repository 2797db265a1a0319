import { expect } from 'vitest';
import type { Db } from '../../db/open';
import { expectTablesUnchanged, seedAtVersion10, type TableDump } from './testSupport';

/**
 * The N-1 -> N cases of migrations.test.ts for the questionnaires' languages: group forms (110)
 * and translation review (120). Seeded with plain SQL valid at N-1, as every case there.
 */
export interface MigrationCase {
  /** Representative rows as a file at the previous version held them. */
  seed(db: Db): void;
  /** What version N must have done; `before` is every table's rows at N-1. */
  verify(db: Db, before: TableDump): void;
  /** Row counts at the latest version where a later step removes seeded rows (default: as seeded). */
  latestRows?: Record<string, number>;
}

export const questionnaireLanguageCases: Record<number, MigrationCase> = {
  110: {
    seed: seedAtVersion10,
    verify(db, before) {
      expectTablesUnchanged(db, before);
      // Each group gets English forms suggested from the label others used, to review in Setup.
      expect(
        db.prepare('SELECT group_id AS id, language, plural, singular, adjective, community FROM group_form ORDER BY group_id').all(),
      ).toEqual([
        {
          id: 1,
          language: 'en',
          plural: 'K-Albanians',
          singular: 'a K-Albanian',
          adjective: 'K-Albanian',
          community: 'the K-Albanian community',
        },
        {
          id: 2,
          language: 'en',
          plural: 'K-Serbians',
          singular: 'a K-Serbian',
          adjective: 'K-Serbian',
          community: 'the K-Serbian community',
        },
      ]);
      // Every form but the adjective is needed, and a group's forms go with the group.
      expect(() =>
        db.prepare("INSERT INTO group_form (group_id, language, plural, singular, community) VALUES (1, 'sq', '', 'x', 'y')").run(),
      ).toThrow(/CHECK constraint/);
      expect(() =>
        db.prepare("INSERT INTO group_form (group_id, language, plural, singular, community) VALUES (9, 'sq', 'x', 'x', 'y')").run(),
      ).toThrow(/FOREIGN KEY constraint/);
    },
  },
  120: {
    seed(db) {
      seedAtVersion10(db);
      db.exec(`
        INSERT INTO item_translation (language, item_code, wording, anchors) VALUES ('sq', 'att1', 'Si ndiheni për [group]?', '["1","2","3","4","5"]');
        INSERT INTO form_text (language, key, text) VALUES ('sq', 'consent', 'Pajtohem.');
      `);
    },
    verify(db, before) {
      const without = (table: string, columns: string[]) =>
        (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
          .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([key]) => !columns.includes(key)))))
          .sort();
      const { item_translation: translations, form_text: texts, questionnaire_version: versions, ...others } = before;
      expectTablesUnchanged(db, others);
      expect(without('item_translation', ['back_translation', 'status'])).toEqual(translations);
      expect(without('form_text', ['back_translation', 'status'])).toEqual(texts);
      expect(without('questionnaire_version', ['state'])).toEqual(versions);
      // Nobody recorded a check of the existing translations; the existing versions were complete, so they keep printing.
      expect(
        db
          .prepare('SELECT status, back_translation AS back FROM item_translation UNION ALL SELECT status, back_translation FROM form_text')
          .all(),
      ).toEqual([
        { status: 'draft', back: '' },
        { status: 'draft', back: '' },
      ]);
      expect(db.prepare('SELECT DISTINCT state FROM questionnaire_version').pluck().all()).toEqual(['ready']);
      expect(() => db.prepare("UPDATE item_translation SET status = 'approved'").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("UPDATE form_text SET status = ''").run()).toThrow(/CHECK constraint/);
      expect(() => db.prepare("UPDATE questionnaire_version SET state = 'printed'").run()).toThrow(/CHECK constraint/);
    },
  },
};
