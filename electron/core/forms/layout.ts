import type { FormBlock } from './model';

/**
 * Splits a form's blocks into A4 pages. Chromium's own page breaking cannot repeat a per-form ID
 * box or number pages per form in a batch, so Mixwise lays the pages out itself from estimated
 * heights. The estimates are deliberately generous; the printer then checks that the PDF has
 * exactly the pages planned, and a form that overflowed is laid out again more loosely
 * (produce.ts), so a question is never cut or pushed off its page.
 *
 * All sizes are in millimetres and must match styles.ts.
 */
export const PAGE = {
  /** The page box is 1 mm short of A4 so rounding never spills a sheet. */
  height: 296,
  paddingY: 12,
  header: 20,
  footer: 8,
  contentWidth: 178,
} as const;

const LINE = 5; // 10.5 pt text at line-height 1.35
const SMALL_LINE = 3.6; // 8 pt labels
const GAP = 4;
/** Millimetres a character takes on average, kept wide (DejaVu Sans, 0.62 em) to err on the safe side. */
const CHAR = 3.7 * 0.62;
const SMALL_CHAR = 2.82 * 0.62;

function lines(text: string, widthMm: number, charMm = CHAR): number {
  const perLine = Math.max(1, Math.floor(widthMm / charMm));
  return text.split('\n').reduce((sum, paragraph) => sum + Math.max(1, Math.ceil(paragraph.replace(/<\/?u>/g, '').length / perLine)), 0);
}

export function blockHeight(block: FormBlock): number {
  switch (block.type) {
    case 'intro':
      return block.paragraphs.reduce((sum, paragraph) => sum + lines(paragraph, PAGE.contentWidth) * LINE + 2.5, 0) + GAP;
    case 'consent':
      return lines(block.text, PAGE.contentWidth - 12) * LINE + GAP + 2;
    case 'notice':
    case 'instruction':
    case 'stem':
      return lines(block.text, PAGE.contentWidth) * LINE + GAP;
    case 'question': {
      const textWidth = PAGE.contentWidth - 10;
      let height = lines(block.wording, textWidth) * LINE + 2;
      if (block.condition) height += lines(block.condition, textWidth) * LINE;
      if (block.kind === 'likert') {
        const cell = textWidth / Math.max(1, block.options.length);
        const labelLines = Math.max(1, ...block.options.map((option) => lines(option.label || ' ', cell - 2, SMALL_CHAR)));
        height += 8 + 1 + labelLines * SMALL_LINE;
      } else if (block.kind === 'yesno' || block.kind === 'choice') {
        height += block.options.reduce((sum, option) => sum + Math.max(7, lines(option.label, textWidth - 12) * LINE + 2), 0);
      } else if (block.kind === 'number') {
        height += 9;
      } else {
        height += (block.responseLabel ? LINE : 0) + 16;
      }
      return height + GAP + 1;
    }
  }
}

/** Blocks that introduce what follows never end a page. */
function keepsWithNext(block: FormBlock): boolean {
  return block.type === 'instruction' || block.type === 'stem';
}

/**
 * Greedy page filling. `fill` (0-1] is the share of each page's content height the estimates may
 * use; a lower value leaves more room for estimates that were too small.
 */
export function paginate(blocks: FormBlock[], fill = 0.96): FormBlock[][] {
  const capacity = (PAGE.height - 2 * PAGE.paddingY - PAGE.header - PAGE.footer) * fill;
  const pages: FormBlock[][] = [];
  let page: FormBlock[] = [];
  let used = 0;
  let index = 0;
  while (index < blocks.length) {
    // Take a block together with the introducers before it.
    let end = index;
    while (end < blocks.length - 1 && keepsWithNext(blocks[end]!)) end++;
    const group = blocks.slice(index, end + 1);
    const height = group.reduce((sum, block) => sum + blockHeight(block), 0);
    if (page.length > 0 && used + height > capacity) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(...group);
    used += height;
    index = end + 1;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
