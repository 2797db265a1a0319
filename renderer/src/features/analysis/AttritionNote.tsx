import { useTranslation } from 'react-i18next';
import { alarmSentence, distinctAlarms, estimateSentence, introSentence } from '../../../../electron/shared/analysis/attritionWords';
import type { AnalysisReport, Namer } from './format';

/**
 * Beside the ANCOVA table: where the tracking's differential-attrition alarm is on for a wave, the
 * alarm in words and, per affected effect, the estimate if those lost had answered like those who
 * stayed (inverse-probability weights, electron/core/analysis/attrition.ts). Nothing without an alarm.
 */
export function AttritionNote({ report, scale, names }: { report: AnalysisReport; scale: string; names: Namer }) {
  const { t, i18n } = useTranslation();
  const rows = report.attrition.filter((row) => row.scale === scale);
  if (rows.length === 0) return null;
  const translate = (key: string, params?: Record<string, string | number>) => t(key, params ?? {});
  const order = (group: string | null) => (group === null ? -1 : report.groups.findIndex((entry) => entry.code === group));
  // One block per wave comparison (and comparison arm, in a study with more than two).
  const blocks = [...new Set(rows.map((row) => `${row.to}\u0000${row.comparisonArm}`))].map((key) =>
    rows.filter((row) => `${row.to}\u0000${row.comparisonArm}` === key).sort((a, b) => order(a.group) - order(b.group)),
  );
  return (
    <section className="notice analysis-attrition" aria-labelledby={`attrition-${scale}`} data-testid="attrition-note">
      <h4 id={`attrition-${scale}`}>{t('analysis.attrition.heading')}</h4>
      {blocks.map((block) => {
        const { from, to, comparisonArm } = block[0]!;
        return (
          <div key={`${to}-${comparisonArm}`} data-wave={to}>
            {distinctAlarms(block).map((alarm) => (
              <p key={`${alarm.dimension}-${alarm.withinArm}-${alarm.higher.code}-${alarm.lower.code}`}>
                {alarmSentence(alarm, from, to, translate, names)}
              </p>
            ))}
            <p>{introSentence(block[0]!, translate)}</p>
            <ul>
              {block.map((row) => (
                <li key={row.group ?? 'all'} data-group={row.group ?? 'all'}>
                  {estimateSentence(row, translate, names, i18n.language)}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <p className="muted">{t('analysis.attrition.method')}</p>
    </section>
  );
}
