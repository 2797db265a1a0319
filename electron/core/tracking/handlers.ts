import type { trackingContract } from '../../api/contracts/tracking';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { MixwiseError } from '../errors';
import { writeNewFile } from '../files';
import { buildFollowUp } from './followup';
import { buildStatusWorkbook } from './status';
import { buildStatusHtml } from './statusPdf';
import { loadTracking } from './load';
import { buildTrackingReport, resolveComparison } from './report';
import { weeklyView } from './weekly';

export function trackingHandlers(ctx: CoreContext): DomainHandlers<typeof trackingContract> {
  return {
    'tracking.report': (input) => ctx.study.use((db) => buildTrackingReport(db, input)),
    'tracking.weekly': ({ comparison, asOf }) =>
      ctx.study.use((db) => {
        const { design, participants } = loadTracking(db);
        return weeklyView(design, participants, resolveComparison(design, comparison), asOf ?? new Date().toISOString());
      }),
    'tracking.saveStatus': async ({ comparison, followUpWave }) => {
      const bytes = await ctx.study.use((db) => buildStatusWorkbook(db, { comparison, followUpWave }));
      const path = await ctx.deps.dialogs.chooseSavePath(`status-${new Date().toISOString().slice(0, 10)}.xlsx`, ['xlsx']);
      if (!path) return { path: null };
      writeNewFile(path, bytes);
      return { path };
    },
    'tracking.savePdf': async ({ comparison, labels }) => {
      const printer = ctx.deps.printer;
      if (!printer) {
        throw new MixwiseError('INTERNAL', 'Saving as PDF is not available here; save the weekly status as Excel instead.', { key: 'tracking.noPrinter' });
      }
      // The dialog first: cancelling costs nothing, and the report then matches the moment of saving.
      const path = await ctx.deps.dialogs.chooseSavePath(`status-${new Date().toISOString().slice(0, 10)}.pdf`, ['pdf']);
      if (!path) return { path: null };
      const html = ctx.study.use((db) => buildStatusHtml(db, { comparison, labels }));
      writeNewFile(path, await printer.print(html));
      return { path };
    },
    'tracking.followUp': ({ wave, asOf }) =>
      ctx.study.use((db) => buildFollowUp(db, wave, asOf ?? new Date().toISOString())),
  };
}
