import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { decodeCell, encodeCell } from '../../shared/entry/rules';
import { loadRows } from './cells';
import { rowsById, type EntryRowView } from './rows';
import { sheetFor } from './sheet';
import { cellStore, statements, type RowRef } from './store';

/**
 * A row as it was when deleted: the `before` of its entry_log 'delete' line, so the audit trail
 * holds everything that went and entry.row.restore can put it back as it was. IDs and answers only.
 */
export interface DeletedRow {
  participantId: string;
  position: number;
  status: 'keying' | 'complete';
  keystrokes: number;
  corrections: number;
  createdAt: string;
  /** The first pass's questionnaire (null: a blank row, or a second-pass row). */
  response: { versionId: number; source: string; createdAt: string } | null;
  /** Item code -> cell JSON as in entry_log. */
  cells: Record<string, string | null>;
}

interface StoredRow {
  keystrokes: number;
  corrections: number;
  createdAt: string;
}

/** What a 'delete' line keeps of a row, read inside the caller's transaction. */
export function snapshotRow(db: Db, pass: 1 | 2, row: RowRef): DeletedRow {
  const stored = db
    .prepare('SELECT keystrokes, corrections, created_at AS createdAt FROM entry_row WHERE id = ?')
    .get(row.id) as StoredRow;
  const response =
    row.responseId === null
      ? null
      : (db
          .prepare('SELECT version_id AS versionId, source, created_at AS createdAt FROM response WHERE id = ?')
          .get(row.responseId) as DeletedRow['response']);
  const cells: Record<string, string | null> = {};
  for (const [code, value] of cellStore(db, pass).all(row)) cells[code] = encodeCell(value);
  return { participantId: row.participantId, position: row.position, status: row.status, ...stored, response, cells };
}

/**
 * Removes a row and what it holds (its questionnaire and answers in pass 1, its cells in pass 2),
 * logging its whole content as the 'delete' line's `before`. `after` says where an evaluator moved
 * the form (responses/corrections.ts); such a row is not restored by the clerk's undo. Runs inside the
 * caller's transaction.
 */
export function removeRow(db: Db, pass: 1 | 2, row: RowRef, actor: string, at: number, movedTo: object | null = null): DeletedRow {
  const snapshot = snapshotRow(db, pass, row);
  const s = statements(db);
  s.log.run(row.batchId, row.id, null, 'delete', JSON.stringify(snapshot), movedTo === null ? null : JSON.stringify(movedTo), actor, at);
  if (row.responseId !== null) {
    s.detachResponse.run(row.id);
    // Only a questionnaire that stays behind is deleted; a moved one (movedTo) left with its answers.
    if (movedTo === null) s.deleteResponse.run(row.responseId);
  }
  db.prepare('DELETE FROM entry_row WHERE id = ?').run(row.id);
  return snapshot;
}

/**
 * A clerk deletes a row keyed by mistake (an ID typed for the wrong paper, a form keyed twice). Its
 * position stays free (store.ts NEXT_POSITION) and the grid may undo it while the batch is open
 * (restoreRow). A first keying's row whose paper was keyed a second time is refused: the comparison
 * would report the second keying's form as keyed once; the second keying's row goes first.
 */
export function deleteRow(db: Db, input: { batchId: number; rowId: number }, now: Date = new Date()): { rowId: number; position: number } {
  const sheet = sheetFor(db, input.batchId);
  const row = loadRows(db, input.batchId, [input.rowId]).get(input.rowId)!;
  if (sheet.batch.pass === 1) {
    const keyedTwice = db
      .prepare(
        `SELECT r.position FROM entry_batch b JOIN entry_row r ON r.batch_id = b.id
          WHERE b.parent_batch_id = ? AND r.participant_id = ? AND EXISTS (SELECT 1 FROM entry_cell c WHERE c.row_id = r.id)`,
      )
      .pluck()
      .get(input.batchId, row.participantId) as number | undefined;
    if (keyedTwice !== undefined) {
      const message = `This form was keyed a second time (form ${keyedTwice}); delete it from the second keying first.`;
      throw new MixwiseError('INVALID_INPUT', message, {
        key: 'entryRowKeyedTwice',
        params: { position: keyedTwice },
      });
    }
  }
  db.transaction(() => removeRow(db, sheet.batch.pass, row, sheet.batch.clerk, now.getTime()))();
  return { rowId: row.id, position: row.position };
}

/**
 * Puts a deleted row back where it was, with its ID and cells (the grid's undo of a deletion).
 * Refused when the batch holds that ID again, or (first keying) the ID has a questionnaire at this
 * wave elsewhere now: the study holds one per person and wave.
 */
export function restoreRow(db: Db, input: { batchId: number; rowId: number }, now: Date = new Date()): EntryRowView {
  const sheet = sheetFor(db, input.batchId);
  const last = db
    .prepare(
      `SELECT action, before, after FROM entry_log WHERE batch_id = ? AND row_id = ? AND action IN ('delete', 'restore')
        ORDER BY id DESC LIMIT 1`,
    )
    .get(input.batchId, input.rowId) as { action: string; before: string; after: string | null } | undefined;
  const exists = db.prepare('SELECT 1 FROM entry_row WHERE id = ?').get(input.rowId);
  if (!last || last.action !== 'delete' || exists) {
    throw new MixwiseError('NOT_FOUND', 'This form was not deleted from the batch.', { key: 'entryRowNotDeleted', field: 'rowId' });
  }
  if (last.after !== null) {
    throw new MixwiseError('INVALID_INPUT', 'An evaluator moved this form elsewhere; it cannot be put back here.', {
      key: 'entryRowMoved',
    });
  }
  const row = JSON.parse(last.before) as DeletedRow;
  const inBatch = db
    .prepare('SELECT position FROM entry_row WHERE batch_id = ? AND (participant_id = ? OR position = ?)')
    .pluck()
    .get(input.batchId, row.participantId, row.position) as number | undefined;
  if (inBatch !== undefined) {
    const message = `ID ${row.participantId} is in this batch again (form ${inBatch}); the deleted form cannot come back.`;
    throw new MixwiseError('ALREADY_EXISTS', message, {
      key: 'entryRowRestoreInBatch',
      params: { id: row.participantId, position: inBatch },
    });
  }
  const codes = Object.keys(row.cells);
  const hasForm = db.prepare('SELECT 1 FROM response WHERE participant_id = ? AND wave_id = ?');
  if (sheet.batch.pass === 1 && codes.length > 0 && hasForm.get(row.participantId, sheet.batch.waveId)) {
    const message = `ID ${row.participantId} has a questionnaire for this wave elsewhere now; the deleted form cannot come back.`;
    throw new MixwiseError('ALREADY_EXISTS', message, {
      key: 'entryRowRestoreTaken',
      params: { id: row.participantId },
    });
  }
  const at = now.getTime();
  db.transaction(() => {
    let responseId: number | null = null;
    if (sheet.batch.pass === 1 && codes.length > 0) {
      const original = row.response ?? { versionId: sheet.batch.versionId, source: 'paper', createdAt: new Date(at).toISOString() };
      responseId = Number(
        db
          .prepare('INSERT INTO response (participant_id, wave_id, version_id, source, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(row.participantId, sheet.batch.waveId, original.versionId, original.source, original.createdAt).lastInsertRowid,
      );
    }
    db.prepare(
      `INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, status, keystrokes, corrections, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      input.rowId,
      input.batchId,
      row.position,
      row.participantId,
      responseId,
      row.status,
      row.keystrokes,
      row.corrections,
      row.createdAt,
      new Date(at).toISOString(),
    );
    const ref: RowRef = { ...row, id: input.rowId, batchId: input.batchId, responseId };
    const store = cellStore(db, sheet.batch.pass);
    for (const code of codes) {
      const value = decodeCell(row.cells[code] ?? null);
      if (value !== null) store.set(ref, code, value);
    }
    statements(db).log.run(input.batchId, input.rowId, null, 'restore', null, last.before, sheet.batch.clerk, at);
  })();
  return rowsById(db, input.batchId, [input.rowId])[0]!;
}
