import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { MISSING_LETTER, type CellValue } from '../../../../electron/shared/entry/rules';

/**
 * A core error in the clerk's language: the entry domain's own keys live in entry.json
 * (entry.errors.*, entry.problem.*), the shell's under errors.*; the English sentence is the last resort.
 */
export function useEntryErrorText(): (error: ApiError) => string {
  const { t } = useTranslation();
  return (error) => {
    const fallback = t(`errors.${error.key ?? error.code}`, { ...error.params, defaultValue: error.message });
    if (!error.key) return fallback;
    return t(`entry.errors.${error.key}`, { ...error.params, defaultValue: t(`entry.${error.key}`, { ...error.params, defaultValue: fallback }) });
  };
}

/**
 * A cell as the comparison and the merge's differences show it: 4, "R — Refused", "Albania", "(empty)".
 * A missing answer reads as it was keyed; its numeric code (missingCodes) lives only in the data and exports.
 */
export function useCellLabel(): (value: CellValue | null) => string {
  const { t } = useTranslation();
  return (value) => {
    if (value === null) return t('entry.empty');
    if (typeof value === 'number') return String(value);
    if ('missing' in value) return t('entry.compare.missingValue', { letter: MISSING_LETTER[value.missing], label: t(`entry.missing.${value.missing}`) });
    return value.text;
  };
}
