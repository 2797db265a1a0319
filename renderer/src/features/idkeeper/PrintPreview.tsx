import { useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';

interface Props {
  /** A standalone document from the core (core/vault/printouts.ts). */
  html: string;
  onClose(): void;
}

/**
 * Shows a printout from the core over the app and prints it. Only the document's body is used:
 * the app's CSP forbids the document's inline style, so print.css styles the same class names.
 * Printing hides everything but this layer. It is closed after printing and on lock, so names
 * never stay on screen. (Saving as PDF through Chromium's printToPDF can come later.)
 */
export function PrintPreview({ html, onClose }: Props) {
  const { t } = useTranslation();
  const body = useMemo(() => new DOMParser().parseFromString(html, 'text/html').body.innerHTML, [html]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    // The app behind the preview is out of reach (keyboard, screen readers) until it closes.
    const app = document.getElementById('root');
    app?.setAttribute('inert', '');
    return () => {
      window.removeEventListener('keydown', onKey);
      app?.removeAttribute('inert');
    };
  }, [onClose]);

  return createPortal(
    <div className="print-layer" role="dialog" aria-modal="true" aria-label={t('vault.print.preview')}>
      <div className="print-actions">
        <button type="button" className="primary" autoFocus onClick={() => window.print()}>
          {t('vault.print.print')}
        </button>
        <button type="button" onClick={onClose}>
          {t('vault.print.close')}
        </button>
      </div>
      {/* The core escapes every value it puts into the document; no script can run under the CSP. */}
      <div className="printout" dangerouslySetInnerHTML={{ __html: body }} />
    </div>,
    document.body,
  );
}
