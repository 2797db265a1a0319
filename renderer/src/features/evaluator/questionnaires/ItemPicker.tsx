import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView } from '../../../../../electron/api/contracts/questionnaires';
import { ErrorAlert } from '../../../components/Field';
import { useApiError } from '../useApiError';
import type { Bank, RunBuilder } from './QuestionnaireScreen';

/**
 * Picks concepts and items from the toolkit's bank (the six core concepts come preselected) and
 * the study's own items, and puts them in order. Nothing is stored until "Save selection".
 */
export function ItemPicker({ bank, view, run }: { bank: Bank; view: QuestionnaireView; run: RunBuilder }) {
  const { t } = useTranslation();
  const errorText = useApiError();
  const [selection, setSelection] = useState<string[]>(view.selection);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setSelection(view.selection), [view.selection]);

  const wording = useMemo(() => {
    const map = new Map<string, string>();
    for (const concept of bank.concepts) for (const item of concept.items) map.set(item.code, item.wording);
    for (const item of view.ownItems) map.set(item.code, item.wording);
    return map;
  }, [bank, view.ownItems]);

  const toggle = (codes: string[], on: boolean) => {
    setSaved(false);
    setSelection((current) => (on ? [...current, ...codes.filter((code) => !current.includes(code))] : current.filter((code) => !codes.includes(code))));
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

  const sections = [...new Set(bank.concepts.map((concept) => concept.section))];
  const conceptBox = (code: string, name: string, codes: string[]) => {
    const chosen = codes.filter((item) => selection.includes(item)).length;
    return (
      <label>
        <input
          type="checkbox"
          checked={chosen === codes.length && codes.length > 0}
          ref={(element) => {
            if (element) element.indeterminate = chosen > 0 && chosen < codes.length;
          }}
          onChange={(e) => toggle(codes, e.target.checked)}
          data-concept={code}
        />{' '}
        {name}
      </label>
    );
  };

  return (
    <section className="panel" aria-labelledby="items-heading">
      <h3 id="items-heading">{t('questionnaires.items.heading')}</h3>
      <p className="hint">{view.selectionSaved ? t('questionnaires.items.hint') : t('questionnaires.items.hintDefault')}</p>
      <div className="concepts">
        {sections.map((section) => (
          <div key={section}>
            <h4>{t('questionnaires.items.section', { section })}</h4>
            {bank.concepts
              .filter((concept) => concept.section === section)
              .map((concept) => (
                <details key={concept.code} className="concept">
                  <summary>{conceptBox(concept.code, concept.name, concept.items.map((item) => item.code))}</summary>
                  <ul>
                    {concept.items.map((item) => (
                      <li key={item.code}>
                        <label>
                          <input type="checkbox" checked={selection.includes(item.code)} onChange={(e) => toggle([item.code], e.target.checked)} data-item={item.code} />{' '}
                          <span className="code">{item.code}</span> {item.wording}
                          {item.audience !== 'all' && <span className="muted"> ({t(`questionnaires.items.audience_${item.audience}`)})</span>}
                        </label>
                      </li>
                    ))}
                  </ul>
                </details>
              ))}
          </div>
        ))}
        {view.ownItems.length > 0 && (
          <div>
            <h4>{t('questionnaires.items.own')}</h4>
            <ul className="concept">
              {view.ownItems.map((item) => (
                <li key={item.code}>
                  <label>
                    <input type="checkbox" checked={selection.includes(item.code)} onChange={(e) => toggle([item.code], e.target.checked)} data-item={item.code} />{' '}
                    <span className="code">{item.code}</span> {item.wording}
                  </label>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <h4>{t('questionnaires.items.selected', { count: selection.length })}</h4>
      <ol className="selected-list" aria-label={t('questionnaires.items.order')}>
        {selection.map((code, index) => (
          <li key={code} data-selected={code}>
            <span>
              <span className="code">{code}</span> {wording.get(code) ?? ''}
            </span>
            <button type="button" className="small" disabled={index === 0} aria-label={t('questionnaires.items.up', { code })} onClick={() => move(index, -1)}>
              {t('setup.waves.upShort')}
            </button>
            <button type="button" className="small" disabled={index === selection.length - 1} aria-label={t('questionnaires.items.down', { code })} onClick={() => move(index, 1)}>
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
