import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupView } from '../../../../../electron/api/contracts/setup';
import { englishArticle } from '../../../../../electron/shared/words/englishArticle';
import { ErrorAlert } from '../../../components/Field';
import { useApiError } from '../useApiError';
import type { RunSetup } from './SetupScreen';

type Forms = SetupView['suggestedForms'][string];
const FORMS = ['plural', 'singular', 'adjective', 'community'] as const;
const EMPTY: Forms = { plural: '', singular: '', adjective: '', community: '' };

function languageLabel(code: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** "a" or "an" is part of the singular; the preview shows the forms where the item bank puts them. */
function preview(forms: Forms, t: (key: string, values: Record<string, string>) => string): string {
  const person = forms.adjective ? `${englishArticle(forms.adjective)} ${forms.adjective} person` : forms.singular;
  const community = forms.community.charAt(0).toLocaleUpperCase() + forms.community.slice(1);
  return t('setup.groupForms.preview', { plural: forms.plural, person, community });
}

/**
 * How the questionnaires name each group, per language: every placeholder of the item bank takes one
 * of these forms, so "a [group] person" never prints as "a newcomers person". English starts from
 * suggestions the evaluator checks; every other language the study uses has its own explicit fields.
 */
export function GroupFormsEditor({ view, run }: { view: SetupView; run: RunSetup }) {
  const { t, i18n } = useTranslation();
  const errorText = useApiError();
  const [language, setLanguage] = useState(view.languages[0] ?? 'en');
  const [newLanguage, setNewLanguage] = useState('');
  const languages = useMemo(() => [...new Set([...view.languages, language])], [view.languages, language]);
  const saved = (group: string) => view.groupForms.find((row) => row.group === group && row.language === language);
  const initial = () =>
    Object.fromEntries(
      view.groups.map((group) => {
        const row = saved(group.code);
        const start = row ?? (language === 'en' ? view.suggestedForms[group.code] : undefined) ?? EMPTY;
        return [group.code, { plural: start.plural, singular: start.singular, adjective: start.adjective, community: start.community }];
      }),
    ) as Record<string, Forms>;
  const [values, setValues] = useState<Record<string, Forms>>(initial);
  const [shownFor, setShownFor] = useState(`${language}:${JSON.stringify(view.groupForms)}`);
  const [error, setError] = useState<string | null>(null);
  const [saved_, setSavedMessage] = useState<string | null>(null);
  // A new language or a saved change: start again from what the study holds.
  const key = `${language}:${JSON.stringify(view.groupForms)}`;
  if (key !== shownFor) {
    setShownFor(key);
    setValues(initial());
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const groups = view.groups.map((group) => ({ group: group.code, forms: values[group.code] ?? EMPTY }));
    const failure = await run('setup.saveGroupForms', { language, groups });
    setError(failure ? errorText(failure) : null);
    setSavedMessage(failure ? null : t('setup.groupForms.saved', { language: languageLabel(language, i18n.language) }));
  }

  if (view.groups.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="group-forms-heading">
      <h3 id="group-forms-heading">{t('setup.groupForms.heading')}</h3>
      <p className="hint">{t('setup.groupForms.hint')}</p>
      <div className="row-form">
        <div className="field">
          <label htmlFor="group-forms-language">{t('setup.groupForms.language')}</label>
          <select id="group-forms-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
            {languages.map((code) => {
              const complete = view.groups.every((group) =>
                view.groupForms.some((row) => row.group === group.code && row.language === code),
              );
              return (
                <option key={code} value={code}>
                  {complete
                    ? languageLabel(code, i18n.language)
                    : t('setup.groupForms.languageMissing', { language: languageLabel(code, i18n.language) })}
                </option>
              );
            })}
          </select>
        </div>
        <div className="field">
          <label htmlFor="group-forms-new">{t('setup.groupForms.addLanguage')}</label>
          <input id="group-forms-new" value={newLanguage} placeholder="tr, ar, fr…" onChange={(e) => setNewLanguage(e.target.value)} />
        </div>
        <button
          type="button"
          onClick={() => {
            if (!newLanguage.trim()) return;
            setLanguage(newLanguage.trim());
            setNewLanguage('');
          }}
        >
          {t('setup.groupForms.open')}
        </button>
      </div>
      <form onSubmit={save} noValidate aria-label={t('setup.groupForms.formLabel', { language: languageLabel(language, i18n.language) })}>
        <table className="edit-table group-forms">
          <thead>
            <tr>
              <th scope="col">{t('setup.groups.name')}</th>
              {FORMS.map((form) => (
                <th scope="col" key={form}>
                  {t(`setup.groupForms.${form}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.groups.map((group) => {
              const forms = values[group.code] ?? EMPTY;
              const suggested = !saved(group.code) && language === 'en';
              return (
                <tr key={group.code} data-group-forms={group.code}>
                  <th scope="row">
                    {group.name}
                    {suggested && <p className="hint">{t('setup.groupForms.suggested')}</p>}
                    {!saved(group.code) && language !== 'en' && <p className="hint">{t('setup.groupForms.notEntered')}</p>}
                  </th>
                  {FORMS.map((form) => (
                    <td key={form}>
                      <input
                        aria-label={t('setup.groupForms.fieldOf', { form: t(`setup.groupForms.${form}`), group: group.name })}
                        value={forms[form]}
                        placeholder={t(`setup.groupForms.${form}Example`)}
                        dir="auto"
                        onChange={(e) => setValues((current) => ({ ...current, [group.code]: { ...forms, [form]: e.target.value } }))}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {language === 'en' && (
          <ul className="hint group-forms-preview" aria-label={t('setup.groupForms.previewLabel')}>
            {view.groups.map((group) => (
              <li key={group.code}>{preview(values[group.code] ?? EMPTY, t)}</li>
            ))}
          </ul>
        )}
        <ErrorAlert message={error} />
        {saved_ && (
          <p className="success" role="status">
            {saved_}
          </p>
        )}
        <button type="submit" className="primary">
          {t('setup.groupForms.save')}
        </button>
      </form>
    </section>
  );
}
