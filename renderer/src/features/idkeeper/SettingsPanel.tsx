import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultSettings } from '../../../../electron/api/contracts/vault';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import {
  emptyPassphraseChange,
  PassphraseChangeFields,
  passphraseErrorField,
  type PassphraseFieldErrors,
} from '../../components/PassphraseChangeFields';
import { usePrintLabels } from './printLabels';
import { RecoveryKeyOnce } from './VaultAccess';
import { useVaultError } from './vaultErrors';

interface Rotation {
  backupsRekeyed: number;
  backupsUnreadable: number;
}

/**
 * The idle lock, how many backups to keep, and the vault's two secrets. Changing either secret
 * re-encrypts the vault and its backups under a new data key (core/vault/rotation.ts), so the
 * ID-keeper is told plainly what the old secret still opens afterwards: nothing in Mixwise's
 * folders, but any copy made elsewhere before the change.
 */
export function SettingsPanel({ settings, onChanged }: { settings: VaultSettings; onChanged(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [idle, setIdle] = useState(String(settings.idleLockSeconds));
  const [keep, setKeep] = useState(String(settings.backupKeep));
  const [change, setChange] = useState(emptyPassphraseChange);
  const [errors, setErrors] = useState<PassphraseFieldErrors>({});
  // Set when the core refuses a passphrase change until a vault made before key rotation has a new recovery key.
  const [legacy, setLegacy] = useState(false);
  const [message, setMessage] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [recoveryPassphrase, setRecoveryPassphrase] = useState('');
  const [recoveryError, setRecoveryError] = useState<string | null>(null);
  const [recovery, setRecovery] = useState<{ key: string; sheet: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const messageRef = useRef<HTMLDivElement>(null);
  const labels = usePrintLabels();

  // The forms are below the fold on a small screen; the outcome of a change must be seen.
  useEffect(() => {
    if (message.length > 0 && !recovery) messageRef.current?.scrollIntoView({ block: 'nearest' });
  }, [message, recovery]);

  function rotationText(kind: 'passphraseChanged' | 'recoveryReplaced', rotation: Rotation): string[] {
    const lines = [t(`vault.settings.${kind}`, { count: rotation.backupsRekeyed })];
    const unreadable = rotation.backupsUnreadable;
    if (unreadable > 0) lines.push(t('vault.settings.backupsUnreadable', { count: unreadable }));
    return lines;
  }

  async function makeRecoveryKey(passphrase: string, afterLegacy: boolean) {
    setBusy(true);
    setMessage([]);
    const result = await call('vault.newRecoveryKey', { passphrase, labels });
    setBusy(false);
    setRecoveryPassphrase('');
    if (!result.ok) {
      if (afterLegacy) return setErrors({ form: errorText(result.error) });
      return setRecoveryError(errorText(result.error));
    }
    setRecoveryError(null);
    setErrors({});
    setLegacy(false);
    const next = afterLegacy ? [t('vault.settings.legacyNext')] : [];
    setMessage([...rotationText('recoveryReplaced', result.value), ...next]);
    setRecovery({ key: result.value.recoveryKey, sheet: result.value.recoverySheetHtml });
  }

  if (recovery) return <RecoveryKeyOnce recovery={recovery} onDone={() => setRecovery(null)} />;

  async function saveSettings(event: FormEvent) {
    event.preventDefault();
    const result = await call('vault.settings.set', { idleLockSeconds: Number(idle), backupKeep: Number(keep) });
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    setMessage([t('vault.settings.saved')]);
    onChanged();
  }

  async function changePassphrase(event: FormEvent) {
    event.preventDefault();
    if (change.next !== change.confirm) return setErrors({ confirm: t('vault.access.mismatch') });
    setBusy(true);
    setMessage([]);
    const result = await call('vault.changePassphrase', { current: change.current, next: change.next });
    setBusy(false);
    if (!result.ok) {
      setLegacy(result.error.key === 'recoveryKeyLegacy');
      return setErrors({ [passphraseErrorField(result.error.field)]: errorText(result.error) });
    }
    setChange(emptyPassphraseChange);
    setErrors({});
    setMessage(rotationText('passphraseChanged', result.value));
  }

  return (
    <div>
      <h3>{t('vault.settings.heading')}</h3>
      {message.length > 0 && (
        <div className="notice" role="status" ref={messageRef} data-testid="settings-message">
          {message.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
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
        <Field
          label={t('vault.settings.keep')}
          type="number"
          min={1}
          max={365}
          value={keep}
          onChange={(event) => setKeep(event.target.value)}
        />
        <button type="submit" className="primary">
          {t('vault.settings.save')}
        </button>
      </form>
      <form
        className="vault-card"
        onSubmit={changePassphrase}
        aria-busy={busy}
        aria-labelledby="change-passphrase-heading"
      >
        <h4 id="change-passphrase-heading">{t('vault.settings.passphraseHeading')}</h4>
        {legacy && errors.form ? (
          <div className="alert" role="alert">
            <p>{errors.form}</p>
            <button type="button" disabled={busy} onClick={() => void makeRecoveryKey(change.current, true)}>
              {t('vault.settings.legacyMake')}
            </button>
          </div>
        ) : (
          <ErrorAlert message={errors.form ?? null} />
        )}
        <PassphraseChangeFields
          value={change}
          errors={errors}
          labels={{
            current: t('vault.settings.current'),
            next: t('vault.access.newPassphrase'),
            nextHint: t('vault.access.newPassphraseHint'),
            repeat: t('vault.access.repeat'),
          }}
          onChange={(value) => {
            setChange(value);
            setErrors({});
          }}
        />
        <button type="submit" disabled={busy || !change.current || !change.next}>
          {busy ? t('vault.settings.rekeying') : t('vault.settings.change')}
        </button>
      </form>
      <form
        className="vault-card"
        onSubmit={(event) => {
          event.preventDefault();
          void makeRecoveryKey(recoveryPassphrase, false);
        }}
        aria-busy={busy}
        aria-labelledby="new-recovery-heading"
      >
        <h4 id="new-recovery-heading">{t('vault.settings.recoveryHeading')}</h4>
        <p>{t('vault.settings.recoveryText')}</p>
        <Field
          label={t('vault.settings.current')}
          type="password"
          autoComplete="off"
          value={recoveryPassphrase}
          error={recoveryError}
          onChange={(event) => {
            setRecoveryPassphrase(event.target.value);
            setRecoveryError(null);
          }}
        />
        <button type="submit" disabled={busy || !recoveryPassphrase}>
          {busy ? t('vault.settings.rekeying') : t('vault.settings.recoveryMake')}
        </button>
      </form>
    </div>
  );
}
