import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { DROP_DIGEST } from '../responses/digests';
import type { CellValue } from '../../shared/entry/rules';

type Statement = Database.Statement;

/** A keyed form as the cell writers need it. */
export interface RowRef {
  id: number;
  batchId: number;
  position: number;
  participantId: string;
  responseId: number | null;
  status: 'keying' | 'complete';
}

interface StoredCell {
  code: string;
  value: number | null;
  missing: 'skipped' | 'refused' | 'dont_know' | null;
  text: string | null;
}

export function toCell(row: Pick<StoredCell, 'value' | 'missing' | 'text'>): CellValue {
  if (row.value !== null) return row.value;
  if (row.missing !== null) return { missing: row.missing };
  return { text: row.text ?? '' };
}

function columns(value: CellValue): [number | null, string | null, string | null] {
  if (typeof value === 'number') return [value, null, null];
  return 'missing' in value ? [null, value.missing, null] : [null, null, value.text];
}

/**
 * Prepared statements of the entry domain, prepared once per open database: preparing costs more
 * than running, and a keystroke runs several of them.
 */
export interface EntryStatements {
  row: Statement;
  rowIdsOfBatch: Statement;
  answersOf: Statement;
  upsertAnswer: Statement;
  deleteAnswer: Statement;
  dropDigest: Statement;
  cellsOf: Statement;
  upsertCell: Statement;
  deleteCell: Statement;
  updateRow: Statement;
  log: Statement;
  /** A first-pass row's questionnaire, made with its first answer (source by the batch's kind). */
  createResponse: Statement;
  attachResponse: Statement;
  /** Another questionnaire of the row's ID at the batch's wave (one per person and wave). */
  responseElsewhere: Statement;
  answerCount: Statement;
  detachResponse: Statement;
  deleteResponse: Statement;
}

/**
 * The next position of a batch: past every row it holds and every row deleted from it (entry_log
 * 'delete' lines), so a deleted row's place stays free for its restoration and positions are never
 * renumbered. Bound: the batch id, twice.
 */
export const NEXT_POSITION = `SELECT max(coalesce((SELECT max(position) FROM entry_row WHERE batch_id = ?), 0),
   coalesce((SELECT max(json_extract(before, '$.position')) FROM entry_log WHERE batch_id = ? AND action = 'delete'), 0)) + 1`;

/**
 * The next entry_row id: past every row and every deleted row. SQLite gives a new row the largest
 * id plus one, which after deleting the last row is the deleted row's: its trail in entry_log (kept
 * by id) would become the new row's, and the deleted row could not come back under its own id.
 */
export const NEXT_ROW_ID = `SELECT max(coalesce((SELECT max(id) FROM entry_row), 0),
   coalesce((SELECT max(row_id) FROM entry_log WHERE action = 'delete'), 0)) + 1`;

const statementCache = new WeakMap<Db, EntryStatements>();

export function statements(db: Db): EntryStatements {
  let prepared = statementCache.get(db);
  if (prepared) return prepared;
  prepared = {
    row: db.prepare(
      `SELECT id, batch_id AS batchId, position, participant_id AS participantId, response_id AS responseId, status
         FROM entry_row WHERE id = ?`,
    ),
    rowIdsOfBatch: db.prepare('SELECT id FROM entry_row WHERE batch_id = ? ORDER BY position').pluck(),
    answersOf: db.prepare('SELECT item_code AS code, value, missing, text_value AS text FROM answer WHERE response_id = ?'),
    upsertAnswer: db.prepare(
      `INSERT INTO answer (response_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (response_id, item_code) DO UPDATE SET value = excluded.value, missing = excluded.missing, text_value = excluded.text_value`,
    ),
    deleteAnswer: db.prepare('DELETE FROM answer WHERE response_id = ? AND item_code = ?'),
    dropDigest: db.prepare(DROP_DIGEST),
    cellsOf: db.prepare('SELECT item_code AS code, value, missing, text_value AS text FROM entry_cell WHERE row_id = ?'),
    upsertCell: db.prepare(
      `INSERT INTO entry_cell (row_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (row_id, item_code) DO UPDATE SET value = excluded.value, missing = excluded.missing, text_value = excluded.text_value`,
    ),
    deleteCell: db.prepare('DELETE FROM entry_cell WHERE row_id = ? AND item_code = ?'),
    updateRow: db.prepare(
      `UPDATE entry_row SET keystrokes = keystrokes + ?, corrections = corrections + ?, status = ?, updated_at = ? WHERE id = ?`,
    ),
    log: db.prepare(
      'INSERT INTO entry_log (batch_id, row_id, item_code, action, before, after, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    createResponse: db.prepare(
      `INSERT INTO response (participant_id, wave_id, version_id, source, created_at)
       SELECT ?, wave_id, version_id, CASE kind WHEN 'import' THEN 'online' ELSE 'paper' END, ? FROM entry_batch WHERE id = ?`,
    ),
    attachResponse: db.prepare('UPDATE entry_row SET response_id = ? WHERE id = ?'),
    responseElsewhere: db.prepare(
      `SELECT r.id AS responseId, b.label, er.position FROM response r JOIN entry_batch me ON me.id = ?
         LEFT JOIN entry_row er ON er.response_id = r.id LEFT JOIN entry_batch b ON b.id = er.batch_id
        WHERE r.participant_id = ? AND r.wave_id = me.wave_id`,
    ),
    answerCount: db.prepare('SELECT count(*) FROM answer WHERE response_id = ?').pluck(),
    detachResponse: db.prepare('UPDATE entry_row SET response_id = NULL WHERE id = ?'),
    deleteResponse: db.prepare('DELETE FROM response WHERE id = ?'),
  };
  statementCache.set(db, prepared);
  return prepared;
}

/**
 * Where a pass keeps its answers. The first pass writes the study's data itself (answer, through the
 * row's response); the second, blind pass keeps its own copy (entry_cell) until it is compared.
 */
export interface CellStore {
  all(row: RowRef): Map<string, CellValue>;
  set(row: RowRef, code: string, value: CellValue): void;
  delete(row: RowRef, code: string): void;
}

function readAll(statement: Statement, key: number | null): Map<string, CellValue> {
  const cells = new Map<string, CellValue>();
  if (key === null) return cells;
  for (const row of statement.all(key) as StoredCell[]) cells.set(row.code, toCell(row));
  return cells;
}

export function cellStore(db: Db, pass: 1 | 2): CellStore {
  const s = statements(db);
  if (pass === 1) {
    const response = (row: RowRef): number => {
      // applyPlans makes the response before a row's first answer (ensureResponse).
      if (row.responseId === null) throw new Error('A first-pass row has no response');
      return row.responseId;
    };
    return {
      all: (row) => readAll(s.answersOf, row.responseId),
      set: (row, code, value) => {
        s.upsertAnswer.run(response(row), code, ...columns(value));
        // An answer added to the questionnaire: its analysis digest is out of date (migration 0080).
        s.dropDigest.run(response(row));
      },
      delete: (row, code) => s.deleteAnswer.run(response(row), code),
    };
  }
  return {
    all: (row) => readAll(s.cellsOf, row.id),
    set: (row, code, value) => s.upsertCell.run(row.id, code, ...columns(value)),
    delete: (row, code) => s.deleteCell.run(row.id, code),
  };
}

/**
 * A first-pass row's questionnaire exists while it has an answer (migration 0100): made with the
 * first answer, in the same transaction. Refused (MixwiseError 'formElsewhere') when the ID got a
 * questionnaire at this wave elsewhere since the row was started (an import, another batch): the
 * callers check first (responseElsewhere) and report it as a problem of the cell; this is the guard.
 */
export function ensureResponse(db: Db, row: RowRef, iso: string): number {
  if (row.responseId !== null) return row.responseId;
  const s = statements(db);
  if (s.responseElsewhere.get(row.batchId, row.participantId)) {
    throw new MixwiseError('ALREADY_EXISTS', 'This ID already has a questionnaire at this wave elsewhere.', { key: 'formElsewhere' });
  }
  row.responseId = Number(s.createResponse.run(row.participantId, iso, row.batchId).lastInsertRowid);
  s.attachResponse.run(row.responseId, row.id);
  return row.responseId;
}

/** After a row's last answer is cleared its questionnaire goes: a row without answers is no form. */
export function dropResponseIfEmpty(db: Db, row: RowRef): void {
  if (row.responseId === null) return;
  const s = statements(db);
  if ((s.answerCount.get(row.responseId) as number) > 0) return;
  s.detachResponse.run(row.id);
  s.deleteResponse.run(row.responseId);
  row.responseId = null;
}

/** Where the row's ID already has a questionnaire at this wave (not the row's own), or null. */
export function formElsewhere(db: Db, row: RowRef): { label: string | null; position: number | null } | null {
  if (row.responseId !== null) return null;
  const found = statements(db).responseElsewhere.get(row.batchId, row.participantId) as
    | { responseId: number; label: string | null; position: number | null }
    | undefined;
  return found ? { label: found.label, position: found.position } : null;
}
