import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open';
import { actingKeeperId } from './keepers';

/**
 * The vault's audit log: what was done with the confidential list and when. It lives inside the
 * vault (only the ID-keeper can read it) and is append-only: triggers in the schema abort any
 * UPDATE or DELETE. It never holds a name: details are counts, participant IDs and fixed words,
 * and appendAudit() refuses any other string, so a careless caller cannot slip a name in.
 *
 * Triggers stop the app, not a person with the passphrase and a SQLite shell, who can drop them.
 * So the log is also a chain: each entry's `mac` is an HMAC-SHA256, under the vault's audit key
 * (random, kept in the key file wrapped under the data key), over the previous entry's MAC and the
 * entry itself. An entry changed, removed or inserted in the middle breaks the chain at that point;
 * entries cut off the end are caught by the head (last seq and MAC) recorded in the key file when
 * the vault is closed. verifyAuditChain() runs whenever the vault opens and whenever the log is
 * shown, and says where it breaks. Limit, on purpose: whoever holds the passphrase can unwrap the
 * audit key too, so a chain rebuilt with Mixwise's own code would verify. The chain makes tampering
 * visible to anyone using stock tools, which is the realistic threat; it is not a notary.
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
  'audit_chain_broken',
  'call_logged',
  'keeper_changed',
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

/** The audit key of each open vault connection; set when the vault is opened, wiped when it is closed. */
const auditKeys = new WeakMap<Db, Buffer>();

export function useAuditKey(db: Db, key: Buffer): void {
  auditKeys.set(db, key);
}

export function forgetAuditKey(db: Db): void {
  auditKeys.get(db)?.fill(0);
  auditKeys.delete(db);
}

function macOf(key: Buffer, previous: string, entry: { seq: number; at: string; action: string; detail: string }): string {
  // Fields joined with a separator none of them can contain unescaped (the detail is JSON).
  return createHmac('sha256', key).update(`${previous}\n${entry.seq}\n${entry.at}\n${entry.action}\n${entry.detail}`).digest('hex');
}

function lastEntry(db: Db): { seq: number; mac: string | null } | undefined {
  return db.prepare('SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; mac: string | null } | undefined;
}

export function appendAudit(db: Db, action: AuditAction, detail: AuditDetail = {}, at = new Date()): void {
  assertSafe(detail);
  const key = auditKeys.get(db);
  // Never an unchained entry: it would read as a break, or be a place to slip entries in.
  if (!key) throw new Error('The vault was opened without its audit key');
  // Long ID lists are cut: the count says how many, the log stays readable.
  const bounded = Object.fromEntries(
    Object.entries(detail).map(([name, value]) => [name, Array.isArray(value) && value.length > MAX_IDS ? value.slice(0, MAX_IDS) : value]),
  );
  db.transaction(() => {
    // Who acted (keepers.ts): their number, never their name, so the chain keeps holding no free text.
    const keeper = 'keeper' in bounded ? null : actingKeeperId(db);
    if (keeper !== null) bounded.keeper = keeper;
    const previous = lastEntry(db);
    const entry = { seq: (previous?.seq ?? 0) + 1, at: at.toISOString(), action, detail: JSON.stringify(bounded) };
    // The seq is given, not left to AUTOINCREMENT: a gap left by a deleted last entry must stay visible.
    db.prepare('INSERT INTO audit (seq, at, action, detail, mac) VALUES (?, ?, ?, ?, ?)').run(
      entry.seq,
      entry.at,
      entry.action,
      entry.detail,
      macOf(key, previous?.mac ?? '', entry),
    );
  })();
}

/** Where and how the chain breaks, if it does. */
export interface AuditIntegrity {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** The first entry that does not verify (or the last one the key file knows of, when entries are missing). */
  brokenAt: number | null;
  problem: 'changed' | 'missing' | 'unsealed' | 'truncated' | null;
}

/**
 * Seals entries written before the chain existed (migration 0030), in order, once: only when no
 * entry carries a MAC yet, so that an unsealed entry slipped in later is reported, not sealed.
 */
export function sealLegacyEntries(db: Db, key: Buffer): number {
  if (db.prepare('SELECT 1 FROM audit WHERE mac IS NOT NULL LIMIT 1').get()) return 0;
  const rows = db.prepare('SELECT seq, at, action, detail FROM audit ORDER BY seq').all() as AuditRow[];
  db.transaction(() => {
    const seal = db.prepare('UPDATE audit SET mac = ? WHERE seq = ? AND mac IS NULL');
    let previous = '';
    for (const row of rows) {
      previous = macOf(key, previous, row);
      seal.run(previous, row.seq);
    }
  })();
  return rows.length;
}

interface AuditRow {
  seq: number;
  at: string;
  action: string;
  detail: string;
  mac?: string | null;
}

function sameMac(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Checks every entry against the chain, and the end of the log against the head the key file recorded. */
export function verifyAuditChain(db: Db, key: Buffer, head?: { seq: number; mac: string }): AuditIntegrity {
  let previous = '';
  let expectedSeq = 1;
  let count = 0;
  const broken = (brokenAt: number, problem: AuditIntegrity['problem']): AuditIntegrity => ({
    ok: false,
    entries: count,
    brokenAt,
    problem,
  });
  for (const row of db.prepare('SELECT seq, at, action, detail, mac FROM audit ORDER BY seq').iterate() as Iterable<AuditRow>) {
    count++;
    if (row.seq !== expectedSeq) return broken(expectedSeq, 'missing');
    if (!row.mac) return broken(row.seq, 'unsealed');
    if (!sameMac(row.mac, macOf(key, previous, row))) return broken(row.seq, 'changed');
    if (head && row.seq === head.seq && !sameMac(row.mac, head.mac)) return broken(row.seq, 'changed');
    previous = row.mac;
    expectedSeq++;
  }
  // The key file's head may lag the log (a crash before the vault was closed), never lead it.
  if (head && head.seq > expectedSeq - 1) return broken(expectedSeq, 'truncated');
  return { ok: true, entries: count, brokenAt: null, problem: null };
}

/** The last entry, for the key file's record of the head. */
export function auditHead(db: Db): { seq: number; mac: string } | null {
  const last = lastEntry(db);
  return last?.mac ? { seq: last.seq, mac: last.mac } : null;
}

/**
 * Notes a break found at opening in the log itself. Needed for entries cut off the end: the chain
 * of what is left verifies, and once the key file records the new head nothing else would show it.
 */
export function noteBrokenChain(db: Db, integrity: AuditIntegrity): void {
  if (integrity.ok) return;
  const detail = { at_seq: integrity.brokenAt ?? 0, problem: integrity.problem ?? 'changed' };
  // A break in the middle stays in the data; it is noted once, not again at every opening.
  const noted = db.prepare("SELECT detail FROM audit WHERE action = 'audit_chain_broken' ORDER BY seq DESC LIMIT 1").pluck().get() as
    string | undefined;
  if (noted === JSON.stringify(detail)) return;
  appendAudit(db, 'audit_chain_broken', detail);
}

/** Which entries to read: some kinds only, and from/until instants (ISO; `until` excluded). */
export interface AuditFilter {
  actions?: string[];
  since?: string;
  until?: string;
}

/** The SQL condition and its values for a filter; the seq bound pages through the result. */
export function auditWhere(filter: AuditFilter): { sql: string; values: (string | number)[] } {
  const parts: string[] = [];
  const values: (string | number)[] = [];
  if (filter.actions && filter.actions.length > 0) {
    parts.push(`action IN (${filter.actions.map(() => '?').join(', ')})`);
    values.push(...filter.actions);
  }
  // Compared as instants, not as text: the stored form is always toISOString()'s, so normalise the bounds to it.
  if (filter.since) {
    parts.push('at >= ?');
    values.push(new Date(filter.since).toISOString());
  }
  if (filter.until) {
    parts.push('at < ?');
    values.push(new Date(filter.until).toISOString());
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', values };
}

/** Newest first, a page at a time (`before` is the seq of the oldest entry already shown). */
export function listAudit(
  db: Db,
  options: { limit?: number; before?: number } & AuditFilter = {},
): { entries: AuditEntry[]; total: number; matching: number } {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  const where = auditWhere(options);
  const rows = db
    .prepare(`SELECT seq, at, action, detail FROM audit WHERE seq < ? AND ${where.sql} ORDER BY seq DESC LIMIT ?`)
    .all(options.before ?? Number.MAX_SAFE_INTEGER, ...where.values, limit) as AuditRow[];
  const total = db.prepare('SELECT count(*) FROM audit').pluck().get() as number;
  const matching = db.prepare(`SELECT count(*) FROM audit WHERE ${where.sql}`).pluck().get(...where.values) as number;
  const entries = rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    action: row.action as AuditAction,
    detail: JSON.parse(row.detail) as AuditDetail,
  }));
  return { entries, total, matching };
}
