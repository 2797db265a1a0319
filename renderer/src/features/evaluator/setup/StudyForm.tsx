import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupView } from '../../../../../electron/api/contracts/setup';
import { ErrorAlert, Field } from '../../../components/Field';
import { placeError, useApiError } from '../useApiError';
import type { RunSetup } from './SetupScreen';

const FIELDS = ['name', 'country', 'matchTarget', 'matchStretch'] as const;

/** Name, country and the match target (80 % by default, aiming for 85 %). */
export function StudyForm({ view, run }: { view: SetupView; run: RunSetup }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [name, setName] = useState(view.name);
  const [country, setCountry] = useState(view.country);
  const [target, setTarget] = useState(String(view.matchTarget));
  const [stretch, setStretch] = useState(String(view.matchStretch));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const error = await run('setup.saveStudy', { name, country, matchTarget: Number(target), matchStretch: Number(stretch) });
    const placed = error ? placeError(error, errorText(error), FIELDS) : { fields: {}, form: null };
    setErrors(placed.fields);
    setFormError(placed.form);
    setSaved(!error);
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="study-heading">
      <h3 id="study-heading">{t('setup.study.heading')}</h3>
      <div className="row-form">
        <Field label={t('setup.study.name')} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        <Field label={t('setup.study.country')} value={country} error={errors.country} onChange={(e) => setCountry(e.target.value)} />
        <Field label={t('setup.study.matchTarget')} type="number" min={1} max={100} value={target} error={errors.matchTarget} onChange={(e) => setTarget(e.target.value)} />
        <Field label={t('setup.study.matchStretch')} type="number" min={1} max={100} value={stretch} error={errors.matchStretch} onChange={(e) => setStretch(e.target.value)} />
        <button type="submit" className="primary">
          {t('setup.save')}
        </button>
      </div>
      <p className="hint">{t('setup.study.matchHint')}</p>
      <ErrorAlert message={formError} />
      {saved && (
        <p className="success" role="status">
          {t('setup.saved')}
        </p>
      )}
    </form>
  );
}
