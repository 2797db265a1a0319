import type { StudySummary } from '../../api/schemas';
import type { Db } from '../db/open';

/** Everything the study home and `mixwise info` show. Holds no name of any person. */
export function readStudySummary(db: Db): StudySummary {
  const study = db
    .prepare('SELECT name, country, created_at AS createdAt, match_target AS matchTarget, match_stretch AS matchStretch FROM study WHERE id = 1')
    .get() as Pick<StudySummary, 'name' | 'country' | 'createdAt' | 'matchTarget' | 'matchStretch'>;
  const coded = (table: string) =>
    db.prepare(`SELECT code, name FROM ${table} ORDER BY position`).all() as { code: string; name: string }[];
  const participants = db
    .prepare(
      `SELECT count(*) AS total,
              coalesce(sum(status = 'active'), 0) AS active,
              coalesce(sum(status = 'withdrawn'), 0) AS withdrawn
         FROM participant WHERE status <> 'erased'`,
    )
    .get() as StudySummary['participants'];
  return {
    ...study,
    identityGroups: db
      .prepare('SELECT code, name, label_for_others AS labelForOthers FROM identity_group ORDER BY position')
      .all() as StudySummary['identityGroups'],
    arms: coded('arm'),
    sites: coded('site'),
    cohorts: coded('cohort'),
    waves: db
      .prepare('SELECT code, label, window_start AS windowStart, window_end AS windowEnd FROM wave ORDER BY position')
      .all() as StudySummary['waves'],
    versions: db
      .prepare(
        `SELECT v.code, v.label, g.code AS identityGroup, v.language,
                (SELECT count(*) FROM version_item vi WHERE vi.version_id = v.id) AS items
           FROM questionnaire_version v JOIN identity_group g ON g.id = v.identity_group_id
          ORDER BY v.id`,
      )
      .all() as StudySummary['versions'],
    participants,
    // Questionnaires received as tracking counts them (tracking/counts.ts), so the Overview, `mixwise info`
    // and the dashboard agree: one with an answer that has a value or text, of a person not erased. A row
    // with only its ID typed has no questionnaire at all (migration 0100).
    responsesPerWave: db
      .prepare(
        `SELECT w.code AS wave,
                (SELECT count(*) FROM response r JOIN participant p ON p.id = r.participant_id
                   LEFT JOIN answer_digest d ON d.response_id = r.id
                  WHERE r.wave_id = w.id AND p.status <> 'erased'
                    AND coalesce(d.answered, EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id
                                                        AND (a.value IS NOT NULL OR a.text_value IS NOT NULL)))) AS responses
           FROM wave w ORDER BY w.position`,
      )
      .all() as StudySummary['responsesPerWave'],
  };
}
