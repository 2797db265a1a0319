import { z } from 'zod';
import { method } from '../method';
import { passphrase } from '../schemas';

/**
 * Changing the study's passphrase (staff leave; the whole entry team shares it). The vault's
 * secrets change through vault.changePassphrase and vault.newRecoveryKey.
 */
export const secretsContract = {
  /**
   * Re-encrypts the open study under a new passphrase (a checked copy swapped into place: the file
   * opens with the old passphrase or the new one at every instant). The study stays open.
   */
  'study.changePassphrase': method(z.object({ current: passphrase, next: passphrase }).strict(), z.object({ changedAt: z.string() })),
} as const;
