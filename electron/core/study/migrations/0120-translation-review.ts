import type { Migration } from '../../db/migrate';

/**
 * Translations as the toolkit asks (issue 24, point 2): each translated item and form text keeps an
 * optional back-translation and a review status, and a version says whether it is ready for printing.
 *
 * Existing translations start as 'draft': nobody recorded that they were checked, and claiming a
 * review that never happened would be worse than asking for one. Existing versions stay 'ready':
 * until now a version could only be made once every one of its texts was translated, so each of them
 * is complete, and their forms keep printing exactly what they printed. A version saved from now on
 * whose texts are missing or unchecked is a 'draft' until it is marked ready.
 */
export const translationReview: Migration = {
  version: 120,
  name: '0120-translation-review',
  up(db) {
    db.exec(`
      ALTER TABLE item_translation ADD COLUMN back_translation TEXT NOT NULL DEFAULT '';
      ALTER TABLE item_translation ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'checked'));
      ALTER TABLE form_text ADD COLUMN back_translation TEXT NOT NULL DEFAULT '';
      ALTER TABLE form_text ADD COLUMN status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'checked'));
      ALTER TABLE questionnaire_version ADD COLUMN state TEXT NOT NULL DEFAULT 'ready' CHECK (state IN ('draft', 'ready'));
    `);
  },
};
