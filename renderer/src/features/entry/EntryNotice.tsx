import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from './sheetController';

/** The current notice, outside React state so that setting it re-renders the message line only. */
export class NoticeStore {
  private notice: Notice | null = null;
  private readonly listeners = new Set<() => void>();
  readonly get = (): Notice | null => this.notice;
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(notice: Notice | null): void {
    if (notice === this.notice) return;
    this.notice = notice;
    for (const listener of this.listeners) listener();
  }
}

/**
 * The grid's one message line: why a key was refused (with the allowed range), which roster IDs
 * were meant, what a refused paste got wrong cell by cell. Errors are alerts; the rest is polite.
 */
export function EntryNotice({ store, onPick }: { store: NoticeStore; onPick(index: number): void }) {
  const { t } = useTranslation();
  const notice = useSyncExternalStore(store.subscribe, store.get);
  return (
    <div className="entry-notice-area">
      <div role="alert" className="entry-notice-live">
        {notice?.tone === 'error' && <NoticeBody notice={notice} onPick={onPick} />}
      </div>
      <div role="status" className="entry-notice-live">
        {notice && notice.tone !== 'error' && <NoticeBody notice={notice} onPick={onPick} />}
      </div>
      {notice?.problems && notice.problems.length > 0 && (
        <ul className="entry-problems" data-testid="paste-problems">
          {notice.problems.map((problem, index) => (
            <li key={index}>
              {t('entry.notice.pasteProblem', {
                row: problem.row ?? '',
                column: problem.column === 'id' ? t('entry.grid.id') : problem.column,
                message: t(`entry.${problem.key}`, problem.params),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NoticeBody({ notice, onPick }: { notice: Notice; onPick(index: number): void }) {
  const { t } = useTranslation();
  return (
    <div className={`entry-notice entry-notice-${notice.tone}`}>
      <p>
        {notice.item
          ? t('entry.notice.forItem', { item: notice.item, message: t(`entry.${notice.key}`, notice.params) })
          : t(`entry.${notice.key}`, notice.params)}
      </p>
      {notice.suggestions && notice.suggestions.length > 0 && (
        <p className="entry-suggestions">
          <span>{t('entry.notice.suggestions')}</span>
          {notice.suggestions.map((id, index) => (
            <button key={id} type="button" className="small" data-suggestion={id} onClick={() => onPick(index)}>
              {t('entry.notice.useSuggestion', { id, n: index + 1 })}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
