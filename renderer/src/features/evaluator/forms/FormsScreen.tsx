import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../../electron/api/contract';
import { FORMS_PROGRESS_TASK } from '../../../../../electron/shared/forms/printTask';
import type { StudySummary } from '../../../../../electron/api/schemas';
import { call, on } from '../../../api/client';
import { ErrorAlert } from '../../../components/Field';
import { useApiError } from '../useApiError';
import { FormPreview } from './FormPreview';

type Preview = MethodOutput<'forms.preview'>;

/** Paper forms: a version at a wave, blank or pre-printed with each participant's ID; preview, then PDF. */
export function FormsScreen() {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [summary, setSummary] = useState<StudySummary | null>(null);
  const [version, setVersion] = useState('');
  const [wave, setWave] = useState('');
  const [prefilled, setPrefilled] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** While a PDF prints: pages printed of all pages (total 0 until the layout is known). */
  const [printing, setPrinting] = useState<{ done: number; total: number } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [stopped, setStopped] = useState<string | null>(null);

  useEffect(
    () => on('progress', (event) => event.task === FORMS_PROGRESS_TASK && setPrinting({ done: event.done, total: event.total })),
    [],
  );

  useEffect(() => {
    void call('study.summary', {}).then((result) => {
      if (!result.ok) return setError(errorText(result.error));
      setSummary(result.value);
      setVersion(result.value.versions.at(-1)?.code ?? '');
      setWave(result.value.waves[0]?.code ?? '');
    });
    // Loaded once per visit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function showPreview() {
    setBusy(true);
    setDone(null);
    const result = await call('forms.preview', { version, wave, prefilled });
    setBusy(false);
    setError(result.ok ? null : errorText(result.error));
    setPreview(result.ok ? result.value : null);
  }

  async function savePdf() {
    setBusy(true);
    setDone(null);
    setStopped(null);
    setPrinting(null);
    const result = await call('forms.savePdf', { version, wave, prefilled });
    setBusy(false);
    setPrinting(null);
    setCancelling(false);
    // A cancelled print is what the person asked for, not a failure: said as a status, like a saved file.
    if (!result.ok && result.error.code === 'CANCELLED') {
      setError(null);
      return setStopped(errorText(result.error));
    }
    if (!result.ok) return setError(errorText(result.error));
    setError(null);
    if (result.value.path) setDone(t('forms.saved', { path: result.value.path, pages: result.value.pages, count: result.value.forms }));
  }

  async function cancel() {
    setCancelling(true);
    const result = await call('forms.cancel', {});
    // { cancelled: false }: the print had just ended, and the save's own answer says how.
    if (!result.ok) setError(errorText(result.error));
  }

  if (!summary) return error ? <ErrorAlert message={error} /> : <p className="loading">{t('app.working')}</p>;
  if (summary.versions.length === 0) return <p className="notice">{t('forms.noVersions')}</p>;
  return (
    <section className="panel" aria-labelledby="forms-heading" aria-busy={busy && !printing}>
      <h3 id="forms-heading">{t('forms.heading')}</h3>
      <p className="hint">{t('forms.hint')}</p>
      <div className="row-form">
        <div className="field">
          <label htmlFor="forms-version">{t('forms.version')}</label>
          <select id="forms-version" value={version} onChange={(e) => setVersion(e.target.value)}>
            {summary.versions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label} ({option.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="forms-wave">{t('forms.wave')}</label>
          <select id="forms-wave" value={wave} onChange={(e) => setWave(e.target.value)}>
            {summary.waves.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label} ({option.code})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" checked={prefilled} onChange={(e) => setPrefilled(e.target.checked)} /> {t('forms.prefilled')}
          </label>
          <p className="hint">{t('forms.prefilledHint')}</p>
        </div>
      </div>
      <div className="actions">
        <button type="button" onClick={showPreview} disabled={busy || !version || !wave}>
          {t('forms.preview')}
        </button>
        <button type="button" className="primary" onClick={savePdf} disabled={busy || !version || !wave}>
          {t('forms.savePdf')}
        </button>
      </div>
      {printing && (
        <div className="field" data-testid="forms-printing">
          <label htmlFor="forms-progress">{t('forms.printing')}</label>
          <progress id="forms-progress" value={printing.done} max={Math.max(printing.total, 1)} />
          <p role="status" aria-live="polite">
            {cancelling
              ? t('forms.cancelling')
              : printing.total
                ? t('forms.progress', { done: printing.done, count: printing.total })
                : t('forms.layingOut')}
          </p>
          <button type="button" onClick={cancel} disabled={cancelling}>
            {t('forms.cancel')}
          </button>
        </div>
      )}
      <ErrorAlert message={error} />
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {stopped && (
        <p className="notice" role="status" data-testid="forms-stopped">
          {stopped}
        </p>
      )}
      {preview && (
        <>
          <p className="muted">{t('forms.previewNote', { pages: preview.pagesPerForm, count: preview.forms })}</p>
          <FormPreview markup={preview.markup} css={preview.css} label={t('forms.previewLabel')} />
        </>
      )}
    </section>
  );
}
