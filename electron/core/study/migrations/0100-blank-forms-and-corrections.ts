import type { Migration } from '../../db/migrate';

/**
 * Blank forms and corrections of forms (issue 23, point 4):
 *
 * - A questionnaire is a response with at least one answer. Keying used to make a response as soon
 *   as a row's ID was typed, so a row left blank became an empty questionnaire that counted as
 *   received and blocked the real form's import or keying elsewhere. Keying now makes the response
 *   with the first answer and drops it with the last (entry/cells.ts); the empty ones already in a
 *   file are detached from their row and deleted here (their digests go by cascade). One kind is
 *   kept: an empty response a merge conflict waits on (its incoming values would go with it).
 *
 * - entry_log is rebuilt with two more actions, 'delete' and 'restore' (a clerk deletes a row keyed by
 *   mistake and may undo it; the deleted row's whole content is the 'delete' line's `before`), and
 *   'move' (an evaluator moved the row's form to another ID). SQLite cannot change a CHECK in
 *   place. row_id no longer references entry_row: the trail of a deleted row outlives the row, and a
 *   restored row takes its id back. Ids and lines are copied unchanged.
 *
 * - form_change: an evaluator deleted or moved a whole questionnaire, with the reason, who (their own
 *   name as typed, like a clerk's) and when. `before` keeps the form as it was (version, source, answers
 *   as cell JSON): IDs and answers only, never a person's name.
 */
export const blankFormsAndCorrections: Migration = {
  version: 100,
  name: '0100-blank-forms-and-corrections',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE empty_response AS
        SELECT r.id FROM response r
         WHERE NOT EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id)
           AND NOT EXISTS (SELECT 1 FROM merge_conflict c WHERE c.response_id = r.id);
      UPDATE entry_row SET response_id = NULL WHERE response_id IN (SELECT id FROM empty_response);
      DELETE FROM response WHERE id IN (SELECT id FROM empty_response);
      DROP TABLE empty_response;

      CREATE TABLE entry_log_new (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES entry_batch (id),
        row_id INTEGER,
        item_code TEXT,
        action TEXT NOT NULL CHECK (action IN ('id', 'key', 'paste', 'undo', 'redo', 'clear', 'resolve', 'delete', 'restore', 'move')),
        before TEXT,
        after TEXT,
        actor TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      INSERT INTO entry_log_new (id, batch_id, row_id, item_code, action, before, after, actor, at)
        SELECT id, batch_id, row_id, item_code, action, before, after, actor, at FROM entry_log;
      DROP TABLE entry_log;
      ALTER TABLE entry_log_new RENAME TO entry_log;
      CREATE INDEX entry_log_by_batch ON entry_log (batch_id, at);
      CREATE INDEX entry_log_deleted ON entry_log (batch_id, row_id) WHERE action = 'delete';

      CREATE TABLE form_change (
        id INTEGER PRIMARY KEY,
        action TEXT NOT NULL CHECK (action IN ('delete', 'move')),
        participant_id TEXT NOT NULL REFERENCES participant (id),
        wave_id INTEGER NOT NULL REFERENCES wave (id),
        to_participant_id TEXT REFERENCES participant (id),
        to_wave_id INTEGER REFERENCES wave (id),
        before TEXT NOT NULL CHECK (json_valid(before)),
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        changed_by TEXT NOT NULL CHECK (length(trim(changed_by)) > 0),
        changed_at TEXT NOT NULL,
        CHECK ((action = 'delete' AND to_participant_id IS NULL AND to_wave_id IS NULL)
            OR (action = 'move' AND (to_participant_id IS NOT NULL OR to_wave_id IS NOT NULL)))
      );
      CREATE INDEX form_change_by_participant ON form_change (participant_id);
    `);
  },
};
