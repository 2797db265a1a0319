/**
 * The call log's words, shared by the contract, the core's printouts and the renderer. The order of
 * outcomes is their key on the printed calling sheet and in the quick entry form (1 = reached, ...):
 * digits, not letters, so the same sheet works in every language. Never reorder: sheets printed
 * earlier would be read back wrong.
 */
export const CALL_CHANNELS = ['phone', 'sms', 'email', 'visit'] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];

export const CALL_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'refused', 'moved_away', 'will_come'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Outcomes after which a withdrawal is offered (never done without the ID-keeper confirming it). */
export const WITHDRAWAL_OUTCOMES: Partial<Record<CallOutcome, 'not_interested' | 'moved'>> = {
  refused: 'not_interested',
  moved_away: 'moved',
};

/** A note says what to remember for the next call, not a story: short enough to read at a glance. */
export const CALL_NOTE_MAX = 280;

export function outcomeKey(outcome: CallOutcome): string {
  return String(CALL_OUTCOMES.indexOf(outcome) + 1);
}

export function outcomeOfKey(key: string): CallOutcome | null {
  const index = /^[1-9]$/.test(key.trim()) ? Number(key.trim()) - 1 : -1;
  return CALL_OUTCOMES[index] ?? null;
}

/**
 * A next-attempt date as typed in the quick form: YYYY-MM-DD, or +N for N days after the call,
 * or empty for none. Returns the ISO day, null for none, or undefined when it cannot be read.
 */
export function nextAttemptFrom(typed: string, calledOn: string): string | null | undefined {
  const text = typed.trim();
  if (!text) return null;
  const offset = /^\+(\d{1,3})$/.exec(text);
  if (offset) {
    const day = new Date(`${calledOn}T00:00:00Z`);
    if (Number.isNaN(day.getTime())) return undefined;
    day.setUTCDate(day.getUTCDate() + Number(offset[1]));
    return day.toISOString().slice(0, 10);
  }
  return isIsoDay(text) ? text : undefined;
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}
