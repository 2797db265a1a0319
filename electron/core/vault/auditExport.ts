import strings from '../../../resources/locales/en/vault.json';
import type { Db } from '../db/open';
import { auditKeeper, auditSentence, type AuditWords } from '../../shared/audit/wording';
import { auditWhere, type AuditDetail, type AuditFilter } from './audit';
import { keeperNames } from './keepers';

/**
 * The audit log saved as a file, for an auditor or a supervisor: one row per entry in the words the
 * screen uses (shared/audit/wording.ts, from the English locale file: English is the only locale
 * shipped), the local date and time beside the exact UTC instant, and the acting ID-keeper. No
 * participant's name can be in it: entries hold none (audit.ts refuses them).
 */

type Tree = { [key: string]: string | Tree };
const plural = new Intl.PluralRules('en');

function lookup(key: string): string | undefined {
  let node: string | Tree | undefined = { vault: strings as unknown as Tree };
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** The English words, i18next's way: `count` picks `_one`/`_other`, {{name}} takes the value. */
export function englishWords(waves: ReadonlyMap<number, string>): AuditWords {
  const template = (key: string, count: unknown) =>
    (typeof count === 'number' ? lookup(`${key}_${plural.select(count)}`) : undefined) ?? lookup(key);
  return {
    t: (key, params = {}) =>
      (template(key, params.count) ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? '')),
    has: (key) => lookup(key) !== undefined,
    waveLabel: (position) => waves.get(position) ?? null,
  };
}

export function waveLabels(study: Db): Map<number, string> {
  const rows = study.prepare('SELECT position, label FROM wave ORDER BY position').all() as { position: number; label: string }[];
  return new Map(rows.map((row) => [row.position, row.label]));
}

const pad = (value: number) => String(value).padStart(2, '0');
/** The computer's local date and time, sortable and unambiguous in any spreadsheet. */
function localTime(iso: string): string {
  const at = new Date(iso);
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `${day} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** A CSV field; one starting like a formula is prefixed with ' so that a spreadsheet shows it rather than runs it. */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const COLUMNS = ['seq', 'localTime', 'utcTime', 'kind', 'what', 'keeper', 'through'];

/** The log (oldest first, as it was written) as UTF-8 CSV with a byte-order mark, so Excel reads accents right. */
export function auditCsv(vault: Db, study: Db, filter: AuditFilter): { bytes: Buffer; count: number } {
  const where = auditWhere(filter);
  const rows = vault.prepare(`SELECT seq, at, action, detail FROM audit WHERE ${where.sql} ORDER BY seq`).all(...where.values) as {
    seq: number;
    at: string;
    action: string;
    detail: string;
  }[];
  const words = englishWords(waveLabels(study));
  const names = keeperNames(vault);
  const lines = [COLUMNS.map((column) => csvField(words.t(`vault.audit.columns.${column}`))).join(',')];
  for (const row of rows) {
    const entry = { action: row.action, detail: JSON.parse(row.detail) as AuditDetail };
    const kind = words.has(`vault.auditActions.${row.action}`) ? words.t(`vault.auditActions.${row.action}`) : row.action;
    const client = typeof entry.detail.client === 'string' ? words.t(`vault.clients.${entry.detail.client}`) : '';
    const keeper = auditKeeper(entry, names) ?? words.t('vault.audit.keeperUnknown');
    const cells = [row.seq, localTime(row.at), row.at, kind, auditSentence(entry, words), keeper, client];
    lines.push(cells.map(csvField).join(','));
  }
  return { bytes: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), count: rows.length };
}
