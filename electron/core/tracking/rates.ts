import type { TrackedParticipant } from './load';

export interface MatchRate {
  enrolled: number;
  matched: number;
  /** matched / enrolled, or null when nobody is enrolled. */
  rate: number | null;
  target: number;
  stretch: number;
  /** True when the rate reaches the target. */
  met: boolean;
  /** More matched respondents needed to reach the target (0 when met). */
  neededForTarget: number;
  neededForStretch: number;
}

/** A participant is matched when they have a usable response at every wave of the comparison. */
export function isMatched(participant: TrackedParticipant, comparison: readonly string[], asOf?: string): boolean {
  return comparison.every((wave) => {
    const at = participant.usable.get(wave);
    return at !== undefined && (asOf === undefined || at <= asOf);
  });
}

export function matchRate(participants: readonly TrackedParticipant[], comparison: readonly string[], target: number, stretch: number, asOf?: string): MatchRate {
  return rateOf(participants.length, participants.filter((participant) => isMatched(participant, comparison, asOf)).length, target, stretch);
}

/** The rate of `matched` out of `enrolled` against the target and the stretch goal. */
export function rateOf(enrolled: number, matched: number, target: number, stretch: number): MatchRate {
  // Rounding up: 80 % of 29 people is 23.2, so 24 matched respondents are needed to reach it.
  const needed = (share: number) => Math.max(0, Math.ceil(share * enrolled - 1e-9) - matched);
  return {
    enrolled,
    matched,
    rate: enrolled === 0 ? null : matched / enrolled,
    target,
    stretch,
    met: enrolled > 0 && needed(target) === 0,
    neededForTarget: needed(target),
    neededForStretch: needed(stretch),
  };
}
