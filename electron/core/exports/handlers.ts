import type { exportsContract } from '../../api/contracts/exports';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';

export function exportsHandlers(_ctx: CoreContext): DomainHandlers<typeof exportsContract> {
  return {};
}
