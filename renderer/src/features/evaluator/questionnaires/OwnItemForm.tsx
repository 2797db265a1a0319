import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView } from '../../../../../electron/api/contracts/questionnaires';
import { ErrorAlert, Field } from '../../../components/Field';
import { Wording } from '../../../components/Wording';
import { placeError, useApiError } from '../useApiError';
import type { RunBuilder } from './QuestionnaireScreen';

const KINDS = ['likert', 'yesno', 'number', 'choice', 'text'] as const;
type Kind = (typeof KINDS)[number];
const FIELDS = ['code', 'wording', 'language', 'anchors', 'min', 'max', 'concept'] as const;

/** Adds an item of the study's own: Likert with its own anchors, yes/no, a number, one choice, short text. */
export function OwnItemForm({ view, run }: { view: QuestionnaireView; run: RunBuilder }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<Kind>('likert');
  const [language, setLanguage] = useState('en');
  const [wording, setWording] = useState('');
  const [anchors, setAnchors] = useState('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const withLabels = kind === 'likert' || kind === 'choice' || kind === 'yesno';
  async function add(event: FormEvent) {
    event.preventDefault();
    const labels = kind === 'yesno' && !anchors.trim() ? [t('questionnaires.own.yes'), t('questionnaires.own.no')] : anchors.split('\n').filter((line) => line.trim());
    const failure = await run('questionnaire.addOwnItem', {
      code: code.trim(),
      kind,
      language: language.trim(),
      wording,
      anchors: withLabels ? labels : [],
      min: kind === 'number' && min !== '' ? Number(min) : null,
      max: kind === 'number' && max !== '' ? Number(max) : null,
    });
    const field = failure?.field?.startsWith('anchors') ? { ...failure, field: 'anchors' } : failure;
    const placed = field ? placeError(field, errorText(field), FIELDS) : { fields: {}, form: null };
    setErrors(placed.fields);
    setFormError(placed.form);
    if (!failure) {
      setCode('');
      setWording('');
      setAnchors('');
    }
  }

  return (
    <section className="panel" aria-labelledby="own-heading">
      <h3 id="own-heading">{t('questionnaires.own.heading')}</h3>
      <p className="hint">{t('questionnaires.own.hint', { count: view.ownItems.length })}</p>
      <form onSubmit={add} noValidate aria-label={t('questionnaires.own.add')}>
        <div className="row-form">
          <Field label={t('questionnaires.own.code')} value={code} error={errors.code} onChange={(e) => setCode(e.target.value)} />
          <div className="field">
            <label htmlFor="own-kind">{t('questionnaires.own.kind')}</label>
            <select id="own-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((option) => (
                <option key={option} value={option}>
                  {t(`questionnaires.own.kind_${option}`)}
                </option>
              ))}
            </select>
          </div>
          <Field label={t('questionnaires.own.language')} value={language} error={errors.language} onChange={(e) => setLanguage(e.target.value)} />
        </div>
        <Field label={t('questionnaires.own.wording')} value={wording} error={errors.wording} onChange={(e) => setWording(e.target.value)} />
        {withLabels && (
          <div className="field">
            <label htmlFor="own-anchors">{t('questionnaires.own.anchors')}</label>
            <textarea id="own-anchors" value={anchors} aria-invalid={errors.anchors ? true : undefined} onChange={(e) => setAnchors(e.target.value)} />
            <p className="hint">{t(`questionnaires.own.anchorsHint_${kind}`)}</p>
            {errors.anchors && (
              <p className="field-error" role="alert">
                {errors.anchors}
              </p>
            )}
          </div>
        )}
        {kind === 'number' && (
          <div className="row-form">
            <Field label={t('questionnaires.own.min')} type="number" value={min} error={errors.min} onChange={(e) => setMin(e.target.value)} />
            <Field label={t('questionnaires.own.max')} type="number" value={max} error={errors.max} onChange={(e) => setMax(e.target.value)} />
          </div>
        )}
        <ErrorAlert message={formError} />
        <div className="actions">
          <button type="submit">{t('questionnaires.own.add')}</button>
        </div>
      </form>
      {view.ownItems.length > 0 && (
        <ul>
          {view.ownItems.map((item) => (
            <li key={item.code}>
              <span className="code">{item.code}</span> <Wording text={item.wording} />{' '}
              <span className="muted">
                ({t(`questionnaires.own.kind_${item.kind}`)}, {item.language})
              </span>{' '}
              <button type="button" className="small" onClick={async () => setFormError(await run('questionnaire.removeOwnItem', { code: item.code }).then((e) => (e ? errorText(e) : null)))}>
                {t('setup.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
