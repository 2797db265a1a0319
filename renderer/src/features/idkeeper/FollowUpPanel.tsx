import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { CallLog } from './CallLog';
import { SelectField, spaced } from './fields';
import { PrintPreview } from './PrintPreview';
import { usePrintLabels } from './printLabels';
import { useVaultError } from './vaultErrors';

type List = MethodOutput<'vault.followUp.list'>;

/**
 * The Follow-up tab's list of IDs due or missing, with the names and contacts only the vault holds:
 * the list to call people from. It leaves the screen with the vault (this panel unmounts on lock).
 * Saving it as a workbook puts names in a file outside the vault, so that asks first.
 */
export function FollowUpPanel({ summary }: { summary: StudySummary }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const labels = usePrintLabels();
  const [wave, setWave] = useState(summary.waves[1]?.code ?? summary.waves[0]?.code ?? '');
  const [loaded, setList] = useState<List | null>(null);
  // Only the chosen wave's list: the one loaded before is never shown under a newly chosen wave, not even for a moment.
  const list = loaded?.wave === wave ? loaded : null;
  const [html, setHtml] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ id: string } | null>(null);

  // Loaded once per wave chosen: each load is a 'names viewed' entry in the audit log.
  useEffect(() => {
    if (!wave) return;
    let current = true;
    setList(null);
    // A person picked on the earlier list must not fill the form again when the call log remounts.
    setPicked(null);
    void call('vault.followUp.list', { wave }).then((result) => {
      if (!current) return;
      if (result.ok) setList(result.value);
      else setError(errorText(result.error));
    });
    return () => {
      current = false;
    };
    // errorText is a new function on every render; only a new wave reloads.
  }, [wave]);

  // In place, without reloading: rows do not jump while someone works down the list (the order by
  // next attempt comes with the next load, and a reload would be one more 'names viewed' entry).
  function logged({ entry, lastCall, nextAttempt }: MethodOutput<'vault.calls.log'>) {
    setList((current) => {
      if (!current || entry.wave !== current.wave) return current;
      return { ...current, entries: current.entries.map((row) => (row.id === entry.id ? { ...row, lastCall, nextAttempt } : row)) };
    });
  }

  function withdrawn(id: string) {
    setList((current) => current && { ...current, entries: current.entries.filter((row) => row.id !== id) });
  }

  async function print() {
    const result = await call('vault.followUp.print', { wave, labels });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setHtml(result.value.html);
  }

  async function save() {
    setConfirming(false);
    const result = await call('vault.followUp.export', { wave, labels });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    if (result.value.path) setSaved(result.value.path);
  }

  return (
    <div>
      <h3>{t('vault.followUp.heading')}</h3>
      <p className="muted">{t('vault.followUp.text')}</p>
      <ErrorAlert message={error} />
      <div className="vault-grid">
        <SelectField label={t('vault.followUp.wave')} value={wave} onChange={(event) => setWave(event.target.value)}>
          {summary.waves.map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.label}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={!list} onClick={() => void print()}>
          {t('vault.followUp.print')}
        </button>
        <button type="button" disabled={!list} onClick={() => setConfirming(true)}>
          {t('vault.followUp.export')}
        </button>
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label={t('vault.followUp.export')}>
          <p>{t('vault.followUp.exportWarning')}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void save()}>
              {t('vault.followUp.exportConfirm')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('vault.followUp.cancel')}
            </button>
          </div>
        </div>
      )}
      {saved && <p role="status">{t('vault.followUp.saved', { path: saved })}</p>}
      {list === null ? (
        <p className="loading">{t('vault.working')}</p>
      ) : (
        <>
          <p className="muted">{t('vault.followUp.count', { count: list.entries.length })}</p>
          {list.notExpected > 0 && (
            <p className="muted" data-testid="vault-follow-up-not-expected">
              {t('vault.followUp.notExpected', { count: list.notExpected })}
            </p>
          )}
          <CallLog wave={wave} entries={list.entries} picked={picked} onLogged={logged} onWithdrawn={withdrawn} />
          {list.entries.length > 0 && (
            <table data-testid="vault-follow-up">
              <thead>
                <tr>
                  <th scope="col">{t('vault.printLabels.id')}</th>
                  <th scope="col">{t('vault.printLabels.name')}</th>
                  <th scope="col">{t('vault.fields.phone')}</th>
                  <th scope="col">{t('vault.fields.email')}</th>
                  <th scope="col">{t('vault.followUp.stratum')}</th>
                  <th scope="col">{t('vault.followUp.state')}</th>
                  <th scope="col">{t('vault.followUp.daysOverdue')}</th>
                  <th scope="col">{t('vault.calls.lastCall')}</th>
                  <th scope="col">{t('vault.calls.nextAttempt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="id-cell">
                      {/* Picks the person for the call log above the table; the ID as the calling sheet prints it. */}
                      <button
                        type="button"
                        className="link"
                        aria-label={t('vault.calls.pick', { id: spaced(entry.id) })}
                        onClick={() => setPicked({ id: entry.id })}
                      >
                        {spaced(entry.id)}
                      </button>
                    </td>
                    <td>{entry.name ?? t('vault.followUp.notInVault')}</td>
                    <td>{entry.phone}</td>
                    <td>{entry.email}</td>
                    <td>{[entry.group, entry.arm, entry.site].filter(Boolean).join(' · ')}</td>
                    <td>{t(`vault.followUp.states.${entry.state}`)}</td>
                    <td className="number">{entry.daysOverdue}</td>
                    <td>
                      {entry.lastCall && (
                        <>
                          {`${t(`vault.calls.outcomes.${entry.lastCall.outcome}`)}, `}
                          <span className="call-day">{entry.lastCall.calledOn}</span>
                        </>
                      )}
                    </td>
                    <td className="call-day">{entry.nextAttempt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {html && <PrintPreview html={html} onClose={() => setHtml(null)} />}
    </div>
  );
}
