import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupView } from '../../../../../electron/api/contracts/setup';
import { ErrorAlert, Field } from '../../../components/Field';
import { placeError, useApiError } from '../useApiError';
import type { RunSetup } from './SetupScreen';

type Wave = SetupView['waves'][number];
const FIELDS = ['code', 'label', 'windowStart', 'windowEnd'] as const;

function WaveRow({ wave, index, codes, run }: { wave: Wave; index: number; codes: string[]; run: RunSetup }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [label, setLabel] = useState(wave.label);
  const [start, setStart] = useState(wave.windowStart ?? '');
  const [end, setEnd] = useState(wave.windowEnd ?? '');
  const [error, setError] = useState<string | null>(null);
  const report = (failure: Awaited<ReturnType<RunSetup>>) => setError(failure ? errorText(failure) : null);
  const move = (step: number) => {
    const order = [...codes];
    order.splice(index, 1);
    order.splice(index + step, 0, wave.code);
    return run('setup.reorderWaves', { codes: order }).then(report);
  };
  return (
    <tr data-wave-row={wave.code}>
      <th scope="row">
        {index + 1}. <span className="code">{wave.code}</span>
      </th>
      <td>
        <input aria-label={t('setup.waves.labelOf', { code: wave.code })} value={label} onChange={(e) => setLabel(e.target.value)} />
      </td>
      <td>
        <input type="date" aria-label={t('setup.waves.startOf', { code: wave.code })} value={start} onChange={(e) => setStart(e.target.value)} />
      </td>
      <td>
        <input type="date" aria-label={t('setup.waves.endOf', { code: wave.code })} value={end} aria-invalid={error ? true : undefined} onChange={(e) => setEnd(e.target.value)} />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
      <td className="number">{t('setup.waves.responses', { count: wave.responses })}</td>
      <td>
        <div className="actions">
          <button
            type="button"
            className="small"
            onClick={async () => report(await run('setup.updateWave', { code: wave.code, label, windowStart: start || null, windowEnd: end || null }))}
          >
            {t('setup.save')}
          </button>
          <button type="button" className="small" disabled={index === 0} aria-label={t('setup.waves.up', { code: wave.code })} onClick={() => move(-1)}>
            {t('setup.waves.upShort')}
          </button>
          <button type="button" className="small" disabled={index === codes.length - 1} aria-label={t('setup.waves.down', { code: wave.code })} onClick={() => move(1)}>
            {t('setup.waves.downShort')}
          </button>
          <button type="button" className="small" onClick={async () => report(await run('setup.removeWave', { code: wave.code }))}>
            {t('setup.remove')}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** Waves (pre, post, follow-up…): their order, labels and planned windows. */
export function WavesEditor({ waves, run }: { waves: Wave[]; run: RunSetup }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const codes = waves.map((wave) => wave.code);

  async function add(event: FormEvent) {
    event.preventDefault();
    const error = await run('setup.addWave', { code: code.trim(), label, windowStart: start || null, windowEnd: end || null });
    const placed = error ? placeError(error, errorText(error), FIELDS) : { fields: {}, form: null };
    setErrors(placed.fields);
    setFormError(placed.form);
    if (!error) {
      setCode('');
      setLabel('');
      setStart('');
      setEnd('');
    }
  }

  return (
    <section className="panel" aria-labelledby="waves-heading">
      <h3 id="waves-heading">{t('setup.waves.heading')}</h3>
      <p className="hint">{t('setup.waves.hint')}</p>
      <table className="edit-table">
        <thead>
          <tr>
            <th scope="col">{t('setup.code')}</th>
            <th scope="col">{t('setup.waves.label')}</th>
            <th scope="col">{t('setup.waves.windowStart')}</th>
            <th scope="col">{t('setup.waves.windowEnd')}</th>
            <th scope="col">{t('setup.inUse')}</th>
            <th scope="col">{t('setup.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {waves.map((wave, index) => (
            <WaveRow key={`${wave.code}:${index}:${wave.label}:${wave.windowStart}:${wave.windowEnd}`} wave={wave} index={index} codes={codes} run={run} />
          ))}
        </tbody>
      </table>
      <ErrorAlert message={formError} />
      <form className="row-form" onSubmit={add} noValidate aria-label={t('setup.waves.add')}>
        <Field label={t('setup.waves.newCode')} hint={t('setup.waves.codeHint')} value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
        <Field label={t('setup.waves.newLabel')} value={label} error={errors.label} onChange={(e) => setLabel(e.target.value)} />
        <Field label={t('setup.waves.newStart')} type="date" value={start} error={errors.windowStart} onChange={(e) => setStart(e.target.value)} />
        <Field label={t('setup.waves.newEnd')} type="date" value={end} error={errors.windowEnd} onChange={(e) => setEnd(e.target.value)} />
        <button type="submit">{t('setup.waves.add')}</button>
      </form>
    </section>
  );
}
