import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView } from '../../../../../electron/api/contracts/questionnaires';
import { call } from '../../../api/client';
import { ErrorAlert, Field } from '../../../components/Field';
import { useApiError } from '../useApiError';

type Placeholders = QuestionnaireView['groups'][number]['defaults'];
type Key = keyof Placeholders;
// The groups' names are not typed here: they come from Setup's forms in the version's language.
const KEYS = ['thisCountry', 'country', 'receivingLanguage', 'migrantLanguage', 'community', 'minutes'] as const satisfies readonly Key[];
const TOKENS: Record<(typeof KEYS)[number], string> = {
  thisCountry: '[this country]',
  country: '[country]',
  receivingLanguage: '[receiving community language]',
  migrantLanguage: '[migrant community language]',
  community: '[name of community]',
  minutes: '[number]',
};

/**
 * One version per identity group and language, with the placeholders filled for its respondents.
 * A version with answers is read-only: saving it again makes a new version.
 */
export function VersionsPanel({ view, onView }: { view: QuestionnaireView; onView(view: QuestionnaireView): void }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [code, setCode] = useState<string | undefined>(undefined);
  const [group, setGroup] = useState(view.groups[0]?.code ?? '');
  const [language, setLanguage] = useState('en');
  const [label, setLabel] = useState('');
  const [values, setValues] = useState<Placeholders>(view.groups[0]?.defaults ?? {});
  const [about, setAbout] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  // What "Mark ready for printing" answered, shown under the table it was pressed in.
  const [marking, setMarking] = useState<{ error?: string; done?: string }>({});

  function startNew(groupCode: string) {
    setCode(undefined);
    setGroup(groupCode);
    setLabel('');
    setValues(view.groups.find((candidate) => candidate.code === groupCode)?.defaults ?? {});
    setAbout('');
    setOutcome(null);
  }
  function startChange(version: QuestionnaireView['versions'][number]) {
    setCode(version.code);
    setGroup(version.identityGroup);
    setLanguage(version.language);
    setLabel(version.label);
    setValues({ ...version.placeholders });
    setAbout('');
    setOutcome(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const placeholders = Object.fromEntries(KEYS.map((key) => [key, values[key]?.trim() ?? ''])) as Placeholders;
    const result = await call('questionnaire.saveVersion', {
      code,
      identityGroup: group,
      about: about || undefined,
      language: language.trim(),
      label: label.trim() || undefined,
      placeholders,
    });
    if (!result.ok) {
      const message = errorText(result.error);
      const field = result.error.field ?? '';
      const key = field.startsWith('placeholders.') ? field.slice('placeholders.'.length) : ['language', 'identityGroup', 'label', 'about'].includes(field) ? field : null;
      setErrors(key ? { [key]: message } : {});
      setFormError(key ? null : message);
      setOutcome(null);
      return;
    }
    setErrors({});
    setFormError(null);
    onView(result.value.view);
    setCode(result.value.code);
    setLabel(result.value.label);
    setOutcome(t(`questionnaires.versions.outcome_${result.value.outcome}`, { code: result.value.code, replaced: result.value.replaced }));
  }

  /** "Draft: 3 texts missing, 5 unchecked" or "Ready for printing". */
  function readiness(version: QuestionnaireView['versions'][number]): string {
    if (version.state === 'ready') return t('questionnaires.versions.ready');
    const parts = [
      version.missing > 0 ? t('questionnaires.versions.missing', { count: version.missing }) : null,
      version.unchecked > 0 ? t('questionnaires.versions.unchecked', { count: version.unchecked }) : null,
    ].filter(Boolean);
    return parts.length > 0 ? t('questionnaires.versions.draft', { gaps: parts.join(', ') }) : t('questionnaires.versions.draftComplete');
  }

  async function markReady(versionCode: string) {
    const result = await call('questionnaire.markReady', { code: versionCode });
    if (!result.ok) {
      setMarking({ error: errorText(result.error) });
      return;
    }
    onView(result.value.view);
    setMarking({
      done:
        result.value.outcome === 'replaced'
          ? t('questionnaires.versions.outcome_replaced', { code: result.value.code, replaced: result.value.replaced })
          : t('questionnaires.versions.markedReady', { code: result.value.code }),
    });
  }

  const groupName = (groupCode: string) => view.groups.find((candidate) => candidate.code === groupCode)?.name ?? groupCode;
  return (
    <section className="panel" aria-labelledby="versions-heading">
      <h3 id="versions-heading">{t('questionnaires.versions.heading')}</h3>
      <p className="hint">{t('questionnaires.versions.hint')}</p>
      {view.versions.length > 0 && (
        <table className="edit-table">
          <thead>
            <tr>
              <th scope="col">{t('questionnaires.versions.version')}</th>
              <th scope="col">{t('questionnaires.versions.group')}</th>
              <th scope="col">{t('questionnaires.versions.language')}</th>
              <th scope="col">{t('questionnaires.versions.items')}</th>
              <th scope="col">{t('questionnaires.versions.status')}</th>
              <th scope="col">{t('setup.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.versions.map((version) => (
              <tr key={version.code} data-version={version.code}>
                <th scope="row">
                  {version.label} <span className="code">{version.code}</span>
                </th>
                <td>{groupName(version.identityGroup)}</td>
                <td>{version.language}</td>
                <td className="number">{version.items}</td>
                <td>
                  {version.replacedBy
                    ? t('questionnaires.versions.replacedBy', { code: version.replacedBy })
                    : version.responses > 0
                      ? t('questionnaires.versions.readOnly', { count: version.responses })
                      : t('questionnaires.versions.editable')}
                  <br />
                  <span data-state={version.state}>{readiness(version)}</span>
                </td>
                <td>
                  <div className="actions">
                    {version.state === 'draft' && !version.replacedBy && (
                      <button type="button" className="small" onClick={() => markReady(version.code)}>
                        {t('questionnaires.versions.markReady')}
                      </button>
                    )}
                    <button type="button" className="small" onClick={() => startChange(version)}>
                      {t('questionnaires.versions.change')}
                    </button>
                    <button
                      type="button"
                      className="small"
                      onClick={async () => {
                        const result = await call('questionnaire.removeVersion', { code: version.code });
                        if (result.ok) onView(result.value);
                        else setFormError(errorText(result.error));
                      }}
                    >
                      {t('setup.remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div aria-label={t('questionnaires.versions.readiness')} role="group">
        <ErrorAlert message={marking.error ?? null} />
        {marking.done && (
          <p className="success" role="status">
            {marking.done}
          </p>
        )}
      </div>
      <form onSubmit={submit} noValidate aria-label={t('questionnaires.versions.formLabel')}>
        <h4>{code ? t('questionnaires.versions.changing', { code }) : t('questionnaires.versions.new')}</h4>
        <div className="row-form">
          <div className="field">
            <label htmlFor="version-group">{t('questionnaires.versions.forGroup')}</label>
            <select id="version-group" value={group} disabled={Boolean(code)} onChange={(e) => startNew(e.target.value)}>
              {view.groups.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
          <Field label={t('questionnaires.versions.languageCode')} value={language} error={errors.language} onChange={(e) => setLanguage(e.target.value)} />
          <Field label={t('questionnaires.versions.label')} value={label} placeholder={t('questionnaires.versions.labelHint')} onChange={(e) => setLabel(e.target.value)} />
        </div>
        {view.groups.length > 2 && (
          <div className="field">
            <label htmlFor="version-about">{t('questionnaires.versions.about')}</label>
            <select id="version-about" value={about} aria-invalid={Boolean(errors.about)} onChange={(e) => setAbout(e.target.value)}>
              <option value="">{t('questionnaires.versions.aboutChoose')}</option>
              {view.groups
                .filter((option) => option.code !== group)
                .map((option) => (
                  <option key={option.code} value={option.code}>
                    {option.name}
                  </option>
                ))}
            </select>
            {errors.about && <p className="error">{errors.about}</p>}
          </div>
        )}
        <h4>{t('questionnaires.versions.placeholders')}</h4>
        <p className="hint">{t('questionnaires.versions.groupNamesHint')}</p>
        <div className="placeholders">
          {KEYS.map((key) => (
            <Field
              key={key}
              label={TOKENS[key]}
              hint={t(`questionnaires.placeholder.${key}`)}
              value={values[key] ?? ''}
              error={errors[key]}
              onChange={(e) => setValues((current) => ({ ...current, [key]: e.target.value }))}
            />
          ))}
        </div>
        <ErrorAlert message={formError} />
        {outcome && (
          <p className="success" role="status">
            {outcome}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={!group}>
            {t('questionnaires.versions.save')}
          </button>
          {code && (
            <button type="button" onClick={() => startNew(group)}>
              {t('questionnaires.versions.startNew')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
