import type { Migration } from '../../db/migrate';

/**
 * Keying paper questionnaires (core/entry):
 * - entry_batch: one box of paper forms for one wave and questionnaire version, keyed by one clerk.
 *   A second, blind keying of the same box is a batch of pass 2 pointing at the first (at most one).
 * - entry_row: one paper form of a batch, in keyed order. A first-pass row owns the study's response
 *   (its answers are the study's data); a second-pass row keeps its answers apart, in entry_cell,
 *   until they are compared with the first.
 * - entry_resolution: how each disagreement between the two passes was settled, and by whom.
 * - entry_log: every accepted change with its before and after and who made it: the audit trail of
 *   keying and of resolutions, each cell's history, and the keying statistics (active time).
 * Cell values in entry_log and entry_resolution are JSON: a number, {"missing": reason},
 * {"text": "..."} or null for an empty cell.
 */
export const dataEntry: Migration = {
  version: 40,
  name: '0040-data-entry',
  up(db) {
    db.exec(`
      CREATE TABLE entry_batch (
        id INTEGER PRIMARY KEY,
        wave_id INTEGER NOT NULL REFERENCES wave (id),
        version_id INTEGER NOT NULL REFERENCES questionnaire_version (id),
        site_id INTEGER REFERENCES site (id),
        label TEXT NOT NULL CHECK (length(trim(label)) > 0),
        clerk TEXT NOT NULL CHECK (length(trim(clerk)) > 0),
        keyed_on TEXT NOT NULL CHECK (keyed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        pass INTEGER NOT NULL CHECK (pass IN (1, 2)),
        parent_batch_id INTEGER REFERENCES entry_batch (id),
        created_at TEXT NOT NULL,
        CHECK ((pass = 1 AND parent_batch_id IS NULL) OR (pass = 2 AND parent_batch_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX entry_batch_one_second_pass ON entry_batch (parent_batch_id) WHERE parent_batch_id IS NOT NULL;

      CREATE TABLE entry_row (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES entry_batch (id),
        position INTEGER NOT NULL CHECK (position > 0),
        participant_id TEXT NOT NULL REFERENCES participant (id),
        response_id INTEGER REFERENCES response (id),
        status TEXT NOT NULL DEFAULT 'keying' CHECK (status IN ('keying', 'complete')),
        keystrokes INTEGER NOT NULL DEFAULT 0 CHECK (keystrokes >= 0),
        corrections INTEGER NOT NULL DEFAULT 0 CHECK (corrections >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (batch_id, position),
        UNIQUE (batch_id, participant_id)
      );
      CREATE UNIQUE INDEX entry_row_by_response ON entry_row (response_id) WHERE response_id IS NOT NULL;

      CREATE TABLE entry_cell (
        row_id INTEGER NOT NULL REFERENCES entry_row (id) ON DELETE CASCADE,
        item_code TEXT NOT NULL,
        value INTEGER,
        missing TEXT CHECK (missing IN ('skipped', 'refused', 'dont_know')),
        text_value TEXT,
        PRIMARY KEY (row_id, item_code),
        CHECK (value IS NOT NULL OR missing IS NOT NULL OR text_value IS NOT NULL)
      ) WITHOUT ROWID;

      CREATE TABLE entry_resolution (
        batch_id INTEGER NOT NULL REFERENCES entry_batch (id),
        participant_id TEXT NOT NULL,
        item_code TEXT NOT NULL,
        first_value TEXT,
        second_value TEXT,
        final_value TEXT,
        chosen_by TEXT NOT NULL CHECK (length(trim(chosen_by)) > 0),
        chosen_at TEXT NOT NULL,
        PRIMARY KEY (batch_id, participant_id, item_code)
      ) WITHOUT ROWID;

      CREATE TABLE entry_log (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES entry_batch (id),
        row_id INTEGER REFERENCES entry_row (id),
        item_code TEXT,
        action TEXT NOT NULL CHECK (action IN ('id', 'key', 'paste', 'undo', 'redo', 'clear', 'resolve')),
        before TEXT,
        after TEXT,
        actor TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX entry_log_by_batch ON entry_log (batch_id, at);
    `);
  },
};
