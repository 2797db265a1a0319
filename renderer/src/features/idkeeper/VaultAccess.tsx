import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultState } from '../../../../electron/api/contracts/vault';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { PrintPreview } from './PrintPreview';
import { usePrintLabels } from './printLabels';
import { useVaultError } from './vaultErrors';

type Fields = Record<string, string | null>;

interface CreateProps {
  fileName: string;
  /** The open study is the demo: its vault of made-up people is offered first. */
  demoStudy: boolean;
  onDemo(): void;
  onCreated(recovery: { key: string; sheet: string }, state: VaultState): void;
}

/** Creating the vault: passphrase twice; then the recovery key, once. */
export function CreateVault({ fileName, demoStudy, onDemo, onCreated }: CreateProps) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const labels = usePrintLabels();
  const [keeper, setKeeper] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Fields>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (passphrase !== confirm) return setErrors({ confirm: t('vault.access.mismatch') });
    setBusy(true);
    const result = await call('vault.create', { passphrase, labels, keeper });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.field === 'passphrase' || result.error.field === 'keeper' ? result.error.field : 'form';
      return setErrors({ [field]: errorText(result.error) });
    }
    setPassphrase('');
    setConfirm('');
    onCreated({ key: result.value.recoveryKey, sheet: result.value.recoverySheetHtml }, result.value.state);
  }

  return (
    <>
      {demoStudy && <DemoVaultOffer onMade={onDemo} />}
      <form className="vault-card" onSubmit={submit} aria-busy={busy} aria-labelledby="vault-create-heading">
        <h3 id="vault-create-heading">{t('vault.access.createHeading')}</h3>
        <p>{t('vault.access.createText', { file: fileName })}</p>
        <ErrorAlert message={errors.form ?? null} />
        <KeeperField
          value={keeper}
          error={errors.keeper}
          onChange={(value) => {
            setKeeper(value);
            setErrors({});
          }}
        />
        <Field
          label={t('vault.access.newPassphrase')}
          hint={t('vault.access.newPassphraseHint')}
          type="password"
          autoComplete="new-password"
          value={passphrase}
          error={errors.passphrase}
          onChange={(event) => {
            setPassphrase(event.target.value);
            setErrors({});
          }}
        />
        <Field
          label={t('vault.access.repeat')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          error={errors.confirm}
          onChange={(event) => {
            setConfirm(event.target.value);
            setErrors({});
          }}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !passphrase || !keeper.trim()}>
            {busy ? t('vault.working') : t('vault.access.create')}
          </button>
        </div>
      </form>
    </>
  );
}

/** The recovery key, shown this once: printed or written down before going on. */
export function RecoveryKeyOnce({ recovery, onDone }: { recovery: { key: string; sheet: string }; onDone(): void }) {
  const { t } = useTranslation();
  const [stored, setStored] = useState(false);
  const [printing, setPrinting] = useState(false);
  return (
    <section className="vault-card" aria-labelledby="recovery-heading">
      <h3 id="recovery-heading">{t('vault.recovery.heading')}</h3>
      <p>{t('vault.recovery.text')}</p>
      <p className="recovery-key" data-testid="recovery-key">
        {recovery.key}
      </p>
      <p className="notice">{t('vault.recovery.once')}</p>
      <div className="actions">
        <button type="button" onClick={() => setPrinting(true)}>
          {t('vault.recovery.print')}
        </button>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={stored} onChange={(event) => setStored(event.target.checked)} /> {t('vault.recovery.stored')}
      </label>
      <div className="actions">
        <button type="button" className="primary" disabled={!stored} onClick={onDone}>
          {t('vault.recovery.continue')}
        </button>
      </div>
      {printing && <PrintPreview html={recovery.sheet} onClose={() => setPrinting(false)} />}
    </section>
  );
}

/** Unlocking with the passphrase, or with the recovery key and a new passphrase. */
export function UnlockVault({
  fileName,
  demoPassphrase,
  reason,
  onOpened,
}: {
  fileName: string;
  /** The demo vault's public passphrase, shown as the demo study's is on the start screen; null for any other vault. */
  demoPassphrase: string | null;
  reason: string | null;
  onOpened(state: VaultState): void;
}) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  const [keeper, setKeeper] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Fields>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === 'recovery' && next !== confirm) return setErrors({ confirm: t('vault.access.mismatch') });
    setBusy(true);
    const result =
      mode === 'passphrase'
        ? await call('vault.unlock', { passphrase, keeper })
        : await call('vault.recover', { recoveryKey, newPassphrase: next, keeper });
    setBusy(false);
    if (!result.ok) {
      const named = { newPassphrase: 'next', recoveryKey: 'recoveryKey', keeper: 'keeper' } as Record<string, string>;
      const field = named[result.error.field ?? ''] ?? (mode === 'passphrase' ? 'passphrase' : 'form');
      return setErrors({ [field]: errorText(result.error) });
    }
    for (const clear of [setPassphrase, setRecoveryKey, setNext, setConfirm]) clear('');
    onOpened(result.value);
  }

  const change = (setter: (value: string) => void) => (event: { target: { value: string } }) => {
    setter(event.target.value);
    setErrors({});
  };

  return (
    <form className="vault-card" onSubmit={submit} aria-busy={busy} aria-labelledby="vault-unlock-heading">
      <h3 id="vault-unlock-heading">{t('vault.access.unlockHeading', { file: fileName })}</h3>
      {reason && <p className="notice">{t(`vault.lockedBy.${reason}`)}</p>}
      {demoPassphrase && (
        <p className="muted" data-testid="demo-vault-passphrase">
          {t('vault.access.demoPassphrase', { passphrase: demoPassphrase })}
        </p>
      )}
      <ErrorAlert message={errors.form ?? null} />
      <KeeperField
        value={keeper}
        error={errors.keeper}
        onChange={(value) => {
          setKeeper(value);
          setErrors({});
        }}
      />
      {mode === 'passphrase' ? (
        <Field
          label={t('vault.access.passphrase')}
          type="password"
          autoComplete="off"
          value={passphrase}
          error={errors.passphrase}
          onChange={change(setPassphrase)}
        />
      ) : (
        <>
          <p>{t('vault.access.recoverText')}</p>
          <Field
            label={t('vault.access.recoveryKey')}
            autoComplete="off"
            spellCheck={false}
            value={recoveryKey}
            error={errors.recoveryKey}
            onChange={change(setRecoveryKey)}
          />
          <Field
            label={t('vault.access.newPassphrase')}
            hint={t('vault.access.newPassphraseHint')}
            type="password"
            autoComplete="new-password"
            value={next}
            error={errors.next}
            onChange={change(setNext)}
          />
          <Field
            label={t('vault.access.repeat')}
            type="password"
            autoComplete="new-password"
            value={confirm}
            error={errors.confirm}
            onChange={change(setConfirm)}
          />
        </>
      )}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || !keeper.trim() || (mode === 'passphrase' ? !passphrase : !recoveryKey || !next)}
        >
          {busy ? t('vault.working') : mode === 'passphrase' ? t('vault.access.unlock') : t('vault.access.recover')}
        </button>
        <button
          type="button"
          onClick={() => {
            setMode(mode === 'passphrase' ? 'recovery' : 'passphrase');
            setErrors({});
          }}
        >
          {mode === 'passphrase' ? t('vault.access.forgot') : t('vault.access.usePassphrase')}
        </button>
      </div>
    </form>
  );
}

/**
 * Who is working: the audit log names them beside everything done until the vault locks. Asked
 * before the passphrase, and first focused: the vault's own list of ID-keepers can only be read once it is open.
 */
function KeeperField({ value, error, onChange }: { value: string; error?: string | null; onChange(value: string): void }) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('vault.access.keeper')}
      hint={t('vault.access.keeperHint')}
      autoComplete="name"
      autoFocus
      maxLength={100}
      value={value}
      error={error}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** On the demo study: its vault of made-up people, made on request (a second or two), then unlocked with its shown passphrase. */
function DemoVaultOffer({ onMade }: { onMade(): void }) {
  const { t } = useTranslation();
  const errorText = useVaultError();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function make() {
    setBusy(true);
    const result = await call('vault.demo.create', {});
    setBusy(false);
    if (!result.ok) return setError(errorText(result.error));
    onMade();
  }
  return (
    <section className="vault-card" aria-labelledby="demo-vault-heading" aria-busy={busy}>
      <h3 id="demo-vault-heading">{t('vault.access.demoHeading')}</h3>
      <p>{t('vault.access.demoText')}</p>
      <ErrorAlert message={error} />
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void make()}>
          {busy ? t('vault.working') : t('vault.access.demoCreate')}
        </button>
      </div>
      <p className="muted">{t('vault.access.demoOr')}</p>
    </section>
  );
}
