import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF as poppler's pdftotext reads it (Debian's poppler-utils; .ci/run installs it),
 * without the bidi control characters it wraps right-to-left runs in. Arabic words are best
 * asserted without the lam-alef ligature, which extraction gives back in visual order.
 */
export function pdfText(pdf: Uint8Array, layout = false): string {
  const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', '-', '-'], { input: Buffer.from(pdf) }).toString('utf8');
  return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
