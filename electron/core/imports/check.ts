import type { ImportMapping, ImportProblem } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { newFormPlanner, type NewFormPlan } from '../entry/cells';
import { assessId, warningContext, warningsOf, type IdAssessment, type RosterEntry } from '../entry/ids';
import { cellText, type CellProblem, type CellValue } from '../../shared/entry/rules';
import type { Sheet } from '../entry/sheet';
import { readCell, recodeLookup } from './mapping';
import type { ImportTable } from './table';

/**
 * Checks an export against a batch's sheet with the very rules keying uses (assessId for the ID,
 * parsePastedCell/checkValue for each value, planWrites' skip logic across the row, in the form
 * entry/cells newFormPlanner gives it for new forms). Nothing is written here. Rows whose ID is
 * missing or fails its check are *held* for the match assistant; every other problem refuses the
 * whole import.
 */

export interface ReadyRow {
  row: number;
  participantId: string;
}

export interface HeldRow {
  row: number;
  typedId: string;
  /** Item code -> value, as the answers will be written once an ID is confirmed. */
  cells: Record<string, CellValue>;
}

export interface CheckedImport {
  ready: ReadyRow[];
  held: HeldRow[];
  /** Row number -> what to write, when there are no problems. */
  plans: Map<number, NewFormPlan>;
  problems: ImportProblem[];
  /** What keying would warn about (an ID of the other group, of someone who withdrew): imported, but shown. */
  warnings: ImportProblem[];
  /** Mapped items in file order, for the preview's sample. */
  mappedItems: string[];
  sample: { row: number; id: string; cells: string[] }[];
  unrecoded: Map<string, Set<string>>;
}

const REASON_TEXT: Record<string, (params: Record<string, string | number>) => string> = {
  outOfRange: (p) => `must be between ${p.min} and ${p.max}`,
  notACode: (p) => `must be one of ${p.codes}`,
  notANumber: () => 'is not a number, a missing code or a recoded label',
  textExpected: () => 'takes written text, not a number',
  tooLong: (p) => `is longer than ${p.max} characters`,
  notAsked: (p) => `is answered although the skip rule on ${p.item} says it was not asked`,
  formula: () => 'starts with "=" (a formula)',
  keyedElsewhere: () => 'already has a questionnaire at this wave',
  duplicateInFile: (p) => `appears again in row ${p.first}`,
  missingColumn: () => 'is not in the file',
  unknownItem: (p) => `maps to ${p.item}, which is not an item of this version at this wave`,
  itemTwice: (p) => `maps to ${p.item}, which another column also feeds`,
  groupMismatch: (p) => `belongs to ${p.group}, not to ${p.versionGroup} as this version does`,
  withdrawn: () => 'belongs to a participant who withdrew',
};

export function problemAt(
  row: number,
  column: string,
  columnIndex: number,
  target: string,
  reason: string,
  params: Record<string, string | number> = {},
): ImportProblem {
  const place = column ? `Row ${row}, column "${column.slice(0, 60)}"` : `Row ${row}`;
  const what = target === 'id' ? 'the ID' : target ? target : 'the value';
  const detail = REASON_TEXT[reason]?.(params) ?? reason;
  return { row, column, columnIndex, target, reason, params, message: `${place}: ${what} ${detail}.` };
}

const SAMPLE_ROWS = 10;

/**
 * What of a typed ID may be kept or shown: digits only. Respondents sometimes type their name or
 * e-mail into an online form's ID field, and that must reach neither the study file nor the screen.
 */
export function idShaped(typed: string): string {
  return /^\d{1,12}$/.test(typed) ? typed : typed === '' ? '' : '…';
}

/** The shape assessId requires of an ID (entry/ids.ts); anything else takes assessId's own path. */
const ID_SHAPE = /^[0-9]{4,12}$/;

/**
 * assessId for every ID of a file at once. Asking it row by row cost three to five queries per row
 * (roster, batch, wave, and the warnings' context); here the roster entries of the file's IDs, the
 * wave's forms and the batch's rows are read once. An ID that is not plainly acceptable (malformed,
 * not on the roster, already keyed) still goes to assessId itself, so refusals and their suggestions
 * are exactly keying's.
 */
function idAssessor(db: Db, sheet: Sheet, typedIds: readonly string[]): (typed: string) => IdAssessment {
  // Only the file's IDs, as arrays made into entries when asked: reading the whole roster (10 000
  // people) as objects took longer than all the rest of checking the IDs.
  const wanted = JSON.stringify([...new Set(typedIds.filter((typed) => ID_SHAPE.test(typed)))]);
  const rows = db
    .prepare(
      `SELECT p.id, p.identity_group_id AS groupId, g.name AS groupName, p.site_id AS siteId, s.name AS siteName, p.status
         FROM participant p JOIN identity_group g ON g.id = p.identity_group_id LEFT JOIN site s ON s.id = p.site_id
        WHERE p.status <> 'erased' AND p.id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(wanted) as [string, number, string, number | null, string | null, RosterEntry['status']][];
  const roster = new Map(rows.map((row) => [row[0], row]));
  const inBatch = new Set(db.prepare('SELECT participant_id FROM entry_row WHERE batch_id = ?').pluck().all(sheet.batch.id) as string[]);
  // A first pass holds one questionnaire per person and wave; a second pass does not look at the wave.
  const inWave =
    sheet.batch.pass === 1
      ? new Set(
          db
            .prepare('SELECT participant_id FROM response WHERE wave_id = ? AND participant_id IN (SELECT value FROM json_each(?))')
            .pluck()
            .all(sheet.batch.waveId, wanted) as string[],
        )
      : new Set<string>();
  const context = warningContext(db, sheet);
  return (typed) => {
    const row = roster.get(typed);
    if (!row || !ID_SHAPE.test(typed) || inBatch.has(typed) || inWave.has(typed)) return assessId(db, sheet, typed, null);
    const [id, groupId, groupName, siteId, siteName, status] = row;
    return { ok: true, participantId: typed, warnings: warningsOf(sheet, context, { id, groupId, groupName, siteId, siteName, status }) };
  };
}

export function checkImport(db: Db, sheet: Sheet, table: ImportTable, mapping: ImportMapping): CheckedImport {
  const problems: ImportProblem[] = [];
  const indexOf = new Map(table.headers.map((header, index) => [header, index]));
  const column = (header: string): number | null => {
    const index = indexOf.get(header.trim());
    if (index === undefined) problems.push(problemAt(1, header, 0, '', 'missingColumn'));
    return index ?? null;
  };
  const idIndex = mapping.idColumn === null ? null : column(mapping.idColumn);
  const mapped: { index: number; header: string; itemCode: string }[] = [];
  const fed = new Set<string>();
  for (const [header, itemCode] of Object.entries(mapping.columns)) {
    const index = column(header);
    if (!sheet.byCode.has(itemCode)) problems.push(problemAt(1, header, (index ?? -1) + 1, itemCode, 'unknownItem', { item: itemCode }));
    else if (fed.has(itemCode)) problems.push(problemAt(1, header, (index ?? -1) + 1, itemCode, 'itemTwice', { item: itemCode }));
    else if (index !== null) mapped.push({ index, header, itemCode });
    fed.add(itemCode);
  }
  mapped.sort((a, b) => a.index - b.index);
  const warnings: ImportProblem[] = [];
  const empty: CheckedImport = { ready: [], held: [], plans: new Map(), problems, warnings, mappedItems: [], sample: [], unrecoded: new Map() };
  if (problems.length > 0) return empty;

  const recode = recodeLookup(mapping);
  const ready: ReadyRow[] = [];
  const held: HeldRow[] = [];
  const firstRowOf = new Map<string, number>();
  const unrecoded = new Map<string, Set<string>>();
  const sample: CheckedImport['sample'] = [];
  const plans = new Map<number, NewFormPlan>();
  // Skip-logic problems go after all others before the (stable) sort by row and column, so a cell's problems keep their order.
  const planProblems: ImportProblem[] = [];
  const heldPlans: [HeldRow, NewFormPlan][] = [];
  const idHeader = mapping.idColumn ?? '';
  const rows = table.rows.slice(mapping.skipRows);
  const assess = idAssessor(db, sheet, idIndex === null ? [] : rows.map(({ cells }) => (cells[idIndex] ?? '').trim()));
  // What each mapped column needs, looked up once rather than per cell.
  const columns = mapped.map(({ index, header, itemCode }) => ({ index, header, itemCode, item: sheet.byCode.get(itemCode)!, recode: recode.get(itemCode) }));
  const plan = newFormPlanner(sheet, mapped.map((entry) => entry.itemCode));
  const values: (CellValue | null)[] = new Array(columns.length);

  for (const { row, cells } of rows) {
    const typed = idIndex === null ? '' : (cells[idIndex] ?? '').trim();
    let isHeld = false;
    if (typed === '') isHeld = true;
    else if (firstRowOf.has(typed)) {
      problems.push(problemAt(row, idHeader, idIndex! + 1, 'id', 'duplicateInFile', { first: firstRowOf.get(typed)! }));
    } else {
      firstRowOf.set(typed, row);
      const assessment = assess(typed);
      if (assessment.ok) {
        ready.push({ row, participantId: typed });
        for (const { kind, ...params } of assessment.warnings) warnings.push(problemAt(row, idHeader, idIndex! + 1, 'id', kind, params));
      }
      else if ('refusal' in assessment && assessment.refusal !== 'keyedElsewhere') isHeld = true;
      else problems.push(problemAt(row, idHeader, idIndex! + 1, 'id', 'keyedElsewhere'));
    }
    const heldRow: HeldRow | null = isHeld ? { row, typedId: idShaped(typed), cells: {} } : null;
    if (heldRow) held.push(heldRow);
    // Only the preview's first rows are shown: no other row needs its cells as text.
    const shown: string[] | null = sample.length < SAMPLE_ROWS ? [] : null;
    for (let at = 0; at < columns.length; at++) {
      const { index, header, itemCode, item, recode: labels } = columns[at]!;
      const raw = cells[index] ?? '';
      const parsed = readCell(item, raw, labels, sheet.missingCodes);
      values[at] = null;
      if ('problem' in parsed) {
        const { reason, ...params } = parsed.problem as CellProblem;
        problems.push(problemAt(row, header, index + 1, itemCode, reason, params as Record<string, string | number>));
        if (reason === 'notANumber' && item.kind !== 'text' && raw.trim().length <= 60) {
          const labels = unrecoded.get(itemCode) ?? new Set<string>();
          if (labels.size < 50) labels.add(raw.trim());
          unrecoded.set(itemCode, labels);
        }
        shown?.push('');
        continue;
      }
      shown?.push(cellText(parsed.value, sheet.missingCodes));
      values[at] = parsed.value;
    }
    if (shown) sample.push({ row, id: idShaped(typed), cells: shown });
    const planned = plan(values);
    for (const found of planned.problems) {
      const { index, header } = columns[found.column]!;
      const { reason, ...params } = found.problem;
      planProblems.push(problemAt(row, header, index + 1, found.itemCode, reason, params as Record<string, string | number>));
    }
    if (!planned.plan) continue;
    plans.set(row, planned.plan);
    if (heldRow) heldPlans.push([heldRow, planned.plan]);
  }

  // As in planWrites, a skip-logic problem anywhere leaves nothing planned (and no held row's cells).
  if (planProblems.length > 0) plans.clear();
  else {
    for (const [entry, planned] of heldPlans) planned.itemCodes.forEach((itemCode, at) => (entry.cells[itemCode] = planned.values[at]!));
  }
  for (const problem of planProblems) problems.push(problem);
  problems.sort((a, b) => a.row - b.row || a.columnIndex - b.columnIndex);
  return { ready, held, plans, problems, warnings, mappedItems: mapped.map((entry) => entry.itemCode), sample, unrecoded };
}
