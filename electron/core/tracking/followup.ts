import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { dueFor, previousOf } from './due';
import { loadTracking, type Design, type TrackedParticipant } from './load';

export interface FollowUpEntry {
  id: string;
  group: string;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  /** 'due' while the wave's window is open, 'missing' once it has closed (due.ts). */
  state: 'due' | 'missing';
  /** Whole days since the window's end (not since enrolment); 0 while it is open or has no end. */
  daysOverdue: number;
  /** Earlier waves this participant also has no usable response for. */
  missedEarlier: string[];
}

/**
 * Who still owes a questionnaire for a wave: active participants without a usable response who are
 * due or overdue for it by due.ts's rule (opened, and joined by the window's end). People who
 * joined after the window closed are not expected and are not listed. IDs only: the ID-keeper's
 * vault adds names and contacts.
 */
export function followUpEntries(design: Design, participants: readonly TrackedParticipant[], waveCode: string, asOf: string): FollowUpEntry[] {
  const { wave, previous, earlier } = waveAt(design, waveCode);
  return participants.flatMap((participant) => {
    if (participant.status !== 'active' || participant.usable.has(wave.code)) return [];
    const verdict = dueFor(wave, previous, participant.enrolledAt, asOf);
    if (verdict.state !== 'due' && verdict.state !== 'overdue') return [];
    return [
      {
        id: participant.id,
        group: participant.group,
        arm: participant.arm,
        site: participant.site,
        cohort: participant.cohort,
        state: verdict.state === 'overdue' ? ('missing' as const) : ('due' as const),
        daysOverdue: verdict.daysOverdue,
        missedEarlier: earlier.filter((code) => !participant.usable.has(code)),
      },
    ];
  });
}

/** Active people without a response for the wave who joined after its window closed: shown as such, never as missing. */
export function notExpectedCount(design: Design, participants: readonly TrackedParticipant[], waveCode: string, asOf: string): number {
  const { wave, previous } = waveAt(design, waveCode);
  const notExpected = (participant: TrackedParticipant) => dueFor(wave, previous, participant.enrolledAt, asOf).state === 'not_expected';
  const owing = (participant: TrackedParticipant) => participant.status === 'active' && !participant.usable.has(wave.code);
  return participants.filter((participant) => owing(participant) && notExpected(participant)).length;
}

function waveAt(design: Design, waveCode: string) {
  const index = design.waves.findIndex((wave) => wave.code === waveCode);
  if (index < 0) {
    throw new MixwiseError('NOT_FOUND', `There is no wave with the code "${waveCode}".`, { field: 'wave', params: { code: waveCode } });
  }
  const earlier = design.waves.slice(0, index).map((entry) => entry.code);
  return { wave: design.waves[index]!, previous: previousOf(design.waves, index), earlier };
}

export function buildFollowUpList(db: Db, waveCode: string, asOf = new Date().toISOString()): FollowUpEntry[] {
  const { design, participants } = loadTracking(db);
  return followUpEntries(design, participants, waveCode, asOf);
}

/** The list and, beside it, how many people are not expected for the wave (shown as such, never as missing). */
export function buildFollowUp(db: Db, waveCode: string, asOf = new Date().toISOString()): { entries: FollowUpEntry[]; notExpected: number } {
  const { design, participants } = loadTracking(db);
  const notExpected = notExpectedCount(design, participants, waveCode, asOf);
  return { entries: followUpEntries(design, participants, waveCode, asOf), notExpected };
}
