import type { Migration } from '../../db/migrate';

/**
 * Study-wide settings that later features read: the numeric codes for missing answers (exported as
 * such, the toolkit's analysts expect 97/98/99) and the share of a scale's items a respondent must
 * answer for a scale score.
 */
export const studySettings: Migration = {
  version: 20,
  name: '0020-study-settings',
  up(db) {
    db.exec(`
      CREATE TABLE setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO setting (key, value) VALUES
        ('missing_code.skipped', '97'),
        ('missing_code.refused', '98'),
        ('missing_code.dont_know', '99'),
        ('scale.min_answered_share', '0.5');
    `);
  },
};
