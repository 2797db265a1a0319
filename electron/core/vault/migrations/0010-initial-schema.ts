import type { Migration } from '../../db/migrate';

/**
 * SQL for triggers that make a table append-only: rows can be added, never changed or removed.
 * Private to this step on purpose: a later migration writes its own SQL, so this one never changes.
 */
function appendOnly(table: string): string {
  return `
    CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
    CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
      BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`;
}

/**
 * The vault's first schema: the only place in Mixwise where a participant's name, contacts and
 * consent are kept. It is bound to one study by the study's uuid. IDs issued, the audit log and the
 * allocation record are append-only, enforced by triggers rather than by convention, so that
 * neither a bug nor a hurried user can rewrite history through the app.
 */
export const vaultInitialSchema: Migration = {
  version: 10,
  name: '0010-initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE vault (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uuid TEXT NOT NULL,
        study_uuid TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO setting (key, value) VALUES ('idle_lock_seconds', '300'), ('backup_keep', '7');

      -- Every ID ever issued for the study, erased ones included, so that an ID is never reused.
      CREATE TABLE issued_id (
        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 4 AND 12 AND id NOT GLOB '*[^0-9]*'),
        legacy INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
        issued_at TEXT NOT NULL
      );

      CREATE TABLE person (
        participant_id TEXT PRIMARY KEY REFERENCES issued_id (id),
        name TEXT,
        birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
        phone TEXT,
        email TEXT,
        address TEXT,
        preferred_channel TEXT CHECK (preferred_channel IN ('phone', 'sms', 'email', 'post', 'in_person')),
        consent_date TEXT,
        consent_form_version TEXT,
        consent_by TEXT CHECK (consent_by IN ('participant', 'guardian')),
        guardian_name TEXT,
        notes TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'identity_erased')),
        withdrawn_at TEXT,
        withdrawal_reason TEXT,
        identity_erased_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- A name is required until the identity is erased, and gone afterwards.
        CHECK ((status = 'identity_erased') = (name IS NULL))
      );

      -- No names here, ever: details are IDs, counts and fixed words (see audit.ts).
      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      );

      -- Each assignment run with what it takes to reproduce it: the seed, the algorithm's name and
      -- the arms' counts per stratum before the run.
      CREATE TABLE allocation_run (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('random', 'waitlist', 'manual')),
        algorithm TEXT NOT NULL,
        seed TEXT,
        places INTEGER,
        prior TEXT NOT NULL DEFAULT '{}'
      );
      CREATE TABLE allocation (
        run_id INTEGER NOT NULL REFERENCES allocation_run (id),
        position INTEGER NOT NULL,
        participant_id TEXT NOT NULL,
        stratum TEXT NOT NULL,
        arm_code TEXT NOT NULL,
        PRIMARY KEY (run_id, participant_id)
      );
      ${appendOnly('issued_id')}
      ${appendOnly('audit')}
      ${appendOnly('allocation_run')}
      ${appendOnly('allocation')}
    `);
  },
};
