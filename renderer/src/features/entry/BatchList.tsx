import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { MethodOutput } from '../../../../electron/api/contract';
import { ErrorAlert, Field } from '../../components/Field';
import { useEntryErrorText } from './entryText';
import { today } from './NewBatchForm';
import { formatDay } from '../../format';

export type BatchSummary = MethodOutput<'entry.batches'>[number];

interface Props {
  batches: BatchSummary[];
  onKey(batchId: number): void;
  onCompare(batchId: number): void;
}

/** Every batch with its progress and double-entry state, and what can be done with it. */
export function BatchList({ batches, onKey, onCompare }: Props) {
  const { t } = useTranslation();
  const [secondFor, setSecondFor] = useState<BatchSummary | null>(null);
  if (batches.length === 0) return <p className="muted">{t('entry.batches.none')}</p>;
  const keying = (batch: BatchSummary) => t(batch.pass === 1 ? 'entry.batches.pass1' : 'entry.batches.pass2');
  const verification = (batch: BatchSummary) =>
    batch.verification === 'verified'
      ? t('entry.batches.verificationVerified')
      : batch.verification === 'pending'
        ? t('entry.batches.verificationPending', { count: batch.unresolved ?? 0 })
        : batch.verification === 'none'
          ? t('entry.batches.verificationNone')
          : '';
  return (
    <>
      <table className="entry-batches">
        <thead>
          <tr>
            <th scope="col">{t('entry.batches.label')}</th>
            <th scope="col">{t('entry.batches.wave')}</th>
            <th scope="col">{t('entry.batches.version')}</th>
            <th scope="col">{t('entry.batches.site')}</th>
            <th scope="col">{t('entry.batches.clerk')}</th>
            <th scope="col">{t('entry.batches.date')}</th>
            <th scope="col">{t('entry.batches.keying')}</th>
            <th scope="col">{t('entry.batches.forms')}</th>
            <th scope="col">{t('entry.batches.doubleEntry')}</th>
            <th scope="col">{t('entry.batches.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((batch) => (
            <tr key={batch.id} data-batch={batch.id}>
              <th scope="row">{batch.label}</th>
              <td>{batch.waveLabel}</td>
              <td>{batch.versionLabel}</td>
              <td>{batch.siteName ?? t('entry.none')}</td>
              <td>{batch.clerk}</td>
              <td>{formatDay(batch.keyedOn)}</td>
              <td>{keying(batch)}</td>
              <td>{t('entry.batches.formsValue', { complete: batch.completeForms, total: batch.forms })}</td>
              <td className={batch.verification === 'verified' ? 'entry-verified' : undefined}>{verification(batch)}</td>
              <td className="actions-cell">
                <button type="button" className="small" aria-label={t('entry.batches.keyBatch', { label: batch.label, keying: keying(batch) })} onClick={() => onKey(batch.id)}>
                  {t('entry.batches.key')}
                </button>
                {batch.pass === 1 && batch.kind === 'keyed' && batch.secondPassId === null && (
                  <button type="button" className="small" aria-label={t('entry.batches.secondBatch', { label: batch.label })} onClick={() => setSecondFor(batch)}>
                    {t('entry.batches.second')}
                  </button>
                )}
                {batch.pass === 1 && batch.secondPassId !== null && (
                  <button type="button" className="small" aria-label={t('entry.batches.compareBatch', { label: batch.label })} onClick={() => onCompare(batch.id)}>
                    {t('entry.batches.compare')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {secondFor && <SecondPassForm batch={secondFor} onCancel={() => setSecondFor(null)} onCreated={onKey} />}
    </>
  );
}

/** Starts the blind second keying of a batch by another clerk. */
function SecondPassForm({ batch, onCancel, onCreated }: { batch: BatchSummary; onCancel(): void; onCreated(batchId: number): void }) {
  const { t } = useTranslation();
  const errorText = useEntryErrorText();
  const [clerk, setClerk] = useState('');
  const [keyedOn, setKeyedOn] = useState(today());
  const [error, setError] = useState<{ field?: string; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await call('entry.batch.createSecondPass', { parentBatchId: batch.id, clerk, keyedOn });
    if (result.ok) return onCreated(result.value.id);
    setError({ field: result.error.field, text: errorText(result.error) });
  }

  return (
    <form onSubmit={submit} noValidate className="card entry-section" aria-labelledby="second-pass-heading">
      <h3 id="second-pass-heading">{t('entry.second.heading', { label: batch.label })}</h3>
      <p className="hint">{t('entry.second.hint')}</p>
      <ErrorAlert message={error && !['clerk', 'keyedOn'].includes(error.field ?? '') ? error.text : null} />
      <Field label={t('entry.second.clerk')} value={clerk} error={error?.field === 'clerk' ? error.text : null} onChange={(e) => setClerk(e.target.value)} />
      <Field label={t('entry.second.date')} type="date" value={keyedOn} error={error?.field === 'keyedOn' ? error.text : null} onChange={(e) => setKeyedOn(e.target.value)} />
      <div className="actions">
        <button type="submit" className="primary">
          {t('entry.second.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('entry.second.cancel')}
        </button>
      </div>
    </form>
  );
}
