import type { Db } from '../db/open';
import { batchSummary, type BatchSummary } from './batches';
import type { RowStatus } from './cells';
import { warningContext, warningsOf, type IdWarning, type RosterEntry } from './ids';
import type { CellValue, MissingCodes } from '../../shared/entry/rules';
import { sheetFor, type EntryItem } from './sheet';
import { toCell } from './store';

export interface SheetView {
  batch: BatchSummary;
  items: EntryItem[];
  missingCodes: MissingCodes;
  totalRows: number;
}

export interface EntryRowView {
  rowId: number;
  position: number;
  participantId: string;
  status: RowStatus;
  keystrokes: number;
  corrections: number;
  warnings: IdWarning[];
  /** Aligned with the sheet's items; null where nothing is keyed. */
  cells: (CellValue | null)[];
}

/** Opens a batch for keying: rereads its version into the session cache and describes the grid. */
export function openSheet(db: Db, batchId: number): SheetView {
  const sheet = sheetFor(db, batchId, { reload: true });
  return {
    batch: batchSummary(db, batchId),
    items: sheet.items,
    missingCodes: sheet.missingCodes,
    totalRows: db.prepare('SELECT count(*) FROM entry_row WHERE batch_id = ?').pluck().get(batchId) as number,
  };
}

interface JoinedRow extends Omit<RosterEntry, 'id' | 'legacy'> {
  rowId: number;
  position: number;
  participantId: string;
  responseId: number | null;
  rowStatus: RowStatus;
  keystrokes: number;
  corrections: number;
}

/**
 * One page of a batch's rows with their cells, in keyed order. The grid loads a large batch page
 * by page, so no single answer carries tens of thousands of rows.
 */
export function listRows(db: Db, batchId: number, offset: number, limit: number): EntryRowView[] {
  return selectRows(db, batchId, 'ORDER BY r.position LIMIT ? OFFSET ?', [limit, offset]);
}

function selectRows(db: Db, batchId: number, tail: string, params: number[]): EntryRowView[] {
  const sheet = sheetFor(db, batchId);
  const context = warningContext(db, sheet);
  const rows = db
    .prepare(
      `SELECT r.id AS rowId, r.position, r.participant_id AS participantId, r.response_id AS responseId, r.status AS rowStatus,
              r.keystrokes, r.corrections, p.identity_group_id AS groupId, g.name AS groupName, p.site_id AS siteId,
              s.name AS siteName, p.status
         FROM entry_row r JOIN participant p ON p.id = r.participant_id JOIN identity_group g ON g.id = p.identity_group_id
         LEFT JOIN site s ON s.id = p.site_id
        WHERE r.batch_id = ? ${tail}`,
    )
    .all(batchId, ...params) as JoinedRow[];
  if (rows.length === 0) return [];
  const column = new Map(sheet.items.map((item, index) => [item.code, index]));
  const views = new Map<number, EntryRowView>();
  for (const row of rows) {
    views.set(row.rowId, {
      rowId: row.rowId,
      position: row.position,
      participantId: row.participantId,
      status: row.rowStatus,
      keystrokes: row.keystrokes,
      corrections: row.corrections,
      warnings: warningsOf(sheet, context, { ...row, id: row.participantId }),
      cells: sheet.items.map(() => null),
    });
  }
  const first = rows[0]!.position;
  const last = rows.at(-1)!.position;
  // One query for the page's cells: the first pass reads the study's answers, the second its own copy.
  const cells =
    sheet.batch.pass === 1
      ? db.prepare(
          `SELECT r.id AS rowId, a.item_code AS code, a.value, a.missing, a.text_value AS text
             FROM entry_row r JOIN answer a ON a.response_id = r.response_id
            WHERE r.batch_id = ? AND r.position BETWEEN ? AND ?`,
        )
      : db.prepare(
          `SELECT r.id AS rowId, c.item_code AS code, c.value, c.missing, c.text_value AS text
             FROM entry_row r JOIN entry_cell c ON c.row_id = r.id
            WHERE r.batch_id = ? AND r.position BETWEEN ? AND ?`,
        );
  for (const cell of cells.all(batchId, first, last) as { rowId: number; code: string; value: number | null; missing: null; text: null }[]) {
    const index = column.get(cell.code);
    const view = views.get(cell.rowId);
    if (index !== undefined && view) view.cells[index] = toCell(cell);
  }
  return [...views.values()];
}

/** The rows a request touched, as the grid shows them. */
export function rowsById(db: Db, batchId: number, rowIds: number[]): EntryRowView[] {
  if (rowIds.length === 0) return [];
  const positions = db
    .prepare(`SELECT position FROM entry_row WHERE batch_id = ? AND id IN (${rowIds.map(() => '?').join(',')}) ORDER BY position`)
    .pluck()
    .all(batchId, ...rowIds) as number[];
  if (positions.length === 0) return [];
  const wanted = new Set(rowIds);
  const range = selectRows(db, batchId, 'AND r.position BETWEEN ? AND ? ORDER BY r.position', [positions[0]!, positions.at(-1)!]);
  return range.filter((row) => wanted.has(row.rowId));
}
