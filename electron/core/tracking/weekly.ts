import type { Design, TrackedParticipant } from './load';
import { isMatched } from './rates';

export interface WeekPoint {
  /** Monday of the week (ISO date, UTC). */
  week: string;
  /** Usable responses received up to the end of that week. */
  cumulative: number;
}

export interface WeeklyView {
  weeks: string[];
  perWave: { wave: string; points: WeekPoint[]; targetCount: number }[];
  /** What changed in the 7 days before the report date. */
  lastWeek: { receivedPerWave: { wave: string; received: number }[]; matchedBefore: number; matchedNow: number };
}

const DAY = 86_400_000;

function mondayOf(iso: string): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const offset = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - offset * DAY).toISOString().slice(0, 10);
}

/**
 * Cumulative usable responses per wave per week against the target line (target share of the
 * enrolled participants), and the change over the last seven days, for the weekly check-in.
 */
export function weeklyView(design: Design, participants: readonly TrackedParticipant[], comparison: readonly string[], asOf: string): WeeklyView {
  const stamps = participants.flatMap((participant) => [...participant.usable.values()]).filter((at) => at <= asOf);
  const first = stamps.length ? stamps.reduce((a, b) => (a < b ? a : b)) : asOf;
  const weeks: string[] = [];
  for (let week = mondayOf(first); week <= mondayOf(asOf); week = new Date(Date.parse(`${week}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10)) {
    weeks.push(week);
  }
  const endOfWeek = (week: string) => new Date(Date.parse(`${week}T00:00:00Z`) + 7 * DAY).toISOString();
  const perWave = design.waves.map((wave) => {
    const times = participants.map((participant) => participant.usable.get(wave.code)).filter((at): at is string => at !== undefined && at <= asOf);
    return {
      wave: wave.code,
      targetCount: Math.ceil(design.matchTarget * participants.length - 1e-9),
      points: weeks.map((week) => ({ week, cumulative: times.filter((at) => at < endOfWeek(week)).length })),
    };
  });
  const weekAgo = new Date(Date.parse(asOf) - 7 * DAY).toISOString();
  return {
    weeks,
    perWave,
    lastWeek: {
      receivedPerWave: design.waves.map((wave) => ({
        wave: wave.code,
        received: participants.filter((participant) => {
          const at = participant.usable.get(wave.code);
          return at !== undefined && at > weekAgo && at <= asOf;
        }).length,
      })),
      matchedBefore: participants.filter((participant) => isMatched(participant, comparison, weekAgo)).length,
      matchedNow: participants.filter((participant) => isMatched(participant, comparison, asOf)).length,
    },
  };
}
