import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { formatId } from '../../../../electron/shared/ids/format';
import type { SheetItem } from './gridModel';
import type { Notice } from './sheetController';
import { playRefusal } from './refusalSound';
import { ValueStore } from './valueStore';

/** The current notice, outside React state so that setting it re-renders the message strip only. */
export class NoticeStore extends ValueStore<Notice | null> {
  constructor() {
    super(null);
  }
}

/**
 * The grid's message strip, pinned above the grid so that it is always in the window whatever its
 * size: why a key was refused (with the allowed range), which roster IDs were meant, what a refused
 * paste got wrong cell by cell. It keeps its height whether or not there is a message, so a message
 * never moves the grid under the clerk's cursor. Errors are alerts, the rest is polite; both
 * live regions are always in the page, as screen readers need to announce a change.
 */
interface Props {
  store: NoticeStore;
  items: readonly SheetItem[];
  sound: boolean;
  onPick(index: number): void;
  /** The answer to a question the notice asks (delete this form?). */
  onAnswer(confirmed: boolean): void;
}

export function EntryNotice({ store, items, sound, onPick, onAnswer }: Props) {
  const { t } = useTranslation();
  const notice = useSyncExternalStore(store.subscribe, store.get);
  const questionLabel = (code: string) => {
    const number = items.find((item) => item.code === code)?.number;
    return number === undefined ? code : t('entry.notice.question', { number, code });
  };
  useEffect(() => {
    if (sound && notice?.tone === 'error') playRefusal();
  }, [notice, sound]);
  const tone = notice ? `entry-notice-${notice.tone}` : 'entry-notice-none';
  return (
    <div className={`entry-notice-area ${tone}`} data-testid="entry-notice">
      <div role="alert" className="entry-notice-live">
        {notice?.tone === 'error' && <NoticeBody notice={notice} items={items} onPick={onPick} onAnswer={onAnswer} />}
      </div>
      <div role="status" className="entry-notice-live">
        {notice && notice.tone !== 'error' && <NoticeBody notice={notice} items={items} onPick={onPick} onAnswer={onAnswer} />}
      </div>
      {notice?.problems && notice.problems.length > 0 && (
        <ul className="entry-problems" data-testid="paste-problems">
          {notice.problems.map((problem, index) => (
            <li key={index}>
              {t('entry.notice.pasteProblem', {
                row: problem.row ?? '',
                column: problem.column === 'id' ? t('entry.grid.id') : questionLabel(problem.column),
                message: t(`entry.${problem.key}`, problem.params),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NoticeBody({ notice, items, onPick, onAnswer }: Omit<Props, 'store' | 'sound'> & { notice: Notice }) {
  const { t } = useTranslation();
  // Questions named as the paper numbers them: "Question 7 (att4): Allowed: 1–5.", "the answer to question 2 (nat1)".
  const numberOf = (code: unknown) => items.find((item) => item.code === code)?.number;
  const params = { ...notice.params };
  const about = numberOf(params.item);
  if (about !== undefined) params.item = t('entry.notice.question', { number: about, code: params.item });
  const message = t(`entry.${notice.key}`, params);
  const number = numberOf(notice.item);
  return (
    <div className="entry-notice">
      <p>
        {notice.item
          ? number === undefined
            ? t('entry.notice.forItem', { item: notice.item, message })
            : t('entry.notice.forQuestion', { number, item: notice.item, message })
          : message}
      </p>
      {notice.suggestions && notice.suggestions.length > 0 && (
        <p className="entry-suggestions">
          <span>{t('entry.notice.suggestions')}</span>
          {notice.suggestions.map((id, index) => (
            <button key={id} type="button" className="small" data-suggestion={id} onClick={() => onPick(index)}>
              {t('entry.notice.useSuggestion', { id: formatId(id), n: index + 1 })}
            </button>
          ))}
        </p>
      )}
      {notice.confirm && (
        <p className="entry-suggestions">
          <button type="button" className="small" onClick={() => onAnswer(true)}>
            {t('entry.notice.confirmDeleteYes')}
          </button>
          <button type="button" className="small" onClick={() => onAnswer(false)}>
            {t('entry.notice.confirmDeleteNo')}
          </button>
        </p>
      )}
    </div>
  );
}
