import type { Db } from '../db/open';

export interface TrackedParticipant {
  id: string;
  group: string;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  status: 'active' | 'withdrawn';
  enrolledAt: string;
  /** Wave code -> when the usable response was keyed (ISO time). */
  usable: Map<string, string>;
}

export interface TrackedWave {
  code: string;
  label: string;
  position: number;
  windowStart: string | null;
  windowEnd: string | null;
}

export interface Design {
  /** `people`: the group as a plural noun in English ("K-Serbians"), for sentences; `name` is its label. */
  groups: { code: string; name: string; people?: string }[];
  arms: { code: string; name: string }[];
  sites: { code: string; name: string }[];
  cohorts: { code: string; name: string }[];
  waves: TrackedWave[];
  matchTarget: number;
  matchStretch: number;
}

/**
 * Reads what tracking needs in two queries. A response is *usable* when at least one item has an
 * answer (a value or text): a form returned blank, or with every item refused, cannot be matched
 * for analysis. Erased participants have left the study entirely and are not counted.
 */
/** The study's design as tracking reads it: groups, arms, sites, cohorts, waves and the targets. */
export function loadDesign(db: Db): Design {
  const coded = (table: string) => db.prepare(`SELECT code, name FROM ${table} ORDER BY position`).all() as { code: string; name: string }[];
  const study = db.prepare('SELECT match_target AS matchTarget, match_stretch AS matchStretch FROM study WHERE id = 1').get() as {
    matchTarget: number;
    matchStretch: number;
  };
  const waves = db
    .prepare('SELECT code, label, position, window_start AS windowStart, window_end AS windowEnd FROM wave ORDER BY position')
    .all() as TrackedWave[];
  // Sentences about a group ("60 % of K-Serbians are missing") need its plural, not its label.
  const groups = db
    .prepare(
      `SELECT g.code, g.name, coalesce(f.plural, g.label_for_others) AS people
         FROM identity_group g LEFT JOIN group_form f ON f.group_id = g.id AND f.language = 'en' ORDER BY g.position`,
    )
    .all() as Design['groups'];
  return { groups, arms: coded('arm'), sites: coded('site'), cohorts: coded('cohort'), waves, ...study };
}

export function loadTracking(db: Db): { design: Design; participants: TrackedParticipant[] } {
  const rows = db
    .prepare(
      `SELECT p.id, g.code AS grp, a.code AS arm, s.code AS site, c.code AS cohort, p.status, p.enrolled_at AS enrolledAt
         FROM participant p
         JOIN identity_group g ON g.id = p.identity_group_id
         LEFT JOIN arm a ON a.id = p.arm_id
         LEFT JOIN site s ON s.id = p.site_id
         LEFT JOIN cohort c ON c.id = p.cohort_id
        WHERE p.status <> 'erased'
        ORDER BY p.id`,
    )
    .all() as { id: string; grp: string; arm: string | null; site: string | null; cohort: string | null; status: 'active' | 'withdrawn'; enrolledAt: string }[];
  const participants = new Map<string, TrackedParticipant>(
    rows.map((row) => [
      row.id,
      { id: row.id, group: row.grp, arm: row.arm, site: row.site, cohort: row.cohort, status: row.status, enrolledAt: row.enrolledAt, usable: new Map() },
    ]),
  );
  const usable = db
    .prepare(
      `SELECT r.participant_id AS id, w.code AS wave, r.created_at AS at
         FROM response r JOIN wave w ON w.id = r.wave_id
        WHERE EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND (a.value IS NOT NULL OR a.text_value IS NOT NULL))`,
    )
    .all() as { id: string; wave: string; at: string }[];
  for (const row of usable) participants.get(row.id)?.usable.set(row.wave, row.at);
  return { design: loadDesign(db), participants: [...participants.values()] };
}
