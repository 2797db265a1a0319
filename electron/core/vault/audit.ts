import type { Db } from '../db/open';

/**
 * The vault's audit log: what was done with the confidential list and when. It lives inside the
 * vault (only the ID-keeper can read it) and is append-only: triggers in the schema abort any
 * UPDATE or DELETE. It never holds a name: details are counts, participant IDs and fixed words,
 * and appendAudit() refuses any other string, so a careless caller cannot slip a name in.
 */

export const auditActions = [
  'created',
  'unlocked',
  'recovered',
  'passphrase_changed',
  'recovery_key_replaced',
  'names_viewed',
  'printed',
  'exported',
  'enrolled',
  'imported',
  'updated',
  'assigned',
  'withdrawn',
  'identity_erased',
  'erased',
  'backup_made',
  'restored',
  'settings_changed',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Where names were shown, for 'names_viewed'. */
export type ViewPlace = 'list' | 'detail' | 'import_preview' | 'duplicate_warning';

export type AuditValue = number | boolean | string | string[];
export type AuditDetail = Record<string, AuditValue>;

export interface AuditEntry {
  seq: number;
  at: string;
  action: AuditAction;
  detail: AuditDetail;
}

/** A fixed word ('list', 'app'), a participant ID, or an ISO timestamp: nothing else passes. */
const SAFE_STRING = /^(?:[a-z][a-z_]{0,39}|\d{4,12}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)$/;
const MAX_IDS = 50;

function assertSafe(detail: AuditDetail): void {
  for (const [key, value] of Object.entries(detail)) {
    const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const text of strings) {
      if (!SAFE_STRING.test(text)) throw new Error(`Audit detail "${key}" must be a fixed word, an ID or a timestamp`);
    }
  }
}

export function appendAudit(db: Db, action: AuditAction, detail: AuditDetail = {}, at = new Date()): void {
  assertSafe(detail);
  // Long ID lists are cut: the count says how many, the log stays readable.
  const bounded = Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [key, Array.isArray(value) && value.length > MAX_IDS ? value.slice(0, MAX_IDS) : value]),
  );
  db.prepare('INSERT INTO audit (at, action, detail) VALUES (?, ?, ?)').run(at.toISOString(), action, JSON.stringify(bounded));
}

/** Newest first, a page at a time (`before` is the seq of the oldest entry already shown). */
export function listAudit(db: Db, options: { limit?: number; before?: number } = {}): { entries: AuditEntry[]; total: number } {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const rows = db
    .prepare('SELECT seq, at, action, detail FROM audit WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(options.before ?? Number.MAX_SAFE_INTEGER, limit) as { seq: number; at: string; action: AuditAction; detail: string }[];
  const total = db.prepare('SELECT count(*) FROM audit').pluck().get() as number;
  return { entries: rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as AuditDetail })), total };
}
