import { z } from 'zod';
import { empty, method } from '../method';

/**
 * The audit log as a person reads it, and the ID-keepers it names (issue 25, point 5). Part of the
 * vault's contract (spread into vaultContract): only while the vault is unlocked.
 */

/** The audit chain (core/vault/audit.ts): where it breaks, if it does. */
export const auditIntegrity = z.object({
  ok: z.boolean(),
  entries: z.number(),
  brokenAt: z.number().nullable(),
  problem: z.enum(['changed', 'missing', 'unsealed', 'truncated']).nullable(),
});

/** An ID-keeper's name as typed: the core trims it and refuses an empty one at the field `keeper`. */
export const keeperName = z.string().max(200);

const auditFilter = {
  /** Kinds of entry to show; none or empty for all. */
  actions: z.array(z.string().regex(/^[a-z_]{1,40}$/)).max(50).optional(),
  /** From this instant on (the start of the first day chosen, in the computer's time zone). */
  since: z.string().datetime({ offset: true }).optional(),
  /** Up to, not including, this instant (the start of the day after the last day chosen). */
  until: z.string().datetime({ offset: true }).optional(),
};

const auditEntry = z.object({
  seq: z.number(),
  at: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.union([z.number(), z.boolean(), z.string(), z.array(z.string())])),
  /** The acting ID-keeper's name; null for entries from before names were asked, or from the command line. */
  keeper: z.string().nullable(),
});

export const vaultKeeper = z.object({ id: z.number(), name: z.string(), lastActive: z.string().nullable() });

export const vaultAuditContract = {
  'vault.audit.list': method(
    z.object({ limit: z.number().int().min(1).max(1000).optional(), before: z.number().int().optional(), ...auditFilter }).strict(),
    z.object({
      entries: z.array(auditEntry),
      /** Entries in the whole log, and those the filter lets through. */
      total: z.number(),
      matching: z.number(),
      /** Kinds present in the log, for the filter. */
      kinds: z.array(z.string()),
      /** The study's waves, so entries that name a wave by its position read with its label. */
      waves: z.array(z.object({ position: z.number(), label: z.string() })),
      integrity: auditIntegrity,
    }),
  ),
  /** The filtered log as a CSV file where the ID-keeper chooses (never over an existing file); no participant's name. */
  'vault.audit.export': method(z.object(auditFilter).strict(), z.object({ path: z.string().nullable(), count: z.number() })),
  /** The ID-keepers named in this vault, the one who acted last first, and who is acting now. */
  'vault.keepers.list': method(empty, z.object({ keepers: z.array(vaultKeeper), acting: z.string().nullable() })),
  /** Another ID-keeper takes over the unlocked vault (chosen from the list, or a new name); audited. */
  'vault.keepers.act': method(z.object({ name: keeperName }).strict(), z.object({ acting: z.string() })),
} as const;
