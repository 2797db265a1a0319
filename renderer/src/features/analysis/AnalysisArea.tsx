import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../../../../electron/api/contract';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call, on, type ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/Field';
import { useErrorText } from '../../i18n';
import { namer, type AnalysisReport } from './format';
import { Headlines } from './Headlines';
import { ScaleView } from './ScaleView';
import './analysis.css';

type Options = MethodInput<'analysis.run'>;

/**
 * The evaluator's analysis: which waves (the first is the baseline) and which arm is the
 * programme, then per scale the toolkit's figure and the tables. The core computes every scale in
 * turn off the window's critical path and reports progress; the report can be saved as Excel
 * (every table, full precision) or PDF (with the charts).
 */
export function AnalysisArea({ summary }: { summary: StudySummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const allWaves = summary.waves.map((wave) => wave.code);
  const [waves, setWaves] = useState<string[]>(allWaves);
  const [programmeArm, setProgrammeArm] = useState(summary.arms[0]?.code ?? '');
  const [report, setReport] = useState<AnalysisReport | null>(null);
  const [scale, setScale] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const options: Options = { waves, ...(programmeArm ? { programmeArm } : {}) };

  useEffect(() => on('progress', (payload) => payload.task === 'analysis' && setProgress({ done: payload.done, total: payload.total })), []);

  useEffect(() => {
    let current = true;
    setProgress({ done: 0, total: 0 });
    void call('analysis.run', options).then((result) => {
      if (!current) return;
      setProgress(null);
      if (!result.ok) return setError(describe(result.error));
      setError(null);
      setReport(result.value);
      setScale((previous) => (previous && result.value.settings.scales.includes(previous) ? previous : (result.value.settings.scales[0] ?? null)));
    });
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [waves.join(','), programmeArm]);

  function describe(apiError: ApiError): string {
    // The analysis's own error keys live in its locale file (analysis.errors.*).
    return apiError.key?.startsWith('analysis.') ? t(`analysis.errors.${apiError.key.slice(9)}`, { ...apiError.params, defaultValue: apiError.message }) : errorText(apiError);
  }

  async function save(kind: 'xlsx' | 'pdf') {
    setSaved(null);
    const result = await call(kind === 'xlsx' ? 'analysis.exportXlsx' : 'analysis.exportPdf', options);
    if (!result.ok) return setError(describe(result.error));
    setError(null);
    setSaved(result.value.path ? t('analysis.saved', { path: result.value.path }) : t('analysis.cancelled'));
  }

  function toggleWave(code: string) {
    setWaves((current) => {
      const next = current.includes(code) ? current.filter((wave) => wave !== code) : [...current, code];
      // Always in the study's order; at least one wave stays chosen.
      const ordered = allWaves.filter((wave) => next.includes(wave));
      return ordered.length ? ordered : current;
    });
  }

  const names = report ? namer(report, t('analysis.allGroups')) : null;
  const warningText = (warning: AnalysisReport['warnings'][number]) =>
    t(`analysis.warning.${warning.kind}`, {
      ...warning.params,
      // A count picks the plural form ("1 respondent answered"); the core calls it n.
      count: warning.params.n,
      scale: names && warning.params.scale ? names.scale(String(warning.params.scale)) : warning.params.scale,
      wave: names && warning.params.wave ? names.wave(String(warning.params.wave)) : warning.params.wave,
      arm: names && warning.params.arm ? names.arm(String(warning.params.arm)) : warning.params.arm,
      group: names && warning.params.group ? names.group(String(warning.params.group)) : warning.params.group,
      from: names && warning.params.from ? names.wave(String(warning.params.from)) : warning.params.from,
      to: names && warning.params.to ? names.wave(String(warning.params.to)) : warning.params.to,
      defaultValue: warning.message,
    });

  return (
    <section aria-labelledby="analysis-heading" className="analysis">
      <h2 id="analysis-heading">{t('analysis.heading')}</h2>
      <ErrorAlert message={error} />
      <fieldset className="field inline">
        <legend>{t('analysis.waves')}</legend>
        {summary.waves.map((wave) => (
          <label key={wave.code}>
            <input type="checkbox" checked={waves.includes(wave.code)} onChange={() => toggleWave(wave.code)} /> {wave.label}
          </label>
        ))}
        <span className="muted">{t('analysis.baselineFirst')}</span>
      </fieldset>
      {summary.arms.length > 1 && (
        <div className="field inline">
          <label htmlFor="programme-arm">{t('analysis.programmeArm')}</label>
          <select id="programme-arm" value={programmeArm} onChange={(event) => setProgrammeArm(event.target.value)}>
            {summary.arms.map((arm) => (
              <option key={arm.code} value={arm.code}>
                {arm.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => void save('xlsx')} disabled={!report}>
          {t('analysis.exportXlsx')}
        </button>
        <button type="button" onClick={() => void save('pdf')} disabled={!report}>
          {t('analysis.exportPdf')}
        </button>
        {saved && (
          <span className="muted" role="status" data-testid="analysis-saved">
            {saved}
          </span>
        )}
      </div>
      {progress && (
        <p role="status" data-testid="analysis-progress">
          {t('analysis.running', { done: progress.done, count: progress.total || '…' })}
        </p>
      )}
      {report && names && (
        <>
          <p className="muted">{t('analysis.intro', { share: Math.round(report.settings.minAnsweredShare * 100) })}</p>
          <Headlines report={report} names={names} />
          {report.warnings.length > 0 && (
            // After the headline and folded when long: the points to read with care, one line each.
            <details className="alarms analysis-warnings" open={report.warnings.length <= 3} aria-label={t('analysis.warningsHeading')}>
              <summary>{t('analysis.warningsCount', { count: report.warnings.length })}</summary>
              <ul>
                {report.warnings.map((warning, index) => (
                  <li key={index} data-testid="analysis-warning">
                    {warningText(warning)}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {report.scales.length > 0 && scale && (
            <>
              <div className="field inline">
                <label htmlFor="analysis-scale">{t('analysis.scale')}</label>
                <select id="analysis-scale" value={scale} onChange={(event) => setScale(event.target.value)}>
                  {report.scales.map((entry) => (
                    <option key={entry.concept} value={entry.concept}>
                      {entry.name}
                    </option>
                  ))}
                </select>
                <span className="muted">
                  {t('analysis.share')}: {report.scales.find((entry) => entry.concept === scale)?.itemsNeeded} / {report.scales.find((entry) => entry.concept === scale)?.items.length}
                </span>
              </div>
              <ScaleView key={scale} report={report} scale={scale} names={names} />
            </>
          )}
        </>
      )}
    </section>
  );
}
