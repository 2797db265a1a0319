import { z } from 'zod';
import { empty, method } from '../method';

/**
 * Data entry of paper questionnaires: batches (one box of forms, one wave and version, one clerk),
 * the grid's rows and cells, pasting, double entry and keying statistics. Every cell write is one
 * call that returns only after the study file has committed it.
 */

const id = z.number().int().positive();
const code = z.string().min(1).max(24);
const name = z.string().max(200);
const date = z.string().max(10);
const missingReason = z.enum(['skipped', 'refused', 'dont_know']);

export const cellValue = z.union([
  z.number().int(),
  z.object({ missing: missingReason }).strict(),
  z.object({ text: z.string().max(500) }).strict(),
]);

type CellValueOut = z.infer<typeof cellValue>;
const MISSING = new Set(['skipped', 'refused', 'dont_know']);

/** The same shape as cellValue, checked by a plain function: exact, and cheap enough per cell. */
function isCell(value: unknown): value is CellValueOut | null {
  if (value === null || Number.isInteger(value)) return true;
  if (typeof value !== 'object') return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const record = value as Record<string, unknown>;
  return keys[0] === 'missing' ? MISSING.has(record.missing as string) : keys[0] === 'text' && typeof record.text === 'string';
}

/**
 * A page of rows carries up to 400 000 cells: a zod union per cell took ~3.7 µs each (3 s for a
 * batch of 10 000 forms x 80 items); one loop over the array checks the same shape 30 times faster.
 */
const cellRow = z.custom<(CellValueOut | null)[]>((value) => Array.isArray(value) && value.every(isCell), { message: 'Expected a row of cells' });

const showIf = z.object({ item: z.string(), equals: z.array(z.number()) });

const entryItem = z.object({
  code: z.string(),
  position: z.number(),
  /** The question's number on this wave's paper form. */
  number: z.number(),
  wording: z.string(),
  concept: z.string(),
  kind: z.enum(['likert', 'yesno', 'number', 'choice', 'text']),
  min: z.number().nullable(),
  max: z.number().nullable(),
  codes: z.array(z.number()).nullable(),
  anchors: z.array(z.string()),
  showIf: showIf.nullable(),
});

export const batchSummary = z.object({
  id: z.number(),
  pass: z.union([z.literal(1), z.literal(2)]),
  kind: z.enum(['keyed', 'import']),
  parentBatchId: z.number().nullable(),
  secondPassId: z.number().nullable(),
  waveCode: z.string(),
  waveLabel: z.string(),
  versionCode: z.string(),
  versionLabel: z.string(),
  siteCode: z.string().nullable(),
  siteName: z.string().nullable(),
  label: z.string(),
  clerk: z.string(),
  keyedOn: z.string(),
  createdAt: z.string(),
  forms: z.number(),
  completeForms: z.number(),
  verification: z.enum(['none', 'pending', 'verified']).nullable(),
  unresolved: z.number().nullable(),
});

const idWarning = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('groupMismatch'), group: z.string(), versionGroup: z.string() }),
  z.object({ kind: z.literal('siteMismatch'), site: z.string(), batchSite: z.string() }),
  z.object({ kind: z.literal('withdrawn') }),
  z.object({ kind: z.literal('notInFirstPass') }),
]);

const rowStatus = z.enum(['keying', 'complete']);

export const entryRow = z.object({
  rowId: z.number(),
  position: z.number(),
  participantId: z.string(),
  status: rowStatus,
  keystrokes: z.number(),
  corrections: z.number(),
  warnings: z.array(idWarning),
  cells: cellRow,
});

const cellChange = z.object({
  rowId: z.number(),
  itemCode: z.string(),
  before: cellValue.nullable(),
  after: cellValue.nullable(),
  cause: z.enum(['write', 'skip']),
});

const problemParams = z.record(z.string(), z.union([z.string(), z.number()]));

const disagreement = z.object({
  participantId: z.string(),
  itemCode: z.string().nullable(),
  first: cellValue.nullable(),
  second: cellValue.nullable(),
  presence: z.enum(['both', 'firstOnly', 'secondOnly']),
  resolution: z.object({ final: cellValue.nullable(), chosenBy: z.string(), chosenAt: z.string() }).nullable(),
});

export const comparison = z.object({
  firstBatchId: z.number(),
  secondBatchId: z.number().nullable(),
  firstClerk: z.string(),
  secondClerk: z.string().nullable(),
  formsCompared: z.number(),
  cellsCompared: z.number(),
  disagreements: z.array(disagreement),
  unresolved: z.number(),
  verified: z.boolean(),
});

const keyingFigures = {
  forms: z.number(),
  keystrokes: z.number(),
  keystrokesPerForm: z.number().nullable(),
  corrections: z.number(),
  activeMinutes: z.number(),
  formsPerHour: z.number().nullable(),
};

export const ROWS_PAGE_MAX = 5000;

export const entryContract = {
  'entry.batches': method(empty, z.array(batchSummary)),
  'entry.batch.create': method(
    z
      .object({ waveCode: code, versionCode: code, siteCode: code.nullable().optional(), label: name, clerk: name, keyedOn: date })
      .strict(),
    batchSummary,
  ),
  /** The blind second keying of a first-pass batch, by another clerk. */
  'entry.batch.createSecondPass': method(z.object({ parentBatchId: id, clerk: name, keyedOn: date }).strict(), batchSummary),
  /** Opens a batch for keying: its columns in printed order, the missing codes, how many rows. */
  'entry.batch.open': method(
    z.object({ batchId: id }).strict(),
    z.object({
      batch: batchSummary,
      items: z.array(entryItem),
      missingCodes: z.object({ skipped: z.number(), refused: z.number(), dont_know: z.number() }),
      totalRows: z.number(),
    }),
  ),
  'entry.rows': method(
    z.object({ batchId: id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(ROWS_PAGE_MAX) }).strict(),
    z.array(entryRow),
  ),
  /** Commits a row's ID: a new form (rowId null) or a corrected ID. Refusals come back as data. */
  'entry.row.setId': method(
    z
      .object({
        batchId: id,
        rowId: id.nullable(),
        participantId: z.string().regex(/^[0-9]{1,12}$/),
        keystrokes: z.number().int().min(0).max(1000).optional(),
      })
      .strict(),
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.literal('accepted'), rowId: z.number(), position: z.number(), warnings: z.array(idWarning) }),
      z.object({ outcome: z.literal('existing'), rowId: z.number(), position: z.number() }),
      z.object({
        outcome: z.literal('refused'),
        refusal: z.enum(['format', 'checkDigit', 'notOnRoster', 'keyedElsewhere']),
        suggestions: z.array(z.string()),
        elsewhere: z.object({ label: z.string().nullable(), position: z.number().nullable() }).nullable(),
      }),
    ]),
  ),
  /**
   * Commits cells as one transaction, all or none; returns after the commit is on disk. One keystroke
   * is one write; undo and redo send the cells they restore.
   */
  'entry.cells.commit': method(
    z
      .object({
        batchId: id,
        writes: z.array(z.object({ rowId: id, itemCode: code, value: cellValue.nullable() }).strict()).min(1).max(10_000),
        action: z.enum(['key', 'undo', 'redo']),
        keystrokes: z.array(z.object({ rowId: id, count: z.number().int().min(0).max(1000) }).strict()).max(100).optional(),
      })
      .strict(),
    z.discriminatedUnion('applied', [
      z.object({ applied: z.literal(true), rows: z.array(z.object({ rowId: z.number(), status: rowStatus })), changes: z.array(cellChange) }),
      z.object({
        applied: z.literal(false),
        problems: z.array(z.object({ index: z.number(), itemCode: z.string(), problem: z.object({ reason: z.string() }).catchall(z.union([z.string(), z.number()])) })),
      }),
    ]),
  ),
  /** A block from a spreadsheet, checked as a whole: applied entirely, or nothing and every bad cell listed. */
  'entry.cells.paste': method(
    z
      .object({
        batchId: id,
        anchorRowId: id.nullable(),
        anchorColumn: z.number().int().min(0).max(1000),
        cells: z.array(z.array(z.string().max(500)).max(1000)).min(1).max(20_000),
      })
      .strict(),
    z.discriminatedUnion('applied', [
      z.object({ applied: z.literal(true), rows: z.array(entryRow), changes: z.array(cellChange), createdRowIds: z.array(z.number()) }),
      z.object({
        applied: z.literal(false),
        problems: z.array(z.object({ row: z.number(), column: z.number(), target: z.string(), reason: z.string(), params: problemParams })),
      }),
    ]),
  ),
  /**
   * Deletes a row keyed by mistake (the grid asks to confirm first): its questionnaire and answers
   * (first keying) or its cells (second keying) go, its whole content is kept in the audit trail
   * with the batch's clerk and the time, and its position stays free. Refused (entryRowKeyedTwice)
   * for a first keying's row whose paper the second keying has keyed too.
   */
  'entry.row.delete': method(z.object({ batchId: id, rowId: id }).strict(), z.object({ rowId: z.number(), position: z.number() })),
  /**
   * Undoes a deletion: the row comes back at its position with its ID and cells. Refused when the
   * batch holds that ID again (entryRowRestoreInBatch), the ID has a questionnaire at this wave
   * elsewhere now (entryRowRestoreTaken), or an evaluator moved the form (entryRowMoved).
   */
  'entry.row.restore': method(z.object({ batchId: id, rowId: id }).strict(), entryRow),
  'entry.compare': method(z.object({ batchId: id }).strict(), comparison),
  /** Settles one disagreement: the final value (checked against the paper) and who chose it. */
  'entry.resolve': method(
    z
      .object({ batchId: id, participantId: z.string().regex(/^[0-9]{1,12}$/), itemCode: code.nullable(), final: cellValue.nullable(), chosenBy: name })
      .strict(),
    comparison,
  ),
  'entry.stats': method(
    empty,
    z.object({
      batches: z.array(
        z.object({ batchId: z.number(), label: z.string(), pass: z.number(), clerk: z.string(), waveCode: z.string(), versionCode: z.string(), ...keyingFigures }),
      ),
      clerks: z.array(
        z.object({
          clerk: z.string(),
          batches: z.number(),
          ...keyingFigures,
          cellsCompared: z.number(),
          errors: z.number(),
          errorRate: z.number().nullable(),
          unresolved: z.number(),
        }),
      ),
    }),
  ),
} as const;
