import type { Db } from '../db/open';
import { loadDesign } from './load';
import { rateOf } from './rates';
import { assembleReport, resolveComparison, resolveThreshold, splitCounts, type Counted, type Dimension, type TrackingOptions, type TrackingReport, type WaveCounts } from './report';
import { verifiedPerWave } from './verified';

/**
 * The tracking report counted by SQLite: the study's participants grouped into their finest strata
 * (arm x group x site x cohort) with how many are enrolled and matched, and the per-wave counts.
 * Every split of the report is a sum of strata, so JavaScript sees a few dozen rows instead of
 * 10 000 participants and 24 000 questionnaires; that was most of a large study's recompute.
 *
 * The definitions are load.ts's and rates.ts's (the report.test compares this with trackingReport
 * on the same study): a questionnaire is usable when one item has a value or text, keyed by the
 * report date; a participant is matched with a usable questionnaire at every comparison wave;
 * erased participants are not counted.
 */

const USABLE = `
  SELECT r.participant_id AS pid, r.wave_id AS wave_id
    FROM response r
   WHERE r.created_at <= @asOf
     AND EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND (a.value IS NOT NULL OR a.text_value IS NOT NULL))
     -- Erased people are few: excluding them is cheaper than looking up everyone else.
     AND r.participant_id NOT IN (SELECT id FROM participant WHERE status = 'erased')`;

const COUNTS = `
  WITH usable AS MATERIALIZED (${USABLE}),
       matched AS (
         SELECT pid FROM usable
          WHERE wave_id IN (SELECT w.id FROM wave w WHERE w.code IN (SELECT value FROM json_each(@comparison)))
          GROUP BY pid HAVING count(*) = @needed),
       strata AS (
         SELECT p.identity_group_id AS g, p.arm_id AS a, p.site_id AS s, p.cohort_id AS c,
                count(*) AS enrolled, count(m.pid) AS matched
           FROM participant p LEFT JOIN matched m ON m.pid = p.id
          WHERE p.status <> 'erased'
          GROUP BY 1, 2, 3, 4)
  SELECT 'stratum' AS kind, g.code AS "group", a.code AS arm, s.code AS site, c.code AS cohort, enrolled, matched
    FROM strata JOIN identity_group g ON g.id = strata.g
    LEFT JOIN arm a ON a.id = strata.a LEFT JOIN site s ON s.id = strata.s LEFT JOIN cohort c ON c.id = strata.c
  UNION ALL
  SELECT 'received', w.code, NULL, NULL, NULL, count(*), NULL FROM usable u JOIN wave w ON w.id = u.wave_id GROUP BY w.code
  UNION ALL
  SELECT 'due', w.code, NULL, NULL, NULL,
         (SELECT count(*) FROM participant p WHERE p.status = 'active' AND (w.window_end IS NULL OR substr(p.enrolled_at, 1, 10) <= w.window_end)),
         NULL
    FROM wave w`;

interface Row {
  kind: 'stratum' | 'received' | 'due';
  group: string;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  enrolled: number;
  matched: number | null;
}

export function countedTrackingReport(db: Db, options: TrackingOptions = {}): TrackingReport {
  const design = loadDesign(db);
  const comparison = resolveComparison(design, options.comparison);
  const asOf = options.asOf ?? new Date().toISOString();
  const alarmThreshold = resolveThreshold(options);
  const rows = db.prepare(COUNTS).all({ asOf, comparison: JSON.stringify(comparison), needed: comparison.length }) as Row[];
  const strata: Counted[] = rows
    .filter((row) => row.kind === 'stratum')
    .map((row) => ({ arm: row.arm, group: row.group, site: row.site, cohort: row.cohort, enrolled: row.enrolled, matched: row.matched ?? 0 }));
  const perWave = (kind: Row['kind']) => new Map(rows.filter((row) => row.kind === kind).map((row) => [row.group, row.enrolled]));
  const received = perWave('received');
  const due = perWave('due');
  const enrolled = strata.reduce((sum, stratum) => sum + stratum.enrolled, 0);
  const matched = strata.reduce((sum, stratum) => sum + stratum.matched, 0);
  const active = db.prepare("SELECT count(*) FROM participant WHERE status = 'active'").pluck().get() as number;
  const verified = options.verified ?? verifiedPerWave(db);
  const day = asOf.slice(0, 10);
  const waves: WaveCounts[] = design.waves.map((wave) => ({
    wave: wave.code,
    label: wave.label,
    windowStart: wave.windowStart,
    windowEnd: wave.windowEnd,
    enrolled,
    active,
    due: wave.windowStart === null || wave.windowStart <= day ? (due.get(wave.code) ?? 0) : 0,
    received: received.get(wave.code) ?? 0,
    verified: verified.get(wave.code) ?? 0,
  }));
  const split = (dimensions: Dimension[]) => splitCounts(strata, dimensions, design);
  return assembleReport(design, comparison, asOf, alarmThreshold, split, rateOf(enrolled, matched, design.matchTarget, design.matchStretch), waves);
}
