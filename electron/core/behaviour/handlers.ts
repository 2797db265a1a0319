import type { behaviourContract } from '../../api/contracts/behaviour';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { addEvent, behaviourSummary, participationFor, recordParticipation } from './events';

export function behaviourHandlers(ctx: CoreContext): DomainHandlers<typeof behaviourContract> {
  return {
    'behaviour.summary': () => ctx.study.use(behaviourSummary),
    'behaviour.addEvent': (event) =>
      ctx.study.use((db) => {
        addEvent(db, event);
        return null;
      }),
    'behaviour.participation': ({ event }) => ctx.study.use((db) => participationFor(db, event)),
    'behaviour.record': ({ event, entries }) =>
      ctx.study.use((db) => {
        recordParticipation(db, event, entries);
        return null;
      }),
  };
}
