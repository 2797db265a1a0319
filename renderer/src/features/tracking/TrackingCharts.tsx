import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../../../electron/api/schemas';
import { Chart } from '../../components/charts/Chart';
import { matchRateChart, waveBarsChart, weeklyChart } from '../../../../electron/shared/charts/trackingCharts';
import { stratumName } from './RateTable';
import type { TrackingReport, WeeklyView } from './TrackingArea';
import { formatDay } from '../../format';

/** Match rate by stratum with the target band, forms per wave (received, linked, held, missing) and the weekly trend. */
export function TrackingCharts({ report, weekly, summary }: { report: TrackingReport; weekly: WeeklyView; summary: StudySummary }) {
  const { t } = useTranslation();
  const waveLabel = (code: string) => summary.waves.find((wave) => wave.code === code)?.label ?? code;
  const band = t('tracking.band', { target: Math.round(report.target * 100), stretch: Math.round(report.stretch * 100) });
  return (
    <div className="charts">
      <Chart
        title={t('tracking.chartRate')}
        fileName="match-rate"
        height={Math.max(220, 60 + 36 * report.byArmGroup.length)}
        option={matchRateChart(
          report.byArmGroup.map((rate) => ({
            label: stratumName(summary, rate.key, t('tracking.none')),
            rate: rate.rate,
            matched: rate.matched,
            enrolled: rate.enrolled,
          })),
          report.target,
          report.stretch,
          { matchRate: t('tracking.rate'), target: t('tracking.targetLine'), band },
        )}
      />
      <Chart
        title={t('tracking.chartWaves')}
        fileName="forms-per-wave"
        height={Math.max(240, 100 + 64 * report.waves.length)}
        option={waveBarsChart(
          report.waves.map((wave) => ({
            label: wave.label,
            received: wave.received,
            linked: wave.linked,
            held: wave.held,
            missing: wave.missing,
          })),
          {
            received: t('tracking.received'),
            linked: t('tracking.linked'),
            held: t('tracking.held'),
            missing: t('tracking.missing'),
            forms: t('tracking.forms'),
          },
        )}
      />
      <Chart
        title={t('tracking.chartWeekly')}
        fileName="weekly"
        option={weeklyChart(
          weekly.weeks.map((week) => formatDay(week)),
          weekly.perWave.map((wave) => ({
            label: waveLabel(wave.wave),
            points: wave.points.map((point) => point.cumulative),
            targetCount: wave.targetCount,
          })),
          {
            target: t('tracking.targetForms', { count: weekly.perWave[0]?.targetCount ?? 0 }),
            week: t('tracking.weekOf'),
            forms: t('tracking.formsCumulative'),
          },
        )}
      />
      <p className="muted" data-testid="last-week">
        {t('tracking.lastWeek', {
          count: weekly.lastWeek.receivedPerWave.reduce((sum, wave) => sum + wave.received, 0),
          before: weekly.lastWeek.matchedBefore,
          now: weekly.lastWeek.matchedNow,
        })}
      </p>
    </div>
  );
}
