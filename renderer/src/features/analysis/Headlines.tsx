import { useTranslation } from 'react-i18next';
import { headlines } from '../../../../electron/shared/analysis/headline';
import type { AnalysisReport, Namer } from './format';

/**
 * Before any table: for each later wave, one sentence per scale in plain words, from the ANCOVA table's
 * numbers (electron/shared/analysis/headline.ts, which the PDF uses too).
 */
export function Headlines({ report, names }: { report: AnalysisReport; names: Namer }) {
  const { t, i18n } = useTranslation();
  const { baseline, waves } = report.settings;
  const later = waves.filter((wave) => wave !== baseline);
  const translate = (key: string, params?: Record<string, string | number>) => t(key, params ?? {});
  const blocks = later
    .map((to) => ({ to, lines: headlines(report, baseline, to, translate, i18n.language) }))
    .filter((block) => block.lines.length > 0);
  if (blocks.length === 0) return null;
  return (
    <section className="analysis-headlines" aria-labelledby="analysis-headlines-heading" data-testid="analysis-headlines">
      <h3 id="analysis-headlines-heading">{t('analysis.headline.heading')}</h3>
      {blocks.map((block) => (
        <div key={block.to}>
          <h4>{t('analysis.headline.waveHeading', { to: names.wave(block.to), from: names.wave(baseline) })}</h4>
          <ul>
            {block.lines.map((line) => (
              <li key={line.scale} data-scale={line.scale}>
                {line.text}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <p className="muted">{t('analysis.headline.method')}</p>
    </section>
  );
}
