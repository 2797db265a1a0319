import type { Migration } from '../../db/migrate';

/**
 * The call log (issue 25, point 2): each attempt to reach a person on a follow-up list, with the
 * wave it was for, the day, the channel, the outcome, when to try next and a short note. It lives
 * in the vault only: a note is free text about a person. Rows are kept as written (a wrong entry is
 * corrected by the next one), and deleted only with the person's identity (erase.ts), so nothing
 * of what was said survives an erasure. The checks repeat the contract's limits, so that no other
 * writer can store a longer note or a date the app cannot read.
 */
export const vaultCallLog: Migration = {
  version: 50,
  name: '0050-call-log',
  up(db) {
    db.exec(`
      CREATE TABLE call_attempt (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        participant_id TEXT NOT NULL REFERENCES issued_id (id),
        wave TEXT NOT NULL CHECK (length(wave) BETWEEN 1 AND 24),
        called_on TEXT NOT NULL CHECK (called_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        channel TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'email', 'visit')),
        outcome TEXT NOT NULL
          CHECK (outcome IN ('reached', 'no_answer', 'wrong_number', 'refused', 'moved_away', 'will_come')),
        next_attempt TEXT CHECK (next_attempt IS NULL OR (next_attempt GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                                                          AND next_attempt >= called_on)),
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 280),
        created_at TEXT NOT NULL
      );
      CREATE INDEX call_attempt_by_person ON call_attempt (participant_id, wave, called_on);
    `);
  },
};
