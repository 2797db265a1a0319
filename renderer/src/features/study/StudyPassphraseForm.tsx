import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import {
  emptyPassphraseChange,
  PassphraseChangeFields,
  passphraseErrorField,
  type PassphraseFieldErrors,
} from '../../components/PassphraseChangeFields';
import { useErrorText } from '../../i18n';

/**
 * Changing the study's passphrase, shared by the whole entry team, when someone leaves. The core
 * re-encrypts the study file under the new one (core/study/passphrase.ts) and the study stays
 * open. Copies of the file made before keep the old passphrase: the form says so, since nothing
 * Mixwise does can reach them. The repeat is checked here; strength and the current passphrase
 * are checked by the core, and its refusals are shown at the field they concern.
 */
export function StudyPassphraseForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [change, setChange] = useState(emptyPassphraseChange);
  const [errors, setErrors] = useState<PassphraseFieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (change.next !== change.confirm) return setErrors({ confirm: t('study.passphrase.mismatch') });
    setBusy(true);
    const result = await call('study.changePassphrase', { current: change.current, next: change.next });
    setBusy(false);
    if (!result.ok) return setErrors({ [passphraseErrorField(result.error.field)]: errorText(result.error) });
    setChange(emptyPassphraseChange);
    setErrors({});
    setMessage(t('study.passphrase.changed'));
  }

  return (
    <form className="card" onSubmit={submit} aria-busy={busy} aria-labelledby="study-passphrase-heading">
      <h3 id="study-passphrase-heading">{t('study.passphrase.heading')}</h3>
      <p>{t('study.passphrase.text')}</p>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <ErrorAlert message={errors.form ?? null} />
      <PassphraseChangeFields
        value={change}
        errors={errors}
        labels={{
          current: t('study.passphrase.current'),
          next: t('study.passphrase.next'),
          nextHint: t('study.passphrase.nextHint'),
          repeat: t('study.passphrase.repeat'),
        }}
        onChange={(value) => {
          setChange(value);
          setErrors({});
        }}
      />
      <button type="submit" disabled={busy || !change.current || !change.next}>
        {busy ? t('study.passphrase.working') : t('study.passphrase.change')}
      </button>
    </form>
  );
}
