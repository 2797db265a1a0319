import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, on } from './api/client';
import type { StudyState } from '../../electron/api/schemas';
import { StartScreen } from './features/start/StartScreen';
import { UnlockScreen } from './features/start/UnlockScreen';
import { StudyHome } from './features/study/StudyHome';
import { forgetPlace, markLocked } from './features/study/place';

export type LockReason = 'user' | 'idle' | 'os' | null;

/** Chooses the screen from the core's study state: closed -> start, locked -> unlock, open -> home. */
export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<StudyState | null>(null);
  const [lockReason, setLockReason] = useState<LockReason>(null);

  const refresh = useCallback(async () => {
    const result = await call('study.current', {});
    if (result.ok) setState(result.value);
  }, []);

  /** A newcomer sees a populated app at once: on the very first start the demo study opens. */
  const start = useCallback(async () => {
    const info = await call('app.info', {});
    if (info.ok && info.value.firstRun) {
      const demo = await call('demo.open', {});
      if (demo.ok) return setState(demo.value.state);
    }
    await refresh();
  }, [refresh]);

  useEffect(() => {
    void start();
    return on('lock', (event) => {
      if (event.target !== 'study') return;
      setLockReason(event.reason);
      void refresh();
    });
  }, [refresh, start]);

  // Locked, the study screen goes (nothing of the study stays in the page) but where it was is kept,
  // so unlocking the same file lands back on the same tab, batch and cell (features/study/place.ts).
  useEffect(() => {
    if (state?.status === 'locked') markLocked(state.path);
    if (state?.status === 'closed') forgetPlace();
  }, [state]);

  const show = (next: StudyState) => {
    setLockReason(null);
    setState(next);
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {state === null ? (
        <p className="loading">{t('app.working')}</p>
      ) : state.status === 'closed' ? (
        <StartScreen onOpened={show} />
      ) : state.status === 'locked' ? (
        <UnlockScreen state={state} reason={lockReason} onUnlocked={show} onClosed={show} />
      ) : (
        <StudyHome state={state} onChanged={show} />
      )}
    </>
  );
}
