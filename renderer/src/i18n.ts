import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { english } from './locales';
import type { ApiError } from './api/client';

/** Every user-visible string comes from resources/locales/ (see locales.ts). English ships. */
void i18next.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: english } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;

/** A core error in the reader's language; the core's English sentence is the fallback. */
export function useErrorText(): (error: ApiError) => string {
  const { t } = useTranslation();
  return (error) => t(`errors.${error.key ?? error.code}`, { ...error.params, defaultValue: error.message });
}
