/**
 * Defence in depth behind the CSP and the main process's navigation and window-open denials:
 * the page itself never opens windows and never follows a link off its own origin.
 * CSP governs fetches, images and stylesheets but not window.open or a followed link.
 */
export function installNavigationGuard(): void {
  const refuse = () => null;
  Object.defineProperty(window, 'open', { value: refuse, writable: false, configurable: false });
  document.addEventListener(
    'click',
    (event) => {
      const anchor = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!anchor) return;
      const target = new URL(anchor.href, window.location.href);
      const samePage = target.origin === window.location.origin && !anchor.target;
      if (!samePage) event.preventDefault();
    },
    true,
  );
  // Dropping a file or link onto the window must not navigate it away.
  for (const type of ['dragover', 'drop'] as const) {
    window.addEventListener(type, (event) => event.preventDefault());
  }
}
