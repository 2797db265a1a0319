import type { importsContract } from '../../api/contracts/imports';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';

export function importsHandlers(_ctx: CoreContext): DomainHandlers<typeof importsContract> {
  return {};
}
