import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { assertPrintable } from '../instruments/readiness';
import { barcodeSvg } from './barcode';
import { renderFormDocument, renderFormMarkup, type PrintedCopy } from './html';
import { mergePdfs } from './merge';
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
  assertPrintable(db, request.version);
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

/** How a long print goes: its progress, and the signal that stops it. */
export interface PrintOptions {
  /** Copies per Chromium call; by default as many as fill about PAGES_PER_CHUNK pages. */
  chunkSize?: number;
  /** Pages printed so far of all pages planned, after the layout is known and after every chunk. */
  onProgress?(pagesDone: number, pagesTotal: number): void;
  /** Aborted: printing stops before the next chunk and printForms rejects with CANCELLED. */
  signal?: AbortSignal;
}

/**
 * Pages per Chromium call. One call for hundreds of copies reports nothing and cannot be stopped
 * until it ends; chunks of about this many pages print as fast (measured with 60 and 300 copies of
 * the demo's three-page form, in the commit that brought chunks), report progress every few
 * seconds and bound how long a cancel waits, and joining them costs about a second for 900 pages.
 */
export const PAGES_PER_CHUNK = 60;

export function printCancelled(reason: unknown): MixwiseError {
  if (reason === 'lock') {
    return new MixwiseError('CANCELLED', 'Printing stopped because the study was locked; no file was written.', { key: 'forms.stoppedByLock' });
  }
  return new MixwiseError('CANCELLED', 'Printing was cancelled; no file was written.', { key: 'forms.cancelled' });
}

function stopIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw printCancelled(signal.reason);
}

/**
 * Prints every copy, a chunk per Chromium call, and joins the chunks into one PDF in memory: a
 * cancelled job leaves nothing behind, since only the caller writes the finished file.
 */
export async function printForms(
  printer: PdfPrinter,
  prepared: PreparedForms,
  options: PrintOptions = {},
): Promise<{ pdf: Uint8Array; pages: number; forms: number; pagesPerForm: number }> {
  const { signal, onProgress } = options;
  stopIfCancelled(signal);
  // The layout's trial print of the first copy is that copy's pages: it is kept as the first chunk.
  const first = await verifiedFill(printer, prepared);
  const { pagesPerForm } = first;
  const total = pagesPerForm * prepared.copies.length;
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? PAGES_PER_CHUNK / pagesPerForm));
  onProgress?.(pagesPerForm, total);
  const chunks = [first.pdf];
  for (let start = 1; start < prepared.copies.length; start += chunkSize) {
    stopIfCancelled(signal);
    const copies = prepared.copies.slice(start, start + chunkSize);
    const pdf = await printer.print(renderFormDocument(prepared.model, copies, first.fill).html);
    // Every copy has the same layout, only the ID differs: anything else means a page spilled.
    if (countPdfPages(pdf) !== pagesPerForm * copies.length) throw layoutFailed();
    chunks.push(pdf);
    onProgress?.(pagesPerForm * (start + copies.length), total);
  }
  stopIfCancelled(signal);
  const pdf = await mergePdfs(chunks);
  if (countPdfPages(pdf) !== total) throw layoutFailed();
  return { pdf, pages: total, forms: prepared.copies.length, pagesPerForm };
}

function layoutFailed(): MixwiseError {
  return new MixwiseError('INTERNAL', 'The forms did not print on the pages planned; try again or shorten the longest texts.', {
    key: 'forms.layoutFailed',
  });
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
