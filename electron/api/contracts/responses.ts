import { z } from 'zod';
import { method } from '../method';

/**
 * An evaluator corrects where whole questionnaires belong: finds an ID's forms, deletes one or
 * moves it to another wave or ID. Every change is recorded with its reason, who and when
 * (core/responses/corrections.ts); IDs only, never a participant's name.
 */

const participantId = z.string().regex(/^[0-9]{1,12}$/);
const waveCode = z.string().min(1).max(24);
const text = z.string().max(500);

const formOfParticipant = z.object({
  waveCode: z.string(),
  waveLabel: z.string(),
  versionCode: z.string(),
  versionLabel: z.string(),
  source: z.string(),
  answers: z.number(),
  usable: z.boolean(),
  createdAt: z.string(),
  batch: z.object({ id: z.number(), label: z.string(), position: z.number(), kind: z.enum(['keyed', 'import']) }).nullable(),
});

const participantForms = z.object({
  participantId: z.string(),
  groupCode: z.string(),
  forms: z.array(formOfParticipant),
  changes: z.array(
    z.object({
      action: z.enum(['delete', 'move']),
      waveCode: z.string(),
      toParticipantId: z.string().nullable(),
      toWaveCode: z.string().nullable(),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
    }),
  ),
});

const correction = { participantId, waveCode, reason: text, by: z.string().max(200) };

export const responsesContract = {
  /** The questionnaires of one ID, wave by wave, with the corrections made to them. */
  'responses.find': method(z.object({ participantId }).strict(), participantForms),
  /** Deletes a whole questionnaire; a keyed one leaves its batch (both keyings). */
  'responses.delete': method(z.object(correction).strict(), participantForms),
  /**
   * Moves a questionnaire to another wave and/or ID (at least one). Refused when the target has a form
   * at that wave, or the form's version is for another identity group than the target person's.
   */
  'responses.move': method(
    z.object({ ...correction, toWaveCode: waveCode.nullable().optional(), toParticipantId: participantId.nullable().optional() }).strict(),
    participantForms,
  ),
} as const;
