import { useTranslation } from 'react-i18next';
import { english } from '../../locales';

/** The keys of tracking.pdf: the one-page status report's words, which the core fills and prints. */
const KEYS = Object.keys((english.tracking as { pdf: Record<string, string> }).pdf);

/**
 * The status report's wording in the reader's language, passed to the core, which builds the PDF.
 * Interpolation is skipped: the core fills the {{placeholders}} with the report's numbers.
 */
export function useStatusPdfLabels(): Record<string, string> {
  const { t } = useTranslation();
  return Object.fromEntries(KEYS.map((key) => [key, t(`tracking.pdf.${key}`, { skipInterpolation: true })]));
}
