import type { vaultAuditContract } from '../../api/contracts/vaultAudit';
import type { DomainHandlers } from '../../api/method';
import type { Dialogs } from '../context';
import { writeNewFile } from '../files';
import { auditKeeper } from '../../shared/audit/wording';
import { appendAudit, listAudit, verifyAuditChain } from './audit';
import { auditCsv, waveLabels } from './auditExport';
import type { VaultAccess } from './handlers';
import { actAs, actingKeeperName, keeperNames, listKeepers } from './keepers';
import { readKeyFile } from './keys';
import { keysPathFor } from './kind';

/** The audit log as the ID-keeper reads and saves it, and who is acting (issue 25, point 5). */
export function auditHandlers(access: VaultAccess, dialogs: Dialogs): DomainHandlers<typeof vaultAuditContract> {
  return {
    'vault.audit.list': (options) =>
      access.withBoth((study, vault) => {
        const page = listAudit(vault.db, options);
        const names = keeperNames(vault.db);
        return {
          ...page,
          entries: page.entries.map((entry) => ({ ...entry, keeper: auditKeeper(entry, names) })),
          kinds: vault.db.prepare('SELECT DISTINCT action FROM audit ORDER BY action').pluck().all() as string[],
          waves: [...waveLabels(study)].map(([position, label]) => ({ position, label })),
          // Checked again each time the log is shown, against the head the key file recorded.
          integrity: verifyAuditChain(vault.db, vault.auditKey, readKeyFile(keysPathFor(vault.path)).auditHead),
        };
      }),
    'vault.audit.export': async (filter) => {
      const { bytes, count } = access.withBoth((study, vault) => auditCsv(vault.db, study, filter));
      const path = await dialogs.chooseSavePath(`audit-log-${new Date().toISOString().slice(0, 10)}.csv`, ['csv']);
      if (!path) return { path: null, count };
      // Written and audited together, with the vault asked for again: it may have locked while the dialog was open.
      access.withBoth((_study, vault) => {
        writeNewFile(path, bytes);
        appendAudit(vault.db, 'exported', { what: 'audit_log', count, client: 'app' });
      });
      return { path, count };
    },
    'vault.keepers.list': () =>
      access.withBoth((_study, vault) => ({
        keepers: listKeepers(vault.db).map(({ id, name, lastActive }) => ({ id, name, lastActive })),
        acting: actingKeeperName(vault.path),
      })),
    'vault.keepers.act': ({ name }) =>
      access.withBoth((_study, vault) => {
        const before = actingKeeperName(vault.path);
        const acting = vault.db.transaction(() => {
          const stored = actAs(vault.db, name);
          if (stored !== before) appendAudit(vault.db, 'keeper_changed', { client: 'app' });
          return stored;
        })();
        return { acting };
      }),
  };
}
