import type { Db } from '../db/open';
import { removeRow } from '../entry/deleteRow';
import { statements, toCell, type RowRef } from '../entry/store';
import { MixwiseError } from '../errors';
import { encodeCell } from '../../shared/entry/rules';
import { DROP_DIGEST } from './digests';

/**
 * An evaluator corrects where a whole questionnaire belongs: deletes it (a duplicate, a form of
 * someone not in the study) or moves it to another wave or ID (a form filed under the wrong one).
 * Each change is recorded in form_change with its reason, who (the evaluator's own name as typed)
 * and when, and the form as it was; never a name of a participant.
 *
 * Keyed forms keep their batches consistent:
 * - deleted, or moved to another wave: the row leaves its batch (an entry_log 'delete' line with the
 *   evaluator as actor; after a move its `after` says where the form went, so a clerk's undo cannot
 *   bring it back), and so does the second keying's row of that ID, which kept the same paper;
 * - moved to another ID at the same wave: the row (and the second keying's row and resolutions)
 *   take the new ID, logged as 'move'.
 */

export interface FormOfParticipant {
  waveCode: string;
  waveLabel: string;
  versionCode: string;
  versionLabel: string;
  source: string;
  answers: number;
  /** Counted as received (an answer with a value or text): tracking/load.ts. */
  usable: boolean;
  createdAt: string;
  batch: { id: number; label: string; position: number; kind: 'keyed' | 'import' } | null;
}

export interface FormChangeRecord {
  action: 'delete' | 'move';
  waveCode: string;
  toParticipantId: string | null;
  toWaveCode: string | null;
  reason: string;
  by: string;
  at: string;
}

export interface ParticipantForms {
  participantId: string;
  groupCode: string;
  forms: FormOfParticipant[];
  /** Corrections made to this ID's forms, newest first (moves away from it included). */
  changes: FormChangeRecord[];
}

const ID_PATTERN = /^[0-9]{4,12}$/;

function participantGroup(db: Db, participantId: string, field: string): number {
  const row = db.prepare("SELECT identity_group_id AS groupId FROM participant WHERE id = ? AND status <> 'erased'").get(participantId) as
    | { groupId: number }
    | undefined;
  if (!ID_PATTERN.test(participantId) || !row) {
    throw new MixwiseError('NOT_FOUND', `ID ${participantId} is not on the roster.`, {
      key: 'evaluator.idNotFound',
      field,
      params: { id: participantId },
    });
  }
  return row.groupId;
}

function waveId(db: Db, code: string, field: string): number {
  const id = db.prepare('SELECT id FROM wave WHERE code = ?').pluck().get(code) as number | undefined;
  if (id === undefined) {
    throw new MixwiseError('NOT_FOUND', `There is no wave "${code}".`, { key: 'evaluator.waveNotFound', field, params: { code } });
  }
  return id;
}

export function findForms(db: Db, input: { participantId: string }): ParticipantForms {
  participantGroup(db, input.participantId, 'participantId');
  const groupCode = db
    .prepare('SELECT g.code FROM participant p JOIN identity_group g ON g.id = p.identity_group_id WHERE p.id = ?')
    .pluck()
    .get(input.participantId) as string;
  const forms = (
    db
      .prepare(
        `SELECT w.code AS waveCode, w.label AS waveLabel, v.code AS versionCode, v.label AS versionLabel, r.source,
                r.created_at AS createdAt,
                (SELECT count(*) FROM answer a WHERE a.response_id = r.id) AS answers,
                EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND (a.value IS NOT NULL OR a.text_value IS NOT NULL)) AS usable,
                b.id AS batchId, b.label AS batchLabel, er.position, b.kind
           FROM response r JOIN wave w ON w.id = r.wave_id JOIN questionnaire_version v ON v.id = r.version_id
           LEFT JOIN entry_row er ON er.response_id = r.id LEFT JOIN entry_batch b ON b.id = er.batch_id
          WHERE r.participant_id = ? ORDER BY w.position`,
      )
      .all(input.participantId) as (Omit<FormOfParticipant, 'batch' | 'usable'> & {
      usable: number;
      batchId: number | null;
      batchLabel: string | null;
      position: number | null;
      kind: 'keyed' | 'import' | null;
    })[]
  ).map(({ batchId, batchLabel, position, kind, usable, ...form }) => ({
    ...form,
    usable: usable === 1,
    batch: batchId === null ? null : { id: batchId, label: batchLabel!, position: position!, kind: kind! },
  }));
  const changes = db
    .prepare(
      `SELECT c.action, w.code AS waveCode, c.to_participant_id AS toParticipantId, tw.code AS toWaveCode, c.reason,
              c.changed_by AS "by", c.changed_at AS "at"
         FROM form_change c JOIN wave w ON w.id = c.wave_id LEFT JOIN wave tw ON tw.id = c.to_wave_id
        WHERE c.participant_id = ? ORDER BY c.id DESC`,
    )
    .all(input.participantId) as FormChangeRecord[];
  return { participantId: input.participantId, groupCode, forms, changes };
}

interface CorrectionBase {
  participantId: string;
  waveCode: string;
  reason: string;
  by: string;
}

interface FoundForm {
  id: number;
  versionId: number;
  source: string;
  createdAt: string;
}

function requireText(value: string, field: string, key: string, message: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new MixwiseError('INVALID_INPUT', message, { field, key });
  return trimmed;
}

function prepare(db: Db, input: CorrectionBase) {
  const reason = requireText(input.reason, 'reason', 'evaluator.reasonMissing', 'Say why the form is changed.');
  const by = requireText(input.by, 'by', 'evaluator.byMissing', 'Enter your name.');
  participantGroup(db, input.participantId, 'participantId');
  const wave = waveId(db, input.waveCode, 'waveCode');
  const form = db
    .prepare('SELECT id, version_id AS versionId, source, created_at AS createdAt FROM response WHERE participant_id = ? AND wave_id = ?')
    .get(input.participantId, wave) as FoundForm | undefined;
  if (!form) {
    throw new MixwiseError('NOT_FOUND', `ID ${input.participantId} has no questionnaire at this wave.`, {
      key: 'evaluator.formNotFound',
      field: 'waveCode',
      params: { id: input.participantId },
    });
  }
  const answers: Record<string, string | null> = {};
  const stored = db.prepare('SELECT item_code AS code, value, missing, text_value AS text FROM answer WHERE response_id = ?').all(form.id);
  for (const row of stored as (Parameters<typeof toCell>[0] & { code: string })[]) answers[row.code] = encodeCell(toCell(row));
  const row = db
    .prepare(
      `SELECT id, batch_id AS batchId, position, participant_id AS participantId, response_id AS responseId, status
         FROM entry_row WHERE response_id = ?`,
    )
    .get(form.id) as RowRef | undefined;
  const before = {
    version: form.versionId,
    source: form.source,
    createdAt: form.createdAt,
    answers,
    batchId: row?.batchId ?? null,
    position: row?.position ?? null,
  };
  return { reason, by, wave, form, row, before };
}

/** The second keying's row of the same paper, if the form's batch was keyed twice. */
function secondPassRow(db: Db, batchId: number, participantId: string): RowRef | undefined {
  return db
    .prepare(
      `SELECT r.id, r.batch_id AS batchId, r.position, r.participant_id AS participantId, r.response_id AS responseId, r.status
         FROM entry_batch b JOIN entry_row r ON r.batch_id = b.id WHERE b.parent_batch_id = ? AND r.participant_id = ?`,
    )
    .get(batchId, participantId) as RowRef | undefined;
}

const recordChange = (db: Db) =>
  db.prepare(
    `INSERT INTO form_change (action, participant_id, wave_id, to_participant_id, to_wave_id, before, reason, changed_by, changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

/** Deletes a whole questionnaire with the reason; its keyed rows leave their batches. */
export function deleteForm(db: Db, input: CorrectionBase, now: Date = new Date()): ParticipantForms {
  const { reason, by, wave, form, row, before } = prepare(db, input);
  const at = now.getTime();
  db.transaction(() => {
    if (row) {
      const second = secondPassRow(db, row.batchId, row.participantId);
      if (second) removeRow(db, 2, second, by, at);
      removeRow(db, 1, row, by, at);
    } else db.prepare('DELETE FROM response WHERE id = ?').run(form.id);
    recordChange(db).run('delete', input.participantId, wave, null, null, JSON.stringify(before), reason, by, now.toISOString());
  })();
  return findForms(db, { participantId: input.participantId });
}

export interface MoveInput extends CorrectionBase {
  toWaveCode?: string | null;
  toParticipantId?: string | null;
}

/**
 * Moves a questionnaire to another wave and/or ID. Refused when the target already has a form at
 * that wave (one per person and wave), or when the form's version is for another identity group
 * than the target person's (the questions name the other group).
 */
export function moveForm(db: Db, input: MoveInput, now: Date = new Date()): ParticipantForms {
  const { reason, by, wave, form, row, before } = prepare(db, input);
  const toParticipant = input.toParticipantId?.trim() || input.participantId;
  const toWave = input.toWaveCode ? waveId(db, input.toWaveCode, 'toWaveCode') : wave;
  if (toParticipant === input.participantId && toWave === wave) {
    throw new MixwiseError('INVALID_INPUT', 'Choose another wave or another ID to move the form to.', {
      key: 'evaluator.moveNoTarget',
      field: 'toWaveCode',
    });
  }
  const targetGroup = participantGroup(db, toParticipant, 'toParticipantId');
  const versionGroup = db.prepare('SELECT identity_group_id FROM questionnaire_version WHERE id = ?').pluck().get(form.versionId) as number;
  if (targetGroup !== versionGroup) {
    throw new MixwiseError('INVALID_INPUT', `The form's questionnaire is for another identity group than ID ${toParticipant}'s.`, {
      key: 'evaluator.moveGroupMismatch',
      field: 'toParticipantId',
      params: { id: toParticipant },
    });
  }
  if (db.prepare('SELECT 1 FROM response WHERE participant_id = ? AND wave_id = ?').get(toParticipant, toWave)) {
    throw new MixwiseError('ALREADY_EXISTS', `ID ${toParticipant} already has a questionnaire at that wave.`, {
      key: 'evaluator.moveTargetTaken',
      field: toParticipant === input.participantId ? 'toWaveCode' : 'toParticipantId',
      params: { id: toParticipant },
    });
  }
  const rowOfId = db.prepare('SELECT position FROM entry_row WHERE batch_id = ? AND participant_id = ?').pluck();
  if (row && toWave === wave) {
    // The row keeps its batch and takes the new ID: the batch must not hold that ID already (a blank row).
    const taken = rowOfId.get(row.batchId, toParticipant) as number | undefined;
    if (taken !== undefined) {
      const message = `The form's batch already has a row for ID ${toParticipant} (form ${taken}); delete it first.`;
      throw new MixwiseError('ALREADY_EXISTS', message, {
        key: 'evaluator.moveRowTaken',
        field: 'toParticipantId',
        params: { id: toParticipant, position: taken },
      });
    }
  }
  const at = now.getTime();
  const toWaveCode = db.prepare('SELECT code FROM wave WHERE id = ?').pluck().get(toWave) as string;
  db.transaction(() => {
    db.prepare('UPDATE response SET participant_id = ?, wave_id = ? WHERE id = ?').run(toParticipant, toWave, form.id);
    // The digest holds answers only, but every writer of a questionnaire drops it (responses/digests.ts).
    db.prepare(DROP_DIGEST).run(form.id);
    if (row) {
      const second = secondPassRow(db, row.batchId, row.participantId);
      if (toWave !== wave) {
        const movedTo = { participantId: toParticipant, waveCode: toWaveCode };
        if (second) removeRow(db, 2, second, by, at, movedTo);
        removeRow(db, 1, row, by, at, movedTo);
      } else {
        const log = statements(db).log;
        const rename = db.prepare('UPDATE entry_row SET participant_id = ?, updated_at = ? WHERE id = ?');
        rename.run(toParticipant, now.toISOString(), row.id);
        log.run(row.batchId, row.id, null, 'move', JSON.stringify(row.participantId), JSON.stringify(toParticipant), by, at);
        const secondTaken = second && rowOfId.get(second.batchId, toParticipant) !== undefined;
        if (second && !secondTaken) {
          rename.run(toParticipant, now.toISOString(), second.id);
          log.run(second.batchId, second.id, null, 'move', JSON.stringify(row.participantId), JSON.stringify(toParticipant), by, at);
        }
        db.prepare('UPDATE OR REPLACE entry_resolution SET participant_id = ? WHERE batch_id = ? AND participant_id = ?').run(
          toParticipant,
          row.batchId,
          row.participantId,
        );
      }
    }
    recordChange(db).run(
      'move',
      input.participantId,
      wave,
      toParticipant === input.participantId ? null : toParticipant,
      toWave === wave ? null : toWave,
      JSON.stringify(before),
      reason,
      by,
      now.toISOString(),
    );
  })();
  return findForms(db, { participantId: input.participantId });
}
