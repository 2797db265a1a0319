import type { Db } from '../db/open';
import { planWrites } from '../entry/cells';
import { decodeCell, encodeCell, type CellValue } from '../../shared/entry/rules';
import { statements, toCell } from '../entry/store';
import { MixwiseError } from '../errors';
import { DROP_DIGEST } from '../responses/digests';
import { versionSheet } from './rules';

export interface MergeConflict {
  id: number;
  participantId: string;
  waveCode: string;
  waveLabel: string;
  pass: 1 | 2;
  itemCode: string;
  /** The value in this study now (it may have changed since the import). */
  here: CellValue | null;
  /** The value in this study when the file was imported. */
  hereAtImport: CellValue | null;
  incoming: CellValue | null;
  incomingClerk: string;
  importedAt: string;
  resolution: { final: CellValue | null; chosenBy: string; chosenAt: string } | null;
}

interface ConflictRow {
  id: number;
  participantId: string;
  waveId: number;
  waveCode: string;
  waveLabel: string;
  pass: 1 | 2;
  responseId: number | null;
  rowId: number | null;
  itemCode: string;
  hereValue: string | null;
  incomingValue: string | null;
  incomingClerk: string;
  importedAt: string;
  finalValue: string | null;
  chosenBy: string | null;
  chosenAt: string | null;
}

const CONFLICT_SQL = `
  SELECT c.id, c.participant_id AS participantId, c.wave_id AS waveId, w.code AS waveCode, w.label AS waveLabel, c.pass,
         c.response_id AS responseId, c.row_id AS rowId, c.item_code AS itemCode, c.here_value AS hereValue,
         c.incoming_value AS incomingValue, c.incoming_clerk AS incomingClerk, i.imported_at AS importedAt,
         c.final_value AS finalValue, c.chosen_by AS chosenBy, c.chosen_at AS chosenAt
    FROM merge_conflict c JOIN wave w ON w.id = c.wave_id JOIN merge_import i ON i.id = c.import_id`;

function currentValue(db: Db, row: Pick<ConflictRow, 'responseId' | 'rowId' | 'itemCode'>): CellValue | null {
  const stored = (
    row.responseId !== null
      ? db.prepare('SELECT value, missing, text_value AS text FROM answer WHERE response_id = ? AND item_code = ?').get(row.responseId, row.itemCode)
      : db.prepare('SELECT value, missing, text_value AS text FROM entry_cell WHERE row_id = ? AND item_code = ?').get(row.rowId, row.itemCode)
  ) as Parameters<typeof toCell>[0] | undefined;
  return stored ? toCell(stored) : null;
}

function view(db: Db, row: ConflictRow): MergeConflict {
  return {
    id: row.id,
    participantId: row.participantId,
    waveCode: row.waveCode,
    waveLabel: row.waveLabel,
    pass: row.pass,
    itemCode: row.itemCode,
    here: currentValue(db, row),
    hereAtImport: decodeCell(row.hereValue),
    incoming: decodeCell(row.incomingValue),
    incomingClerk: row.incomingClerk,
    importedAt: row.importedAt,
    resolution: row.chosenAt === null ? null : { final: decodeCell(row.finalValue), chosenBy: row.chosenBy!, chosenAt: row.chosenAt },
  };
}

/** Every merge conflict, the open ones first, each with the value here now and the incoming one. */
export function listConflicts(db: Db): MergeConflict[] {
  const rows = db.prepare(`${CONFLICT_SQL} ORDER BY c.chosen_at IS NOT NULL, c.participant_id, w.position, c.item_code, c.id`).all() as ConflictRow[];
  return rows.map((row) => view(db, row));
}

export interface ResolveConflictInput {
  conflictId: number;
  /** The value on the paper form: here, incoming, or another one read from the form. null = empty. */
  final: CellValue | null;
  chosenBy: string;
}

/**
 * Settles a merge conflict against the paper: the chosen value becomes the study's data (or the
 * second keying's, for a conflict between second keyings), checked with the entry rules; the
 * conflict records the value and who chose it, and the entry log keeps the change.
 */
export function resolveConflict(db: Db, input: ResolveConflictInput, now = new Date()): MergeConflict {
  const chosenBy = input.chosenBy.trim();
  if (!chosenBy) throw new MixwiseError('INVALID_INPUT', 'Enter who chose the final value.', { field: 'chosenBy', key: 'entryChooserMissing' });
  const row = db.prepare(`${CONFLICT_SQL} WHERE c.id = ?`).get(input.conflictId) as ConflictRow | undefined;
  if (!row) throw new MixwiseError('NOT_FOUND', 'This merge conflict does not exist.', { key: 'mergeConflictNotFound' });
  const target =
    row.responseId !== null
      ? (db.prepare('SELECT version_id AS versionId, (SELECT id FROM entry_row WHERE response_id = ?) AS rowId FROM response WHERE id = ?').get(row.responseId, row.responseId) as {
          versionId: number;
          rowId: number | null;
        })
      : (db.prepare('SELECT b.version_id AS versionId, r.id AS rowId FROM entry_row r JOIN entry_batch b ON b.id = r.batch_id WHERE r.id = ?').get(row.rowId) as {
          versionId: number;
          rowId: number | null;
        });
  const sheet = versionSheet(db, row.waveId, target.versionId);
  const current = new Map(
    (
      (row.responseId !== null
        ? db.prepare('SELECT item_code AS code, value, missing, text_value AS text FROM answer WHERE response_id = ?').all(row.responseId)
        : db.prepare('SELECT item_code AS code, value, missing, text_value AS text FROM entry_cell WHERE row_id = ?').all(row.rowId)) as ({ code: string } & Parameters<typeof toCell>[0])[]
    ).map((cell) => [cell.code, toCell(cell)]),
  );
  const planned = planWrites(sheet, new Map([['form', current]]), [{ index: 0, rowKey: 'form', itemCode: row.itemCode, value: input.final }]);
  if ('problems' in planned) {
    const problem = planned.problems[0]!.problem;
    throw new MixwiseError('INVALID_INPUT', 'This value is not allowed for the item.', { key: `problem.${problem.reason}`, field: 'final', params: { ...problem } });
  }
  const plan = planned.plans.get('form')!;
  const at = now.getTime();
  const write = row.responseId !== null
    ? {
        set: db.prepare(
          `INSERT INTO answer (response_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (response_id, item_code) DO UPDATE SET value = excluded.value, missing = excluded.missing, text_value = excluded.text_value`,
        ),
        remove: db.prepare('DELETE FROM answer WHERE response_id = ? AND item_code = ?'),
        key: row.responseId,
      }
    : {
        set: db.prepare(
          `INSERT INTO entry_cell (row_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (row_id, item_code) DO UPDATE SET value = excluded.value, missing = excluded.missing, text_value = excluded.text_value`,
        ),
        remove: db.prepare('DELETE FROM entry_cell WHERE row_id = ? AND item_code = ?'),
        key: row.rowId!,
      };
  const dropDigest = row.responseId !== null ? db.prepare(DROP_DIGEST) : null;
  db.transaction(() => {
    const batchId =
      target.rowId === null ? null : (db.prepare('SELECT batch_id FROM entry_row WHERE id = ?').pluck().get(target.rowId) as number);
    for (const change of plan.changes) {
      const value = change.after;
      if (value === null) write.remove.run(write.key, change.itemCode);
      else if (typeof value === 'number') write.set.run(write.key, change.itemCode, value, null, null);
      else if ('missing' in value) write.set.run(write.key, change.itemCode, null, value.missing, null);
      else write.set.run(write.key, change.itemCode, null, null, value.text);
      // An answer added to the questionnaire: its analysis digest is out of date (migration 0080).
      dropDigest?.run(row.responseId);
      if (batchId !== null) {
        statements(db).log.run(batchId, target.rowId, change.itemCode, change.cause === 'skip' ? 'clear' : 'resolve', encodeCell(change.before), encodeCell(change.after), chosenBy, at);
      }
    }
    if (target.rowId !== null) {
      db.prepare('UPDATE entry_row SET status = ?, updated_at = ? WHERE id = ?').run(plan.status, new Date(at).toISOString(), target.rowId);
    }
    db.prepare('UPDATE merge_conflict SET final_value = ?, chosen_by = ?, chosen_at = ? WHERE id = ?').run(
      encodeCell(input.final),
      chosenBy,
      new Date(at).toISOString(),
      row.id,
    );
  })();
  return view(db, db.prepare(`${CONFLICT_SQL} WHERE c.id = ?`).get(row.id) as ConflictRow);
}
