import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView, TranslationsView } from '../../../../../electron/api/contracts/questionnaires';
import { call } from '../../../api/client';
import { ErrorAlert } from '../../../components/Field';
import { Wording } from '../../../components/Wording';
import { useApiError } from '../useApiError';
import { ReviewFields, type Review } from './ReviewFields';

type Text = { wording: string; stem: string; instruction: string; responseLabel: string; anchors: string[] };
const PARTS = ['stem', 'instruction', 'responseLabel'] as const;

function emptyLike(source: Text): Text {
  return { wording: '', stem: '', instruction: '', responseLabel: '', anchors: source.anchors.map(() => '') };
}

const sameText = (a: Text | null, b: Text) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * Translations per language under the same item codes, and the form's own texts (introduction,
 * consent line…), each beside its source wording with a back-translation and the reviewer's tick
 * (the toolkit asks for translations checked by native speakers). Toolkit items in English and own
 * items in their own language are shown, not edited.
 */
export function TranslationsEditor({ view, onView }: { view: QuestionnaireView; onView(view: QuestionnaireView): void }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [language, setLanguage] = useState('');
  const [data, setData] = useState<TranslationsView | null>(null);
  const [texts, setTexts] = useState<Record<string, Text>>({});
  const [formTexts, setFormTexts] = useState<Record<string, string>>({});
  const [reviews, setReviews] = useState<Record<string, Review>>({});
  const [textReviews, setTextReviews] = useState<Record<string, Review>>({});
  const [printed, setPrinted] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  function show(value: TranslationsView) {
    setData(value);
    setTexts(Object.fromEntries(value.items.map((item) => [item.code, item.translation ?? emptyLike(item.source)])));
    setFormTexts(Object.fromEntries(value.formTexts.map((text) => [text.key, text.text ?? ''])));
    const reviewOf = (row: Review): Review => ({ backTranslation: row.backTranslation, status: row.status });
    setReviews(Object.fromEntries(value.items.map((item) => [item.code, reviewOf(item)])));
    setTextReviews(Object.fromEntries(value.formTexts.map((text) => [text.key, reviewOf(text)])));
  }

  async function load(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setPrinted(null);
    const result = await call('questionnaire.translations', { language: language.trim() });
    setErrors({});
    if (result.ok) {
      setFormError(null);
      show(result.value);
    } else setFormError(errorText(result.error));
  }

  async function save() {
    if (!data) return;
    const review = (value: Review | undefined) => ({
      backTranslation: value?.backTranslation ?? '',
      ...(value?.status ? { status: value.status } : {}),
    });
    const items = data.items
      .filter((item) => !item.readOnly)
      .map((item) => ({ code: item.code, ...texts[item.code]!, ...review(reviews[item.code]) }));
    const textInputs = Object.fromEntries(Object.entries(formTexts).map(([key, text]) => [key, { text, ...review(textReviews[key]) }]));
    const result = await call('questionnaire.saveTranslations', { language: data.language, items, formTexts: textInputs });
    setSaved(result.ok);
    if (result.ok) {
      setErrors({});
      setFormError(null);
      show(result.value);
      // The versions table counts each draft's missing and unchecked texts: it reads them again.
      const fresh = await call('questionnaire.get', {});
      if (fresh.ok) onView(fresh.value);
      return;
    }
    const message = errorText(result.error);
    const field = result.error.field ?? '';
    // items.<code>.<part> belongs at that item; anything else above the form.
    const itemCode = /^items\.([^.]+)\./.exec(field)?.[1];
    setErrors(itemCode ? { [itemCode]: message } : {});
    setFormError(itemCode ? null : message);
  }

  async function printForReview() {
    if (!data) return;
    setPrinted(null);
    const result = await call('questionnaire.saveReviewPdf', { language: data.language });
    if (!result.ok) setFormError(errorText(result.error));
    else if (result.value.path) {
      setFormError(null);
      setPrinted(t('questionnaires.translations.reviewSaved', { path: result.value.path, count: result.value.pages }));
    }
  }

  const edit = (code: string, change: Partial<Text>) => setTexts((current) => ({ ...current, [code]: { ...current[code]!, ...change } }));
  const dir = data?.rightToLeft ? 'rtl' : 'ltr';
  // English fixed texts are the source: an English override needs no review.
  const reviewTexts = data !== null && data.language !== 'en';
  const counts = data && {
    missing:
      data.items.filter((item) => !item.readOnly && !item.translation).length +
      (reviewTexts ? data.formTexts.filter((text) => !text.text).length : 0),
    unchecked:
      data.items.filter((item) => !item.readOnly && item.translation && item.status !== 'checked').length +
      (reviewTexts ? data.formTexts.filter((text) => text.text && text.status !== 'checked').length : 0),
  };

  return (
    <section className="panel" aria-labelledby="translations-heading">
      <h3 id="translations-heading">{t('questionnaires.translations.heading')}</h3>
      <p className="hint">{t('questionnaires.translations.hint', { languages: view.languages.join(', ') })}</p>
      <p className="hint">{t('questionnaires.translations.review')}</p>
      <form className="row-form" onSubmit={load} noValidate>
        <div className="field">
          <label htmlFor="translation-language">{t('questionnaires.translations.language')}</label>
          <input id="translation-language" value={language} placeholder="ar" onChange={(e) => setLanguage(e.target.value)} />
        </div>
        <button type="submit">{t('questionnaires.translations.load')}</button>
      </form>
      <ErrorAlert message={formError} />
      {data && (
        <div aria-label={t('questionnaires.translations.of', { language: data.languageName })} role="group">
          <h4>{t('questionnaires.translations.of', { language: data.languageName })}</h4>
          <p className="hint" data-testid="translation-summary">
            {t('questionnaires.translations.summary', counts!)}
          </p>
          {data.items.map((item) => {
            const text = texts[item.code]!;
            return (
              <div key={item.code} className="translation" data-translation={item.code}>
                <p className="source">
                  <span className="code">{item.code}</span> {item.source.stem ? <Wording text={`${item.source.stem} `} /> : null}
                  <Wording text={item.source.wording} /> <span className="muted">({item.source.anchors.filter(Boolean).join(' / ')})</span>
                </p>
                {item.readOnly ? (
                  <p className="muted">{t('questionnaires.translations.readOnly', { language: item.sourceLanguage })}</p>
                ) : (
                  <>
                    <input
                      dir={dir}
                      aria-label={t('questionnaires.translations.wordingOf', { code: item.code })}
                      value={text.wording}
                      aria-invalid={errors[item.code] ? true : undefined}
                      onChange={(e) => edit(item.code, { wording: e.target.value })}
                    />
                    {PARTS.filter((part) => item.source[part]).map((part) => (
                      <input
                        key={part}
                        dir={dir}
                        aria-label={t(`questionnaires.translations.${part}Of`, { code: item.code })}
                        value={text[part]}
                        onChange={(e) => edit(item.code, { [part]: e.target.value })}
                      />
                    ))}
                    <div className="anchors">
                      {item.source.anchors.map((anchor, index) =>
                        anchor ? (
                          <input
                            key={index}
                            dir={dir}
                            aria-label={t('questionnaires.translations.anchorOf', { code: item.code, anchor })}
                            placeholder={anchor}
                            value={text.anchors[index] ?? ''}
                            onChange={(e) => edit(item.code, { anchors: text.anchors.map((value, at) => (at === index ? e.target.value : value)) })}
                          />
                        ) : null,
                      )}
                    </div>
                    <ReviewFields
                      name={item.code}
                      review={reviews[item.code] ?? { backTranslation: '', status: null }}
                      saved={item.translation !== null}
                      changed={!sameText(item.translation, text)}
                      onChange={(review) => setReviews((current) => ({ ...current, [item.code]: review }))}
                    />
                    {errors[item.code] && (
                      <p className="field-error" role="alert">
                        {errors[item.code]}
                      </p>
                    )}
                  </>
                )}
              </div>
            );
          })}
          <h4>{t('questionnaires.translations.formTexts')}</h4>
          {data.formTexts.map((text) => (
            <div key={text.key} className="field translation">
              <label htmlFor={`form-text-${text.key}`}>{t(`questionnaires.formText.${text.key}`)}</label>
              <p className="source">{text.source}</p>
              <textarea id={`form-text-${text.key}`} dir={dir} value={formTexts[text.key] ?? ''} onChange={(e) => setFormTexts((current) => ({ ...current, [text.key]: e.target.value }))} />
              {reviewTexts && (
                <ReviewFields
                  name={t(`questionnaires.formText.${text.key}`)}
                  review={textReviews[text.key] ?? { backTranslation: '', status: null }}
                  saved={text.text !== null}
                  changed={(formTexts[text.key] ?? '').trim() !== (text.text ?? '')}
                  onChange={(review) => setTextReviews((current) => ({ ...current, [text.key]: review }))}
                />
              )}
            </div>
          ))}
          {saved && (
            <p className="success" role="status">
              {t('questionnaires.translations.saved')}
            </p>
          )}
          {printed && (
            <p className="success" role="status">
              {printed}
            </p>
          )}
          <div className="actions">
            <button type="button" className="primary" onClick={save}>
              {t('questionnaires.translations.save')}
            </button>
            <button type="button" onClick={printForReview}>
              {t('questionnaires.translations.reviewPdf')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
