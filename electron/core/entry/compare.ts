import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { applyPlans, loadRows, planWrites } from './cells';
import { checkValue, decodeCell, encodeCell, sameCell, type CellValue } from '../../shared/entry/rules';
import { sheetFor, type Sheet } from './sheet';
import { cellStore, statements, toCell } from './store';

export interface Resolution {
  final: CellValue | null;
  chosenBy: string;
  chosenAt: string;
}

/**
 * One place where the two keyings differ. itemCode null: the form itself was keyed in one pass only
 * (`presence` says which); the clerk then keys it in the other pass, or accepts the first pass's state.
 */
export interface Disagreement {
  participantId: string;
  itemCode: string | null;
  first: CellValue | null;
  second: CellValue | null;
  presence: 'both' | 'firstOnly' | 'secondOnly';
  resolution: Resolution | null;
}

export interface Comparison {
  firstBatchId: number;
  secondBatchId: number | null;
  firstClerk: string;
  secondClerk: string | null;
  formsCompared: number;
  cellsCompared: number;
  disagreements: Disagreement[];
  unresolved: number;
  /** Every form keyed twice and every difference settled. */
  verified: boolean;
}

interface ResolutionRow {
  participantId: string;
  itemCode: string;
  firstValue: string | null;
  secondValue: string | null;
  finalValue: string | null;
  chosenBy: string;
  chosenAt: string;
}

type CellRow = { participantId: string; code: string; value: number | null; missing: null; text: null };

function cellsByParticipant(rows: CellRow[]): Map<string, Map<string, CellValue>> {
  const cells = new Map<string, Map<string, CellValue>>();
  for (const row of rows) {
    let forRow = cells.get(row.participantId);
    if (!forRow) cells.set(row.participantId, (forRow = new Map()));
    forRow.set(row.code, toCell(row));
  }
  return cells;
}

/** Form-level records keep presence as '1' (keyed in that pass) or null, in place of a value. */
const present = (isPresent: boolean): string | null => (isPresent ? '1' : null);
const FORM = '';

function firstPassSheet(db: Db, batchId: number): Sheet {
  const sheet = sheetFor(db, batchId);
  if (sheet.batch.pass !== 1) {
    throw new MixwiseError('INVALID_INPUT', 'Compare from the first keying of a batch.', { key: 'entryCompareFromFirst' });
  }
  return sheet;
}

/** Compares a first keying with its blind second keying, cell by cell, with the resolutions so far. */
export function compareBatch(db: Db, firstBatchId: number): Comparison {
  const sheet = firstPassSheet(db, firstBatchId);
  const second = db.prepare('SELECT id, clerk FROM entry_batch WHERE parent_batch_id = ?').get(firstBatchId) as
    | { id: number; clerk: string }
    | undefined;
  const base = { firstBatchId, firstClerk: sheet.batch.clerk };
  if (!second) {
    return { ...base, secondBatchId: null, secondClerk: null, formsCompared: 0, cellsCompared: 0, disagreements: [], unresolved: 0, verified: false };
  }
  // A row with an ID and no answer is no form in either pass (migration 0100): not 'firstOnly' nor 'secondOnly'.
  const firstIds = db
    .prepare('SELECT participant_id FROM entry_row WHERE batch_id = ? AND response_id IS NOT NULL ORDER BY position')
    .pluck()
    .all(firstBatchId) as string[];
  const secondIds = db
    .prepare(
      `SELECT participant_id FROM entry_row r WHERE batch_id = ? AND EXISTS (SELECT 1 FROM entry_cell c WHERE c.row_id = r.id)
        ORDER BY position`,
    )
    .pluck()
    .all(second.id) as string[];
  const firstCells = cellsByParticipant(
    db
      .prepare(
        `SELECT r.participant_id AS participantId, a.item_code AS code, a.value, a.missing, a.text_value AS text
           FROM entry_row r JOIN answer a ON a.response_id = r.response_id WHERE r.batch_id = ?`,
      )
      .all(firstBatchId) as CellRow[],
  );
  const secondCells = cellsByParticipant(
    db
      .prepare(
        `SELECT r.participant_id AS participantId, c.item_code AS code, c.value, c.missing, c.text_value AS text
           FROM entry_row r JOIN entry_cell c ON c.row_id = r.id WHERE r.batch_id = ?`,
      )
      .all(second.id) as CellRow[],
  );
  const resolutions = new Map<string, ResolutionRow>();
  for (const row of db
    .prepare(
      `SELECT participant_id AS participantId, item_code AS itemCode, first_value AS firstValue, second_value AS secondValue,
              final_value AS finalValue, chosen_by AS chosenBy, chosen_at AS chosenAt
         FROM entry_resolution WHERE batch_id = ?`,
    )
    .all(firstBatchId) as ResolutionRow[]) {
    resolutions.set(`${row.participantId}\u0000${row.itemCode}`, row);
  }

  const disagreements: Disagreement[] = [];
  const inSecond = new Set(secondIds);
  const inFirst = new Set(firstIds);
  let formsCompared = 0;
  for (const participantId of [...firstIds, ...secondIds.filter((id) => !inFirst.has(id))]) {
    if (!inFirst.has(participantId) || !inSecond.has(participantId)) {
      const presence = inFirst.has(participantId) ? 'firstOnly' : 'secondOnly';
      const record = resolutions.get(`${participantId}\u0000${FORM}`);
      // A resolution holds only while the forms are as they were when it was chosen.
      const valid = record && record.firstValue === present(presence === 'firstOnly') && record.secondValue === present(presence === 'secondOnly');
      disagreements.push({
        participantId,
        itemCode: null,
        first: null,
        second: null,
        presence,
        resolution: valid ? { final: null, chosenBy: record.chosenBy, chosenAt: record.chosenAt } : null,
      });
      continue;
    }
    formsCompared++;
    const first = firstCells.get(participantId);
    const secondRow = secondCells.get(participantId);
    for (const item of sheet.items) {
      const a = first?.get(item.code) ?? null;
      const b = secondRow?.get(item.code) ?? null;
      const record = resolutions.get(`${participantId}\u0000${item.code}`);
      const final = record ? decodeCell(record.finalValue) : null;
      if (record && sameCell(a, final) && sameCell(b, decodeCell(record.secondValue))) {
        disagreements.push({
          participantId,
          itemCode: item.code,
          first: decodeCell(record.firstValue),
          second: b,
          presence: 'both',
          resolution: { final, chosenBy: record.chosenBy, chosenAt: record.chosenAt },
        });
      } else if (!sameCell(a, b)) {
        disagreements.push({ participantId, itemCode: item.code, first: a, second: b, presence: 'both', resolution: null });
      }
    }
  }
  const unresolved = disagreements.filter((disagreement) => !disagreement.resolution).length;
  return {
    ...base,
    secondBatchId: second.id,
    secondClerk: second.clerk,
    formsCompared,
    cellsCompared: formsCompared * sheet.items.length,
    disagreements,
    unresolved,
    verified: unresolved === 0 && formsCompared > 0,
  };
}

export interface ResolveInput {
  batchId: number;
  participantId: string;
  /** null settles a form keyed in one pass only by keeping the first pass's state. */
  itemCode: string | null;
  final: CellValue | null;
  chosenBy: string;
}

/**
 * Settles one disagreement against the paper: records the final value and who chose it, and makes
 * the final value the study's data (the first pass's answer). The log keeps the audit trail.
 */
export function resolveDisagreement(db: Db, input: ResolveInput, now: Date = new Date()): Comparison {
  const sheet = firstPassSheet(db, input.batchId);
  const chosenBy = input.chosenBy.trim();
  if (!chosenBy) throw new MixwiseError('INVALID_INPUT', 'Enter who chose the final value.', { field: 'chosenBy', key: 'entryChooserMissing' });
  const comparison = compareBatch(db, input.batchId);
  const target = comparison.disagreements.find(
    (disagreement) => disagreement.participantId === input.participantId && disagreement.itemCode === input.itemCode,
  );
  if (!target) {
    throw new MixwiseError('NOT_FOUND', 'The two keyings agree here; there is nothing to resolve.', { key: 'entryNothingToResolve' });
  }
  const at = now.getTime();
  const record = db.prepare(
    `INSERT INTO entry_resolution (batch_id, participant_id, item_code, first_value, second_value, final_value, chosen_by, chosen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (batch_id, participant_id, item_code) DO UPDATE SET first_value = excluded.first_value,
       second_value = excluded.second_value, final_value = excluded.final_value, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at`,
  );
  if (input.itemCode === null) {
    if (input.final !== null) throw new MixwiseError('INVALID_INPUT', 'A form keyed once is settled by keying it again.', { key: 'entryFormLevel' });
    db.transaction(() => {
      record.run(input.batchId, input.participantId, FORM, present(target.presence === 'firstOnly'), present(target.presence === 'secondOnly'), null, chosenBy, new Date(at).toISOString());
      statements(db).log.run(input.batchId, null, FORM, 'resolve', null, null, chosenBy, at);
    })();
    return compareBatch(db, input.batchId);
  }
  const item = sheet.byCode.get(input.itemCode)!;
  const problem = input.final === null ? null : checkValue(item, input.final);
  if (problem) throw new MixwiseError('INVALID_INPUT', 'This value is not allowed for the item.', { key: `problem.${problem.reason}`, field: 'final', params: { ...problem } });
  // For a re-resolution target.first is the first keying's value as recorded before any change.
  const originalFirst = target.first;
  const rowId = db.prepare('SELECT id FROM entry_row WHERE batch_id = ? AND participant_id = ?').pluck().get(input.batchId, input.participantId) as number;
  const rows = loadRows(db, input.batchId, [rowId]);
  const current = new Map([[String(rowId), cellStore(db, 1).all(rows.get(rowId)!)]]);
  const planned = planWrites(sheet, current, [{ index: 0, rowKey: String(rowId), itemCode: input.itemCode, value: input.final }]);
  if ('problems' in planned) {
    throw new MixwiseError('INVALID_INPUT', 'The skip logic does not ask this item here.', { key: 'problem.notAsked', field: 'final' });
  }
  db.transaction(() => {
    const plan = planned.plans.get(String(rowId))!;
    plan.corrections = 0;
    applyPlans(db, sheet, rows, new Map([[rowId, plan]]), 'resolve', new Map(), at, chosenBy);
    if (plan.changes.length === 0) {
      statements(db).log.run(input.batchId, rowId, input.itemCode, 'resolve', encodeCell(target.first), encodeCell(input.final), chosenBy, at);
    }
    record.run(
      input.batchId,
      input.participantId,
      input.itemCode,
      encodeCell(originalFirst),
      encodeCell(target.second),
      encodeCell(input.final),
      chosenBy,
      new Date(at).toISOString(),
    );
  })();
  return compareBatch(db, input.batchId);
}
