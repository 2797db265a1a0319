import { useTranslation } from 'react-i18next';

export type ReviewStatus = 'draft' | 'checked';
export interface Review {
  backTranslation: string;
  status: ReviewStatus | null;
}

/**
 * A translation's review beside it: the back-translation (someone else's translation back into the
 * source language) and the reviewer's tick. A tick belongs to the saved text, so it is offered only
 * once the text is saved and unchanged; the core turns a changed text back into a draft anyway.
 */
export function ReviewFields({
  name,
  review,
  saved,
  changed,
  onChange,
}: {
  /** The item's code or the fixed text's label, for the fields' accessible names. */
  name: string;
  review: Review;
  /** A translation is stored for this text. */
  saved: boolean;
  /** Its text differs from the stored one. */
  changed: boolean;
  onChange(review: Review): void;
}) {
  const { t } = useTranslation();
  const state = !saved ? 'missing' : changed ? 'changed' : (review.status ?? 'draft');
  return (
    <div className="review" data-review={state}>
      <input
        // In the source's language, whichever way that one is written.
        dir="auto"
        aria-label={t('questionnaires.translations.backTranslationOf', { name })}
        placeholder={t('questionnaires.translations.backTranslation')}
        value={review.backTranslation}
        onChange={(e) => onChange({ ...review, backTranslation: e.target.value })}
      />
      <label className="check">
        <input
          type="checkbox"
          aria-label={t('questionnaires.translations.checkedOf', { name })}
          checked={review.status === 'checked' && !changed}
          disabled={!saved || changed}
          onChange={(e) => onChange({ ...review, status: e.target.checked ? 'checked' : 'draft' })}
        />{' '}
        {t('questionnaires.translations.checked')}
      </label>
      <span className="muted">{t(`questionnaires.translations.state_${state}`)}</span>
    </div>
  );
}
