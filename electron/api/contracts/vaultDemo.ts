import { z } from 'zod';
import { empty, method } from '../method';

/** The demo's vault of made-up people (issue 25, point 6; core/demo/demoVault.ts). Spread into vaultContract. */
export const vaultDemoContract = {
  /** Makes the demo vault beside the demo study, locked; only for the demo study and only while it has no vault. */
  'vault.demo.create': method(empty, z.object({ passphrase: z.string() })),
} as const;
