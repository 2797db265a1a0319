import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { appendAudit } from './audit';
import { deleteCallsOf } from './calls';
import type { Client } from './vaultFile';

/**
 * Withdrawal and the two kinds of erasure. Every one is confirmed by retyping the ID (checked
 * here as well as in the UI) and audited. After an erasure the vault is vacuumed and its WAL
 * truncated: with secure_delete on, SQLite overwrites deleted cells, VACUUM rewrites every page so
 * no free page keeps an old copy, and the truncated WAL no longer holds the frames that had it.
 */

export type WithdrawalReason = 'not_interested' | 'moved' | 'no_time' | 'other' | 'not_given';

export function assertConfirmed(id: string, confirmId: string): void {
  if (id !== confirmId) {
    throw new MixwiseError('INVALID_INPUT', 'Type the participant\'s ID to confirm.', { field: 'confirmId', key: 'confirmMismatch' });
  }
}

function personStatus(vault: Db, id: string): string | undefined {
  return vault.prepare('SELECT status FROM person WHERE participant_id = ?').pluck().get(id) as string | undefined;
}

function assertKnown(study: Db, vault: Db, id: string): void {
  const onRoster = study.prepare('SELECT 1 FROM participant WHERE id = ?').get(id);
  if (!onRoster && personStatus(vault, id) === undefined) {
    throw new MixwiseError('NOT_FOUND', `Nobody with the ID ${id} is in the study.`, { key: 'personNotFound', params: { id } });
  }
}

/** Rewrites the vault without free pages and empties its WAL, so deleted values leave the file's bytes. */
export function scrub(db: Db): void {
  db.exec('VACUUM');
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (result && result.busy !== 0) throw new Error('The WAL could not be truncated after an erasure');
}

function hasTable(db: Db, table: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table));
}

/**
 * Deletes a participant's answers wherever the study keeps them: the responses (answers cascade)
 * and, where the study has data entry's tables, the keyed rows, their second-pass cells, the
 * resolutions and the change log's before/after values for those rows. Tables are looked up
 * rather than assumed so that an older study file (without data entry) erases just as well.
 */
function deleteAnswers(study: Db, id: string): void {
  if (hasTable(study, 'entry_row')) {
    if (hasTable(study, 'entry_log')) {
      study.prepare('DELETE FROM entry_log WHERE row_id IN (SELECT id FROM entry_row WHERE participant_id = ?)').run(id);
    }
    if (hasTable(study, 'entry_resolution')) study.prepare('DELETE FROM entry_resolution WHERE participant_id = ?').run(id);
    study.prepare('DELETE FROM entry_row WHERE participant_id = ?').run(id);
  }
  study.prepare('DELETE FROM response WHERE participant_id = ?').run(id);
}

/** No more follow-ups; answers stay. The study's roster says "withdrawn" too, so tracking stops asking. */
export function withdraw(study: Db, vault: Db, id: string, reason: WithdrawalReason, client: Client): void {
  assertKnown(study, vault, id);
  const at = new Date().toISOString();
  vault.transaction(() => {
    vault
      .prepare("UPDATE person SET status = 'withdrawn', withdrawn_at = ?, withdrawal_reason = ?, updated_at = ? WHERE participant_id = ? AND status = 'active'")
      .run(at, reason, at, id);
    study.prepare("UPDATE participant SET status = 'withdrawn' WHERE id = ? AND status = 'active'").run(id);
    appendAudit(vault, 'withdrawn', { id, reason, client });
  })();
}

/** The vault-side part of an identity erasure, also applied to backups (see backup.ts). */
export function eraseIdentityInVault(vault: Db, id: string, at = new Date().toISOString()): boolean {
  // What was noted on calls is about the person: it goes with their name.
  deleteCallsOf(vault, id);
  const result = vault
    .prepare(
      `UPDATE person SET name = NULL, birth_year = NULL, phone = NULL, email = NULL, address = NULL,
              preferred_channel = NULL, guardian_name = NULL, notes = '', status = 'identity_erased',
              identity_erased_at = ?, updated_at = ?
        WHERE participant_id = ? AND status <> 'identity_erased'`,
    )
    .run(at, at, id);
  return result.changes > 0;
}

/** The vault-side part of a full erasure: the person is gone; the ID stays issued, never to be reused. */
export function erasePersonInVault(vault: Db, id: string): boolean {
  deleteCallsOf(vault, id);
  return vault.prepare('DELETE FROM person WHERE participant_id = ?').run(id).changes > 0;
}

/**
 * Name, contacts and notes deleted; the consent record (date, form version, by whom) and the
 * pseudonymous answers stay. Nobody can be followed up without contacts, so the roster says
 * "withdrawn".
 */
export function eraseIdentity(study: Db, vault: Db, id: string, client: Client): void {
  assertKnown(study, vault, id);
  vault.transaction(() => {
    eraseIdentityInVault(vault, id);
    study.prepare("UPDATE participant SET status = 'withdrawn' WHERE id = ? AND status = 'active'").run(id);
    appendAudit(vault, 'identity_erased', { id, client });
  })();
  scrub(vault);
}

/**
 * Identity and every answer deleted. The roster keeps the bare ID marked "erased" (no arm, site or
 * cohort) so the ID is never issued again; summaries and exports leave erased IDs out.
 */
export function eraseEverything(study: Db, vault: Db, id: string, client: Client): void {
  assertKnown(study, vault, id);
  vault.transaction(() => {
    erasePersonInVault(vault, id);
    study.transaction(() => {
      deleteAnswers(study, id);
      study.prepare("UPDATE participant SET status = 'erased', arm_id = NULL, site_id = NULL, cohort_id = NULL WHERE id = ?").run(id);
    })();
    appendAudit(vault, 'erased', { id, client });
  })();
  scrub(vault);
  // The study's answers were deleted with secure_delete on; the checkpoint moves the overwritten
  // pages out of its WAL as well.
  study.pragma('wal_checkpoint(TRUNCATE)');
}
