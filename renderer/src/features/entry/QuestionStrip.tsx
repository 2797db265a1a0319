import { useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MISSING_LETTER, MISSING_REASONS } from '../../../../electron/shared/entry/rules';
import { Wording } from './Wording';
import { ID_LENGTH, type SheetItem } from './gridModel';
import type { ValueStore } from './valueStore';

/** The codes an item's boxes carry: its own list, or every whole number of its range. */
function codesOf(item: SheetItem): number[] {
  if (item.codes && item.codes.length > 0) return item.codes;
  if (item.min === null || item.max === null || item.max - item.min > 20) return [];
  return Array.from({ length: item.max - item.min + 1 }, (_, index) => item.min! + index);
}

/**
 * Above the grid, the question the cursor is on as the paper prints it: its number on the form,
 * its code, its full wording, and what may be keyed (each box's code and label, the missing
 * answers' letters). The clerk reads the paper; this says which question of it the cursor is on.
 */
export function QuestionStrip({ cursor, items }: { cursor: ValueStore<number | null>; items: readonly SheetItem[] }) {
  const { t } = useTranslation();
  const column = useSyncExternalStore(cursor.subscribe, cursor.get);
  const missing = MISSING_REASONS.map((reason) => t('entry.question.missingKey', { letter: MISSING_LETTER[reason], label: t(`entry.missing.${reason}`) }));
  let body: ReactNode = null;
  if (column === 0) {
    body = (
      <>
        <p className="entry-question-line">
          <span className="entry-question-number">{t('entry.grid.id')}</span>
          <span>{t('entry.question.id', { length: ID_LENGTH })}</span>
        </p>
        <p className="entry-question-answers">{t('entry.question.idKeys')}</p>
      </>
    );
  } else if (column !== null && items[column - 1]) {
    const item = items[column - 1]!;
    const codes = codesOf(item);
    const labelled = codes.length > 0 && item.anchors.length === codes.length;
    const answers =
      item.kind === 'text'
        ? t('entry.question.text')
        : item.kind === 'number' || !labelled
          ? t('entry.question.range', { min: item.min ?? '', max: item.max ?? '' })
          : codes.map((code, index) => t('entry.question.option', { code, label: item.anchors[index] })).join(' · ');
    body = (
      <>
        <p className="entry-question-line">
          <span className="entry-question-number">{t('entry.question.number', { number: item.number })}</span>
          <span className="entry-question-code">{item.code}</span>
          <span className="entry-question-wording">
            <Wording text={item.wording} />
          </span>
        </p>
        <p className="entry-question-answers">
          <span>{answers}</span>
          <span className="entry-question-missing">{missing.join(' · ')}</span>
        </p>
      </>
    );
  }
  return (
    <div className="entry-question" data-testid="question-strip">
      {body}
    </div>
  );
}
