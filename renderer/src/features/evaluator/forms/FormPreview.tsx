import { useEffect, useRef } from 'react';

/**
 * Shows the very markup the printer gets, in a shadow root so the form's stylesheet and the app's
 * never touch. The stylesheet is adopted as a constructed stylesheet, which the app's CSP allows
 * (a <style> element or style attribute would be refused). The markup comes from the core, which
 * escapes every text and writes no script.
 */
export function FormPreview({ markup, css, label }: { markup: string; css: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = markup;
  }, [markup, css]);
  return <div ref={host} className="preview-host" role="document" aria-label={label} data-testid="form-preview" />;
}
