import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { useErrorText } from '../../i18n';

/**
 * A core error in the reader's language. Keys of the evaluator's domains read "setup.badCode" and
 * live under that feature's locale file ("setup" -> en/setup.json, "errors.badCode"); other errors
 * go through the shell's translation. The core's English sentence is always the fallback.
 */
export function useApiError(): (error: ApiError) => string {
  const { t } = useTranslation();
  const shell = useErrorText();
  return (error) => {
    if (error.key?.includes('.')) {
      const [feature, ...rest] = error.key.split('.');
      return t(`${feature}.errors.${rest.join('.')}`, { ...error.params, defaultValue: error.message });
    }
    // Input checks without a key of their own (the schema's) say more in their own words than "check what you entered".
    if (error.code === 'INVALID_INPUT' && error.field && !error.key) return error.message;
    return shell(error);
  };
}

/** Where an error belongs: at its field when the form has that field, otherwise above the form. */
export function placeError(error: ApiError, text: string, fields: readonly string[]): { fields: Record<string, string>; form: string | null } {
  return error.field && fields.includes(error.field) ? { fields: { [error.field]: text }, form: null } : { fields: {}, form: text };
}
