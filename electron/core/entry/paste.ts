import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { applyPlans, loadRows, planWrites, type CellChange, type PlannedWrite, type RowPlan } from './cells';
import { assessId, changeRowId, insertRow } from './ids';
import { rowsById, type EntryRowView } from './rows';
import { parsePastedCell, type CellValue } from '../../shared/entry/rules';
import { sheetFor } from './sheet';
import { cellStore, formElsewhere, statements } from './store';

export interface PasteInput {
  batchId: number;
  /** The row the block's top-left cell lands on; null for the empty row below the last form. */
  anchorRowId: number | null;
  /** The grid column of the block's left edge: 0 is the ID column, 1 the first item, … */
  anchorColumn: number;
  /** The block as the spreadsheet copied it: rows of tab-separated cells. */
  cells: string[][];
}

export interface PasteProblem {
  /** 0-based row and column within the pasted block. */
  row: number;
  column: number;
  /** 'id' or the item's code. */
  target: string;
  reason: string;
  params: Record<string, string | number>;
}

export type PasteResult =
  | { applied: true; rows: EntryRowView[]; changes: CellChange[]; createdRowIds: number[] }
  | { applied: false; problems: PasteProblem[] };

export const PASTE_MAX_CELLS = 200_000;

/**
 * Applies a block pasted from Excel or LibreOffice as a whole: every cell is checked (IDs against
 * the roster, values against their items, the block against the skip logic) and only if all pass is
 * anything written, in one transaction. Rows below the last form become new forms; they need an ID
 * in the block's first column.
 */
export function pasteBlock(db: Db, input: PasteInput, now: Date = new Date()): PasteResult {
  const sheet = sheetFor(db, input.batchId);
  const width = Math.max(0, ...input.cells.map((row) => row.length));
  if (input.cells.length === 0 || width === 0) return { applied: true, rows: [], changes: [], createdRowIds: [] };
  if (input.cells.length * width > PASTE_MAX_CELLS) {
    throw new MixwiseError('INVALID_INPUT', 'The pasted block is too large; paste it in parts.', { key: 'entryPasteTooLarge' });
  }
  const rowIds = statements(db).rowIdsOfBatch.all(input.batchId) as number[];
  const anchorIndex = input.anchorRowId === null ? rowIds.length : rowIds.indexOf(input.anchorRowId);
  if (anchorIndex < 0) throw new MixwiseError('NOT_FOUND', 'This row is not in the batch.', { key: 'rowNotFound' });
  if (input.anchorColumn < 0 || input.anchorColumn > sheet.items.length) {
    throw new MixwiseError('INVALID_INPUT', 'The paste starts outside the grid.', { field: 'anchorColumn' });
  }

  const problems: PasteProblem[] = [];
  const problem = (row: number, column: number, target: string, reason: string, params: Record<string, string | number> = {}) =>
    problems.push({ row, column, target, reason, params });
  for (let column = 0; column < width; column++) {
    if (input.anchorColumn + column > sheet.items.length) problem(0, column, '', 'beyondLastColumn');
  }

  const existing = new Map<string, number>();
  const newRows = new Map<string, string>();
  const idChanges = new Map<number, string>();
  const taken = new Set<string>();
  const writes: PlannedWrite[] = [];
  const where: { row: number; column: number }[] = [];
  const current = loadRows(db, input.batchId, rowIds.slice(anchorIndex, anchorIndex + input.cells.length));
  input.cells.forEach((cells, blockRow) => {
    const rowId = rowIds[anchorIndex + blockRow] ?? null;
    const rowKey = rowId === null ? `new:${blockRow}` : String(rowId);
    if (rowId !== null) existing.set(rowKey, rowId);
    if (input.anchorColumn === 0) {
      const typed = (cells[0] ?? '').trim();
      const currentId = rowId === null ? null : current.get(rowId)!.participantId;
      if (typed === '') problem(blockRow, 0, 'id', 'idRequired');
      else if (typed !== currentId) {
        const assessment = assessId(db, sheet, typed, rowId, taken);
        if (assessment.ok) {
          taken.add(typed);
          if (rowId === null) newRows.set(rowKey, typed);
          else idChanges.set(rowId, typed);
        } else if ('existingRowId' in assessment) problem(blockRow, 0, 'id', 'duplicateInBatch', { position: assessment.position });
        else problem(blockRow, 0, 'id', assessment.refusal, { suggestions: assessment.suggestions.join(', ') });
      } else taken.add(typed);
    } else if (rowId === null) problem(blockRow, 0, 'id', 'idRequired');
    cells.forEach((raw, blockColumn) => {
      const item = sheet.items[input.anchorColumn + blockColumn - 1];
      if (input.anchorColumn + blockColumn === 0 || !item) return;
      const parsed = parsePastedCell(item, raw, sheet.missingCodes);
      if ('problem' in parsed) {
        const { reason, ...params } = parsed.problem;
        problem(blockRow, blockColumn, item.code, reason, params);
        return;
      }
      where.push({ row: blockRow, column: blockColumn });
      writes.push({ index: writes.length, rowKey, itemCode: item.code, value: parsed.value });
    });
  });

  const store = cellStore(db, sheet.batch.pass);
  const currentCells = new Map<string, Map<string, CellValue>>();
  for (const [rowKey, rowId] of existing) currentCells.set(rowKey, store.all(current.get(rowId)!));
  const planned = planWrites(sheet, currentCells, writes);
  if ('problems' in planned) {
    for (const found of planned.problems) {
      const { reason, ...params } = found.problem;
      problem(where[found.index]!.row, where[found.index]!.column, found.itemCode, reason, params);
    }
  }
  if ('plans' in planned && sheet.batch.pass === 1) {
    // A blank row's first answers make its questionnaire: refused if its ID got one at this wave elsewhere.
    for (const [rowKey, rowId] of existing) {
      const plan = planned.plans.get(rowKey);
      if (idChanges.has(rowId) || !plan?.changes.some((change) => change.after !== null)) continue;
      const elsewhere = formElsewhere(db, current.get(rowId)!);
      if (elsewhere) {
        problem(rowIds.indexOf(rowId) - anchorIndex, 0, 'id', 'formElsewhere', { label: elsewhere.label ?? '', position: elsewhere.position ?? 0 });
      }
    }
  }
  if (problems.length > 0) return { applied: false, problems: problems.sort((a, b) => a.row - b.row || a.column - b.column) };
  const plans = (planned as { plans: Map<string, RowPlan> }).plans;

  const at = now.getTime();
  return db.transaction((): PasteResult => {
    const createdRowIds: number[] = [];
    const rowIdOf = new Map(existing);
    for (const [rowKey, participantId] of newRows) {
      const created = insertRow(db, sheet, participantId, at);
      rowIdOf.set(rowKey, created.rowId);
      createdRowIds.push(created.rowId);
    }
    for (const [rowId, participantId] of idChanges) changeRowId(db, sheet, rowId, participantId, at);
    const byRowId = new Map([...plans].map(([rowKey, plan]) => [rowIdOf.get(rowKey)!, plan]));
    const refs = loadRows(db, input.batchId, byRowId.keys());
    const { changes } = applyPlans(db, sheet, refs, byRowId, 'paste', new Map(), at);
    const touched = new Set([...rowIdOf.values(), ...idChanges.keys()]);
    return { applied: true, rows: rowsById(db, input.batchId, [...touched]), changes, createdRowIds };
  })();
}
