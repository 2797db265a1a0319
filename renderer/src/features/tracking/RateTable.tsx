import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../../../electron/api/schemas';
import type { TrackingReport } from './TrackingArea';
import { formatNumber } from '../../format';

/** A match rate with one decimal, in the reader's number format (80.0, 80,0). */
const ratePercent = (rate: number) => formatNumber(rate * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

type Split = 'byArmGroup' | 'byStratum' | 'byGroup' | 'byArm' | 'bySite' | 'byCohort';
const SPLITS: Split[] = ['byArmGroup', 'byStratum', 'byGroup', 'byArm', 'bySite', 'byCohort'];

/** Names for stratum codes, shared by the table and the charts. */
export function stratumName(summary: StudySummary, key: Record<string, string | null | undefined>, none: string): string {
  const lists: Record<string, { code: string; name: string }[]> = {
    arm: summary.arms,
    group: summary.identityGroups,
    site: summary.sites,
    cohort: summary.cohorts,
  };
  return Object.entries(key)
    .map(([dimension, code]) =>
      code === null || code === undefined ? none : (lists[dimension]?.find((entry) => entry.code === code)?.name ?? code),
    )
    .join(' · ');
}

/** Per-wave counts, then match rate by the chosen split: met or short, and how many more are needed. */
export function RateTable({ report, summary }: { report: TrackingReport; summary: StudySummary }) {
  const { t } = useTranslation();
  const [split, setSplit] = useState<Split>('byArmGroup');
  // A split the study has nothing to split by (no sites, no cohorts) would be one "(none)" row.
  const splits = SPLITS.filter((name) =>
    name === 'bySite' ? summary.sites.length > 0 : name === 'byCohort' ? summary.cohorts.length > 0 : true,
  );
  return (
    <>
      <h3>{t('tracking.perWave')}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('overview.wave')}</th>
            <th scope="col">{t('tracking.enrolled')}</th>
            <th scope="col">{t('tracking.active')}</th>
            <th scope="col">{t('tracking.due')}</th>
            <th scope="col">{t('tracking.received')}</th>
            <th scope="col">{t('tracking.linked')}</th>
            <th scope="col">{t('tracking.held')}</th>
            <th scope="col">{t('tracking.missing')}</th>
            <th scope="col">{t('tracking.verified')}</th>
          </tr>
        </thead>
        <tbody>
          {report.waves.map((wave) => (
            <tr key={wave.wave} data-testid={`wave-${wave.wave}`}>
              <th scope="row">{wave.label}</th>
              <td className="number">{wave.enrolled}</td>
              <td className="number">{wave.active}</td>
              <td className="number">{wave.due}</td>
              <td className="number">{wave.received}</td>
              <td className="number">{wave.linked}</td>
              <td className="number">{wave.held}</td>
              <td className="number">{wave.missing}</td>
              <td className="number">{wave.verified ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.heldMatch.forms > 0 && report.heldMatch.rateAtMost !== null && (
        <p data-testid="held-note">
          {t('tracking.heldText', {
            count: report.heldMatch.forms,
            rate: formatNumber(Math.floor(report.heldMatch.rateAtMost * 1000 + 1e-9) / 10, {
              minimumFractionDigits: 1,
              maximumFractionDigits: 1,
            }),
          })}
        </p>
      )}
      <p className="muted" data-testid="due-note">
        {t('tracking.dueNote')} {t('tracking.formsNote')}
      </p>
      <h3>{t('tracking.byStratum')}</h3>
      <div className="field inline">
        <label htmlFor="split">{t('tracking.splitBy')}</label>
        <select id="split" value={split} onChange={(event) => setSplit(event.target.value as Split)}>
          {splits.map((name) => (
            <option key={name} value={name}>
              {t(`tracking.split.${name}`)}
            </option>
          ))}
        </select>
      </div>
      <table data-testid="rate-table">
        <thead>
          <tr>
            <th scope="col">{t('tracking.stratum')}</th>
            <th scope="col">{t('tracking.matched')}</th>
            <th scope="col">{t('tracking.enrolled')}</th>
            <th scope="col">{t('tracking.rate')}</th>
            <th scope="col">{t('tracking.verdict')}</th>
          </tr>
        </thead>
        <tbody>
          {report[split].map((rate) => (
            <tr key={JSON.stringify(rate.key)}>
              <th scope="row">{stratumName(summary, rate.key, t('tracking.none'))}</th>
              <td className="number">{rate.matched}</td>
              <td className="number">{rate.enrolled}</td>
              <td className="number">{rate.rate === null ? '–' : `${ratePercent(rate.rate)} %`}</td>
              <td className={rate.met ? 'met' : 'short'}>
                {rate.met ? t('tracking.met') : t('tracking.short', { count: rate.neededForTarget })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
