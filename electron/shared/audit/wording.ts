import { formatId } from '../ids/format';

/**
 * The vault's audit log in words (issue 25, point 5). An entry is stored as its kind and a few
 * numbers, IDs and fixed words (core/vault/audit.ts); its sentence is made here, when it is read,
 * from the locale's `vault.auditSay.<kind>` texts, so entries written by older versions read as
 * well as new ones and the log follows the reader's language. Shared by the screen (i18next's t)
 * and the core's export (the English locale file, core/vault/auditExport.ts).
 *
 * A kind may have variants, chosen by the entry's `what`, `where`, `mode` or `via`:
 * `vault.auditSay.printed.follow_up_list` before `vault.auditSay.printed.default`. A kind with no
 * text (one added later without its wording) still reads: its label, then its details.
 */
export interface AuditWords {
  /** i18next-style: `count` picks the plural form, {{name}} takes the value. */
  t(key: string, params?: Record<string, string | number>): string;
  has(key: string): boolean;
  /** The study's label for the wave at this position ("Right after the programme"), if known. */
  waveLabel(position: number): string | null;
}

export interface AuditEntryLike {
  action: string;
  detail: Record<string, unknown>;
}

const VARIANT_KEYS = ['what', 'where', 'mode', 'via'] as const;
/** Details that say who and how, shown in columns of their own, never inside the sentence. */
const NOT_IN_SENTENCE = new Set(['client', 'keeper', 'pre_restore']);
const ID_LIST_SHOWN = 5;

const humanWord = (word: string) => word.replace(/_/g, ' ');

function wordFor(words: AuditWords, value: string): string {
  const key = `vault.auditValues.${value}`;
  return words.has(key) ? words.t(key) : humanWord(value);
}

function idList(words: AuditWords, ids: unknown, count: number): string {
  const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  const shown = list.slice(0, ID_LIST_SHOWN).map(formatId).join(', ');
  const more = Math.max(count, list.length) - Math.min(list.length, ID_LIST_SHOWN);
  return more > 0 ? words.t('vault.auditSay.andMore', { ids: shown, count: more }) : shown;
}

/** The values a sentence can use, each already in words. */
function params(entry: AuditEntryLike, words: AuditWords): Record<string, string | number> {
  const detail = entry.detail;
  const out: Record<string, string | number> = {};
  const count = [detail.count, detail.respondents].find((value): value is number => typeof value === 'number');
  if (count !== undefined) out.count = count;
  for (const key of ['id', 'participantId'] as const) {
    if (typeof detail[key] === 'string') out.id = formatId(detail[key]);
  }
  if (detail.ids !== undefined) out.ids = idList(words, detail.ids, count ?? 0);
  if (typeof detail.wave_position === 'number') {
    out.wave = words.waveLabel(detail.wave_position) ?? words.t('vault.auditSay.waveAt', { position: detail.wave_position });
  }
  for (const key of ['reason', 'channel', 'outcome', 'problem', 'format'] as const) {
    if (typeof detail[key] === 'string') out[key] = wordFor(words, detail[key]);
  }
  if (Array.isArray(detail.fields)) out.fields = detail.fields.map((field) => wordFor(words, String(field))).join(', ');
  if (typeof detail.idle_lock_seconds === 'number') out.minutes = Math.round((detail.idle_lock_seconds / 60) * 10) / 10;
  for (const [key, name] of [
    ['backup_keep', 'kept'],
    ['backups_rekeyed', 'backups'],
    ['run', 'run'],
    ['export_run', 'run'],
    ['at_seq', 'seq'],
    ['erasures_reapplied', 'erasures'],
    ['withdrawals_kept', 'withdrawals'],
  ] as const) {
    if (typeof detail[key] === 'number') out[name] = detail[key];
  }
  return out;
}

/** The label and every detail, for a kind without a sentence of its own. */
function fallback(entry: AuditEntryLike, words: AuditWords): string {
  const label = words.has(`vault.auditActions.${entry.action}`) ? words.t(`vault.auditActions.${entry.action}`) : humanWord(entry.action);
  const details = Object.entries(entry.detail)
    .filter(([key]) => !NOT_IN_SENTENCE.has(key))
    .map(([key, value]) => {
      const name = words.has(`vault.auditKeys.${key}`) ? words.t(`vault.auditKeys.${key}`) : humanWord(key);
      const text = Array.isArray(value)
        ? value.join(', ')
        : typeof value === 'boolean'
          ? words.t(value ? 'vault.yes' : 'vault.no')
          : typeof value === 'string' && /^[a-z_]+$/.test(value)
            ? wordFor(words, value)
            : String(value);
      return `${name}: ${text}`;
    });
  return details.length > 0 ? `${label}: ${details.join(' · ')}` : label;
}

export function auditSentence(entry: AuditEntryLike, words: AuditWords): string {
  const base = `vault.auditSay.${entry.action}`;
  const variants = VARIANT_KEYS.map((key) => entry.detail[key]).filter((value): value is string => typeof value === 'string');
  const values = params(entry, words);
  // An automatic backup and a copy before a restore are worded apart from one made on demand.
  if (entry.action === 'backup_made') {
    variants.unshift(entry.detail.pre_restore === true ? 'pre_restore' : entry.detail.automatic ? 'automatic' : 'manual');
  }
  // Entries from before backups were re-keyed with the vault have no such count: they read without it.
  if (typeof entry.detail.backups_rekeyed === 'number') variants.push('rekeyed');
  for (const key of [...variants.map((variant) => `${base}.${variant}`), `${base}.default`]) {
    // A sentence that needs a count the entry lacks falls through to the next variant or the label.
    if (words.has(key) || (values.count !== undefined && words.has(`${key}_other`))) return words.t(key, values);
  }
  return fallback(entry, words);
}

/** The acting ID-keeper's name, or null when nobody was named (entries from before, or the command line). */
export function auditKeeper(entry: AuditEntryLike, names: ReadonlyMap<number, string>): string | null {
  return typeof entry.detail.keeper === 'number' ? (names.get(entry.detail.keeper) ?? null) : null;
}
