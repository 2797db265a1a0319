import { useEffect } from 'react';
import { call } from '../../api/client';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/** How often at most keyboard and mouse use is reported: a third of the idle time, at most every 30 s. */
let reportEveryMs = 30_000;

/** Called with this computer's study idle time whenever it is read or changed. */
export function setReportedIdleSeconds(seconds: number): void {
  reportEveryMs = Math.max(250, Math.min(30_000, (seconds * 1000) / 3));
}

/**
 * While the study is open, tells the core that someone is using the window (study.touch), so
 * that reading a long table without a call is not taken for idleness. The core's idle lock is the
 * only one (core/app/idle.ts): every call counts, this only adds keyboard and mouse use between
 * calls. The study screen, which uses this, is not shown while the study is locked.
 */
export function useActivityReport(): void {
  useEffect(() => {
    let lastReport = 0;
    void call('app.settings.get', {}).then((result) => {
      if (result.ok) setReportedIdleSeconds(result.value.studyIdleLockSeconds);
    });
    const onActivity = () => {
      if (Date.now() - lastReport < reportEveryMs) return;
      lastReport = Date.now();
      void call('study.touch', {});
    };
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { passive: true, capture: true });
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, []);
}
