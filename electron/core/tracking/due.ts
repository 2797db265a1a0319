/**
 * Who is due for a wave: the one rule that tracking's counts, the follow-up lists (with and without
 * names), the weekly workbook and the status PDF all use (issue 25, point 1).
 *
 * A person is expected for a wave when they joined the study (the earlier of consent and enrolment,
 * stored as the roster's enrolled_at) on or before the day its window closes. Someone who joined
 * after it closed could never have answered it: they are "not expected", never "missing".
 * Once the window has opened an expected person is due; once it has closed they are overdue,
 * counted in whole days from the window's end (not from when they were put into the vault).
 *
 * Waves without a planned window (the setup leaves the dates optional):
 * - no start: the wave opens the day after the previous wave's window closes (the first wave, or
 *   one following a wave without an end, is open from the start), so a post wave without dates
 *   is not chased while the pre wave is still being collected;
 * - no end: the wave never closes, so nobody is overdue for it and everyone is expected.
 *
 * A questionnaire received for a wave always counts its person as due for it, whatever their dates
 * say: they took part, so "received" can never exceed "due" (see isCountedDue).
 */

export interface WaveWindow {
  windowStart: string | null;
  windowEnd: string | null;
}

export type DueState = 'not_open' | 'not_expected' | 'due' | 'overdue';

export interface DueVerdict {
  state: DueState;
  /** Whole days since the window's end; 0 unless overdue. */
  daysOverdue: number;
}

const DAY = 86_400_000;
const dayOf = (iso: string) => iso.slice(0, 10);
const daysBetween = (from: string, to: string) => Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** The day after `day` (YYYY-MM-DD). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

/** The day a wave opens, or null when it is open from the start (see the rule above). */
export function opensOn(wave: WaveWindow, previous: WaveWindow | null): string | null {
  if (wave.windowStart !== null) return wave.windowStart;
  return previous?.windowEnd ? nextDay(previous.windowEnd) : null;
}

/** Whether the wave has opened by `today`, whoever the person. */
export function hasOpened(wave: WaveWindow, previous: WaveWindow | null, today: string): boolean {
  const opens = opensOn(wave, previous);
  return opens === null || opens <= dayOf(today);
}

/** Whether someone who joined on `joinedOn` could have answered the wave: joined by its window's last day. */
export function isExpected(wave: WaveWindow, joinedOn: string): boolean {
  return wave.windowEnd === null || dayOf(joinedOn) <= wave.windowEnd;
}

/** The verdict for one person (joined on `joinedOn`) and one wave, on `today`. Dates are ISO days or times. */
export function dueFor(wave: WaveWindow, previous: WaveWindow | null, joinedOn: string, today: string): DueVerdict {
  if (!isExpected(wave, joinedOn)) return { state: 'not_expected', daysOverdue: 0 };
  if (!hasOpened(wave, previous, today)) return { state: 'not_open', daysOverdue: 0 };
  const day = dayOf(today);
  if (wave.windowEnd !== null && wave.windowEnd < day) return { state: 'overdue', daysOverdue: daysBetween(wave.windowEnd, day) };
  return { state: 'due', daysOverdue: 0 };
}

/**
 * Whether a person counts in a wave's "due" figure: active and due or overdue, or having returned a
 * usable questionnaire for it (withdrawn people included: they were due and answered).
 */
export function isCountedDue(verdict: DueVerdict, active: boolean, received: boolean): boolean {
  if (received) return true;
  return active && (verdict.state === 'due' || verdict.state === 'overdue');
}

/** The wave before each wave, in the design's order (null for the first). */
export function previousOf<T extends WaveWindow>(waves: readonly T[], index: number): T | null {
  return index > 0 ? waves[index - 1]! : null;
}

/**
 * The day a person joined the study, as the roster keeps it (participant.enrolled_at): the consent
 * date when it is earlier than the day they were put into the vault. People enrolled
 * retrospectively (a study keyed after the fact) are judged by when they really consented.
 */
export function joinedAt(consentDay: string | null, enrolledAt: string): string {
  return consentDay && consentDay < dayOf(enrolledAt) ? consentDay : enrolledAt;
}
