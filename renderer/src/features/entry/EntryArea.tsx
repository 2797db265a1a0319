import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudySummary } from '../../../../electron/api/schemas';
import { ErrorAlert } from '../../components/Field';
import { BatchList, type BatchSummary } from './BatchList';
import { ComparePanel } from './ComparePanel';
import { EntryGrid } from './EntryGrid';
import { MergePanel } from './MergePanel';
import { useEntryErrorText } from './entryText';
import { NewBatchForm } from './NewBatchForm';
import { StatsPanel } from './StatsPanel';
import { recordBatch, resumeBatch } from '../study/place';

type Screen = { kind: 'batches' } | { kind: 'grid'; batchId: number } | { kind: 'compare'; batchId: number } | { kind: 'stats' } | { kind: 'merge' };

/** The data-entry area: batches of paper forms, the keying grid, double-entry comparison, statistics. */
export function EntryArea() {
  const { t } = useTranslation();
  const errorText = useEntryErrorText();
  // After an unlock, the grid it showed when the study locked (study/place.ts).
  const [screen, setScreen] = useState<Screen>(() => {
    const batchId = resumeBatch();
    return batchId === null ? { kind: 'batches' } : { kind: 'grid', batchId };
  });
  useEffect(() => recordBatch(screen.kind === 'grid' ? screen.batchId : null), [screen]);
  const [batches, setBatches] = useState<BatchSummary[] | null>(null);
  const [summary, setSummary] = useState<StudySummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const [list, study] = await Promise.all([call('entry.batches', {}), call('study.summary', {})]);
    if (list.ok) setBatches(list.value);
    else setError(errorText(list.error));
    if (study.ok) setSummary(study.value);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- errorText is stable enough for a refresh
  }, []);

  useEffect(() => {
    if (screen.kind === 'batches') void refresh();
  }, [screen, refresh]);

  const back = () => setScreen({ kind: 'batches' });
  if (screen.kind === 'grid') return <EntryGrid key={screen.batchId} batchId={screen.batchId} onBack={back} />;
  if (screen.kind === 'compare') return <ComparePanel batchId={screen.batchId} onBack={back} />;
  if (screen.kind === 'stats') return <StatsPanel onBack={back} />;
  if (screen.kind === 'merge') return <MergePanel batches={batches ?? []} onBack={back} />;
  return (
    <section aria-labelledby="entry-heading">
      <h2 id="entry-heading">{t('entry.title')}</h2>
      <p className="muted">{t('entry.intro')}</p>
      <ErrorAlert message={error} />
      <h3>{t('entry.batches.heading')}</h3>
      {batches === null ? (
        <p>{t('entry.loading')}</p>
      ) : (
        <BatchList batches={batches} onKey={(batchId) => setScreen({ kind: 'grid', batchId })} onCompare={(batchId) => setScreen({ kind: 'compare', batchId })} />
      )}
      <div className="actions">
        <button type="button" onClick={() => setScreen({ kind: 'stats' })}>
          {t('entry.batches.stats')}
        </button>
        <button type="button" onClick={() => setScreen({ kind: 'merge' })}>
          {t('entry.batches.merge')}
        </button>
      </div>
      {summary && (
        <div className="card entry-section">
          <NewBatchForm summary={summary} onCreated={(batchId) => setScreen({ kind: 'grid', batchId })} />
        </div>
      )}
    </section>
  );
}
