import type { Migration } from '../../db/migrate';

/**
 * The dashboard's match and attrition counts (tracking/counts.ts) look up each participant's
 * questionnaires and read their wave and when they were keyed. The table's own key on
 * (participant_id, wave_id) has the wave but not the date, so each of a 10 000-person study's
 * 24 000 questionnaires cost a second lookup in the table. This index holds all three, and the
 * count reads the index alone (measured on that study: about 15 % of the recompute).
 */
export const responseByParticipant: Migration = {
  version: 90,
  name: '0090-response-by-participant',
  up(db) {
    db.exec('CREATE INDEX response_by_participant ON response (participant_id, wave_id, created_at)');
  },
};
