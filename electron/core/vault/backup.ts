import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { BackupInfo, VaultCounts } from '../../api/contracts/vault';
import type { Db, OpenOptions } from '../db/open';
import { MixwiseError } from '../errors';
import { appendAudit, auditHead, forgetAuditKey, useAuditKey } from './audit';
import { fsyncFile, fsyncFolder } from '../files';
import { backupFolder, listBackups, PRE_RESTORE, stampOf } from './backupFiles';
import { eraseIdentityInVault, erasePersonInVault, scrub } from './erase';
import { allCalls, carryCalls, type CarriedCall } from './calls';
import { readKeyFile, withOnlyGeneration, writeKeyFileAtomic } from './keys';
import { keysPathFor, VAULT_EXTENSION } from './kind';
import { readSetting, writeSetting } from './settings';
import { openWithDataKey, type Client, type OpenVault } from './vaultFile';

export { backupFolder, listBackups } from './backupFiles';

/**
 * Backups of the vault: on demand and automatically once a day, the last N kept. A backup is made
 * with VACUUM INTO, which SQLite3 Multiple Ciphers writes with the vault's own cipher and key, so
 * the copy is encrypted page by page like the vault (never a plaintext copy); each backup is then
 * opened with the key to prove it, and the key file is copied beside it so the backup can be
 * opened on its own with the passphrase (or the recovery key) valid when it was made. A change of
 * secrets re-keys every backup here to the new data key (rotation.ts).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const SQLITE_PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Opens a copy with the vault's key and checks it whole; throws if it is not a sound encrypted vault. */
function verifyCopy(path: string, open: OpenVault, options: OpenOptions): VaultCounts {
  const head = readFileSync(path).subarray(0, 16);
  if (head.equals(SQLITE_PLAINTEXT_HEADER)) throw new Error('A vault backup came out unencrypted');
  const copy = openWithDataKey(path, open.dataKey, open.vaultUuid, options);
  try {
    if (copy.db.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('A vault backup failed its integrity check');
    return vaultCounts(copy.db);
  } finally {
    copy.db.close();
  }
}

export function vaultCounts(db: Db): VaultCounts {
  const people = db
    .prepare(
      `SELECT count(*) AS people, coalesce(sum(status = 'active'), 0) AS active, coalesce(sum(status = 'withdrawn'), 0) AS withdrawn,
              coalesce(sum(status = 'identity_erased'), 0) AS identityErased FROM person`,
    )
    .get() as Pick<VaultCounts, 'people' | 'active' | 'withdrawn' | 'identityErased'>;
  return {
    ...people,
    issuedIds: db.prepare('SELECT count(*) FROM issued_id').pluck().get() as number,
    auditEntries: db.prepare('SELECT count(*) FROM audit').pluck().get() as number,
    lastActivity: (db.prepare('SELECT max(at) FROM audit').pluck().get() as string | null) ?? null,
  };
}

/**
 * Makes one backup and removes the oldest regular ones beyond `keep`. A `preRestore` copy (made
 * just before a restore) has a name of its own and is never removed by that rotation: a day of
 * automatic backups after a mistaken restore must not take away the state it replaced.
 */
export function backupNow(
  open: OpenVault,
  options: { automatic: boolean; client: Client; keep?: number; now?: Date; openOptions?: OpenOptions; preRestore?: boolean },
): BackupInfo {
  const now = options.now ?? new Date();
  const folder = backupFolder(open.path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const stem = basename(open.path, extname(open.path));
  let name = `${stem}-${options.preRestore ? `${PRE_RESTORE}-` : ''}${stampOf(now)}${VAULT_EXTENSION}`;
  for (let n = 2; existsSync(join(folder, name)); n++) name = name.replace(/(-\d+)?\.mixvault$/, `-${n}.mixvault`);
  const target = join(folder, name);
  const partial = join(folder, `.partial-${name}`);
  rmSync(partial, { force: true });
  try {
    open.db.exec(`VACUUM INTO '${partial.replaceAll("'", "''")}'`);
    verifyCopy(partial, open, options.openOptions ?? {});
    fsyncFile(partial);
    // The live generation only (never the retired keys), with the audit log's head as it is now.
    const head = auditHead(open.db) ?? undefined;
    writeKeyFileAtomic(keysPathFor(target), {
      ...withOnlyGeneration(readKeyFile(keysPathFor(open.path)), open.generationId, { retired: [] }),
      auditHead: head,
    });
    renameSync(partial, target);
    fsyncFolder(folder);
  } catch (error) {
    for (const leftover of [partial, `${partial}-wal`, `${partial}-shm`, keysPathFor(target)]) rmSync(leftover, { force: true });
    throw error;
  }
  writeSetting(open.db, 'last_backup_at', now.toISOString());
  appendAudit(open.db, 'backup_made', {
    automatic: options.automatic,
    at: now.toISOString(),
    client: options.client,
    pre_restore: options.preRestore ?? false,
  });
  const keep = options.keep ?? Number(readSetting(open.db, 'backup_keep') ?? 7);
  const regular = listBackups(open.path).filter((backup) => backup.kind === 'regular');
  for (const old of regular.slice(keep)) removeBackup(open.path, old.file);
  return { file: name, at: now.toISOString(), size: statSync(target).size, kind: options.preRestore ? 'preRestore' : 'regular' };
}

function removeBackup(vaultPath: string, file: string): void {
  const path = join(backupFolder(vaultPath), file);
  for (const candidate of [path, `${path}-wal`, `${path}-shm`, keysPathFor(path)]) rmSync(candidate, { force: true });
}

/** The automatic daily backup: made when the last one is a day old (or there is none). */
export function backupIfDue(open: OpenVault, client: Client, now = new Date(), openOptions?: OpenOptions): BackupInfo | null {
  const last = readSetting(open.db, 'last_backup_at');
  if (last && now.getTime() - Date.parse(last) < DAY_MS) return null;
  return backupNow(open, { automatic: true, client, now, openOptions });
}

function backupPath(vaultPath: string, file: string): string {
  const path = join(backupFolder(vaultPath), basename(file));
  if (!file.endsWith(VAULT_EXTENSION) || !existsSync(path)) {
    throw new MixwiseError('NOT_FOUND', 'This backup does not exist.', { key: 'backupNotFound' });
  }
  return path;
}

/** Runs work on each backup opened with the vault's key (used to carry erasures into them). */
export function forEachBackup(open: OpenVault, work: (db: Db) => void, openOptions: OpenOptions = {}): void {
  for (const backup of listBackups(open.path)) {
    const copy = openWithDataKey(join(backupFolder(open.path), backup.file), open.dataKey, open.vaultUuid, openOptions);
    // A backup's log is chained with the same audit key as the vault's (it never changes, keys.ts).
    useAuditKey(copy.db, Buffer.from(open.auditKey));
    try {
      work(copy.db);
    } finally {
      forgetAuditKey(copy.db);
      copy.db.close();
    }
  }
}

/** What restoring a backup would bring back, and how many people enrolled since would lose their name. */
export function previewBackup(
  open: OpenVault,
  file: string,
  openOptions: OpenOptions = {},
): { backup: VaultCounts; current: VaultCounts; lostEnrolments: number } {
  const copy = openWithDataKey(backupPath(open.path, file), open.dataKey, open.vaultUuid, openOptions);
  try {
    const inBackup = new Set(copy.db.prepare('SELECT participant_id FROM person').pluck().all() as string[]);
    const current = open.db.prepare('SELECT participant_id FROM person').pluck().all() as string[];
    return {
      backup: vaultCounts(copy.db),
      current: vaultCounts(open.db),
      lostEnrolments: current.filter((id) => !inBackup.has(id)).length,
    };
  } finally {
    copy.db.close();
  }
}

interface Carried {
  issued: { id: string; legacy: number; issued_at: string }[];
  withdrawn: { id: string; at: string; reason: string | null }[];
  identityErased: string[];
  present: Set<string>;
  audit: { seq: number; at: string; action: string; detail: string; mac: string | null }[];
  exportRuns: Record<string, unknown>[];
  pseudonyms: { run_id: number; participant_id: string; pseudonym: string }[];
  calls: CarriedCall[];
}

function carriedFrom(db: Db): Carried {
  return {
    issued: db.prepare('SELECT id, legacy, issued_at FROM issued_id').all() as Carried['issued'],
    withdrawn: db
      .prepare('SELECT participant_id AS id, withdrawn_at AS at, withdrawal_reason AS reason FROM person WHERE withdrawn_at IS NOT NULL')
      .all() as Carried['withdrawn'],
    identityErased: db.prepare("SELECT participant_id FROM person WHERE status = 'identity_erased'").pluck().all() as string[],
    present: new Set(db.prepare('SELECT participant_id FROM person').pluck().all() as string[]),
    audit: db.prepare('SELECT seq, at, action, detail, mac FROM audit ORDER BY seq').all() as Carried['audit'],
    exportRuns: db.prepare('SELECT * FROM export_run ORDER BY id').all() as Record<string, unknown>[],
    pseudonyms: db.prepare('SELECT run_id, participant_id, pseudonym FROM export_pseudonym').all() as Carried['pseudonyms'],
    calls: allCalls(db),
  };
}

/**
 * The records that only ever grow are carried into the restored vault whole: the audit entries
 * and the export records made since the backup. They are copied as they are, MACs included, so the
 * restored log is the live log (a backup's log is a prefix of it) and its chain still verifies.
 */
function carryRecords(db: Db, carried: Carried): void {
  const lastSeq = (db.prepare('SELECT coalesce(max(seq), 0) FROM audit').pluck().get() as number) ?? 0;
  const insertAudit = db.prepare('INSERT INTO audit (seq, at, action, detail, mac) VALUES (?, ?, ?, ?, ?)');
  for (const row of carried.audit) if (row.seq > lastSeq) insertAudit.run(row.seq, row.at, row.action, row.detail, row.mac);
  const runIds = new Set(db.prepare('SELECT id FROM export_run').pluck().all() as number[]);
  for (const run of carried.exportRuns) {
    if (runIds.has(run.id as number)) continue;
    const columns = Object.keys(run);
    db.prepare(`INSERT INTO export_run (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
      ...columns.map((column) => run[column]),
    );
    const insertPseudonym = db.prepare('INSERT INTO export_pseudonym (run_id, participant_id, pseudonym) VALUES (?, ?, ?)');
    for (const row of carried.pseudonyms) if (row.run_id === run.id) insertPseudonym.run(row.run_id, row.participant_id, row.pseudonym);
  }
}

/**
 * Restores a backup over the vault. A backup is older than the vault, so what happened since that
 * must never be undone is carried over: every ID issued since (never to be reused), every
 * withdrawal and every erasure, the audit log, the record of exports and the calls logged. A safety copy of the
 * current state is made first, kept out of the rotation of regular backups.
 */
export function restoreBackup(open: OpenVault, file: string, client: Client, openOptions: OpenOptions = {}): OpenVault {
  const source = backupPath(open.path, file);
  // The backup must open with the live key before anything changes (a backup left under a retired
  // key by a crash is re-keyed at the next unlock, rotation.ts).
  openWithDataKey(source, open.dataKey, open.vaultUuid, openOptions).db.close();
  const carried = carriedFrom(open.db);
  backupNow(open, { automatic: true, client, preRestore: true, openOptions });
  const { path, dataKey, vaultUuid, auditKey } = open;
  forgetAuditKey(open.db);
  open.db.close();
  const incoming = `${path}.restoring`;
  copyFileSync(source, incoming);
  fsyncFile(incoming);
  for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
  renameSync(incoming, path);
  fsyncFolder(dirname(path));
  const connection = openWithDataKey(path, dataKey, vaultUuid, openOptions);
  const db = connection.db;
  useAuditKey(db, Buffer.from(auditKey));
  let erased = 0;
  db.transaction(() => {
    carryRecords(db, carried);
    const issue = db.prepare('INSERT OR IGNORE INTO issued_id (id, legacy, issued_at) VALUES (?, ?, ?)');
    for (const row of carried.issued) issue.run(row.id, row.legacy, row.issued_at);
    // Calls made since the backup (calls.ts), before erasures are applied again: those take their calls.
    carryCalls(db, carried.calls);
    const withdraw = db.prepare(
      "UPDATE person SET status = 'withdrawn', withdrawn_at = ?, withdrawal_reason = ? WHERE participant_id = ? AND status = 'active'",
    );
    for (const row of carried.withdrawn) withdraw.run(row.at, row.reason, row.id);
    for (const id of carried.identityErased) if (eraseIdentityInVault(db, id)) erased++;
    // People in the backup whose record was deleted since (erased with their answers) stay deleted.
    for (const id of db.prepare('SELECT participant_id FROM person').pluck().all() as string[]) {
      if (!carried.present.has(id) && erasePersonInVault(db, id)) erased++;
    }
    appendAudit(db, 'restored', { client, erasures_reapplied: erased, withdrawals_kept: carried.withdrawn.length });
  })();
  if (erased > 0) scrub(db);
  return { ...open, db };
}
