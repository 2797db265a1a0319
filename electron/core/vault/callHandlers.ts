import type { DomainHandlers } from '../../api/method';
import type { vaultCallsContract } from '../../api/contracts/vaultCalls';
import type { CoreContext } from '../context';
import { MixwiseError } from '../errors';
import { callHistory, logCall } from './calls';
import type { VaultAccess } from './handlers';

/** The call log's methods (calls.ts); they need the vault unlocked beside its study, like every vault method. */
export function callHandlers(ctx: CoreContext): DomainHandlers<typeof vaultCallsContract> {
  const access = (): VaultAccess => {
    // Set by vaultHandlers(ctx), which createCore() builds first.
    if (!ctx.vault) throw new MixwiseError('FORBIDDEN', 'The vault is not available.', { key: 'vaultLocked' });
    return ctx.vault;
  };
  return {
    'vault.calls.log': (input) =>
      access().withBoth((study, vault) => {
        const { entry, summary, offerWithdrawal } = logCall(study, vault.db, input, 'app');
        return { entry, lastCall: summary.lastCall, nextAttempt: summary.nextAttempt, offerWithdrawal };
      }),
    'vault.calls.history': ({ id }) => access().withBoth((_study, vault) => ({ entries: callHistory(vault.db, id) })),
  };
}
