import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { MethodOutput } from '../../../../electron/api/contract';
import { ErrorAlert } from '../../components/Field';
import { useFocusHeading } from '../../components/useFocusHeading';
import { useEntryErrorText } from './entryText';

type Stats = MethodOutput<'entry.stats'>;

/** Keying statistics per clerk and per batch, with each clerk's error rate from double entry. */
export function StatsPanel({ onBack }: { onBack(): void }) {
  const { t } = useTranslation();
  const errorText = useEntryErrorText();
  const heading = useFocusHeading<HTMLHeadingElement>();
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('entry.stats', {}).then((result) => (result.ok ? setStats(result.value) : setError(errorText(result.error))));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- loads once
  }, []);

  const number = (value: number | null) => (value === null ? t('entry.none') : String(value));
  return (
    <section aria-labelledby="stats-heading">
      <div className="entry-grid-header">
        <h2 id="stats-heading" ref={heading} tabIndex={-1}>
          {t('entry.stats.heading')}
        </h2>
        <button type="button" onClick={onBack}>
          {t('entry.stats.back')}
        </button>
      </div>
      <ErrorAlert message={error} />
      {stats && stats.batches.length === 0 && <p>{t('entry.stats.none')}</p>}
      {stats && stats.batches.length > 0 && (
        <>
          <h3>{t('entry.stats.perClerk')}</h3>
          <table data-testid="stats-clerks">
            <thead>
              <tr>
                <th scope="col">{t('entry.stats.clerk')}</th>
                <th scope="col">{t('entry.stats.batches')}</th>
                <th scope="col">{t('entry.stats.forms')}</th>
                <th scope="col">{t('entry.stats.keystrokesPerForm')}</th>
                <th scope="col">{t('entry.stats.formsPerHour')}</th>
                <th scope="col">{t('entry.stats.corrections')}</th>
                <th scope="col">{t('entry.stats.errorRate')}</th>
                <th scope="col">{t('entry.stats.unresolved')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.clerks.map((clerk) => (
                <tr key={clerk.clerk}>
                  <th scope="row">{clerk.clerk}</th>
                  <td className="number">{clerk.batches}</td>
                  <td className="number">{clerk.forms}</td>
                  <td className="number">{number(clerk.keystrokesPerForm)}</td>
                  <td className="number">{number(clerk.formsPerHour)}</td>
                  <td className="number">{clerk.corrections}</td>
                  <td className="number">
                    {clerk.errorRate === null
                      ? t('entry.none')
                      : t('entry.stats.errorValue', { errors: clerk.errors, cells: clerk.cellsCompared, rate: Math.round(clerk.errorRate * 10000) / 100 })}
                  </td>
                  <td className="number">{clerk.unresolved}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('entry.stats.perBatch')}</h3>
          <table data-testid="stats-batches">
            <thead>
              <tr>
                <th scope="col">{t('entry.stats.batch')}</th>
                <th scope="col">{t('entry.stats.keying')}</th>
                <th scope="col">{t('entry.stats.clerk')}</th>
                <th scope="col">{t('entry.stats.forms')}</th>
                <th scope="col">{t('entry.stats.keystrokesPerForm')}</th>
                <th scope="col">{t('entry.stats.formsPerHour')}</th>
                <th scope="col">{t('entry.stats.activeMinutes')}</th>
                <th scope="col">{t('entry.stats.corrections')}</th>
              </tr>
            </thead>
            <tbody>
              {stats.batches.map((batch) => (
                <tr key={batch.batchId}>
                  <th scope="row">{batch.label}</th>
                  <td>{t(batch.pass === 1 ? 'entry.batches.pass1' : 'entry.batches.pass2')}</td>
                  <td>{batch.clerk}</td>
                  <td className="number">{batch.forms}</td>
                  <td className="number">{number(batch.keystrokesPerForm)}</td>
                  <td className="number">{number(batch.formsPerHour)}</td>
                  <td className="number">{batch.activeMinutes}</td>
                  <td className="number">{batch.corrections}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('entry.stats.note')}</p>
        </>
      )}
    </section>
  );
}
