import { Fragment, useMemo, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireView } from '../../../../../electron/api/contracts/questionnaires';
import { Wording } from '../../../components/Wording';
import type { Bank } from './QuestionnaireScreen';
import { searchItems, type ItemGroup } from './itemSearch';

type PickerItem = { code: string; wording: string; audience?: string };
type PickerGroup = ItemGroup<PickerItem> & { section: string | null };

interface ListProps {
  bank: Bank;
  ownItems: QuestionnaireView['ownItems'];
  query: string;
  selection: string[];
  toggle: (codes: string[], on: boolean) => void;
}

/** The own items' heading key; no toolkit concept has this code. */
const OWN = ' own';

/**
 * The bank's concepts under their chapter 4 sections, then the study's own items. With a query,
 * only the matching items, under their concept's heading, with how many match.
 * A heading is laid out in one unbreakable block with what follows it (the first concept, or the
 * items), so the two columns never leave a heading alone at the foot of a column.
 */
export function ItemBankList({ bank, ownItems, query, selection, toggle }: ListProps) {
  const { t } = useTranslation();
  const groups = useMemo<PickerGroup[]>(
    () => [
      ...bank.concepts.map((concept) => ({ key: concept.code, name: concept.name, section: concept.section, items: concept.items })),
      { key: OWN, name: '', section: null, items: ownItems },
    ],
    [bank, ownItems],
  );
  const searching = query.trim() !== '';
  const result = useMemo(() => (searching ? searchItems(groups, query) : null), [groups, query, searching]);

  const row = (item: PickerItem) => (
    <li key={item.code}>
      <label>
        <input
          type="checkbox"
          checked={selection.includes(item.code)}
          onChange={(e) => toggle([item.code], e.target.checked)}
          data-item={item.code}
        />{' '}
        <span className="code">{item.code}</span> <Wording text={item.wording} />
        {item.audience && item.audience !== 'all' && (
          <span className="muted"> ({t(`questionnaires.items.audience_${item.audience}`)})</span>
        )}
      </label>
    </li>
  );
  const heading = (group: PickerGroup) =>
    group.key === OWN ? t('questionnaires.items.own') : t('questionnaires.search.heading', { section: group.section, concept: group.name });

  return (
    <>
      {/* Always in the page, so a screen reader hears the count change as the query is typed. */}
      <p className="search-count" role="status" data-testid="item-search-count">
        {result &&
          (result.count > 0
            ? t('questionnaires.search.count', { count: result.count })
            : t('questionnaires.search.none', { query: query.trim() }))}
      </p>
      {result ? (
        <div className="concepts" data-testid="item-search-results">
          {result.groups.map((group) => (
            <div key={group.key} className="concept keep-together" data-group={group.key}>
              <h4>{heading(group)}</h4>
              <ul>{group.items.map(row)}</ul>
            </div>
          ))}
        </div>
      ) : (
        <div className="concepts" data-testid="item-bank">
          {[...new Set(bank.concepts.map((concept) => concept.section))].map((section) => {
            const concepts = bank.concepts.filter((concept) => concept.section === section);
            return <Section key={section} section={section} concepts={concepts} {...{ selection, toggle, row }} />;
          })}
          {ownItems.length > 0 && (
            <div className="concept keep-together" data-group="own">
              <h4>{t('questionnaires.items.own')}</h4>
              <ul>{ownItems.map(row)}</ul>
            </div>
          )}
        </div>
      )}
    </>
  );
}

interface SectionProps {
  section: string;
  concepts: Bank['concepts'];
  selection: string[];
  toggle: ListProps['toggle'];
  row: (item: PickerItem) => ReactElement;
}

function Section({ section, concepts, selection, toggle, row }: SectionProps) {
  const { t } = useTranslation();
  const concept = (entry: Bank['concepts'][number]) => {
    const codes = entry.items.map((item) => item.code);
    const chosen = codes.filter((code) => selection.includes(code)).length;
    return (
      <details key={entry.code} className="concept" data-concept-block={entry.code}>
        <summary>
          <label>
            <input
              type="checkbox"
              checked={chosen === codes.length && codes.length > 0}
              ref={(element) => {
                if (element) element.indeterminate = chosen > 0 && chosen < codes.length;
              }}
              onChange={(e) => toggle(codes, e.target.checked)}
              data-concept={entry.code}
            />{' '}
            {entry.name}
          </label>
        </summary>
        <ul>{entry.items.map(row)}</ul>
      </details>
    );
  };
  const [first, ...rest] = concepts;
  return (
    <Fragment>
      <div className="keep-together" data-section={section}>
        <h4>{t('questionnaires.items.section', { section })}</h4>
        {first && concept(first)}
      </div>
      {rest.map(concept)}
    </Fragment>
  );
}
