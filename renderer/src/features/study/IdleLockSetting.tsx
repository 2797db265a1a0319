import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { setReportedIdleSeconds } from './useActivityReport';

/**
 * How long the study may sit unused on this computer before it locks itself (default 15 minutes).
 * A setting of this computer, not of the study file (core/app/settings.ts says why).
 */
export function IdleLockSetting() {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('app.settings.get', {}).then((result) => {
      if (result.ok) setMinutes(String(Math.max(1, Math.round(result.value.studyIdleLockSeconds / 60))));
    });
  }, []);

  async function save(event: FormEvent) {
    event.preventDefault();
    const value = Number(minutes);
    if (!Number.isInteger(value) || value < 1 || value > 1440) return setError(t('study.idle.invalid'));
    const result = await call('app.settings.set', { studyIdleLockSeconds: value * 60 });
    // The core refuses only what the check above already catches; its own message is the fallback.
    if (!result.ok) return setError(result.error.code === 'INVALID_INPUT' ? t('study.idle.invalid') : result.error.message);
    setReportedIdleSeconds(result.value.studyIdleLockSeconds);
    setError(null);
    setMessage(t('study.idle.saved', { count: value }));
  }

  if (minutes === null) return null;
  return (
    <form className="card" onSubmit={save} aria-labelledby="idle-lock-heading">
      <h3 id="idle-lock-heading">{t('study.idle.heading')}</h3>
      {message && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      <ErrorAlert message={error} />
      <Field
        label={t('study.idle.minutes')}
        hint={t('study.idle.hint')}
        type="number"
        min={1}
        max={1440}
        value={minutes}
        onChange={(event) => setMinutes(event.target.value)}
      />
      <button type="submit">{t('study.idle.save')}</button>
    </form>
  );
}
