import type { TFunction } from 'i18next';
import type { VaultState } from '../../../../electron/api/contracts/vault';

export type AuditIntegrity = Extract<VaultState, { status: 'open' }>['auditIntegrity'];

/**
 * What the ID-keeper is told when the audit chain does not verify (core/vault/audit.ts), naming
 * the entry where it breaks; null when it verifies. For 'truncated' the core names the first entry
 * that is gone, so the sentence names the last one still there.
 */
export function auditBreakText(t: TFunction, integrity: AuditIntegrity): string | null {
  if (integrity.ok) return null;
  const seq = integrity.brokenAt ?? 0;
  const problem = integrity.problem ?? 'changed';
  return t(`vault.audit.broken.${problem}`, { seq, last: Math.max(seq - 1, 0) });
}
