import { PDFDocument } from 'pdf-lib';

/**
 * Joins the PDFs Chromium printed chunk by chunk into one, pages in the parts' order. Each part
 * keeps its own embedded font subsets, so the file is about the parts' sizes added up. Written
 * without object streams: every page object stays readable as "/Type /Page", which is what
 * countPdfPages (and anyone checking the file with plain tools) counts.
 */
export async function mergePdfs(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  if (parts.length === 1) return parts[0]!;
  // No producer or dates of pdf-lib's own: the printout says no more about when or how it was made than Chromium's does.
  const merged = await PDFDocument.create({ updateMetadata: false });
  let title: string | undefined;
  for (const part of parts) {
    const source = await PDFDocument.load(part, { updateMetadata: false });
    title ??= source.getTitle();
    const pages = await merged.copyPages(source, source.getPageIndices());
    for (const page of pages) merged.addPage(page);
  }
  if (title) merged.setTitle(title);
  return merged.save({ useObjectStreams: false });
}
