import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { useErrorText } from '../../i18n';

/**
 * A core error in the reader's language: the vault's own keys (vaultLocked, unknownGroup, ...)
 * live in en/vault.json under "errors"; anything else goes through the shell's translation. The
 * core's English sentence is the fallback either way.
 */
export function useVaultError(): (error: ApiError) => string {
  const { t, i18n } = useTranslation();
  const shell = useErrorText();
  return (error) => {
    if (error.key && i18n.exists(`vault.errors.${error.key}`)) return t(`vault.errors.${error.key}`, { ...error.params });
    if (error.code === 'INVALID_INPUT' && !error.key) return error.message;
    return shell(error);
  };
}
