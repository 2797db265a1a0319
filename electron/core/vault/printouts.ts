import { formatId } from '../../shared/ids/format';
import { escapeHtml } from '../html';

/**
 * Print-ready HTML: the confidential list (ID and name, for writing IDs on paper forms), ID slips,
 * and the one-page recovery sheet. Each is a standalone document with its own print styles and no
 * script, to be shown for printing by the app (PDF through Chromium's printToPDF can come later).
 * Every value is HTML-escaped; the wording comes from the caller's labels (the renderer passes its
 * translations), with English defaults for the CLI.
 */

export const DEFAULT_PRINT_LABELS = {
  confidential: 'CONFIDENTIAL',
  listTitle: 'Confidential ID list',
  listWarning: 'Names and ID numbers. Keep this list locked away, never beside the questionnaires; shred it when the study ends.',
  slipsTitle: 'ID slips',
  study: 'Study',
  printedAt: 'Printed',
  id: 'ID',
  name: 'Name',
  group: 'Identity group',
  site: 'Site',
  cohort: 'Cohort',
  count: 'People',
  recoveryTitle: 'Vault recovery sheet',
  recoveryIntro:
    'This recovery key opens the vault and lets a new passphrase be set when the passphrase is forgotten. Anyone with this sheet and the vault file can read every name in it.',
  recoveryKeep: 'Keep this sheet locked away, apart from the computer. Do not photograph it or store it in the same place as the vault.',
  recoveryKey: 'Recovery key',
  vaultFile: 'Vault file',
  createdAt: 'Created',
};
export type PrintLabels = typeof DEFAULT_PRINT_LABELS;
export type PrintLabelOverrides = Partial<Record<keyof PrintLabels, string>>;


export function labelsWith(overrides: PrintLabelOverrides = {}): PrintLabels {
  const labels = { ...DEFAULT_PRINT_LABELS };
  for (const key of Object.keys(labels) as (keyof PrintLabels)[]) {
    const value = overrides[key];
    if (typeof value === 'string' && value.trim()) labels[key] = value;
  }
  return labels;
}

/** "1234 5678", the one display format of IDs (shared/ids): easier to copy by hand without losing one's place. */
export function spacedId(id: string): string {
  return formatId(id);
}

/**
 * Kept in sync with renderer/src/features/idkeeper/print.css, which styles the same class names
 * when the app shows a printout (its CSP forbids inline styles, so it cannot use this block).
 */
const STYLE = `
  @page { size: A4; margin: 16mm 14mm; }
  body { font-family: system-ui, sans-serif; font-size: 11pt; color: #000; margin: 0; }
  .mw-banner { position: fixed; top: 0; right: 0; font-weight: 700; letter-spacing: 0.2em; border: 2px solid #000; padding: 2px 8px; }
  .mw-doc h1 { font-size: 16pt; margin: 0 0 4pt; }
  .mw-meta, .mw-warning { margin: 0 0 8pt; }
  .mw-warning { font-weight: 600; }
  .mw-table { border-collapse: collapse; width: 100%; }
  .mw-table th, .mw-table td { border: 1px solid #555; padding: 4pt 6pt; text-align: left; }
  .mw-table thead { display: table-header-group; }
  .mw-table tr { break-inside: avoid; }
  .mw-id { font-family: ui-monospace, monospace; font-size: 12pt; white-space: nowrap; }
  .mw-slips { display: grid; grid-template-columns: repeat(3, 1fr); gap: 0; }
  .mw-slip { border: 1px dashed #555; padding: 8pt; break-inside: avoid; min-height: 28mm; }
  .mw-slip .mw-id { font-size: 20pt; font-weight: 700; display: block; margin: 4pt 0; }
  .mw-small { font-size: 8pt; letter-spacing: 0.1em; }
  @page calling { size: A4 landscape; }
  .mw-calling { page: calling; }
  .mw-blank { min-width: 16mm; }
  .mw-notes { min-width: 34mm; }
  .mw-key { font-family: ui-monospace, monospace; font-size: 20pt; font-weight: 700; letter-spacing: 0.05em; border: 2px solid #000; padding: 10pt; margin: 12pt 0; word-spacing: 0.4em; }
`;

export function documentOf(title: string, body: string, labels: PrintLabels): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(labels.confidential)} - ${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<div class="mw-doc"><div class="mw-banner">${escapeHtml(labels.confidential)}</div>`,
    body,
    '</div></body></html>',
  ].join('\n');
}

export interface ListEntry {
  id: string;
  name: string;
  identityGroup: string | null;
  site: string | null;
  cohort: string | null;
}

export function metaLine(parts: [string, string | null][]): string {
  return `<p class="mw-meta">${parts
    .filter(([, value]) => value)
    .map(([label, value]) => `${escapeHtml(label)}: ${escapeHtml(value!)}`)
    .join(' &middot; ')}</p>`;
}

/** The confidential list: one row per person, ID beside name, CONFIDENTIAL on every page. */
export function confidentialListHtml(study: string, entries: readonly ListEntry[], options: { labels?: PrintLabelOverrides; filter?: string | null; now?: Date } = {}): string {
  const labels = labelsWith(options.labels);
  const rows = entries
    .map(
      (entry) =>
        `<tr><td class="mw-id">${escapeHtml(spacedId(entry.id))}</td><td>${escapeHtml(entry.name)}</td><td>${escapeHtml(entry.identityGroup ?? '')}</td><td>${escapeHtml(entry.site ?? '')}</td><td>${escapeHtml(entry.cohort ?? '')}</td></tr>`,
    )
    .join('\n');
  const body = [
    `<h1>${escapeHtml(labels.listTitle)}</h1>`,
    metaLine([
      [labels.study, study],
      [labels.site, options.filter ?? null],
      [labels.printedAt, `${(options.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ')} UTC`],
      [labels.count, String(entries.length)],
    ]),
    `<p class="mw-warning">${escapeHtml(labels.listWarning)}</p>`,
    `<table class="mw-table"><thead><tr><th>${escapeHtml(labels.id)}</th><th>${escapeHtml(labels.name)}</th><th>${escapeHtml(labels.group)}</th><th>${escapeHtml(labels.site)}</th><th>${escapeHtml(labels.cohort)}</th></tr></thead>`,
    `<tbody>${rows}</tbody></table>`,
  ].join('\n');
  return documentOf(labels.listTitle, body, labels);
}

/** Cut-out slips, three across: the ID large, the name only when asked for (then marked confidential). */
export function idSlipsHtml(study: string, entries: readonly ListEntry[], options: { labels?: PrintLabelOverrides; includeNames: boolean }): string {
  const labels = labelsWith(options.labels);
  const slips = entries
    .map((entry) =>
      [
        '<div class="mw-slip">',
        options.includeNames ? `<div class="mw-small">${escapeHtml(labels.confidential)}</div>` : '',
        `<span class="mw-id">${escapeHtml(spacedId(entry.id))}</span>`,
        options.includeNames ? `<div>${escapeHtml(entry.name)}</div>` : '',
        `<div class="mw-small">${escapeHtml([entry.identityGroup, entry.site, entry.cohort].filter(Boolean).join(' · '))}</div>`,
        '</div>',
      ].join(''),
    )
    .join('\n');
  const body = [`<h1>${escapeHtml(labels.slipsTitle)}</h1>`, metaLine([[labels.study, study], [labels.count, String(entries.length)]]), `<div class="mw-slips">${slips}</div>`].join('\n');
  return documentOf(labels.slipsTitle, body, labels);
}

/** One page: the recovery key, what it is for, and how to keep it. */
export function recoverySheetHtml(recoveryKey: string, details: { vaultFile: string; study: string; createdAt: string; labels?: PrintLabelOverrides }): string {
  const labels = labelsWith(details.labels);
  const body = [
    `<h1>${escapeHtml(labels.recoveryTitle)}</h1>`,
    metaLine([
      [labels.study, details.study],
      [labels.vaultFile, details.vaultFile],
      [labels.createdAt, `${details.createdAt.slice(0, 16).replace('T', ' ')} UTC`],
    ]),
    `<p>${escapeHtml(labels.recoveryIntro)}</p>`,
    `<p class="mw-small">${escapeHtml(labels.recoveryKey)}</p>`,
    `<div class="mw-key" data-recovery-key>${escapeHtml(recoveryKey)}</div>`,
    `<p class="mw-warning">${escapeHtml(labels.recoveryKeep)}</p>`,
  ].join('\n');
  return documentOf(labels.recoveryTitle, body, labels);
}
