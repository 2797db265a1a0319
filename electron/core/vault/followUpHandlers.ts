import type { vaultContract } from '../../api/contracts/vault';
import type { DomainHandlers } from '../../api/method';
import type { Dialogs } from '../context';
import type { Db } from '../db/open';
import { writeNewFile } from '../files';
import { appendAudit } from './audit';
import { followUpListHtml, followUpWorkbook, namedFollowUpList } from './followUp';
import type { VaultAccess } from './handlers';

type Methods = Pick<DomainHandlers<typeof vaultContract>, 'vault.followUp.list' | 'vault.followUp.print' | 'vault.followUp.export'>;

/**
 * The follow-up list with names: the ID-keeper's side of issue 6's list. The audit records what
 * was shown, printed or saved and how many people it held; the wave goes in as its position, as
 * the audit takes fixed words and numbers only.
 */
export function followUpHandlers(access: VaultAccess, dialogs: Dialogs): Methods {
  const listFor = (wave: string, asOf?: string) => access.withBoth((study, vault) => ({ list: namedFollowUpList(study, vault.db, wave, asOf), vault, study }));
  const wavePosition = (study: Db, wave: string) => (study.prepare('SELECT position FROM wave WHERE code = ?').pluck().get(wave) as number | undefined) ?? 0;

  return {
    'vault.followUp.list': ({ wave, asOf }) => {
      const { list, vault, study } = listFor(wave, asOf);
      appendAudit(vault.db, 'names_viewed', { what: 'follow_up_list', wave_position: wavePosition(study, wave), count: list.entries.length, client: 'app' });
      return list;
    },
    'vault.followUp.print': ({ wave, labels }) => {
      const { list, vault, study } = listFor(wave);
      const html = followUpListHtml(access.studyName(), list, { labels });
      appendAudit(vault.db, 'printed', { what: 'follow_up_list', wave_position: wavePosition(study, wave), count: list.entries.length, client: 'app' });
      return { html, count: list.entries.length };
    },
    'vault.followUp.export': async ({ wave, labels }) => {
      const { list } = listFor(wave);
      const bytes = await followUpWorkbook(access.studyName(), list, { labels });
      const path = await dialogs.chooseSavePath(`follow-up-${wave}-${new Date().toISOString().slice(0, 10)}.xlsx`, ['xlsx']);
      if (!path) return { path: null, count: list.entries.length };
      // Written and audited together, with the vault asked for again: it may have locked while the
      // dialog was open, and then nothing is written.
      access.withBoth((study, vault) => {
        writeNewFile(path, bytes);
        appendAudit(vault.db, 'exported', { what: 'follow_up_list', wave_position: wavePosition(study, wave), count: list.entries.length, client: 'app' });
      });
      return { path, count: list.entries.length };
    },
  };
}
