import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { loadTracking, type Design, type TrackedParticipant } from './load';

export interface FollowUpEntry {
  id: string;
  group: string;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  /** 'due' while the wave's window is open, 'missing' once it has closed. */
  state: 'due' | 'missing';
  /** Whole days since the window closed; 0 while it is open or has no end. */
  daysOverdue: number;
  /** Earlier waves this participant also has no usable response for. */
  missedEarlier: string[];
}

const DAY = 86_400_000;

/**
 * Who still owes a questionnaire for a wave: active participants without a usable response,
 * once the wave's window has opened. IDs only: the ID-keeper's vault adds names and contacts.
 */
export function followUpEntries(design: Design, participants: readonly TrackedParticipant[], waveCode: string, asOf: string): FollowUpEntry[] {
  const index = design.waves.findIndex((wave) => wave.code === waveCode);
  if (index < 0) throw new MixwiseError('NOT_FOUND', `There is no wave with the code "${waveCode}".`, { field: 'wave', params: { code: waveCode } });
  const wave = design.waves[index]!;
  const day = asOf.slice(0, 10);
  if (wave.windowStart !== null && wave.windowStart > day) return [];
  const closed = wave.windowEnd !== null && wave.windowEnd < day;
  const daysOverdue = closed ? Math.floor((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${wave.windowEnd}T00:00:00Z`)) / DAY) : 0;
  const earlier = design.waves.slice(0, index).map((entry) => entry.code);
  return participants
    .filter((participant) => participant.status === 'active' && !participant.usable.has(wave.code))
    .map((participant) => ({
      id: participant.id,
      group: participant.group,
      arm: participant.arm,
      site: participant.site,
      cohort: participant.cohort,
      state: closed ? ('missing' as const) : ('due' as const),
      daysOverdue,
      missedEarlier: earlier.filter((code) => !participant.usable.has(code)),
    }));
}

export function buildFollowUpList(db: Db, waveCode: string, asOf = new Date().toISOString()): FollowUpEntry[] {
  const { design, participants } = loadTracking(db);
  return followUpEntries(design, participants, waveCode, asOf);
}
