import { escapeHtml, escapeWithUnderline } from '../html';
import { paginate } from './layout';
import type { FormBlock, FormModel } from './model';
import { FORM_CSS } from './styles';

/**
 * Renders a form model as HTML: pure, so it is tested without a browser. Every text is escaped;
 * only the toolkit's own underlining (<u>…</u>) survives as markup. A pre-printed form carries the
 * participant's ID and its barcode in every page's header, never a name: the study file has none.
 */
export interface PrintedCopy {
  /** null: a blank form whose ID boxes the ID-keeper fills by hand. */
  participantId: string | null;
  /** Code 128 of the ID as an SVG element (barcode.ts). */
  barcodeSvg?: string;
}


const rich = escapeWithUnderline;

function box(code: number): string {
  return `<span class="mw-box">${code}</span>`;
}

function question(block: Extract<FormBlock, { type: 'question' }>): string {
  const parts = [
    `<div class="mw-q"><span class="mw-num">${block.number}.</span><span class="mw-wording">${rich(block.wording)}</span></div>`,
  ];
  if (block.condition) parts.push(`<p class="mw-condition">${rich(block.condition)}</p>`);
  let answers = '';
  if (block.kind === 'likert') {
    const options = block.options.map((option) => `<div class="mw-option">${box(option.code)}<span class="mw-label">${rich(option.label)}</span></div>`);
    answers = `<div class="mw-scale mw-n${block.options.length}">${options.join('')}</div>`;
  } else if (block.kind === 'yesno' || block.kind === 'choice') {
    const options = block.options.map((option) => `<div class="mw-option">${box(option.code)}<span class="mw-label">${rich(option.label)}</span></div>`);
    answers = `<div class="mw-list">${options.join('')}</div>`;
  } else if (block.kind === 'number') {
    const digits = Array.from({ length: block.digits }, () => '<span class="mw-digit"></span>').join('');
    answers = `<div class="mw-write"><span>${rich(block.responseLabel)}</span><span class="mw-digits">${digits}</span></div>`;
  } else {
    answers = `<div><span>${rich(block.responseLabel)}</span><div class="mw-textbox"></div></div>`;
  }
  parts.push(`<div class="mw-answers">${answers}</div>`);
  return `<div class="mw-question" data-item="${escapeHtml(block.code)}">${parts.join('')}</div>`;
}

function blockHtml(block: FormBlock): string {
  switch (block.type) {
    case 'intro':
      return `<div class="mw-intro">${block.paragraphs.map((paragraph) => `<p>${rich(paragraph)}</p>`).join('')}</div>`;
    case 'consent':
      return `<div class="mw-consent"><span class="mw-box"></span><span>${rich(block.text)}</span></div>`;
    case 'notice':
      return `<p class="mw-notice">${rich(block.text)}</p>`;
    case 'instruction':
      return `<p class="mw-instruction">${rich(block.text)}</p>`;
    case 'stem':
      return `<p class="mw-stem">${rich(block.text)}</p>`;
    case 'question':
      return question(block);
  }
}

function header(model: FormModel, copy: PrintedCopy): string {
  const digits = Array.from({ length: model.idLength }, (_, index) => `<span class="mw-digit">${escapeHtml(copy.participantId?.[index] ?? '')}</span>`);
  const barcode = copy.barcodeSvg ? `<div class="mw-barcode">${copy.barcodeSvg}</div>` : '';
  return [
    '<header class="mw-head">',
    `<div class="mw-idfield"><span class="mw-id-label">${rich(model.texts.idLabel)}</span><span class="mw-id-boxes">${digits.join('')}</span></div>`,
    barcode,
    `<div class="mw-meta">${escapeHtml(model.versionCode)} · ${escapeHtml(model.waveCode)}</div>`,
    '</header>',
  ].join('');
}

/** The pages of one printed copy: the markup both the printer and the preview show. */
export function renderFormMarkup(model: FormModel, copies: PrintedCopy[], fill?: number): { markup: string; pagesPerForm: number } {
  const pages = paginate(model.blocks, fill);
  const dir = model.rightToLeft ? 'rtl' : 'ltr';
  const sections = copies.flatMap((copy) =>
    pages.map((blocks, index) => {
      const footer = model.texts.page.split('[page]').join(String(index + 1)).split('[pages]').join(String(pages.length));
      return `<section class="mw-page">${header(model, copy)}<div class="mw-body">${blocks.map(blockHtml).join('')}</div><footer class="mw-foot">${rich(footer)}</footer></section>`;
    }),
  );
  return {
    markup: `<div class="mw-form" lang="${escapeHtml(model.language)}" dir="${dir}">${sections.join('')}</div>`,
    pagesPerForm: pages.length,
  };
}

/**
 * A whole document for the printer. Its own CSP forbids anything but the inline stylesheet and
 * data: images, so the printing page can never reach out, whatever a text contains.
 */
export function renderFormDocument(model: FormModel, copies: PrintedCopy[], fill?: number): { html: string; pagesPerForm: number } {
  const { markup, pagesPerForm } = renderFormMarkup(model, copies, fill);
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(model.language)}" dir="${model.rightToLeft ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(model.versionCode)} ${escapeHtml(model.waveCode)}</title>`,
    // The body's default margin would push a 210 mm page past the sheet (a whole extra page in RTL).
    `<style>html, body { margin: 0; padding: 0; }${FORM_CSS}</style></head><body>${markup}</body></html>`,
  ].join('');
  return { html, pagesPerForm };
}
