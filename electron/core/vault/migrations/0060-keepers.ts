import type { Migration } from '../../db/migrate';

/**
 * The ID-keepers who work in this vault (issue 25, point 5): the audit log names the person acting,
 * never "App". The chain itself holds only the keeper's number (audit entries take numbers and
 * fixed words, never free text); the name is looked up here when the log is read. So that an old
 * entry never comes to name someone else, a keeper's row is never changed or deleted.
 */
export const vaultKeepers: Migration = {
  version: 60,
  name: '0060-keepers',
  up(db) {
    db.exec(`
      CREATE TABLE keeper (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 100 AND name = trim(name)),
        created_at TEXT NOT NULL
      );
      CREATE TRIGGER keeper_no_update BEFORE UPDATE ON keeper BEGIN SELECT RAISE(ABORT, 'keeper is append-only'); END;
      CREATE TRIGGER keeper_no_delete BEFORE DELETE ON keeper BEGIN SELECT RAISE(ABORT, 'keeper is append-only'); END;
    `);
  },
};
