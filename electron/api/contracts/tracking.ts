import { z } from 'zod';
import { method } from '../method';

/** Follow-up and attrition tracking: match rates against the target, alarms, weekly view, follow-up lists. */

const waveCode = z.string().min(1).max(24);
const isoTime = z.string().datetime({ offset: true });

const matchRate = z.object({
  enrolled: z.number(),
  matched: z.number(),
  rate: z.number().nullable(),
  target: z.number(),
  stretch: z.number(),
  met: z.boolean(),
  neededForTarget: z.number(),
  neededForStretch: z.number(),
});

const stratumRate = matchRate.extend({
  key: z.object({
    arm: z.string().nullable().optional(),
    group: z.string().nullable().optional(),
    site: z.string().nullable().optional(),
    cohort: z.string().nullable().optional(),
  }),
});

const alarmSide = z.object({ code: z.string().nullable(), name: z.string(), people: z.string().nullable(), enrolled: z.number(), matched: z.number(), rate: z.number() });

export const trackingReportSchema = z.object({
  asOf: z.string(),
  comparison: z.array(z.string()),
  target: z.number(),
  stretch: z.number(),
  alarmThreshold: z.number(),
  overall: matchRate,
  byArmGroup: z.array(stratumRate),
  byGroup: z.array(stratumRate),
  byArm: z.array(stratumRate),
  bySite: z.array(stratumRate),
  byCohort: z.array(stratumRate),
  byStratum: z.array(stratumRate),
  waves: z.array(
    z.object({
      wave: z.string(),
      label: z.string(),
      windowStart: z.string().nullable(),
      windowEnd: z.string().nullable(),
      enrolled: z.number(),
      active: z.number(),
      due: z.number(),
      /** Every form that arrived: linked + held (before issue 26, the linked count). */
      received: z.number(),
      /** Usable questionnaires with a roster ID. */
      linked: z.number(),
      /** Online forms waiting for the ID-keeper's match assistant (no usable ID yet). */
      held: z.number(),
      /** Due and without a linked questionnaire. */
      missing: z.number(),
      verified: z.number().nullable(),
    }),
  ),
  /** Matching every held form of the comparison's waves could raise the match rate to at most this. */
  heldMatch: z.object({ forms: z.number(), matchedAtMost: z.number(), rateAtMost: z.number().nullable() }),
  alarms: z.array(
    z.object({
      dimension: z.enum(['group', 'arm']),
      withinArm: z.string().nullable(),
      higher: alarmSide,
      lower: alarmSide,
      points: z.number(),
      message: z.string(),
    }),
  ),
});

export const followUpEntrySchema = z.object({
  id: z.string(),
  group: z.string(),
  arm: z.string().nullable(),
  site: z.string().nullable(),
  cohort: z.string().nullable(),
  state: z.enum(['due', 'missing']),
  daysOverdue: z.number(),
  missedEarlier: z.array(z.string()),
});

export const weeklyViewSchema = z.object({
  weeks: z.array(z.string()),
  perWave: z.array(z.object({ wave: z.string(), targetCount: z.number(), points: z.array(z.object({ week: z.string(), cumulative: z.number() })) })),
  lastWeek: z.object({
    receivedPerWave: z.array(z.object({ wave: z.string(), received: z.number() })),
    matchedBefore: z.number(),
    matchedNow: z.number(),
  }),
});

const reportInput = z
  .object({
    comparison: z.array(waveCode).min(2).max(12).optional(),
    asOf: isoTime.optional(),
    alarmThreshold: z.number().gt(0).lt(1).optional(),
  })
  .strict();

export const trackingContract = {
  'tracking.report': method(reportInput, trackingReportSchema),
  'tracking.weekly': method(reportInput.omit({ alarmThreshold: true }), weeklyViewSchema),
  /** The weekly check-in workbook (status and follow-up IDs), saved where the person chooses. */
  'tracking.saveStatus': method(
    z.object({ comparison: z.array(waveCode).min(2).max(12).optional(), followUpWave: waveCode.optional() }).strict(),
    z.object({ path: z.string().nullable() }),
  ),
  /**
   * The one-page status report as PDF (counts, match rates, alarms, two charts; no ID, no name),
   * worded with the renderer's translations (`labels`, keys of tracking.pdf; English when absent).
   */
  'tracking.savePdf': method(
    z
      .object({
        comparison: z.array(waveCode).min(2).max(12).optional(),
        labels: z.record(z.string().max(40), z.string().max(1000)).optional(),
      })
      .strict(),
    z.object({ path: z.string().nullable() }),
  ),
  /**
   * IDs only; names and contacts are added by the vault, in the ID-keeper area. notExpected counts the people
   * who joined after the wave's window closed (tracking/due.ts): said beside the list, never listed as missing.
   */
  'tracking.followUp': method(
    z.object({ wave: waveCode, asOf: isoTime.optional() }).strict(),
    z.object({ entries: z.array(followUpEntrySchema), notExpected: z.number() }),
  ),
} as const;
