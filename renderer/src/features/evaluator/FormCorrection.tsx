import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../../electron/api/contract';
import type { StudySummary } from '../../../../electron/api/schemas';
import { call, type ApiError } from '../../api/client';
import { ErrorAlert, Field } from '../../components/Field';
import { formatInstant } from '../../format';
import { placeError, useApiError } from './useApiError';

type Found = MethodOutput<'responses.find'>;
type Form = Found['forms'][number];

interface Editing {
  kind: 'delete' | 'move';
  wave: string;
  /** The filled-in form waits for a second, explicit confirmation before anything is changed. */
  confirming: boolean;
}

const FIELDS = ['participantId', 'waveCode', 'toWaveCode', 'toParticipantId', 'reason', 'by'] as const;

/**
 * The evaluator's corrections of whole questionnaires: type an ID, see its forms per wave, delete
 * one or move it to another wave or ID, with a reason and one's own name, after a confirmation.
 * Every change is recorded in the study (who, when, why); nothing here shows a person's name.
 */
export function FormCorrection() {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [waves, setWaves] = useState<StudySummary['waves']>([]);
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [toWave, setToWave] = useState('');
  const [toId, setToId] = useState('');
  const [reason, setReason] = useState('');
  const [by, setBy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call('study.summary', {}).then((result) => {
      if (result.ok) setWaves(result.value.waves);
    });
  }, []);

  const waveLabel = (code: string | null) => waves.find((wave) => wave.code === code)?.label ?? code ?? '';

  function showError(error: ApiError) {
    const placed = placeError(error, errorText(error), FIELDS);
    setErrors(placed.fields);
    setFormError(placed.form);
  }

  async function find(event?: FormEvent) {
    event?.preventDefault();
    setDone(null);
    setEditing(null);
    const participantId = typed.trim();
    if (!/^[0-9]{4,12}$/.test(participantId)) {
      setFound(null);
      setErrors({ participantId: t('evaluator.corrections.idFormat') });
      return;
    }
    setBusy(true);
    const result = await call('responses.find', { participantId });
    setBusy(false);
    setErrors({});
    setFormError(null);
    if (!result.ok) {
      setFound(null);
      return showError(result.error);
    }
    setFound(result.value);
  }

  function start(kind: Editing['kind'], form: Form) {
    setEditing({ kind, wave: form.waveCode, confirming: false });
    setToWave('');
    setToId('');
    setReason('');
    setErrors({});
    setFormError(null);
    setDone(null);
  }

  function review(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const missing: Record<string, string> = {};
    if (!reason.trim()) missing.reason = t('evaluator.errors.reasonMissing');
    if (!by.trim()) missing.by = t('evaluator.errors.byMissing');
    if (editing.kind === 'move' && !toWave && !toId.trim()) missing.toWaveCode = t('evaluator.errors.moveNoTarget');
    setErrors(missing);
    setFormError(null);
    if (Object.keys(missing).length === 0) setEditing({ ...editing, confirming: true });
  }

  async function apply() {
    if (!editing || !found) return;
    setBusy(true);
    const base = { participantId: found.participantId, waveCode: editing.wave, reason, by };
    const result =
      editing.kind === 'delete'
        ? await call('responses.delete', base)
        : await call('responses.move', { ...base, toWaveCode: toWave || null, toParticipantId: toId.trim() || null });
    setBusy(false);
    if (!result.ok) {
      setEditing({ ...editing, confirming: false });
      return showError(result.error);
    }
    setFound(result.value);
    setEditing(null);
    setErrors({});
    const params = { id: found.participantId, wave: waveLabel(editing.wave) };
    setDone(t(editing.kind === 'delete' ? 'evaluator.corrections.deleted' : 'evaluator.corrections.moved', params));
  }

  const target = (change: Found['changes'][number]) =>
    change.toParticipantId && change.toWaveCode
      ? t('evaluator.corrections.targetBoth', { id: change.toParticipantId, wave: waveLabel(change.toWaveCode) })
      : change.toParticipantId
        ? t('evaluator.corrections.targetId', { id: change.toParticipantId })
        : t('evaluator.corrections.targetWave', { wave: waveLabel(change.toWaveCode) });

  return (
    <section className="panel" aria-labelledby="corrections-heading" aria-busy={busy}>
      <h3 id="corrections-heading">{t('evaluator.corrections.heading')}</h3>
      <p className="hint">{t('evaluator.corrections.intro')}</p>
      <form className="row-form" onSubmit={(event) => void find(event)}>
        <Field
          label={t('evaluator.corrections.idLabel')}
          inputMode="numeric"
          autoComplete="off"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          error={errors.participantId}
        />
        <button type="submit" disabled={busy}>
          {t('evaluator.corrections.find')}
        </button>
      </form>
      <ErrorAlert message={formError} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {found && (
        <>
          <h4>{t('evaluator.corrections.formsOf', { id: found.participantId, count: found.forms.length })}</h4>
          {found.forms.length === 0 ? (
            <p>{t('evaluator.corrections.none', { id: found.participantId })}</p>
          ) : (
            <table className="corrections-forms">
              <thead>
                <tr>
                  <th scope="col">{t('evaluator.corrections.wave')}</th>
                  <th scope="col">{t('evaluator.corrections.version')}</th>
                  <th scope="col">{t('evaluator.corrections.source')}</th>
                  <th scope="col">{t('evaluator.corrections.answersHead')}</th>
                  <th scope="col">{t('evaluator.corrections.batch')}</th>
                  <th scope="col">{t('evaluator.corrections.received')}</th>
                  <th scope="col">{t('evaluator.corrections.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {found.forms.map((form) => (
                  <tr key={form.waveCode} data-testid={`form-${form.waveCode}`}>
                    <th scope="row">{form.waveLabel}</th>
                    <td>{form.versionLabel}</td>
                    <td>{t(`evaluator.corrections.sources.${form.source === 'online' ? 'online' : 'paper'}`)}</td>
                    <td>
                      {t('evaluator.corrections.answers', { count: form.answers })}
                      {!form.usable && <span className="muted"> {t('evaluator.corrections.notUsable')}</span>}
                    </td>
                    <td>{form.batch ? t('evaluator.corrections.batchPosition', { label: form.batch.label, position: form.batch.position }) : '—'}</td>
                    <td>{formatInstant(form.createdAt)}</td>
                    <td>
                      <button type="button" onClick={() => start('delete', form)} aria-label={t('evaluator.corrections.deleteOf', { wave: form.waveLabel })}>
                        {t('evaluator.corrections.delete')}
                      </button>{' '}
                      <button type="button" onClick={() => start('move', form)} aria-label={t('evaluator.corrections.moveOf', { wave: form.waveLabel })}>
                        {t('evaluator.corrections.move')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {editing && (
            <form className="corrections-edit" onSubmit={review} aria-labelledby="corrections-edit-heading">
              <h4 id="corrections-edit-heading">
                {t(editing.kind === 'delete' ? 'evaluator.corrections.deleteHeading' : 'evaluator.corrections.moveHeading', {
                  id: found.participantId,
                  wave: waveLabel(editing.wave),
                })}
              </h4>
              {editing.kind === 'move' && (
                <>
                  <div className="field">
                    <label htmlFor="corrections-to-wave">{t('evaluator.corrections.toWave')}</label>
                    <select
                      id="corrections-to-wave"
                      value={toWave}
                      disabled={editing.confirming}
                      onChange={(event) => setToWave(event.target.value)}
                      aria-invalid={errors.toWaveCode ? true : undefined}
                      aria-describedby={errors.toWaveCode ? 'corrections-to-wave-error' : undefined}
                    >
                      <option value="">{t('evaluator.corrections.sameWave')}</option>
                      {waves
                        .filter((wave) => wave.code !== editing.wave)
                        .map((wave) => (
                          <option key={wave.code} value={wave.code}>
                            {wave.label} ({wave.code})
                          </option>
                        ))}
                    </select>
                    {errors.toWaveCode && (
                      <p className="field-error" id="corrections-to-wave-error" role="alert">
                        {errors.toWaveCode}
                      </p>
                    )}
                  </div>
                  <Field
                    label={t('evaluator.corrections.toId')}
                    hint={t('evaluator.corrections.toIdHint', { id: found.participantId })}
                    inputMode="numeric"
                    autoComplete="off"
                    value={toId}
                    disabled={editing.confirming}
                    onChange={(event) => setToId(event.target.value)}
                    error={errors.toParticipantId}
                  />
                </>
              )}
              <Field
                label={t('evaluator.corrections.reason')}
                value={reason}
                disabled={editing.confirming}
                onChange={(event) => setReason(event.target.value)}
                error={errors.reason}
              />
              <Field
                label={t('evaluator.corrections.by')}
                autoComplete="off"
                value={by}
                disabled={editing.confirming}
                onChange={(event) => setBy(event.target.value)}
                error={errors.by}
              />
              {errors.waveCode && <ErrorAlert message={errors.waveCode} />}
              {editing.confirming ? (
                <div className="confirm" role="group" aria-labelledby="corrections-confirm">
                  <p id="corrections-confirm">
                    {t(editing.kind === 'delete' ? 'evaluator.corrections.confirmDelete' : 'evaluator.corrections.confirmMove', {
                      id: found.participantId,
                      wave: waveLabel(editing.wave),
                    })}
                  </p>
                  <button type="button" autoFocus onClick={() => void apply()} disabled={busy}>
                    {t(editing.kind === 'delete' ? 'evaluator.corrections.confirmDeleteYes' : 'evaluator.corrections.confirmMoveYes')}
                  </button>{' '}
                  <button type="button" onClick={() => setEditing({ ...editing, confirming: false })}>
                    {t('evaluator.corrections.back')}
                  </button>
                </div>
              ) : (
                <div className="actions">
                  <button type="submit">{t(editing.kind === 'delete' ? 'evaluator.corrections.delete' : 'evaluator.corrections.move')}</button>{' '}
                  <button type="button" onClick={() => setEditing(null)}>
                    {t('evaluator.corrections.cancel')}
                  </button>
                </div>
              )}
            </form>
          )}
          {found.changes.length > 0 && (
            <>
              <h4>{t('evaluator.corrections.history')}</h4>
              <ul className="corrections-history">
                {found.changes.map((change, index) => (
                  <li key={index}>
                    {change.action === 'delete'
                      ? t('evaluator.corrections.historyDelete', { at: formatInstant(change.at), by: change.by, wave: waveLabel(change.waveCode), reason: change.reason })
                      : t('evaluator.corrections.historyMove', {
                          at: formatInstant(change.at),
                          by: change.by,
                          wave: waveLabel(change.waveCode),
                          target: target(change),
                          reason: change.reason,
                        })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
