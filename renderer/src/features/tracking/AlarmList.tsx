import { useTranslation } from 'react-i18next';
import type { StudySummary } from '../../../../electron/api/schemas';
import type { TrackingReport } from './TrackingArea';
import { alarmPeople } from '../../../../electron/shared/tracking/alarmPeople';

const pct = (share: number) => Math.round(share * 100);

/** Differential attrition in words, in the reader's language (the core's English message is for the CLI). */
export function AlarmList({ report, summary }: { report: TrackingReport; summary: StudySummary }) {
  const { t } = useTranslation();
  if (report.alarms.length === 0) {
    const points = t('tracking.points', { count: Math.round(report.alarmThreshold * 100) });
    return <p className="muted">{t('tracking.noAlarm', { points })}</p>;
  }
  const armName = (code: string | null) => summary.arms.find((arm) => arm.code === code)?.name ?? code ?? '';
  return (
    <ul className="alarms" aria-label={t('tracking.alarmsLabel')}>
      {report.alarms.map((alarm, index) => (
        <li key={index} role="alert" className="alarm" data-testid="alarm">
          {t(alarm.withinArm ? 'tracking.alarmWithinArm' : 'tracking.alarm', {
            ...alarmPeople(alarm, (arm) => t('tracking.armPeople', { arm })),
            arm: armName(alarm.withinArm),
            lowerRate: pct(alarm.lower.rate),
            higherRate: pct(alarm.higher.rate),
            points: t('tracking.points', { count: Math.round(alarm.points) }),
            lowerLost: pct(1 - alarm.lower.rate),
            higherLost: pct(1 - alarm.higher.rate),
          })}
        </li>
      ))}
    </ul>
  );
}
