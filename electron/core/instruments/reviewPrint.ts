import type { Db } from '../db/open';
import { escapeHtml, escapeWithUnderline } from '../html';
import { ENGLISH_FORM_TEXTS, isRightToLeft, languageName, type FormTextKey } from './formTexts';
import type { ItemText } from './definitions';
import { readTranslations } from './translations';

/**
 * The reviewer's print (issue 24, point 2): for one language, every text a version in it prints,
 * with the source wording, the translation, the back-translation and the review status side by
 * side, so a second native speaker can compare them on paper. The translation column is laid out
 * right to left for those scripts; the source and back-translation columns keep the source's
 * direction. Placeholders stay as tokens ([group]): the reviewer checks the wording, not a group.
 */

/** What a reviewer reads as a fixed text's name (the editor's labels, shortened). */
const FORM_TEXT_LABELS: Record<FormTextKey, string> = {
  intro: 'Introduction',
  consent: 'Consent line',
  noName: 'Do not write your name',
  markOne: 'How to answer',
  idLabel: 'Label of the ID box',
  page: 'Page numbers',
  onlyIf: 'Skip instruction',
  writeNumber: 'Label before a written number',
  writeText: 'Label before written text',
};

const CSS = `
@page { size: A4 landscape; margin: 12mm; }
html, body { margin: 0; padding: 0; }
body { font-family: 'DejaVu Sans', 'Noto Sans', 'Noto Naskh Arabic', sans-serif; font-size: 9.5pt; color: #000; }
h1 { font-size: 14pt; margin: 0 0 2mm; }
p.summary { margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.3mm solid #555; padding: 1.5mm; vertical-align: top; text-align: start; white-space: pre-wrap; overflow-wrap: anywhere; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #e8e8e8; }
col.name { width: 11%; } col.status { width: 9%; }
td.missing { font-style: italic; color: #444; }
`;

function itemParts(text: ItemText): string {
  const anchors = text.anchors.filter(Boolean).join(' / ');
  return [text.instruction, text.stem, text.wording, text.responseLabel, anchors].filter((part) => part.trim()).join('\n');
}

interface ReviewRow {
  name: string;
  source: string;
  translation: string | null;
  backTranslation: string;
  status: 'draft' | 'checked' | null;
}

const STATUS_WORDS = { checked: 'checked', draft: 'draft (not checked)' } as const;

/** The review rows for a language: translatable items (the source-language ones need no review), then the fixed texts. */
export function reviewRows(db: Db, language: string, codes: string[]): ReviewRow[] {
  const view = readTranslations(db, language, codes);
  const items = view.items
    .filter((item) => !item.readOnly)
    .map((item) => ({
      name: item.code,
      source: itemParts(item.source),
      translation: item.translation ? itemParts(item.translation) : null,
      backTranslation: item.backTranslation,
      status: item.translation ? item.status : null,
    }));
  // English fixed texts are the source every language translates: nothing to review in English itself.
  if (language === 'en') return items;
  const texts = view.formTexts.map((text) => ({
    name: FORM_TEXT_LABELS[text.key],
    source: ENGLISH_FORM_TEXTS[text.key],
    translation: text.text,
    backTranslation: text.backTranslation,
    status: text.text ? text.status : null,
  }));
  return [...items, ...texts];
}

/** A self-contained document for the PdfPrinter; its CSP blocks every request, as the forms' does. */
export function renderReviewDocument(language: string, rows: ReviewRow[], studyName: string, printedOn: Date): string {
  const name = languageName(language);
  const dir = isRightToLeft(language) ? 'rtl' : 'ltr';
  const text = (value: string) => escapeHtml(value);
  const counts = {
    checked: rows.filter((row) => row.translation && row.status === 'checked').length,
    draft: rows.filter((row) => row.translation && row.status !== 'checked').length,
    missing: rows.filter((row) => !row.translation).length,
  };
  const body = rows
    .map((row) => {
      const translation = row.translation
        ? `<td lang="${text(language)}" dir="${dir}">${escapeWithUnderline(row.translation)}</td>`
        : `<td class="missing">(not translated)</td>`;
      const status = row.translation && row.status ? STATUS_WORDS[row.status] : 'missing';
      // The source and the translation as printed: underlined words underlined, never as tags.
      const cells = `<td>${escapeWithUnderline(row.source)}</td>${translation}<td>${text(row.backTranslation)}</td><td>${status}</td>`;
      return `<tr><th scope="row">${text(row.name)}</th>${cells}</tr>`;
    })
    .join('');
  return [
    '<!doctype html>',
    `<html lang="en" dir="ltr"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>Translation review: ${text(name)}</title><style>${CSS}</style></head><body>`,
    `<h1>Translation review: ${text(name)} (${text(language)})</h1>`,
    `<p class="summary">${text(studyName)} · printed ${printedOn.toISOString().slice(0, 10)} · ${rows.length} texts: ` +
      `${counts.checked} checked, ${counts.draft} not checked, ${counts.missing} not translated</p>`,
    '<table><colgroup><col class="name"><col><col><col><col class="status"></colgroup>',
    `<thead><tr><th scope="col">Text</th><th scope="col">Source</th><th scope="col">Translation (${text(name)})</th>`,
    '<th scope="col">Back-translation</th><th scope="col">Status</th></tr></thead>',
    `<tbody>${body}</tbody></table></body></html>`,
  ].join('');
}
