import type { Db } from '../db/open';
import { planWrites, type RowPlan } from '../entry/cells';
import { type CellValue } from '../../shared/entry/rules';
import { loadItems, readMissingCodes, type EntryItem, type Sheet } from '../entry/sheet';
import { MixwiseError } from '../errors';

/**
 * The entry rules for one questionnaire version at one wave, without a batch of this study behind
 * them: merged forms are checked before their batch exists here. Built like entry/sheet.ts builds
 * a batch's sheet (same items, same skip rules), never cached, so nothing outlives a rolled-back import.
 */
export function versionSheet(db: Db, waveId: number, versionId: number): Sheet {
  const all = loadItems(db, { waveId, versionId });
  const known = new Set(all.map((item) => item.code));
  // A rule pointing at an item this version does not ask cannot be applied: the follow-up stays open.
  const items = all.map((item) => (item.showIf && !known.has(item.showIf.item) ? { ...item, showIf: null } : item));
  const byCode = new Map(items.map((item) => [item.code, item]));
  const dependents = new Map<string, EntryItem[]>();
  for (const item of items) {
    if (!item.showIf) continue;
    dependents.set(item.showIf.item, [...(dependents.get(item.showIf.item) ?? []), item]);
  }
  const batch = { id: 0, pass: 1 as const, parentBatchId: null, waveId, waveCode: '', versionId, versionCode: '', identityGroupId: 0, siteId: null, label: '', clerk: '', keyedOn: '' };
  return { batch, items, byCode, dependents, missingCodes: readMissingCodes(db) };
}

/**
 * Checks one incoming form's cells with the entry rules (kind, range, codes, text length, skip
 * logic) as if keyed on an empty row, and returns its status. Throws a plain message naming the
 * ID and the item on the first problem: a batch file with a bad value is refused whole.
 */
export function checkIncomingForm(sheet: Sheet, participantId: string, cells: Map<string, CellValue>): RowPlan['status'] {
  const writes = [...cells].map(([itemCode, value], index) => {
    if (!sheet.byCode.has(itemCode)) {
      throw new MixwiseError('INVALID_INPUT', `The form of ID ${participantId} has an answer to item ${itemCode}, which its questionnaire here does not ask.`, {
        key: 'mergeUnknownItem',
        params: { id: participantId, item: itemCode },
      });
    }
    return { index, rowKey: participantId, itemCode, value };
  });
  if (writes.length === 0) return 'keying';
  const planned = planWrites(sheet, new Map(), writes);
  if ('problems' in planned) {
    const problem = planned.problems[0]!;
    throw new MixwiseError('INVALID_INPUT', `The form of ID ${participantId} has a value for item ${problem.itemCode} that the entry rules refuse (${problem.problem.reason}).`, {
      key: 'mergeBadValue',
      params: { id: participantId, item: problem.itemCode, reason: problem.problem.reason },
    });
  }
  return planned.plans.get(participantId)!.status;
}
