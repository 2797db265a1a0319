import type { SetupView } from '../../api/contracts/setup';
import type { Db } from '../db/open';
import { readGroupForms, studyLanguages, suggestEnglishForms } from '../instruments/groupForms';

/** The setup screen's data: the design, and for each row how much data holds on to it. */
export function readSetup(db: Db): SetupView {
  const study = db.prepare('SELECT name, country, match_target AS target, match_stretch AS stretch FROM study WHERE id = 1').get() as {
    name: string;
    country: string;
    target: number;
    stretch: number;
  };
  const coded = (table: 'arm' | 'site' | 'cohort', column: string) =>
    db
      .prepare(`SELECT t.code, t.name, (SELECT count(*) FROM participant p WHERE p.${column} = t.id) AS participants FROM ${table} t ORDER BY t.position`)
      .all() as SetupView['arms'];
  return {
    name: study.name,
    country: study.country,
    // Stored as shares, shown and edited as percentages; rounding hides float noise (0.8 * 100).
    matchTarget: Math.round(study.target * 1000) / 10,
    matchStretch: Math.round(study.stretch * 1000) / 10,
    groups: db
      .prepare(
        `SELECT g.code, g.name, g.label_for_others AS labelForOthers, g.audience,
                (SELECT count(*) FROM participant p WHERE p.identity_group_id = g.id) AS participants,
                (SELECT count(*) FROM questionnaire_version v WHERE v.identity_group_id = g.id) AS versions
           FROM identity_group g ORDER BY g.position`,
      )
      .all() as SetupView['groups'],
    languages: studyLanguages(db),
    groupForms: readGroupForms(db),
    suggestedForms: Object.fromEntries(
      (db.prepare('SELECT code, label_for_others AS label FROM identity_group ORDER BY position').all() as { code: string; label: string }[]).map(
        (group) => [group.code, suggestEnglishForms(group.label)],
      ),
    ),
    arms: coded('arm', 'arm_id'),
    sites: coded('site', 'site_id'),
    cohorts: coded('cohort', 'cohort_id'),
    waves: db
      .prepare(
        `SELECT w.code, w.label, w.window_start AS windowStart, w.window_end AS windowEnd,
                (SELECT count(*) FROM response r WHERE r.wave_id = w.id) AS responses
           FROM wave w ORDER BY w.position`,
      )
      .all() as SetupView['waves'],
  };
}
