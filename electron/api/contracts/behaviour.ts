import { z } from 'zod';
import { method, empty } from '../method';

/** Behavioural measures: sign-ups for and attendance at later mixing events, per participant ID. */

const eventCode = z.string().min(1).max(24);
const participantId = z.string().regex(/^\d{4,12}$/, 'An ID is 4 to 12 digits');

export const behaviourContract = {
  'behaviour.summary': method(
    empty,
    z.array(
      z.object({
        event: z.string(),
        name: z.string(),
        heldOn: z.string(),
        perArm: z.array(z.object({ arm: z.string().nullable(), enrolled: z.number(), signedUp: z.number(), attended: z.number(), attendedOfSignedUp: z.number() })),
      }),
    ),
  ),
  'behaviour.addEvent': method(z.object({ code: eventCode, name: z.string().max(200), heldOn: z.string().max(10) }).strict(), z.null()),
  'behaviour.participation': method(
    z.object({ event: eventCode }).strict(),
    z.array(z.object({ participantId: z.string(), signedUp: z.boolean(), attended: z.boolean() })),
  ),
  'behaviour.record': method(
    z.object({ event: eventCode, entries: z.array(z.object({ participantId, signedUp: z.boolean(), attended: z.boolean() }).strict()).max(100_000) }).strict(),
    z.null(),
  ),
} as const;
