import type { Db } from '../db/open';
import { heldPerWave } from '../imports/held';
import { dueFor, isCountedDue, previousOf } from './due';
import { loadDesign, loadTracking } from './load';
import { rateOf } from './rates';
import {
  assembleReport,
  formsOf,
  resolveComparison,
  resolveThreshold,
  splitCounts,
  trackingReport,
  type Counted,
  type Dimension,
  type TrackingOptions,
  type TrackingReport,
  type WaveCounts,
} from './report';
import { verifiedPerWave } from './verified';

/**
 * The tracking report counted by SQLite: the study's participants grouped by their finest stratum
 * (arm x group x site x cohort) and by which waves they have a usable questionnaire for, written as
 * a bit mask (bit w = the design's w-th wave). Every figure of the report is a sum over those few
 * dozen groups: who is matched for any comparison, the questionnaires received per wave, who is
 * active and who is due. JavaScript sees a few dozen rows instead of 10 000 participants and
 * 24 000 questionnaires.
 *
 * Whether a questionnaire is usable comes from its answer digest (responses/digests.ts) where it has
 * one, else from its answers, looked up per participant along the (participant, wave) key: a
 * separate pass over every questionnaire first, in the table's order, took longer once digests
 * existed (10 000-person study: 44 against 56 ms with digests, 53 against 59 without).
 *
 * The definitions are load.ts's and rates.ts's (counts.test.ts compares this with trackingReport
 * on the same study): a questionnaire is usable when one item has a value or text, keyed by the
 * report date; a participant is matched with a usable questionnaire at every comparison wave;
 * erased participants are not counted.
 */

/** Masks are summed by SQLite and read back as JavaScript numbers: exact up to 2^53. */
const MAX_MASKED_WAVES = 52;

/**
 * Who is due depends on a person only through the day they joined compared with the waves' window
 * ends (due.ts's isExpected), so SQLite puts each participant in a bucket: the first window end on
 * or after the day they joined (ends[k]), or past them all. due.ts then judges one representative day
 * per bucket, and the rule stays written once.
 */
function countsQuery(waves: number, ends: number): string {
  const bits = Array.from({ length: waves }, (_, bit) => `WHEN @wave${bit} THEN ${2 ** bit}`).join(' ');
  const buckets = Array.from({ length: ends }, (_, k) => `WHEN substr(p.enrolled_at, 1, 10) <= @windowEnd${k} THEN ${k}`).join(' ');
  const joined = ends > 0 ? `CASE ${buckets} ELSE ${ends} END` : '0';
  return `
  WITH grouped AS (
    SELECT p.identity_group_id AS g, p.arm_id AS a, p.site_id AS s, p.cohort_id AS c,
           coalesce((SELECT sum(CASE r.wave_id ${bits} ELSE 0 END) FROM response r LEFT JOIN answer_digest d ON d.response_id = r.id
                      WHERE r.participant_id = p.id AND r.created_at <= @asOf
                        AND coalesce(d.answered, EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND (a.value IS NOT NULL OR a.text_value IS NOT NULL)))), 0) AS mask,
           ${joined} AS joined,
           count(*) AS enrolled, sum(p.status = 'active') AS active
      FROM participant p
     WHERE p.status <> 'erased'
     GROUP BY 1, 2, 3, 4, 5, 6)
  SELECT g.code AS "group", a.code AS arm, s.code AS site, c.code AS cohort, grouped.*
    FROM grouped JOIN identity_group g ON g.id = grouped.g
    LEFT JOIN arm a ON a.id = grouped.a LEFT JOIN site s ON s.id = grouped.s LEFT JOIN cohort c ON c.id = grouped.c`;
}

interface Row {
  group: string;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  mask: number;
  enrolled: number;
  active: number;
  /** The joining bucket: index into the sorted window ends, or their count when past them all. */
  joined: number;
}

const hasBit = (mask: number, bit: number) => Math.floor(mask / 2 ** bit) % 2 === 1;

export function countedTrackingReport(db: Db, options: TrackingOptions = {}): TrackingReport {
  const design = loadDesign(db);
  if (design.waves.length > MAX_MASKED_WAVES) {
    // More waves than a mask holds (no evaluation the toolkit describes comes near): count the loaded participants.
    const { participants } = loadTracking(db);
    const asOf = options.asOf ?? new Date().toISOString();
    return trackingReport(design, participants, { verified: verifiedPerWave(db), held: heldPerWave(db, asOf), ...options, asOf });
  }
  const comparison = resolveComparison(design, options.comparison);
  const asOf = options.asOf ?? new Date().toISOString();
  const alarmThreshold = resolveThreshold(options);
  const waveIds = db.prepare('SELECT code, id FROM wave').raw().all() as [string, number][];
  const idOf = new Map(waveIds);
  const parameters: Record<string, unknown> = { asOf };
  design.waves.forEach((wave, bit) => {
    parameters[`wave${bit}`] = idOf.get(wave.code);
  });
  const ends = [...new Set(design.waves.flatMap((wave) => (wave.windowEnd === null ? [] : [wave.windowEnd])))].sort();
  ends.forEach((end, k) => (parameters[`windowEnd${k}`] = end));
  // A day in each bucket: its window end, or (past them all) a day after every end.
  const joinedOn = (bucket: number) => ends[bucket] ?? '9999-12-31';
  const rows = db.prepare(countsQuery(design.waves.length, ends.length)).all(parameters) as Row[];
  const comparedBits = comparison.map((code) => design.waves.findIndex((wave) => wave.code === code));
  const strata: Counted[] = rows.map((row) => ({
    arm: row.arm,
    group: row.group,
    site: row.site,
    cohort: row.cohort,
    enrolled: row.enrolled,
    matched: comparedBits.every((bit) => hasBit(row.mask, bit)) ? row.enrolled : 0,
  }));
  const sum = (value: (row: Row) => number) => rows.reduce((total, row) => total + value(row), 0);
  const enrolled = sum((row) => row.enrolled);
  const matched = strata.reduce((total, stratum) => total + stratum.matched, 0);
  const active = sum((row) => row.active);
  const verified = options.verified ?? verifiedPerWave(db);
  const dueIn = (row: Row, bit: number) => {
    const verdict = dueFor(design.waves[bit]!, previousOf(design.waves, bit), joinedOn(row.joined), asOf);
    // Everyone in a row has answered the wave or nobody has; withdrawn people count only if they answered.
    if (hasBit(row.mask, bit)) return isCountedDue(verdict, false, true) ? row.enrolled : 0;
    return isCountedDue(verdict, true, false) ? row.active : 0;
  };
  const held = options.held ?? heldPerWave(db, asOf);
  const waves: WaveCounts[] = design.waves.map((wave, bit) => {
    const due = sum((row) => dueIn(row, bit));
    return {
      wave: wave.code,
      label: wave.label,
      windowStart: wave.windowStart,
      windowEnd: wave.windowEnd,
      enrolled,
      active,
      due,
      ...formsOf(sum((row) => (hasBit(row.mask, bit) ? row.enrolled : 0)), held.get(wave.code) ?? 0, due),
      verified: verified.get(wave.code) ?? 0,
    };
  });
  const lacking = rows.map((row) => ({ count: row.enrolled, lacks: comparison.filter((_, at) => !hasBit(row.mask, comparedBits[at]!)) }));
  const split = (dimensions: Dimension[]) => splitCounts(strata, dimensions, design);
  const overall = rateOf(enrolled, matched, design.matchTarget, design.matchStretch);
  return assembleReport(design, comparison, asOf, alarmThreshold, split, overall, waves, lacking, held);
}
