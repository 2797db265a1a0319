import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudySummary } from '../../../../electron/api/schemas';
import { ErrorAlert, Field } from '../../components/Field';
import { useEntryErrorText } from './entryText';
import { SelectField } from './SelectField';

export const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/** A new batch: the box of paper forms of one wave and questionnaire version, keyed by one clerk. */
export function NewBatchForm({ summary, onCreated }: { summary: StudySummary; onCreated(batchId: number): void }) {
  const { t } = useTranslation();
  const errorText = useEntryErrorText();
  const [wave, setWave] = useState(summary.waves[0]?.code ?? '');
  const [version, setVersion] = useState(summary.versions[0]?.code ?? '');
  const [site, setSite] = useState('');
  const [label, setLabel] = useState('');
  const [clerk, setClerk] = useState('');
  const [keyedOn, setKeyedOn] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  if (summary.versions.length === 0) return <p className="muted">{t('entry.newBatch.noVersions')}</p>;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await call('entry.batch.create', { waveCode: wave, versionCode: version, siteCode: site || null, label, clerk, keyedOn });
    if (result.ok) return onCreated(result.value.id);
    const field = result.error.field;
    if (field && ['label', 'clerk', 'keyedOn'].includes(field)) {
      setErrors({ [field]: errorText(result.error) });
      setFormError(null);
    } else setFormError(errorText(result.error));
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-batch-heading">
      <h3 id="new-batch-heading">{t('entry.newBatch.heading')}</h3>
      <ErrorAlert message={formError} />
      <div className="entry-form-grid">
        <SelectField label={t('entry.newBatch.wave')} value={wave} onChange={(e) => setWave(e.target.value)} options={summary.waves.map((w) => ({ value: w.code, label: w.label }))} />
        <SelectField
          label={t('entry.newBatch.version')}
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          options={summary.versions.map((v) => ({ value: v.code, label: v.label }))}
        />
        <SelectField
          label={t('entry.newBatch.site')}
          value={site}
          onChange={(e) => setSite(e.target.value)}
          options={[{ value: '', label: t('entry.newBatch.anySite') }, ...summary.sites.map((s) => ({ value: s.code, label: s.name }))]}
        />
        <Field label={t('entry.newBatch.label')} hint={t('entry.newBatch.labelHint')} value={label} error={errors.label} onChange={(e) => setLabel(e.target.value)} />
        <Field label={t('entry.newBatch.clerk')} value={clerk} error={errors.clerk} autoComplete="name" onChange={(e) => setClerk(e.target.value)} />
        <Field label={t('entry.newBatch.date')} type="date" value={keyedOn} error={errors.keyedOn} onChange={(e) => setKeyedOn(e.target.value)} />
      </div>
      <button type="submit" className="primary">
        {t('entry.newBatch.submit')}
      </button>
    </form>
  );
}
