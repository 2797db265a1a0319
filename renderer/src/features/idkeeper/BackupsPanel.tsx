import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { useVaultError } from './vaultErrors';
import { formatInstant } from '../../format';

type Backups = MethodOutput<'vault.backup.list'>;
type Preview = MethodOutput<'vault.backup.preview'>;

/**
 * Encrypted backups of the vault (made daily by themselves, or now): restore one after seeing
 * what it holds compared with the vault today. Withdrawals, erasures and issued IDs made since
 * the backup are kept by the core, so a restore never brings an erased name back. The copy made
 * just before a restore is marked: the daily rotation never removes it.
 */
export function BackupsPanel({ onRestored }: { onRestored(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [backups, setBackups] = useState<Backups | null>(null);
  const [chosen, setChosen] = useState<{ file: string; preview: Preview } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call('vault.backup.list', {});
    if (result.ok) setBackups(result.value);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function backupNow() {
    const result = await call('vault.backup.create', {});
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setMessage(t('vault.backups.made', { file: result.value.file }));
    void load();
  }

  async function preview(file: string) {
    const result = await call('vault.backup.preview', { file });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setChosen({ file, preview: result.value });
  }

  async function restore() {
    if (!chosen) return;
    const result = await call('vault.backup.restore', { file: chosen.file, confirm: true });
    if (!result.ok) return setError(errorText(result.error));
    setChosen(null);
    setMessage(t('vault.backups.restored'));
    onRestored();
    void load();
  }

  if (!backups) return null;
  const rows = ['people', 'active', 'withdrawn', 'identityErased', 'issuedIds', 'auditEntries'] as const;
  return (
    <div>
      <h3>{t('vault.backups.heading')}</h3>
      <p className="muted">{t('vault.backups.text', { folder: backups.folder })}</p>
      {message && <p className="notice" role="status">{message}</p>}
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void backupNow()}>
          {t('vault.backups.now')}
        </button>
      </div>
      {backups.backups.length === 0 ? (
        <p>{t('vault.backups.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('vault.backups.when')}</th>
              <th scope="col">{t('vault.backups.size')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('vault.backups.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {backups.backups.map((backup) => (
              <tr key={backup.file} data-kind={backup.kind}>
                <td>
                  {formatInstant(backup.at)}
                  {backup.kind === 'preRestore' && (
                    <span className="muted backup-kind">{t('vault.backups.preRestore')}</span>
                  )}
                </td>
                <td className="number">{t('vault.backups.kb', { size: Math.ceil(backup.size / 1024) })}</td>
                <td>
                  <button type="button" className="small" onClick={() => void preview(backup.file)}>
                    {t('vault.backups.preview')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <div className="confirm" role="group" aria-label={t('vault.backups.restoreHeading')}>
          <h4>{t('vault.backups.restoreHeading')}</h4>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('vault.backups.count')}</th>
                <th scope="col">{t('vault.backups.inBackup')}</th>
                <th scope="col">{t('vault.backups.current')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row}>
                  <th scope="row">{t(`vault.backups.counts.${row}`)}</th>
                  <td className="number">{chosen.preview.backup[row]}</td>
                  <td className="number">{chosen.preview.current[row]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {chosen.preview.lostEnrolments > 0 && <p className="alert">{t('vault.backups.lost', { count: chosen.preview.lostEnrolments })}</p>}
          <p>{t('vault.backups.kept')}</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void restore()}>
              {t('vault.backups.restore')}
            </button>
            <button type="button" onClick={() => setChosen(null)}>
              {t('vault.detail.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
