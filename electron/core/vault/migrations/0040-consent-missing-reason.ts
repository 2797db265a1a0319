import type { Migration } from '../../db/migrate';

/**
 * Enrolment no longer leaves consent silently empty (issue 25): a person is enrolled with consent
 * recorded in full, or with the ID-keeper's reason why it is not (e.g. "form kept by the partner
 * organisation"). That reason is free text about a person, so it lives in the person's row, never
 * in the audit log. People enrolled before this version keep NULL: nobody was asked then.
 */
export const vaultConsentMissingReason: Migration = {
  version: 40,
  name: '0040-consent-missing-reason',
  up(db) {
    db.exec(`
      ALTER TABLE person ADD COLUMN consent_missing_reason TEXT
        CHECK (consent_missing_reason IS NULL OR length(trim(consent_missing_reason)) > 0);
    `);
  },
};
