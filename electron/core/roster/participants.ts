import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { isValidDammId, newParticipantId } from '../ids/damm';
import { idByCode } from '../study/design';

export interface NewParticipant {
  /** Omit to draw a new random check-digit ID. */
  id?: string;
  identityGroupCode: string;
  armCode?: string | null;
  siteCode?: string | null;
  cohortCode?: string | null;
  /** An ID from an earlier paper list that carries no check digit. */
  legacy?: boolean;
  enrolledAt?: string;
}

/** Adds one participant to the study's roster: an ID and design fields, never a name. */
export function addParticipant(db: Db, input: NewParticipant): string {
  const taken = db.prepare('SELECT 1 FROM participant WHERE id = ?');
  const id = input.id ?? newParticipantId((candidate) => Boolean(taken.get(candidate)));
  if (!input.legacy && !isValidDammId(id)) {
    throw new MixwiseError('INVALID_INPUT', 'This ID is not valid: its check digit does not match.', { field: 'id' });
  }
  if (taken.get(id)) throw new MixwiseError('ALREADY_EXISTS', 'This ID is already on the roster.', { field: 'id' });
  const optional = (table: 'arm' | 'site' | 'cohort', code?: string | null) => (code ? idByCode(db, table, code) : null);
  db.prepare(
    `INSERT INTO participant (id, identity_group_id, arm_id, site_id, cohort_id, legacy_id, enrolled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    idByCode(db, 'identity_group', input.identityGroupCode),
    optional('arm', input.armCode),
    optional('site', input.siteCode),
    optional('cohort', input.cohortCode),
    input.legacy ? 1 : 0,
    input.enrolledAt ?? new Date().toISOString(),
  );
  return id;
}
