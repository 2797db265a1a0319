import type { formsContract } from '../../api/contracts/forms';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { MixwiseError } from '../errors';
import { writeNewFile } from '../files';
import { prepareForms, previewForms, printForms } from './produce';

export function formsHandlers(ctx: CoreContext): DomainHandlers<typeof formsContract> {
  const printer = () => {
    if (!ctx.deps.printer) throw new MixwiseError('INTERNAL', 'Printing to PDF is not available here.', { key: 'forms.noPrinter' });
    return ctx.deps.printer;
  };
  return {
    'forms.preview': async (request) => previewForms(ctx.deps.printer, ctx.study.use((db) => prepareForms(db, request))),
    'forms.savePdf': async (request) => {
      // Everything is checked before the dialog opens, so nobody picks a file for forms that cannot print.
      const prepared = ctx.study.use((db) => prepareForms(db, request));
      const pdfPrinter = printer();
      const suggested = `${request.version}-${request.wave}${request.prefilled ? '-ids' : ''}.pdf`;
      const path = await ctx.deps.dialogs.chooseSavePath(suggested, ['pdf']);
      if (!path) return { path: null, pages: 0, forms: 0 };
      const { pdf, pages, forms } = await printForms(pdfPrinter, prepared);
      writeNewFile(path, pdf);
      return { path, pages, forms };
    },
  };
}
