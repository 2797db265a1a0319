import type { Migration } from '../../db/migrate';
import { seedEnglishForms } from '../../instruments/groupForms';

/**
 * How a questionnaire names each identity group, per language (issue 24, point 1): a plural noun
 * ("K-Serbians"), one person with the article ("a K-Serbian"), an adjective when the language has one
 * ("K-Serbian"), and the group as one body ("the K-Serbian community"). One label used to fill every
 * placeholder, which printed "a newcomers person". Existing studies get English forms suggested from
 * the label others used for the group (what [group] printed until now), to review in Setup.
 */
export const groupForms: Migration = {
  version: 110,
  name: '0110-group-forms',
  up(db) {
    db.exec(`
      CREATE TABLE group_form (
        group_id INTEGER NOT NULL REFERENCES identity_group (id) ON DELETE CASCADE,
        language TEXT NOT NULL,
        plural TEXT NOT NULL CHECK (length(plural) BETWEEN 1 AND 200),
        singular TEXT NOT NULL CHECK (length(singular) BETWEEN 1 AND 200),
        adjective TEXT NOT NULL DEFAULT '' CHECK (length(adjective) <= 200),
        community TEXT NOT NULL CHECK (length(community) BETWEEN 1 AND 200),
        PRIMARY KEY (group_id, language)
      );
    `);
    const groups = db.prepare('SELECT id, label_for_others AS label FROM identity_group').all() as { id: number; label: string }[];
    for (const group of groups) seedEnglishForms(db, group.id, group.label);
  },
};
