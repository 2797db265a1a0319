import type { Migration } from '../../db/migrate';

/**
 * Imports of online waves (core/imports):
 * - entry_batch.kind: 'keyed' for a box of paper forms, 'import' for a file exported by KoboToolbox,
 *   Qualtrics or Excel. An import is a first-pass batch, so its forms count as received exactly like
 *   keyed ones; it is never keyed a second time (nothing was typed, there is nothing to misread).
 * - import_mapping: saved column mappings (file header -> item code, label -> code recodings), reusable
 *   for the next export of the same online form. JSON in the same format as the CLI's --map file.
 * - import_run: one committed import, with the file's SHA-256 so the match assistant can ask for the
 *   same file again (the file's identifying columns are never stored).
 * - import_held: rows of an import whose ID was missing or failed its check, held out of the study's
 *   data until the ID-keeper confirms a roster ID for them. Only the answers are kept (cell JSON as in
 *   entry_log), never the e-mail, initials or birth year the form collected.
 * - import_decision: every proposal the ID-keeper confirmed or rejected.
 */
export const onlineImports: Migration = {
  version: 60,
  name: '0060-online-imports',
  up(db) {
    db.exec(`
      ALTER TABLE entry_batch ADD COLUMN kind TEXT NOT NULL DEFAULT 'keyed' CHECK (kind IN ('keyed', 'import'));

      CREATE TABLE import_mapping (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        mapping TEXT NOT NULL CHECK (json_valid(mapping)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE import_run (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL UNIQUE REFERENCES entry_batch (id),
        file_name TEXT NOT NULL,
        file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
        mapping TEXT NOT NULL CHECK (json_valid(mapping)),
        rows_imported INTEGER NOT NULL CHECK (rows_imported >= 0),
        rows_held INTEGER NOT NULL CHECK (rows_held >= 0),
        actor TEXT NOT NULL CHECK (length(trim(actor)) > 0),
        imported_at TEXT NOT NULL
      );

      CREATE TABLE import_held (
        import_id INTEGER NOT NULL REFERENCES import_run (id),
        row_number INTEGER NOT NULL CHECK (row_number > 0),
        typed_id TEXT NOT NULL,
        cells TEXT NOT NULL CHECK (json_valid(cells)),
        participant_id TEXT REFERENCES participant (id),
        resolved_at TEXT,
        PRIMARY KEY (import_id, row_number),
        CHECK ((participant_id IS NULL) = (resolved_at IS NULL))
      ) WITHOUT ROWID;

      CREATE TABLE import_decision (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL,
        row_number INTEGER NOT NULL,
        participant_id TEXT NOT NULL REFERENCES participant (id),
        decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected')),
        decided_at TEXT NOT NULL,
        FOREIGN KEY (import_id, row_number) REFERENCES import_held (import_id, row_number)
      );
    `);
  },
};
