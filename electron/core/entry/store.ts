import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/open';
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
}

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
