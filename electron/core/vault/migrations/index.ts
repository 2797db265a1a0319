import type { Migration } from '../../db/migrate';
import { vaultInitialSchema } from './0010-initial-schema';
import { vaultExportPseudonyms } from './0020-export-pseudonyms';
import { vaultAuditChain } from './0030-audit-chain';
import { vaultConsentMissingReason } from './0040-consent-missing-reason';
import { vaultCallLog } from './0050-call-log';
import { vaultKeepers } from './0060-keepers';

/** Append-only. Add a new file and a new line; never edit a step that has shipped. */
export const vaultMigrations: readonly Migration[] = [
  vaultInitialSchema,
  vaultExportPseudonyms,
  vaultAuditChain,
  vaultConsentMissingReason,
  vaultCallLog,
  vaultKeepers,
];
