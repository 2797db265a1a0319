import { FORMS_PROGRESS_TASK, type formsContract } from '../../api/contracts/forms';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { MixwiseError } from '../errors';
import { writeNewFile } from '../files';
import { prepareForms, previewForms, printCancelled, printForms } from './produce';

export function formsHandlers(ctx: CoreContext): DomainHandlers<typeof formsContract> {
  const printer = () => {
    if (!ctx.deps.printer) throw new MixwiseError('INTERNAL', 'Printing to PDF is not available here.', { key: 'forms.noPrinter' });
    return ctx.deps.printer;
  };
  /** The prints running now; forms.cancel, and locking or closing the study, stop them all. */
  const running = new Set<AbortController>();
  // A locked study's printout is not written: the person who locked it may have walked away.
  ctx.onLock.push(() => {
    for (const job of running) job.abort('lock');
  });
  const emitProgress = (done: number, total: number) => ctx.deps.emit('progress', { task: FORMS_PROGRESS_TASK, done, total });

  return {
    'forms.preview': async (request) => previewForms(ctx.deps.printer, ctx.study.use((db) => prepareForms(db, request))),
    'forms.savePdf': async (request) => {
      // Everything is checked before the dialog opens, so nobody picks a file for forms that cannot print.
      const prepared = ctx.study.use((db) => prepareForms(db, request));
      const pdfPrinter = printer();
      const suggested = `${request.version}-${request.wave}${request.prefilled ? '-ids' : ''}.pdf`;
      const path = await ctx.deps.dialogs.chooseSavePath(suggested, ['pdf']);
      if (!path) return { path: null, pages: 0, forms: 0 };
      const job = new AbortController();
      running.add(job);
      try {
        emitProgress(0, 0);
        const { pdf, pages, forms } = await printForms(pdfPrinter, prepared, { signal: job.signal, onProgress: emitProgress });
        // The PDF exists only in memory until here; a cancel that came during the last chunk still wins.
        if (job.signal.aborted) throw printCancelled(job.signal.reason);
        writeNewFile(path, pdf);
        return { path, pages, forms };
      } finally {
        running.delete(job);
      }
    },
    'forms.cancel': () => {
      const cancelled = running.size > 0;
      for (const job of running) job.abort('user');
      return { cancelled };
    },
  };
}
