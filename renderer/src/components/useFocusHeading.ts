import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to a screen's heading when the screen appears, so keyboard and screen-reader
 * users start at the top of what changed instead of on a button that no longer exists.
 */
export function useFocusHeading<T extends HTMLElement>(dependency: unknown = null) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [dependency]);
  return ref;
}
