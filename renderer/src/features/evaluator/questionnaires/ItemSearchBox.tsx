import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The item bank's search field. Escape or the clear button empties it and leaves the focus in the
 * field, so a keyboard user can type the next search at once.
 */
export function ItemSearchBox({ query, onQuery }: { query: string; onQuery: (query: string) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const clear = () => {
    onQuery('');
    input.current?.focus();
  };
  return (
    <div className="item-search" role="search" aria-label={t('questionnaires.search.region')}>
      <div className="field">
        <label htmlFor="item-search">{t('questionnaires.search.label')}</label>
        <div className="item-search-row">
          <input
            ref={input}
            id="item-search"
            type="search"
            value={query}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="item-search-hint"
            onChange={(event) => onQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Escape' || query === '') return;
              // Only when there is something to clear; otherwise Escape is left to the screen.
              event.preventDefault();
              clear();
            }}
          />
          <button type="button" disabled={query === ''} onClick={clear}>
            {t('questionnaires.search.clear')}
          </button>
        </div>
        <p id="item-search-hint" className="hint">
          {t('questionnaires.search.hint')}
        </p>
      </div>
    </div>
  );
}
