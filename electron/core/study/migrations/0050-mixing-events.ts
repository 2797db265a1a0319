import type { Migration } from '../../db/migrate';

/**
 * Behavioural measures (toolkit 4.1, "Options for measures to complement survey responses"):
 * later social mixing events and, per participant ID, whether they signed up and whether they came.
 */
export const mixingEvents: Migration = {
  version: 50,
  name: '0050-mixing-events',
  up(db) {
    db.exec(`
      CREATE TABLE mixing_event (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        held_on TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        created_at TEXT NOT NULL
      );
      CREATE TABLE event_participation (
        event_id INTEGER NOT NULL REFERENCES mixing_event (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participant (id),
        signed_up INTEGER NOT NULL CHECK (signed_up IN (0, 1)),
        attended INTEGER NOT NULL CHECK (attended IN (0, 1)),
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (event_id, participant_id)
      ) WITHOUT ROWID;
    `);
  },
};
