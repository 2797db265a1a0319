import type { questionnairesContract } from '../../api/contracts/questionnaires';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { MixwiseError } from '../errors';
import { writeNewFile } from '../files';
import { countPdfPages } from '../forms/printer';
import { markVersionReady } from './builder';
import { assertLanguage, translationCodes } from './translations';
import { itemBankSource } from './itemBank';
import { renderReviewDocument, reviewRows } from './reviewPrint';
import { readQuestionnaireView } from './view';

type ReviewMethods = 'questionnaire.markReady' | 'questionnaire.saveReviewPdf';

/** The translation review's methods: marking a version ready for printing, and the reviewer's side-by-side PDF. */
export function reviewHandlers(ctx: CoreContext): Pick<DomainHandlers<typeof questionnairesContract>, ReviewMethods> {
  return {
    'questionnaire.markReady': ({ code }) =>
      ctx.study.use((db) => ({ ...markVersionReady(db, code, itemBankSource), view: readQuestionnaireView(db) })),
    'questionnaire.saveReviewPdf': async ({ language }) => {
      assertLanguage(language);
      // Read before the dialog opens, so the file is not read while Chromium prints.
      const html = ctx.study.use((db) => {
        const studyName = db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string;
        return renderReviewDocument(language, reviewRows(db, language, translationCodes(db)), studyName, new Date());
      });
      const printer = ctx.deps.printer;
      if (!printer) throw new MixwiseError('INTERNAL', 'Printing to PDF is not available here.', { key: 'forms.noPrinter' });
      const path = await ctx.deps.dialogs.chooseSavePath(`translation-review-${language}.pdf`, ['pdf']);
      if (!path) return { path: null, pages: 0 };
      const pdf = await printer.print(html);
      writeNewFile(path, pdf);
      return { path, pages: countPdfPages(pdf) };
    },
  };
}
