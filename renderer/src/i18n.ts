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

/**
 * A core error in the reader's language. The core words each error as a specific English
 * sentence ("Not on the roster: 12345678."); a message key, when the core gives one, translates it
 * exactly. Without a key, English readers get the core's sentence and other languages the
 * translation of the error's code, which is vaguer but never wrong.
 */
export function useErrorText(): (error: ApiError) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (error.key) return t(`errors.${error.key}`, { ...error.params, defaultValue: error.message });
    if (i18n.language.startsWith('en')) return error.message;
    return t(`errors.${error.code}`, { ...error.params, defaultValue: error.message });
  };
}
