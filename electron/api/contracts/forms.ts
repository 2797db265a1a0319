import { z } from 'zod';
import { empty, method } from '../method';

/** Paper forms: a preview identical to the print, and the PDF saved where the person chooses. */

export { FORMS_PROGRESS_TASK } from '../../shared/forms/printTask';

const request = z.object({ version: z.string().max(24), wave: z.string().max(24), prefilled: z.boolean() }).strict();

export const formsContract = {
  /** The printed pages' markup and stylesheet (no script, every text escaped), for the first copy. */
  'forms.preview': method(
    request,
    z.object({ markup: z.string(), css: z.string(), pagesPerForm: z.number(), forms: z.number(), rightToLeft: z.boolean() }),
  ),
  /**
   * Asks where to save (null when the dialog is cancelled), prints and writes the PDF, emitting
   * 'progress' with task FORMS_PROGRESS_TASK (pages printed of all pages). Fails with CANCELLED,
   * having written nothing, after forms.cancel or when the study is locked or closed meanwhile.
   */
  'forms.savePdf': method(request, z.object({ path: z.string().nullable(), pages: z.number(), forms: z.number() })),
  /** Stops the print running (after its current chunk of pages); false when none was running. */
  'forms.cancel': method(empty, z.object({ cancelled: z.boolean() })),
} as const;
