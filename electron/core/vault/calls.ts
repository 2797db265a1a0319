import type { CallEntry, LastCall, NewCall } from '../../api/contracts/vaultCalls';
import { WITHDRAWAL_OUTCOMES } from '../../shared/calls/outcomes';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { appendAudit } from './audit';
import type { Client } from './vaultFile';

/**
 * The call log (issue 25, point 2): each attempt to reach a person on the follow-up list for a
 * wave. It lives in the vault's call_attempt table (migration 0050) and nowhere else: a note is free
 * text about a person. The audit records that a call was logged, with the ID, the wave's position,
 * the channel and the outcome, never the note. An erasure deletes the person's calls (erase.ts).
 */

interface CallRow {
  seq: number;
  id: string;
  wave: string;
  calledOn: string;
  channel: CallEntry['channel'];
  outcome: CallEntry['outcome'];
  nextAttempt: string | null;
  note: string;
  createdAt: string;
}

const COLUMNS = `seq, participant_id AS id, wave, called_on AS calledOn, channel, outcome, next_attempt AS nextAttempt,
                 note, created_at AS createdAt`;

/** What the follow-up list shows for a person: their last attempt for the wave and when to try next. */
export interface CallSummary {
  lastCall: LastCall;
  nextAttempt: string | null;
}

function invalid(message: string, key: string, field: string, params?: Record<string, string>): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { key, field, params });
}

/** Records one attempt; says which withdrawal to offer when the outcome suggests one. */
export function logCall(
  study: Db,
  vault: Db,
  input: NewCall,
  client: Client,
  now = new Date(),
): { entry: CallEntry; summary: CallSummary; offerWithdrawal: 'not_interested' | 'moved' | null } {
  const status = vault.prepare('SELECT status FROM person WHERE participant_id = ?').pluck().get(input.id) as string | undefined;
  if (status === undefined) {
    const message = `Nobody with the ID ${input.id} is in the vault.`;
    throw new MixwiseError('NOT_FOUND', message, { key: 'personNotFound', params: { id: input.id } });
  }
  if (status !== 'active') {
    throw invalid('This person has withdrawn or their identity was erased: they are not called any more.', 'callNotActive', 'id');
  }
  const position = study.prepare('SELECT position FROM wave WHERE code = ?').pluck().get(input.wave) as number | undefined;
  if (position === undefined) throw new MixwiseError('NOT_FOUND', `The study has no wave ${input.wave}.`, { key: 'unknownWave' });
  // Days compare as text (YYYY-MM-DD); "today" is the computer's own day, as the ID-keeper sees it.
  const today = localDay(now);
  if (input.calledOn > today) throw invalid('The day of a call cannot be after today.', 'callInFuture', 'calledOn');
  if (input.nextAttempt !== null && input.nextAttempt < input.calledOn) {
    throw invalid('The next attempt cannot be before the call.', 'nextBeforeCall', 'nextAttempt');
  }
  const note = input.note.trim();
  const entry = vault.transaction(() => {
    const { lastInsertRowid } = vault
      .prepare(
        `INSERT INTO call_attempt (participant_id, wave, called_on, channel, outcome, next_attempt, note, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.id, input.wave, input.calledOn, input.channel, input.outcome, input.nextAttempt, note, now.toISOString());
    appendAudit(
      vault,
      'call_logged',
      {
        id: input.id,
        wave_position: position,
        channel: input.channel,
        outcome: input.outcome,
        next_attempt_set: input.nextAttempt !== null,
        client,
      },
      now,
    );
    return vault.prepare(`SELECT ${COLUMNS} FROM call_attempt WHERE seq = ?`).get(lastInsertRowid) as CallRow;
  })();
  const summary = callSummaries(vault, input.wave).get(input.id)!;
  return { entry, summary, offerWithdrawal: WITHDRAWAL_OUTCOMES[input.outcome] ?? null };
}

/** A person's attempts for every wave, the latest call first. */
export function callHistory(vault: Db, id: string): CallEntry[] {
  return vault
    .prepare(`SELECT ${COLUMNS} FROM call_attempt WHERE participant_id = ? ORDER BY called_on DESC, seq DESC`)
    .all(id) as CallRow[];
}

/**
 * Each person's last attempt for a wave. "Last" is the latest day called, then the latest entered:
 * calls entered back from a paper sheet days later still count on the day they were made.
 */
export function callSummaries(vault: Db, wave: string): Map<string, CallSummary> {
  const rows = vault
    .prepare(
      `SELECT id, calledOn, channel, outcome, nextAttempt, attempts FROM (
         SELECT participant_id AS id, called_on AS calledOn, channel, outcome, next_attempt AS nextAttempt,
                count(*) OVER (PARTITION BY participant_id) AS attempts,
                row_number() OVER (PARTITION BY participant_id ORDER BY called_on DESC, seq DESC) AS rank
           FROM call_attempt WHERE wave = ?)
       WHERE rank = 1`,
    )
    .all(wave) as (LastCall & { id: string; nextAttempt: string | null })[];
  return new Map(rows.map(({ id, nextAttempt, ...last }) => [id, { lastCall: last, nextAttempt }]));
}

/**
 * The order to call in: people never called first (they are due now), then by the next attempt's
 * day, earliest first; people with no next attempt planned after a call last. Stable, so within
 * the same day the list keeps its own order (the longest overdue first).
 */
export function byNextAttempt<T extends { lastCall: LastCall | null; nextAttempt: string | null }>(entries: T[]): T[] {
  const key = (entry: T) => (entry.lastCall === null ? '' : (entry.nextAttempt ?? '~'));
  return [...entries].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    return left < right ? -1 : left > right ? 1 : 0;
  });
}

/** Deletes what was noted about a person's calls; part of both erasures, in the vault and its backups. */
export function deleteCallsOf(vault: Db, id: string): void {
  // Backups made before migration 0050 have no call log.
  if (!vault.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'call_attempt'").get()) return;
  vault.prepare('DELETE FROM call_attempt WHERE participant_id = ?').run(id);
}

export type CarriedCall = Record<string, string | number | null>;

/** Every call as stored, to carry into a vault restored from a backup (backup.ts). */
export function allCalls(vault: Db): CarriedCall[] {
  return vault.prepare('SELECT * FROM call_attempt ORDER BY seq').all() as CarriedCall[];
}

/**
 * A restored backup keeps the calls made since it was taken: they happened. Only for people the
 * restored vault knows; someone enrolled after the backup is gone with their name, and so are the
 * notes about them. Erasures made since are applied after this, and take their calls too.
 */
export function carryCalls(vault: Db, calls: CarriedCall[]): number {
  const lastSeq = vault.prepare('SELECT coalesce(max(seq), 0) FROM call_attempt').pluck().get() as number;
  const known = new Set(vault.prepare('SELECT participant_id FROM person').pluck().all() as string[]);
  let carried = 0;
  for (const row of calls) {
    if ((row.seq as number) <= lastSeq || !known.has(row.participant_id as string)) continue;
    const columns = Object.keys(row);
    vault
      .prepare(`INSERT INTO call_attempt (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`)
      .run(...columns.map((column) => row[column]));
    carried++;
  }
  return carried;
}

/** YYYY-MM-DD of the computer's own calendar. */
export function localDay(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
