import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { alarmsFor, type AttritionAlarm } from './alarms';
import { countedTrackingReport } from './counts';
import { dueFor, isCountedDue, previousOf } from './due';
import { heldMatch, type HeldMatch, type Lacking } from './heldBound';
import type { Design, TrackedParticipant } from './load';
import { isMatched, rateOf, type MatchRate } from './rates';

export type Dimension = 'arm' | 'group' | 'site' | 'cohort';
export const DIMENSIONS: readonly Dimension[] = ['arm', 'group', 'site', 'cohort'];

export interface StratumRate extends MatchRate {
  /** The codes this stratum is split by; a dimension not split by is absent. */
  key: Partial<Record<Dimension, string | null>>;
}

export interface WaveCounts {
  wave: string;
  label: string;
  windowStart: string | null;
  windowEnd: string | null;
  enrolled: number;
  active: number;
  /**
   * Who a questionnaire is expected from by the report date (due.ts): active participants who joined
   * by the window's end once it has opened, and everyone who returned one.
   */
  due: number;
  /**
   * Every form that arrived for this wave: linked + held. Until issue 26 this was the linked count;
   * the two differ only where an online import holds forms without a usable ID.
   */
  received: number;
  /** Usable questionnaires with a roster ID (keyed, imported, or matched by the ID-keeper). */
  linked: number;
  /** Forms of an online import waiting for the ID-keeper's match assistant (no usable ID yet). */
  held: number;
  /** Due and without a linked questionnaire (some held forms may be theirs). */
  missing: number;
  /** Responses confirmed by double entry (null until double entry is in use). */
  verified: number | null;
}

export interface TrackingOptions {
  /** Wave codes that must all have a usable response; default: the first two waves (pre + post). */
  comparison?: string[];
  /** Report date (ISO); default now. */
  asOf?: string;
  /** Difference in match rate, as a share, that raises the differential-attrition alarm; default 0.10. */
  alarmThreshold?: number;
  /** Verified responses per wave, from double entry; absent waves count as null. */
  verified?: Map<string, number>;
  /** Forms held for the match assistant per wave (imports/held.ts); absent: none. */
  held?: ReadonlyMap<string, number>;
}

export interface TrackingReport {
  asOf: string;
  comparison: string[];
  target: number;
  stretch: number;
  alarmThreshold: number;
  overall: MatchRate;
  byArmGroup: StratumRate[];
  byGroup: StratumRate[];
  byArm: StratumRate[];
  bySite: StratumRate[];
  byCohort: StratumRate[];
  /** The finest split: arm x identity group x site x cohort. */
  byStratum: StratumRate[];
  waves: WaveCounts[];
  /** What matching the held forms of the comparison's waves could do to the overall rate, at most. */
  heldMatch: HeldMatch;
  alarms: AttritionAlarm[];
}

/** What a split counts: participants one by one, or the finest strata already counted (counts.ts). */
export interface Counted {
  arm: string | null;
  group: string | null;
  site: string | null;
  cohort: string | null;
  enrolled: number;
  matched: number;
}

/**
 * Groups participants by the given dimensions, in the design's order, and computes each group's
 * rate. `matched` is who is matched, when the caller has worked it out once for several splits.
 */
export function splitBy(
  participants: readonly TrackedParticipant[],
  dimensions: readonly Dimension[],
  comparison: readonly string[],
  design: Design,
  asOf?: string,
  matched: ReadonlySet<TrackedParticipant> = new Set(participants.filter((participant) => isMatched(participant, comparison, asOf))),
): StratumRate[] {
  const units = participants.map((participant) => ({ ...participant, enrolled: 1, matched: matched.has(participant) ? 1 : 0 }));
  return splitCounts(units, dimensions, design);
}

/** Sums counted units by the given dimensions and rates each group, in the design's order. */
export function splitCounts(units: Iterable<Counted>, dimensions: readonly Dimension[], design: Design): StratumRate[] {
  const groups = new Map<string, { codes: (string | null)[]; enrolled: number; matched: number }>();
  for (const unit of units) {
    const codes = dimensions.map((dimension) => unit[dimension]);
    // A code never holds the unit separator, and null is written apart from every code.
    const key = codes.map((code) => (code === null ? '\u0001' : code)).join('\u001f');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { codes, enrolled: 0, matched: 0 }));
    group.enrolled += unit.enrolled;
    group.matched += unit.matched;
  }
  const order: Record<Dimension, string[]> = {
    arm: design.arms.map((entry) => entry.code),
    group: design.groups.map((entry) => entry.code),
    site: design.sites.map((entry) => entry.code),
    cohort: design.cohorts.map((entry) => entry.code),
  };
  const rank = (dimension: Dimension, code: string | null) => (code === null ? Number.MAX_SAFE_INTEGER : order[dimension].indexOf(code));
  return [...groups.values()]
    .map((group) => ({
      key: Object.fromEntries(dimensions.map((dimension, index) => [dimension, group.codes[index] ?? null])),
      ...rateOf(group.enrolled, group.matched, design.matchTarget, design.matchStretch),
    }))
    .sort((a, b) => {
      for (const dimension of dimensions) {
        const difference = rank(dimension, a.key[dimension] ?? null) - rank(dimension, b.key[dimension] ?? null);
        if (difference !== 0) return difference;
      }
      return 0;
    });
}

/** The per-wave figures derived from linked, held and due, written once for both ways of counting. */
export function formsOf(linked: number, held: number, due: number): Pick<WaveCounts, 'received' | 'linked' | 'held' | 'missing'> {
  return { received: linked + held, linked, held, missing: Math.max(0, due - linked) };
}

function waveCounts(
  design: Design,
  participants: readonly TrackedParticipant[],
  asOf: string,
  verified?: Map<string, number>,
  held?: ReadonlyMap<string, number>,
): WaveCounts[] {
  const active = participants.filter((participant) => participant.status === 'active');
  return design.waves.map((wave, index) => {
    const previous = previousOf(design.waves, index);
    const received = (participant: TrackedParticipant) => {
      const at = participant.usable.get(wave.code);
      return at !== undefined && at <= asOf;
    };
    const due = participants.filter((participant) =>
      isCountedDue(dueFor(wave, previous, participant.enrolledAt, asOf), participant.status === 'active', received(participant)),
    ).length;
    return {
      wave: wave.code,
      label: wave.label,
      windowStart: wave.windowStart,
      windowEnd: wave.windowEnd,
      enrolled: participants.length,
      active: active.length,
      due,
      ...formsOf(participants.filter(received).length, held?.get(wave.code) ?? 0, due),
      verified: verified ? (verified.get(wave.code) ?? 0) : null,
    };
  });
}

export function resolveComparison(design: Design, comparison?: string[]): string[] {
  const codes = design.waves.map((wave) => wave.code);
  const chosen = comparison && comparison.length > 0 ? comparison : codes.slice(0, 2);
  if (chosen.length < 2) {
    throw new MixwiseError('INVALID_INPUT', 'Matching needs at least two waves.', { field: 'comparison' });
  }
  for (const code of chosen) {
    if (!codes.includes(code)) {
      throw new MixwiseError('NOT_FOUND', `There is no wave with the code "${code}".`, { field: 'comparison', params: { code } });
    }
  }
  if (new Set(chosen).size !== chosen.length) {
    throw new MixwiseError('INVALID_INPUT', 'A wave is listed twice in the comparison.', { field: 'comparison' });
  }
  return chosen;
}

export function resolveThreshold(options: TrackingOptions): number {
  const alarmThreshold = options.alarmThreshold ?? 0.1;
  if (!(alarmThreshold > 0 && alarmThreshold < 1)) {
    throw new MixwiseError('INVALID_INPUT', 'The alarm threshold is a share between 0 and 1.', { field: 'alarmThreshold' });
  }
  return alarmThreshold;
}

/** The report from its parts: every split comes from one function, whatever counted the participants. */
export function assembleReport(
  design: Design,
  comparison: string[],
  asOf: string,
  alarmThreshold: number,
  split: (dimensions: Dimension[]) => StratumRate[],
  overall: MatchRate,
  waves: WaveCounts[],
  lacking: Iterable<Lacking> = [],
  held: ReadonlyMap<string, number> = new Map(),
): TrackingReport {
  const byGroup = split(['group']);
  const byArm = split(['arm']);
  const byArmGroup = split(['arm', 'group']);
  return {
    asOf,
    comparison,
    target: design.matchTarget,
    stretch: design.matchStretch,
    alarmThreshold,
    overall,
    byArmGroup,
    byGroup,
    byArm,
    bySite: split(['site']),
    byCohort: split(['cohort']),
    byStratum: split(['arm', 'group', 'site', 'cohort']),
    waves,
    heldMatch: heldMatch(comparison, held, lacking, overall.enrolled, overall.matched),
    alarms: alarmsFor(design, { byGroup, byArm, byArmGroup }, alarmThreshold),
  };
}

/** Builds the full tracking report from data already loaded (pure; used by tests and by the status PDF). */
export function trackingReport(design: Design, participants: readonly TrackedParticipant[], options: TrackingOptions = {}): TrackingReport {
  const comparison = resolveComparison(design, options.comparison);
  const asOf = options.asOf ?? new Date().toISOString();
  const alarmThreshold = resolveThreshold(options);
  // Who is matched is worked out once for the six splits.
  const matched = new Set(participants.filter((participant) => isMatched(participant, comparison, asOf)));
  const split = (dimensions: Dimension[]) => splitBy(participants, dimensions, comparison, design, asOf, matched);
  const overall = rateOf(participants.length, matched.size, design.matchTarget, design.matchStretch);
  const waves = waveCounts(design, participants, asOf, options.verified, options.held);
  const lacking = participants
    .filter((participant) => !matched.has(participant))
    .map((participant) => ({ count: 1, lacks: comparison.filter((wave) => !isMatched(participant, [wave], asOf)) }));
  return assembleReport(design, comparison, asOf, alarmThreshold, split, overall, waves, lacking, options.held);
}

/**
 * The report of a study file, counted by SQLite (counts.ts): the same numbers as trackingReport()
 * on the loaded participants, without materialising every participant in JavaScript.
 */
export function buildTrackingReport(db: Db, options: TrackingOptions = {}): TrackingReport {
  return countedTrackingReport(db, options);
}
