import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { useErrorText } from '../../i18n';

type Fields = Partial<Record<'current' | 'next' | 'confirm' | 'form', string>>;

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
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Fields>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    if (next !== confirm) return setErrors({ confirm: t('study.passphrase.mismatch') });
    setBusy(true);
    const result = await call('study.changePassphrase', { current, next });
    setBusy(false);
    if (!result.ok) {
      const field = result.error.field === 'current' || result.error.field === 'next' ? result.error.field : 'form';
      return setErrors({ [field]: errorText(result.error) });
    }
    for (const clear of [setCurrent, setNext, setConfirm]) clear('');
    setErrors({});
    setMessage(t('study.passphrase.changed'));
  }

  const typed = (setter: (value: string) => void) => (event: { target: { value: string } }) => {
    setter(event.target.value);
    setErrors({});
  };

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
      <Field
        label={t('study.passphrase.current')}
        type="password"
        autoComplete="off"
        value={current}
        error={errors.current}
        onChange={typed(setCurrent)}
      />
      <Field
        label={t('study.passphrase.next')}
        hint={t('study.passphrase.nextHint')}
        type="password"
        autoComplete="new-password"
        value={next}
        error={errors.next}
        onChange={typed(setNext)}
      />
      <Field
        label={t('study.passphrase.repeat')}
        type="password"
        autoComplete="new-password"
        value={confirm}
        error={errors.confirm}
        onChange={typed(setConfirm)}
      />
      <button type="submit" disabled={busy || !current || !next}>
        {busy ? t('study.passphrase.working') : t('study.passphrase.change')}
      </button>
    </form>
  );
}
