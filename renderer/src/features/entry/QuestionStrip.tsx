import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { MISSING_LETTER, MISSING_REASONS } from '../../../../electron/shared/entry/rules';
import { Wording } from '../../components/Wording';
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
  // Every column's strip is built once per sheet and language: the cursor moves on every key, and
  // a key's frame should only swap the strip's content, not word it again (bench/entry-latency.ts).
  const strips = useMemo(() => {
    const missing = MISSING_REASONS.map((reason) =>
      t('entry.question.missingKey', { letter: MISSING_LETTER[reason], label: t(`entry.missing.${reason}`) }),
    ).join(' · ');
    const id = (
      <>
        <p className="entry-question-line">
          <span className="entry-question-number">{t('entry.grid.id')}</span>
          <span>{t('entry.question.id', { length: ID_LENGTH })}</span>
        </p>
        <p className="entry-question-answers">{t('entry.question.idKeys')}</p>
      </>
    );
    return [id, ...items.map((item) => questionBody(item, missing, t))];
  }, [items, t]);
  return (
    <div className="entry-question" data-testid="question-strip">
      {column === null ? null : strips[column]}
    </div>
  );
}

/** One item's strip, as host elements (not a component): built once, then only swapped in. */
function questionBody(item: SheetItem, missing: string, t: TFunction): ReactNode {
  const codes = codesOf(item);
  const labelled = codes.length > 0 && item.anchors.length === codes.length;
  const answers =
    item.kind === 'text'
      ? t('entry.question.text')
      : item.kind === 'number' || !labelled
        ? t('entry.question.range', { min: item.min ?? '', max: item.max ?? '' })
        : codes.map((code, index) => t('entry.question.option', { code, label: item.anchors[index] })).join(' · ');
  return (
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
        <span className="entry-question-missing">{missing}</span>
      </p>
    </>
  );
}
