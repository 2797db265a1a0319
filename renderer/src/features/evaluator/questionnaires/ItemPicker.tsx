import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView } from '../../../../../electron/api/contracts/questionnaires';
import { ErrorAlert } from '../../../components/Field';
import { Wording } from '../../../components/Wording';
import { useApiError } from '../useApiError';
import { ItemBankList } from './ItemBankList';
import { ItemSearchBox } from './ItemSearchBox';
import type { Bank, RunBuilder } from './QuestionnaireScreen';

/**
 * Picks concepts and items from the toolkit's bank (the six core concepts come preselected) and
 * the study's own items, found by browsing or searching, and puts them in order. Wording reads as
 * printed (underlined words underlined). Nothing is stored until "Save selection".
 */
export function ItemPicker({ bank, view, run }: { bank: Bank; view: QuestionnaireView; run: RunBuilder }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [selection, setSelection] = useState<string[]>(view.selection);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [query, setQuery] = useState('');
  useEffect(() => setSelection(view.selection), [view.selection]);

  const wording = useMemo(() => {
    const map = new Map<string, string>();
    for (const concept of bank.concepts) for (const item of concept.items) map.set(item.code, item.wording);
    for (const item of view.ownItems) map.set(item.code, item.wording);
    return map;
  }, [bank, view.ownItems]);

  const toggle = (codes: string[], on: boolean) => {
    setSaved(false);
    setSelection((current) =>
      on ? [...current, ...codes.filter((code) => !current.includes(code))] : current.filter((code) => !codes.includes(code)),
    );
  };
  const move = (index: number, step: number) => {
    setSaved(false);
    setSelection((current) => {
      const next = [...current];
      const [code] = next.splice(index, 1);
      next.splice(index + step, 0, code!);
      return next;
    });
  };
  async function save() {
    const failure = await run('questionnaire.saveSelection', { items: selection });
    setError(failure ? errorText(failure) : null);
    setSaved(!failure);
  }

  return (
    <section className="panel" aria-labelledby="items-heading">
      <h3 id="items-heading">{t('questionnaires.items.heading')}</h3>
      <p className="hint">{view.selectionSaved ? t('questionnaires.items.hint') : t('questionnaires.items.hintDefault')}</p>
      <ItemSearchBox query={query} onQuery={setQuery} />
      <ItemBankList bank={bank} ownItems={view.ownItems} query={query} selection={selection} toggle={toggle} />
      <h4>{t('questionnaires.items.selected', { count: selection.length })}</h4>
      <ol className="selected-list" aria-label={t('questionnaires.items.order')}>
        {selection.map((code, index) => (
          <li key={code} data-selected={code}>
            <span>
              <span className="code">{code}</span> <Wording text={wording.get(code) ?? ''} />
            </span>
            <button
              type="button"
              className="small"
              disabled={index === 0}
              aria-label={t('questionnaires.items.up', { code })}
              onClick={() => move(index, -1)}
            >
              {t('setup.waves.upShort')}
            </button>
            <button
              type="button"
              className="small"
              disabled={index === selection.length - 1}
              aria-label={t('questionnaires.items.down', { code })}
              onClick={() => move(index, 1)}
            >
              {t('setup.waves.downShort')}
            </button>
          </li>
        ))}
      </ol>
      <ErrorAlert message={error} />
      {saved && (
        <p className="success" role="status">
          {t('questionnaires.items.saved')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={save}>
          {t('questionnaires.items.save')}
        </button>
      </div>
    </section>
  );
}
