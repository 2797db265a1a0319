import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { StudyState } from '../../../../electron/api/schemas';
import { useFocusHeading } from '../../components/useFocusHeading';
import { AnalysisArea } from '../analysis/AnalysisArea';
import { EntryArea } from '../entry/EntryArea';
import { EvaluatorArea } from '../evaluator/EvaluatorArea';
import { IdKeeperArea } from '../idkeeper/IdKeeperArea';
import { Overview } from './Overview';
import { TrackingArea } from '../tracking/TrackingArea';
import { recordArea, resumeArea } from './place';
import { useActivityReport } from './useActivityReport';

const AREAS = ['overview', 'tracking', 'entry', 'idKeeper', 'evaluator', 'analysis'] as const;
type Area = (typeof AREAS)[number];

interface Props {
  state: Extract<StudyState, { status: 'open' }>;
  onChanged(state: StudyState): void;
}

/**
 * The open study: a header with the lock button and one tab per role. Tabs follow the WAI-ARIA
 * pattern (arrow keys move between them); Ctrl+L locks from anywhere.
 */
export function StudyHome({ state, onChanged }: Props) {
  const { t } = useTranslation();
  // After an unlock, the tab it was on when the study locked (place.ts); the entry area resumes further.
  const [area, setArea] = useState<Area>(() => resumeArea(state.path, 'overview', AREAS, 'entry'));
  const heading = useFocusHeading<HTMLHeadingElement>();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  useActivityReport();
  useEffect(() => recordArea(state.path, area), [state.path, area]);

  async function lock() {
    const result = await call('study.lock', {});
    if (result.ok) onChanged(result.value);
  }
  async function close() {
    const result = await call('study.close', {});
    if (result.ok) onChanged(result.value);
  }

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function onTabKey(event: KeyboardEvent, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const jump = event.key === 'Home' ? 0 : event.key === 'End' ? AREAS.length - 1 : null;
    if (step === 0 && jump === null) return;
    event.preventDefault();
    const next = jump ?? (index + step + AREAS.length) % AREAS.length;
    setArea(AREAS[next]!);
    tabs.current[next]?.focus();
  }

  return (
    <div className="study">
      <header className="study-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {state.summary.name}
          </h1>
          <p className="muted">{state.fileName}</p>
        </div>
        <div className="actions">
          <button type="button" onClick={lock} title={t('study.lockHint')}>
            {t('study.lock')}
          </button>
          <button type="button" onClick={close}>
            {t('study.close')}
          </button>
        </div>
      </header>
      <nav aria-label={t('study.nav')}>
        <div role="tablist" aria-label={t('study.nav')} className="tabs">
          {AREAS.map((name, index) => (
            <button
              key={name}
              ref={(element) => {
                tabs.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={area === name}
              aria-controls="main"
              tabIndex={area === name ? 0 : -1}
              onClick={() => setArea(name)}
              onKeyDown={(event) => onTabKey(event, index)}
            >
              {t(`study.${name}`)}
            </button>
          ))}
        </div>
      </nav>
      <main id="main" role="tabpanel" aria-labelledby={`tab-${area}`} tabIndex={-1}>
        {area === 'overview' && <Overview summary={state.summary} />}
        {area === 'tracking' && <TrackingArea summary={state.summary} />}
        {area === 'entry' && <EntryArea />}
        {area === 'idKeeper' && <IdKeeperArea />}
        {area === 'evaluator' && <EvaluatorArea />}
        {area === 'analysis' && <AnalysisArea summary={state.summary} />}
      </main>
    </div>
  );
}
