import type { trackingContract } from '../../api/contracts/tracking';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { followUpEntries } from './followup';
import { loadTracking } from './load';
import { resolveComparison, trackingReport } from './report';
import { weeklyView } from './weekly';

export function trackingHandlers(ctx: CoreContext): DomainHandlers<typeof trackingContract> {
  return {
    'tracking.report': (input) => ctx.study.use((db) => {
      const { design, participants } = loadTracking(db);
      return trackingReport(design, participants, input);
    }),
    'tracking.weekly': ({ comparison, asOf }) =>
      ctx.study.use((db) => {
        const { design, participants } = loadTracking(db);
        return weeklyView(design, participants, resolveComparison(design, comparison), asOf ?? new Date().toISOString());
      }),
    'tracking.followUp': ({ wave, asOf }) =>
      ctx.study.use((db) => {
        const { design, participants } = loadTracking(db);
        return followUpEntries(design, participants, wave, asOf ?? new Date().toISOString());
      }),
  };
}
