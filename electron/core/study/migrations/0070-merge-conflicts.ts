import type { Migration } from '../../db/migrate';

/**
 * Merging forms keyed on another laptop (core/merge):
 * - merge_import: one imported batch file, with what it brought (counts only, never a value).
 * - merge_conflict: a cell the file and this study hold with different values. The incoming value
 *   is not applied; the conflict waits here until someone checks the paper and chooses the final
 *   value (final_value, chosen_by, chosen_at). A first-keying conflict points at the study's
 *   response, a second-keying one at the second keying's row. Values are JSON as in entry_resolution.
 */
export const mergeConflicts: Migration = {
  version: 70,
  name: '0070-merge-conflicts',
  up(db) {
    db.exec(`
      CREATE TABLE merge_import (
        id INTEGER PRIMARY KEY,
        source_created_at TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        batches_added INTEGER NOT NULL CHECK (batches_added >= 0),
        forms_added INTEGER NOT NULL CHECK (forms_added >= 0),
        forms_identical INTEGER NOT NULL CHECK (forms_identical >= 0),
        conflicts INTEGER NOT NULL CHECK (conflicts >= 0)
      );

      CREATE TABLE merge_conflict (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES merge_import (id),
        participant_id TEXT NOT NULL REFERENCES participant (id),
        wave_id INTEGER NOT NULL REFERENCES wave (id),
        pass INTEGER NOT NULL CHECK (pass IN (1, 2)),
        response_id INTEGER REFERENCES response (id) ON DELETE CASCADE,
        row_id INTEGER REFERENCES entry_row (id) ON DELETE CASCADE,
        item_code TEXT NOT NULL,
        here_value TEXT,
        incoming_value TEXT,
        incoming_clerk TEXT NOT NULL,
        final_value TEXT,
        chosen_by TEXT,
        chosen_at TEXT,
        CHECK ((pass = 1 AND response_id IS NOT NULL AND row_id IS NULL) OR (pass = 2 AND row_id IS NOT NULL AND response_id IS NULL)),
        CHECK (here_value IS NOT incoming_value),
        CHECK ((chosen_at IS NULL AND chosen_by IS NULL AND final_value IS NULL) OR (chosen_at IS NOT NULL AND length(trim(chosen_by)) > 0))
      );
      CREATE INDEX merge_conflict_open ON merge_conflict (chosen_at, participant_id);
    `);
  },
};
