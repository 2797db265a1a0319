import { z } from 'zod';
import { method } from '../method';

/** Paper forms: a preview identical to the print, and the PDF saved where the person chooses. */

const request = z.object({ version: z.string().max(24), wave: z.string().max(24), prefilled: z.boolean() }).strict();

export const formsContract = {
  /** The printed pages' markup and stylesheet (no script, every text escaped), for the first copy. */
  'forms.preview': method(
    request,
    z.object({ markup: z.string(), css: z.string(), pagesPerForm: z.number(), forms: z.number(), rightToLeft: z.boolean() }),
  ),
  /** Asks where to save (null when cancelled), prints and writes the PDF. */
  'forms.savePdf': method(request, z.object({ path: z.string().nullable(), pages: z.number(), forms: z.number() })),
} as const;
