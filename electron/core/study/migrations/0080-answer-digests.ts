import type { Migration } from '../../db/migrate';

/**
 * Each questionnaire's answers as the analysis and the dashboard read them, kept in one row
 * (responses/digests.ts): its numeric answers as one comma-separated list laid out over its
 * version's items (a layout, stored once in answer_layout), and whether any item has a value or
 * text (a usable questionnaire, tracking/load.ts). Reading 24 000 such rows replaces aggregating
 * 1.3 M answers on every analysis of a 10 000-person study (400 against 35-55 ms).
 *
 * A digest is never updated, only dropped. Changing or deleting an answer drops its questionnaire's
 * digest by trigger, and so does deleting the questionnaire (cascade) or making one under its id.
 * Adding an answer does not: a trigger on every answer inserted cost an import of 3 800 forms a
 * sixth of its time, for questionnaires that are new and have no digest. A writer that adds answers
 * to a questionnaire that may have one drops it itself (responses/digests.ts DROP_DIGEST; the
 * writers are listed in digests.test.ts). Readers take a questionnaire without a digest from its
 * answers; the analysis writes the missing digests before it reads.
 */
export const answerDigests: Migration = {
  version: 80,
  name: '0080-answer-digests',
  up(db) {
    db.exec(`
      CREATE TABLE answer_layout (
        id INTEGER PRIMARY KEY,
        codes TEXT NOT NULL UNIQUE
      );
      CREATE TABLE answer_digest (
        response_id INTEGER PRIMARY KEY REFERENCES response (id) ON DELETE CASCADE,
        answered INTEGER NOT NULL CHECK (answered IN (0, 1)),
        n INTEGER NOT NULL CHECK (n >= -1),
        layout_id INTEGER REFERENCES answer_layout (id),
        vals TEXT,
        CHECK ((n <= 0) = (layout_id IS NULL) AND (n <= 0) = (vals IS NULL))
      );
      CREATE TRIGGER answer_digest_on_update AFTER UPDATE ON answer
      BEGIN
        DELETE FROM answer_digest WHERE response_id = OLD.response_id;
        DELETE FROM answer_digest WHERE response_id = NEW.response_id;
      END;
      CREATE TRIGGER answer_digest_on_delete AFTER DELETE ON answer
      BEGIN DELETE FROM answer_digest WHERE response_id = OLD.response_id; END;
      CREATE TRIGGER answer_digest_on_response AFTER INSERT ON response
      BEGIN DELETE FROM answer_digest WHERE response_id = NEW.id; END;
    `);
  },
};
