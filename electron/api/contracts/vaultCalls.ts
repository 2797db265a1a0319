import { z } from 'zod';
import { method } from '../method';
import { CALL_CHANNELS, CALL_NOTE_MAX, CALL_OUTCOMES, isIsoDay } from '../../shared/calls/outcomes';

/**
 * The call log (issue 25, point 2): attempts to reach people on a follow-up list, kept in the
 * vault only, each one audited without names (core/vault/calls.ts). Only while the vault is open.
 */

const participantId = z.string().regex(/^\d{4,12}$/, 'An ID is 4 to 12 digits');
const isoDay = z.string().refine(isIsoDay, 'Expected a date as YYYY-MM-DD');
export const callChannel = z.enum(CALL_CHANNELS);
export const callOutcome = z.enum(CALL_OUTCOMES);

export const callEntry = z.object({
  seq: z.number(),
  id: z.string(),
  wave: z.string(),
  calledOn: z.string(),
  channel: callChannel,
  outcome: callOutcome,
  nextAttempt: z.string().nullable(),
  note: z.string(),
  createdAt: z.string(),
});
export type CallEntry = z.infer<typeof callEntry>;

/** What the follow-up list shows of a person's calls for its wave: the last one and when to try again. */
export const lastCall = z.object({ calledOn: z.string(), channel: callChannel, outcome: callOutcome, attempts: z.number() });
export type LastCall = z.infer<typeof lastCall>;

export const newCall = z
  .object({
    id: participantId,
    wave: z.string().min(1).max(24),
    calledOn: isoDay,
    channel: callChannel,
    outcome: callOutcome,
    nextAttempt: isoDay.nullable(),
    note: z.string().max(CALL_NOTE_MAX, `A note is at most ${CALL_NOTE_MAX} characters`),
  })
  .strict();
export type NewCall = z.infer<typeof newCall>;

export const vaultCallsContract = {
  /**
   * Records one attempt. offerWithdrawal names the withdrawal reason to propose when the outcome
   * suggests it (refused, moved away) and the person is still active; withdrawing stays the
   * ID-keeper's decision, through vault.withdraw.
   */
  'vault.calls.log': method(
    newCall,
    z.object({
      entry: callEntry,
      lastCall,
      nextAttempt: z.string().nullable(),
      offerWithdrawal: z.enum(['not_interested', 'moved']).nullable(),
    }),
  ),
  /** A person's attempts, newest first, every wave. */
  'vault.calls.history': method(z.object({ id: participantId }).strict(), z.object({ entries: z.array(callEntry) })),
} as const;
