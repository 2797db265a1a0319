import type { Migration } from '../../db/migrate';

/**
 * The study file's first schema. It never holds a name or a contact: participants are known here by
 * their ID alone, the vault file links IDs to people.
 */
export const initialSchema: Migration = {
  version: 10,
  name: '0010-initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE study (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uuid TEXT NOT NULL,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        country TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        match_target REAL NOT NULL DEFAULT 0.80 CHECK (match_target > 0 AND match_target <= 1),
        match_stretch REAL NOT NULL DEFAULT 0.85 CHECK (match_stretch > 0 AND match_stretch <= 1)
      );
      CREATE TABLE identity_group (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        label_for_others TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE arm (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE site (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE cohort (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE wave (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        position INTEGER NOT NULL,
        window_start TEXT,
        window_end TEXT,
        CHECK (window_start IS NULL OR window_end IS NULL OR window_start <= window_end)
      );
      CREATE TABLE item (
        code TEXT PRIMARY KEY,
        concept TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('likert', 'yesno', 'number', 'choice', 'text')),
        min_value INTEGER,
        max_value INTEGER,
        reverse_keyed INTEGER NOT NULL DEFAULT 0 CHECK (reverse_keyed IN (0, 1)),
        source TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE questionnaire_version (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        identity_group_id INTEGER NOT NULL REFERENCES identity_group (id),
        language TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE version_item (
        version_id INTEGER NOT NULL REFERENCES questionnaire_version (id),
        position INTEGER NOT NULL,
        item_code TEXT NOT NULL REFERENCES item (code),
        wording TEXT NOT NULL,
        anchors TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (version_id, position),
        UNIQUE (version_id, item_code)
      );
      CREATE TABLE participant (
        id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 4 AND 12 AND id NOT GLOB '*[^0-9]*'),
        identity_group_id INTEGER NOT NULL REFERENCES identity_group (id),
        arm_id INTEGER REFERENCES arm (id),
        site_id INTEGER REFERENCES site (id),
        cohort_id INTEGER REFERENCES cohort (id),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn', 'erased')),
        legacy_id INTEGER NOT NULL DEFAULT 0 CHECK (legacy_id IN (0, 1)),
        enrolled_at TEXT NOT NULL
      );
      CREATE TABLE response (
        id INTEGER PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participant (id),
        wave_id INTEGER NOT NULL REFERENCES wave (id),
        version_id INTEGER NOT NULL REFERENCES questionnaire_version (id),
        source TEXT NOT NULL DEFAULT 'paper',
        created_at TEXT NOT NULL,
        UNIQUE (participant_id, wave_id)
      );
      CREATE TABLE answer (
        response_id INTEGER NOT NULL REFERENCES response (id) ON DELETE CASCADE,
        item_code TEXT NOT NULL,
        value INTEGER,
        missing TEXT CHECK (missing IN ('skipped', 'refused', 'dont_know')),
        text_value TEXT,
        PRIMARY KEY (response_id, item_code),
        CHECK (value IS NOT NULL OR missing IS NOT NULL OR text_value IS NOT NULL)
      ) WITHOUT ROWID;
      CREATE INDEX response_by_wave ON response (wave_id);
    `);
  },
};
