import { useEffect, useRef } from 'react';
import { call } from '../../api/client';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;

/**
 * Locks the vault after `seconds` without keyboard, mouse or touch activity. The renderer's timer
 * is the one the ID-keeper sees; while they are active it also tells the core (at most every
 * third of the timeout, and never more than twice a minute), whose own timer locks on time even
 * if this window stops reporting.
 */
export function useIdleLock(seconds: number, onIdle: () => void): void {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;

  useEffect(() => {
    const timeoutMs = seconds * 1000;
    const reportEveryMs = Math.max(500, Math.min(30_000, timeoutMs / 3));
    let lastReport = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => onIdleRef.current(), timeoutMs);
    };
    const onActivity = () => {
      arm();
      if (Date.now() - lastReport >= reportEveryMs) {
        lastReport = Date.now();
        void call('vault.touch', {});
      }
    };
    arm();
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [seconds]);
}
