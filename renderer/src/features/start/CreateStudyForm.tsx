import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudyState } from '../../../../electron/api/schemas';
import { ErrorAlert, Field } from '../../components/Field';
import { useErrorText } from '../../i18n';

type FieldName = 'name' | 'path' | 'passphrase' | 'confirm';

/** New study: name, optional country, where to save it and its passphrase (typed twice). */
export function CreateStudyForm({ onCreated }: { onCreated(state: StudyState): void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [name, setName] = useState('');
  const [country, setCountry] = useState('');
  const [path, setPath] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [minLength, setMinLength] = useState(8);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('app.info', {}).then((result) => result.ok && setMinLength(result.value.minPassphraseLength));
  }, []);

  async function chooseLocation() {
    const result = await call('dialog.chooseNewStudyPath', { suggestedName: name.trim() || 'study' });
    if (result.ok && result.value.path) {
      setPath(result.value.path);
      setErrors((previous) => ({ ...previous, path: undefined }));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<FieldName, string>> = {};
    if (!name.trim()) found.name = t('errors.studyNameMissing');
    if (!path) found.path = t('create.noLocation');
    if (passphrase.length < minLength) found.passphrase = t('errors.passphraseTooShort', { min: minLength });
    if (confirm !== passphrase) found.confirm = t('create.mismatch');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0 || !path) return;
    setBusy(true);
    const result = await call('study.create', { path, name, country, passphrase });
    setBusy(false);
    if (result.ok) {
      onCreated(result.value);
      return;
    }
    const field = result.error.field as FieldName | undefined;
    if (field && ['name', 'path', 'passphrase'].includes(field)) setErrors({ [field]: errorText(result.error) });
    else setFormError(errorText(result.error));
  }

  return (
    <form onSubmit={submit} aria-busy={busy} noValidate>
      <Field label={t('create.name')} placeholder={t('create.namePlaceholder')} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      <Field label={t('create.country')} value={country} onChange={(e) => setCountry(e.target.value)} />
      <div className="field">
        <span className="label">{t('create.location')}</span>
        <p className="path" aria-live="polite">{path ?? t('create.noLocation')}</p>
        <button type="button" onClick={chooseLocation}>
          {t('create.chooseLocation')}
        </button>
        {errors.path && (
          <p className="field-error" role="alert">
            {errors.path}
          </p>
        )}
      </div>
      <Field
        label={t('create.passphrase')}
        type="password"
        autoComplete="new-password"
        hint={t('create.passphraseHint', { min: minLength })}
        value={passphrase}
        error={errors.passphrase}
        onChange={(e) => setPassphrase(e.target.value)}
      />
      <Field label={t('create.confirm')} type="password" autoComplete="new-password" value={confirm} error={errors.confirm} onChange={(e) => setConfirm(e.target.value)} />
      <ErrorAlert message={formError} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('create.submit')}
        </button>
      </div>
    </form>
  );
}
