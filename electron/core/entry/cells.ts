import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { checkValue, encodeCell, isAsked, sameCell, type CellProblem, type CellValue } from '../../shared/entry/rules';
import { sheetFor, type Sheet } from './sheet';
import { cellStore, dropResponseIfEmpty, ensureResponse, formElsewhere, statements, type RowRef } from './store';

export type EntryAction = 'key' | 'paste' | 'undo' | 'redo';
export type RowStatus = 'keying' | 'complete';

export interface CellWrite {
  rowId: number;
  itemCode: string;
  value: CellValue | null;
}

/** A cell that changed: written by the clerk, or emptied because skip logic no longer asks it. */
export interface CellChange {
  rowId: number;
  itemCode: string;
  before: CellValue | null;
  after: CellValue | null;
  cause: 'write' | 'skip';
}

/**
 * A first answer to a blank row whose ID meanwhile got a questionnaire at this wave elsewhere (an
 * import, another batch): the study holds one per person and wave, so the paper is a duplicate or
 * its ID was misread. label/position: the other form's batch and place ('' and 0 when not keyed).
 */
export type FormElsewhereProblem = { reason: 'formElsewhere'; label: string; position: number };

export interface CellProblemAt {
  /** Index of the write in the request (the paste's cell, the undo's step). */
  index: number;
  itemCode: string;
  problem: CellProblem | FormElsewhereProblem;
}

export interface RowSaved {
  rowId: number;
  status: RowStatus;
}

export type CommitResult =
  | { applied: true; rows: RowSaved[]; changes: CellChange[] }
  | { applied: false; problems: CellProblemAt[] };

/** A write addressed to a row by key, so a paste can plan rows that do not exist yet. */
export interface PlannedWrite {
  index: number;
  rowKey: string;
  itemCode: string;
  value: CellValue | null;
}

export interface RowPlan {
  changes: { itemCode: string; before: CellValue | null; after: CellValue | null; cause: 'write' | 'skip' }[];
  status: RowStatus;
  /** Cells the clerk overwrote or emptied: the keying statistics count them as corrections. */
  corrections: number;
}

/**
 * Checks a set of writes against the items' rules and the skip logic, as a whole, without touching
 * the file. Writes apply in order on top of each row's current cells. A follow-up that stops being
 * asked because its source changed is emptied (cause 'skip'), as the paper form would have skipped
 * it; a follow-up the request itself fills while it is not asked is a problem.
 */
export function planWrites(
  sheet: Sheet,
  current: Map<string, Map<string, CellValue>>,
  writes: PlannedWrite[],
): { problems: CellProblemAt[] } | { plans: Map<string, RowPlan> } {
  const problems: CellProblemAt[] = [];
  const next = new Map<string, Map<string, CellValue>>();
  const written = new Map<string, Map<string, number>>();
  for (const write of writes) {
    const item = sheet.byCode.get(write.itemCode);
    if (!item) {
      throw new MixwiseError('INVALID_INPUT', `Item ${write.itemCode} is not in this batch's questionnaire.`, { field: 'itemCode' });
    }
    if (write.value !== null) {
      const problem = checkValue(item, write.value);
      if (problem) {
        problems.push({ index: write.index, itemCode: write.itemCode, problem });
        continue;
      }
    }
    let cells = next.get(write.rowKey);
    if (!cells) next.set(write.rowKey, (cells = new Map(current.get(write.rowKey) ?? [])));
    if (write.value === null) cells.delete(write.itemCode);
    else cells.set(write.itemCode, write.value);
    let indexes = written.get(write.rowKey);
    if (!indexes) written.set(write.rowKey, (indexes = new Map()));
    indexes.set(write.itemCode, write.index);
  }

  const plans = new Map<string, RowPlan>();
  for (const [rowKey, cells] of next) {
    const indexes = written.get(rowKey)!;
    const valueOf = (code: string) => cells.get(code);
    // Settle skip logic in printed order: a rule reads an earlier item, so one pass suffices.
    for (const item of sheet.items) {
      if (!item.showIf || !cells.has(item.code) || isAsked(item, valueOf)) continue;
      const index = indexes.get(item.code);
      if (index !== undefined) problems.push({ index, itemCode: item.code, problem: { reason: 'notAsked', item: item.showIf.item } });
      else cells.delete(item.code);
    }
    const before = current.get(rowKey) ?? new Map<string, CellValue>();
    const plan: RowPlan = { changes: [], status: 'complete', corrections: 0 };
    for (const item of sheet.items) {
      const old = before.get(item.code) ?? null;
      const now = cells.get(item.code) ?? null;
      if (!sameCell(old, now)) {
        const cause = indexes.has(item.code) ? 'write' : 'skip';
        plan.changes.push({ itemCode: item.code, before: old, after: now, cause });
        if (cause === 'write' && old !== null) plan.corrections++;
      }
      if (now === null && isAsked(item, valueOf)) plan.status = 'keying';
    }
    plans.set(rowKey, plan);
  }
  return problems.length > 0 ? { problems: problems.sort((a, b) => a.index - b.index) } : { plans };
}

/**
 * A RowPlan of a form that had no cell: its changes are all writes of a value over nothing, in printed
 * order, and it has no corrections, so the item codes and values are all there is to keep.
 */
export interface NewFormPlan {
  status: RowStatus;
  itemCodes: string[];
  values: CellValue[];
}

/** A problem of a form planned by newFormPlanner, at the column (index into its columns) that wrote the cell. */
export interface ColumnProblem {
  column: number;
  itemCode: string;
  problem: CellProblem;
}

/**
 * planWrites for forms that have no cell yet, as an import's: `columns[i]` is the item column i
 * writes, and each form's values come as one array by column (null: nothing written). The result is
 * planWrites' for the same writes in column order (cells.test.ts compares the two), but without a
 * PlannedWrite per answer, Maps per row keyed by row and item, or an object per change, which were
 * most of the time of checking a 3 800-form import. Problems come in column order, as planWrites
 * sorts them by write; as there, a form is planned even when it has problems.
 */
export function newFormPlanner(
  sheet: Sheet,
  columns: readonly string[],
): (values: readonly (CellValue | null)[]) => { plan: NewFormPlan | null; problems: ColumnProblem[] } {
  const slots = new Map<string, number>();
  const slotOf = (code: string) => {
    let slot = slots.get(code);
    if (slot === undefined) slots.set(code, (slot = slots.size));
    return slot;
  };
  const columnItems = columns.map((code) => {
    const item = sheet.byCode.get(code);
    if (!item) throw new MixwiseError('INVALID_INPUT', `Item ${code} is not in this batch's questionnaire.`, { field: 'itemCode' });
    return item;
  });
  const columnSlots = columns.map(slotOf);
  const { items } = sheet;
  const itemSlots = items.map((item) => slotOf(item.code));
  // The form's cells by slot, and the column that wrote each: reused from form to form.
  const cells: (CellValue | undefined)[] = new Array(slots.size);
  const writer: number[] = new Array(slots.size).fill(-1);
  const valueOf = (code: string) => {
    const slot = slots.get(code);
    return slot === undefined ? undefined : cells[slot];
  };
  return (values) => {
    cells.fill(undefined);
    const problems: ColumnProblem[] = [];
    let written = 0;
    for (let column = 0; column < columns.length; column++) {
      const value = values[column] ?? null;
      if (value === null) continue;
      const problem = checkValue(columnItems[column]!, value);
      if (problem) {
        problems.push({ column, itemCode: columns[column]!, problem });
        continue;
      }
      cells[columnSlots[column]!] = value;
      writer[columnSlots[column]!] = column;
      written++;
    }
    // planWrites plans no row that no valid write reaches.
    if (written === 0) return { plan: null, problems };
    // Every cell of a new form was written by it, so one that skip logic does not ask is a problem (never emptied).
    for (let at = 0; at < items.length; at++) {
      const item = items[at]!;
      if (!item.showIf || cells[itemSlots[at]!] === undefined || isAsked(item, valueOf)) continue;
      problems.push({ column: writer[itemSlots[at]!]!, itemCode: item.code, problem: { reason: 'notAsked', item: item.showIf.item } });
    }
    if (problems.length > 1) problems.sort((a, b) => a.column - b.column);
    const plan: NewFormPlan = { status: 'complete', itemCodes: [], values: [] };
    for (let at = 0; at < items.length; at++) {
      const item = items[at]!;
      const now = cells[itemSlots[at]!] ?? null;
      if (now !== null) {
        plan.itemCodes.push(item.code);
        plan.values.push(now);
      } else if (plan.status === 'complete' && isAsked(item, valueOf)) plan.status = 'keying';
    }
    return { plan, problems };
  };
}

/** Reads the rows a request touches, refusing a row of another batch. */
export function loadRows(db: Db, batchId: number, rowIds: Iterable<number>): Map<number, RowRef> {
  const s = statements(db);
  const rows = new Map<number, RowRef>();
  for (const rowId of rowIds) {
    if (rows.has(rowId)) continue;
    const row = s.row.get(rowId) as RowRef | undefined;
    if (!row || row.batchId !== batchId) {
      throw new MixwiseError('NOT_FOUND', 'This row is not in the batch.', { key: 'rowNotFound', field: 'rowId' });
    }
    rows.set(rowId, row);
  }
  return rows;
}

/**
 * Writes planned changes of existing rows: the cells, one log line each, and the row's counters.
 * Runs inside the caller's transaction.
 */
export function applyPlans(
  db: Db,
  sheet: Sheet,
  rows: Map<number, RowRef>,
  plans: Map<number, RowPlan>,
  action: EntryAction | 'resolve',
  keystrokes: Map<number, number>,
  at: number,
  actor: string = sheet.batch.clerk,
): { saved: RowSaved[]; changes: CellChange[] } {
  const s = statements(db);
  const store = cellStore(db, sheet.batch.pass);
  const iso = new Date(at).toISOString();
  const saved: RowSaved[] = [];
  const changes: CellChange[] = [];
  for (const [rowId, plan] of plans) {
    const row = rows.get(rowId)!;
    // A first-pass row is a questionnaire while it has an answer (migration 0100).
    const firstPass = sheet.batch.pass === 1;
    if (firstPass && plan.changes.some((change) => change.after !== null)) ensureResponse(db, row, iso);
    for (const change of plan.changes) {
      if (change.after === null) store.delete(row, change.itemCode);
      else store.set(row, change.itemCode, change.after);
      const logged = change.cause === 'skip' ? 'clear' : action;
      s.log.run(sheet.batch.id, rowId, change.itemCode, logged, encodeCell(change.before), encodeCell(change.after), actor, at);
      changes.push({ rowId, ...change });
    }
    if (firstPass) dropResponseIfEmpty(db, row);
    s.updateRow.run(keystrokes.get(rowId) ?? 0, plan.corrections, plan.status, iso, rowId);
    saved.push({ rowId, status: plan.status });
  }
  // Keys counted on a row whose cells did not change (e.g. the same value typed again) still count.
  for (const [rowId, count] of keystrokes) {
    if (plans.has(rowId) || count === 0) continue;
    const row = rows.get(rowId);
    if (row) s.updateRow.run(count, 0, row.status, iso, rowId);
  }
  return { saved, changes };
}

/**
 * The first answers to blank rows whose ID got a questionnaire at this wave elsewhere meanwhile:
 * one problem per such row, at its first write with a value.
 */
export function blankRowsTakenElsewhere(db: Db, writes: readonly CellWrite[], rows: Map<number, RowRef>): CellProblemAt[] {
  const problems: CellProblemAt[] = [];
  const seen = new Set<number>();
  writes.forEach((write, index) => {
    if (write.value === null || seen.has(write.rowId)) return;
    seen.add(write.rowId);
    const elsewhere = formElsewhere(db, rows.get(write.rowId)!);
    if (elsewhere) {
      problems.push({ index, itemCode: write.itemCode, problem: { reason: 'formElsewhere', label: elsewhere.label ?? '', position: elsewhere.position ?? 0 } });
    }
  });
  return problems;
}

export interface CommitInput {
  batchId: number;
  writes: CellWrite[];
  action: EntryAction;
  /** Keys the clerk pressed on each row since its last commit (the renderer counts them). */
  keystrokes?: { rowId: number; count: number }[];
}

/**
 * Commits cell writes as one transaction: all of them or, if any is invalid, none (and every bad
 * cell is listed). When this returns the transaction has committed with synchronous=FULL, so an
 * acknowledged cell survives a crash. A single keystroke is a request with one write.
 */
export function commitCells(db: Db, input: CommitInput, now: Date = new Date()): CommitResult {
  const sheet = sheetFor(db, input.batchId);
  const keystrokes = new Map<number, number>();
  for (const entry of input.keystrokes ?? []) keystrokes.set(entry.rowId, (keystrokes.get(entry.rowId) ?? 0) + entry.count);
  const rows = loadRows(db, input.batchId, [...input.writes.map((write) => write.rowId), ...keystrokes.keys()]);
  const store = cellStore(db, sheet.batch.pass);
  const current = new Map<string, Map<string, CellValue>>();
  for (const rowId of new Set(input.writes.map((write) => write.rowId))) current.set(String(rowId), store.all(rows.get(rowId)!));
  const planned = planWrites(
    sheet,
    current,
    input.writes.map((write, index) => ({ index, rowKey: String(write.rowId), itemCode: write.itemCode, value: write.value })),
  );
  if ('problems' in planned) return { applied: false, problems: planned.problems };
  const plans = new Map([...planned.plans].map(([key, plan]) => [Number(key), plan]));
  const taken = sheet.batch.pass === 1 ? blankRowsTakenElsewhere(db, input.writes, rows) : [];
  if (taken.length > 0) return { applied: false, problems: taken };
  const result = db.transaction(() => applyPlans(db, sheet, rows, plans, input.action, keystrokes, now.getTime()))();
  return { applied: true, rows: result.saved, changes: result.changes };
}
