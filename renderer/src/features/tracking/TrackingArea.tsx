import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import { call } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { useErrorText } from '../../i18n';
import type { StudySummary } from '../../../../electron/api/schemas';
import { BehaviourSection } from '../behaviour/BehaviourSection';
import { AlarmList } from './AlarmList';
import { FollowUpList } from './FollowUpList';
import { TrackingCharts } from './TrackingCharts';
import { RateTable } from './RateTable';
import { useStatusPdfLabels } from './statusPdfLabels';
import { formatNumber } from '../../format';

export type TrackingReport = MethodOutput<'tracking.report'>;
export type WeeklyView = MethodOutput<'tracking.weekly'>;

/**
 * The weekly check-in: match rate against the target by stratum, alarms in words, per-wave counts,
 * charts and the follow-up list (IDs only; names are the ID-keeper's).
 */
export function TrackingArea({ summary }: { summary: StudySummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const waves = summary.waves.map((wave) => wave.code);
  const [comparison, setComparison] = useState<string[]>(waves.slice(0, 2));
  const [report, setReport] = useState<TrackingReport | null>(null);
  const [weekly, setWeekly] = useState<WeeklyView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void Promise.all([call('tracking.report', { comparison }), call('tracking.weekly', { comparison })]).then(([reportResult, weeklyResult]) => {
      if (!current) return;
      if (!reportResult.ok) return setError(errorText(reportResult.error));
      if (!weeklyResult.ok) return setError(errorText(weeklyResult.error));
      setError(null);
      setReport(reportResult.value);
      setWeekly(weeklyResult.value);
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [comparison.join(',')]);

  const [saved, setSaved] = useState<string | null>(null);
  async function saveStatus() {
    const result = await call('tracking.saveStatus', { comparison });
    if (result.ok) setSaved(result.value.path ? t('charts.saved', { path: result.value.path }) : null);
    else setError(errorText(result.error));
  }
  const pdfLabels = useStatusPdfLabels();
  const [printing, setPrinting] = useState(false);
  async function savePdf() {
    setPrinting(true);
    const result = await call('tracking.savePdf', { comparison, labels: pdfLabels });
    setPrinting(false);
    if (result.ok) setSaved(result.value.path ? t('charts.saved', { path: result.value.path }) : null);
    else setError(errorText(result.error));
  }

  const comparisonOptions = waves.slice(1).map((_, index) => waves.slice(0, index + 2));
  const waveLabel = (code: string) => summary.waves.find((wave) => wave.code === code)?.label ?? code;

  return (
    <section aria-labelledby="tracking-heading" className="tracking">
      <h2 id="tracking-heading">{t('tracking.heading')}</h2>
      <ErrorAlert message={error} />
      <div className="field inline">
        <label htmlFor="comparison">{t('tracking.comparison')}</label>
        <select id="comparison" value={comparison.join(',')} onChange={(event) => setComparison(event.target.value.split(','))}>
          {comparisonOptions.map((option) => (
            <option key={option.join(',')} value={option.join(',')}>
              {option.map(waveLabel).join(' + ')}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void saveStatus()}>
          {t('tracking.saveStatus')}
        </button>
        <button type="button" disabled={printing} onClick={() => void savePdf()}>
          {t('tracking.savePdf')}
        </button>
        {saved && (
          <span className="muted" role="status">
            {saved}
          </span>
        )}
      </div>
      {report && weekly && (
        <>
          <p className="headline" data-testid="overall-rate">
            {report.overall.rate === null
              ? t('tracking.nobodyEnrolled')
              : t(report.overall.met ? 'tracking.overallMet' : 'tracking.overallShort', {
                  matched: report.overall.matched,
                  count: report.overall.enrolled,
                  rate: formatNumber(report.overall.rate * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
                  target: Math.round(report.target * 100),
                  needed: t('tracking.moreMatched', { count: report.overall.neededForTarget }),
                })}
          </p>
          <AlarmList report={report} summary={summary} />
          <RateTable report={report} summary={summary} />
          <TrackingCharts report={report} weekly={weekly} summary={summary} />
          <FollowUpList summary={summary} />
          <BehaviourSection summary={summary} />
        </>
      )}
    </section>
  );
}
