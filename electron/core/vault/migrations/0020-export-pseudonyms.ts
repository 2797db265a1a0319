import type { Migration } from '../../db/migrate';

/**
 * Anonymised exports (core/exports) keep their record here, in the vault, because only the
 * ID-keeper may link an export back to people:
 * - export_run: one row per export written while the vault was unlocked: when, what layout, the
 *   k-anonymity settings and, when the person exporting overrode a failed k-anonymity check, the
 *   reason they gave (free text, so it lives here rather than in the audit log, which takes fixed
 *   words only; the audit entry points at the run by its number).
 * - export_pseudonym: the fresh pseudonyms of a re-keyed export, mapped to participant IDs. This
 *   mapping exists nowhere else, so the export alone cannot be joined to the study's IDs.
 * Both are append-only, like the audit log: a record of what left the laptop is never rewritten.
 */
export const vaultExportPseudonyms: Migration = {
  version: 20,
  name: '0020-export-pseudonyms',
  up(db) {
    db.exec(`
      CREATE TABLE export_run (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('xlsx', 'csv', 'long')),
        rekeyed INTEGER NOT NULL CHECK (rekeyed IN (0, 1)),
        k INTEGER NOT NULL CHECK (k >= 2),
        quasi_identifiers TEXT NOT NULL DEFAULT '[]',
        risky_rows INTEGER NOT NULL DEFAULT 0 CHECK (risky_rows >= 0),
        override_reason TEXT,
        client TEXT NOT NULL,
        CHECK (override_reason IS NULL OR length(trim(override_reason)) > 0)
      );
      CREATE TABLE export_pseudonym (
        run_id INTEGER NOT NULL REFERENCES export_run (id),
        participant_id TEXT NOT NULL,
        pseudonym TEXT NOT NULL,
        PRIMARY KEY (run_id, participant_id),
        UNIQUE (run_id, pseudonym)
      ) WITHOUT ROWID;
      CREATE TRIGGER export_run_no_update BEFORE UPDATE ON export_run
        BEGIN SELECT RAISE(ABORT, 'export_run is append-only'); END;
      CREATE TRIGGER export_run_no_delete BEFORE DELETE ON export_run
        BEGIN SELECT RAISE(ABORT, 'export_run is append-only'); END;
      CREATE TRIGGER export_pseudonym_no_update BEFORE UPDATE ON export_pseudonym
        BEGIN SELECT RAISE(ABORT, 'export_pseudonym is append-only'); END;
      CREATE TRIGGER export_pseudonym_no_delete BEFORE DELETE ON export_pseudonym
        BEGIN SELECT RAISE(ABORT, 'export_pseudonym is append-only'); END;
    `);
  },
};
