import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultSettings } from '../../../../electron/api/contracts/vault';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { usePrintLabels } from './printLabels';
import { RecoveryKeyOnce } from './VaultAccess';
import { useVaultError } from './vaultErrors';

/** The idle lock, how many backups to keep, and changing the vault's passphrase. */
export function SettingsPanel({ settings, onChanged }: { settings: VaultSettings; onChanged(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [idle, setIdle] = useState(String(settings.idleLockSeconds));
  const [keep, setKeep] = useState(String(settings.backupKeep));
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [recoveryPassphrase, setRecoveryPassphrase] = useState('');
  const [recovery, setRecovery] = useState<{ key: string; sheet: string } | null>(null);
  const labels = usePrintLabels();

  async function newRecoveryKey(event: FormEvent) {
    event.preventDefault();
    const result = await call('vault.newRecoveryKey', { passphrase: recoveryPassphrase, labels });
    setRecoveryPassphrase('');
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setRecovery({ key: result.value.recoveryKey, sheet: result.value.recoverySheetHtml });
  }

  if (recovery) return <RecoveryKeyOnce recovery={recovery} onDone={() => setRecovery(null)} />;

  async function saveSettings(event: FormEvent) {
    event.preventDefault();
    const result = await call('vault.settings.set', { idleLockSeconds: Number(idle), backupKeep: Number(keep) });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setMessage(t('vault.settings.saved'));
    onChanged();
  }

  async function changePassphrase(event: FormEvent) {
    event.preventDefault();
    if (next !== confirm) return setError(t('vault.access.mismatch'));
    const result = await call('vault.changePassphrase', { current, next });
    if (!result.ok) return setError(errorText(result.error));
    for (const clear of [setCurrent, setNext, setConfirm]) clear('');
    setError(null);
    setMessage(t('vault.settings.passphraseChanged'));
  }

  return (
    <div>
      <h3>{t('vault.settings.heading')}</h3>
      {message && <p className="notice" role="status">{message}</p>}
      <ErrorAlert message={error} />
      <form className="vault-card" onSubmit={saveSettings}>
        <Field
          label={t('vault.settings.idle')}
          hint={t('vault.settings.idleHint')}
          type="number"
          min={1}
          max={86400}
          value={idle}
          onChange={(event) => setIdle(event.target.value)}
        />
        <Field label={t('vault.settings.keep')} type="number" min={1} max={365} value={keep} onChange={(event) => setKeep(event.target.value)} />
        <button type="submit" className="primary">
          {t('vault.settings.save')}
        </button>
      </form>
      <form className="vault-card" onSubmit={changePassphrase} aria-labelledby="change-passphrase-heading">
        <h4 id="change-passphrase-heading">{t('vault.settings.passphraseHeading')}</h4>
        <Field label={t('vault.settings.current')} type="password" autoComplete="off" value={current} onChange={(event) => setCurrent(event.target.value)} />
        <Field label={t('vault.access.newPassphrase')} type="password" autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />
        <Field label={t('vault.access.repeat')} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />
        <button type="submit" disabled={!current || !next}>
          {t('vault.settings.change')}
        </button>
      </form>
      <form className="vault-card" onSubmit={newRecoveryKey} aria-labelledby="new-recovery-heading">
        <h4 id="new-recovery-heading">{t('vault.settings.recoveryHeading')}</h4>
        <p>{t('vault.settings.recoveryText')}</p>
        <Field label={t('vault.settings.current')} type="password" autoComplete="off" value={recoveryPassphrase} onChange={(event) => setRecoveryPassphrase(event.target.value)} />
        <button type="submit" disabled={!recoveryPassphrase}>
          {t('vault.settings.recoveryMake')}
        </button>
      </form>
    </div>
  );
}
