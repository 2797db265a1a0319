import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { barcodeSvg } from './barcode';
import { renderFormDocument, renderFormMarkup, type PrintedCopy } from './html';
import { buildFormModel, type FormModel } from './model';
import { countPdfPages, type PdfPrinter } from './printer';
import { FORM_CSS } from './styles';

export interface FormsRequest {
  version: string;
  wave: string;
  /** One copy per active participant of the version's group, with their ID and its barcode. */
  prefilled: boolean;
}

export interface PreparedForms {
  model: FormModel;
  copies: PrintedCopy[];
}

/** Layouts tried in turn until the printed pages are the planned ones (see layout.ts). */
const FILLS = [0.96, 0.85, 0.72, 0.6] as const;

/**
 * Reads everything the forms need from the study, synchronously, so the file can be locked while
 * Chromium prints without anything reading it mid-way. Pre-printed copies carry IDs only: the
 * study file has no names, and the roster's order is the IDs' order, never the vault's.
 */
export function prepareForms(db: Db, request: FormsRequest): PreparedForms {
  const model = buildFormModel(db, request.version, request.wave);
  if (!request.prefilled) return { model, copies: [{ participantId: null }] };
  const ids = db
    .prepare(
      `SELECT p.id FROM participant p JOIN questionnaire_version v ON v.identity_group_id = p.identity_group_id
        WHERE v.code = ? AND p.status = 'active' ORDER BY p.id`,
    )
    .pluck()
    .all(request.version) as string[];
  if (ids.length === 0) {
    throw new MixwiseError('INVALID_INPUT', 'No active participant of this version\'s group is enrolled yet.', {
      field: 'prefilled',
      key: 'forms.nobodyEnrolled',
    });
  }
  return { model, copies: ids.map((id) => ({ participantId: id, barcodeSvg: barcodeSvg(id) })) };
}

/** Finds the layout whose printed page count matches the plan, printing one copy per try. */
async function verifiedFill(printer: PdfPrinter, prepared: PreparedForms): Promise<{ fill: number; pdf: Uint8Array; pagesPerForm: number }> {
  for (const fill of FILLS) {
    const { html, pagesPerForm } = renderFormDocument(prepared.model, prepared.copies.slice(0, 1), fill);
    const pdf = await printer.print(html);
    if (countPdfPages(pdf) === pagesPerForm) return { fill, pdf, pagesPerForm };
  }
  throw new MixwiseError('INTERNAL', 'The form could not be laid out on A4 pages; shorten its longest texts.', { key: 'forms.layoutFailed' });
}

export async function printForms(
  printer: PdfPrinter,
  prepared: PreparedForms,
): Promise<{ pdf: Uint8Array; pages: number; forms: number; pagesPerForm: number }> {
  const first = await verifiedFill(printer, prepared);
  if (prepared.copies.length === 1) return { pdf: first.pdf, pages: first.pagesPerForm, forms: 1, pagesPerForm: first.pagesPerForm };
  const { html } = renderFormDocument(prepared.model, prepared.copies, first.fill);
  const pdf = await printer.print(html);
  const pages = countPdfPages(pdf);
  // Every copy has the same layout, only the ID differs: anything else means a page spilled.
  if (pages !== first.pagesPerForm * prepared.copies.length) {
    throw new MixwiseError('INTERNAL', 'The forms did not print on the pages planned; try again or shorten the longest texts.', {
      key: 'forms.layoutFailed',
    });
  }
  return { pdf, pages, forms: prepared.copies.length, pagesPerForm: first.pagesPerForm };
}

/**
 * The preview: the very markup and stylesheet the printer gets, for the first copy. With a printer
 * at hand the layout is the verified one, so the preview's pages are the PDF's pages.
 */
export async function previewForms(printer: PdfPrinter | undefined, prepared: PreparedForms) {
  const first = { ...prepared, copies: prepared.copies.slice(0, 1) };
  const fill = printer ? (await verifiedFill(printer, first)).fill : FILLS[0];
  const { markup, pagesPerForm } = renderFormMarkup(prepared.model, first.copies, fill);
  return { markup, css: FORM_CSS, pagesPerForm, forms: prepared.copies.length, rightToLeft: prepared.model.rightToLeft };
}
