import { z } from 'zod';
import { errorCodes } from '../core/errors';

/** Shapes shared by several methods. Types used by the core are inferred from these, never restated. */

export const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'), {
    message: 'Expected an absolute path',
  });

export const passphrase = z.string().max(1024);
export const nothing = z.null();

export const codedName = z.object({ code: z.string(), name: z.string() });

export const studySummary = z.object({
  name: z.string(),
  country: z.string(),
  createdAt: z.string(),
  matchTarget: z.number(),
  matchStretch: z.number(),
  identityGroups: z.array(z.object({ code: z.string(), name: z.string(), labelForOthers: z.string() })),
  arms: z.array(codedName),
  sites: z.array(codedName),
  cohorts: z.array(codedName),
  waves: z.array(
    z.object({ code: z.string(), label: z.string(), windowStart: z.string().nullable(), windowEnd: z.string().nullable() }),
  ),
  versions: z.array(
    z.object({ code: z.string(), label: z.string(), identityGroup: z.string(), language: z.string(), items: z.number() }),
  ),
  participants: z.object({ total: z.number(), active: z.number(), withdrawn: z.number() }),
  responsesPerWave: z.array(z.object({ wave: z.string(), responses: z.number() })),
});
export type StudySummary = z.infer<typeof studySummary>;

export const studyState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('closed') }),
  z.object({ status: z.literal('locked'), path: z.string(), fileName: z.string() }),
  z.object({ status: z.literal('open'), path: z.string(), fileName: z.string(), summary: studySummary }),
]);
export type StudyState = z.infer<typeof studyState>;

export const recentStudy = z.object({
  path: z.string(),
  fileName: z.string(),
  lastOpenedAt: z.string(),
  exists: z.boolean(),
});
export type RecentStudy = z.infer<typeof recentStudy>;

/**
 * This computer's settings (core/app/settings.ts): the study's idle lock, in seconds (default 15
 * minutes), and whether the keying grid beeps when it refuses a key (default off).
 */
export const appSettings = z.object({ studyIdleLockSeconds: z.number().int().min(1).max(86_400), entrySound: z.boolean() });
export type AppSettings = z.infer<typeof appSettings>;

export const apiError = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  field: z.string().optional(),
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ApiError = z.infer<typeof apiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };
