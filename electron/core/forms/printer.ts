/**
 * Turns a self-contained HTML document into a PDF. Chromium does the printing everywhere: under
 * Node (CLI, tests) through playwright-core and Debian's /usr/bin/chromium (nodePrinter.ts), in the
 * app through a hidden, sandboxed window's printToPDF (electron/main/pdfPrinter.ts). The core only
 * knows this interface, so it never imports either.
 */
export interface PdfPrinter {
  /** A4, backgrounds printed, page size and margins from the document's CSS. */
  print(html: string): Promise<Uint8Array>;
}

/**
 * The number of pages in a PDF Chromium wrote: its page objects, each "/Type /Page". Used to check
 * that the form's layout put every question on the page it planned.
 */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
