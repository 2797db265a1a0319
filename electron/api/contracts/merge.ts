import { z } from 'zod';
import { empty, method } from '../method';
import { absolutePath, passphrase } from '../schemas';
import { cellValue } from './entry';

/**
 * Merging forms keyed on two laptops: export chosen batches to an encrypted .mixbatch file (IDs and
 * answers only), preview and import such a file into the same study, and settle the cells where
 * the file and the study disagree.
 */

const summary = z.object({
  batchesInFile: z.number(),
  batchesNew: z.number(),
  formsInFile: z.number(),
  formsNew: z.number(),
  formsIdentical: z.number(),
  formsConflicting: z.number(),
  cellsIdentical: z.number(),
  conflicts: z.number(),
  conflictsAlreadyListed: z.number(),
  formsOfErased: z.number(),
  secondPassesSkipped: z.number(),
  resolutionsAdded: z.number(),
});

const plannedConflict = z.object({
  participantId: z.string(),
  waveCode: z.string(),
  pass: z.number(),
  itemCode: z.string(),
  here: cellValue.nullable(),
  incoming: cellValue.nullable(),
});

export const mergeConflict = z.object({
  id: z.number(),
  participantId: z.string(),
  waveCode: z.string(),
  waveLabel: z.string(),
  pass: z.union([z.literal(1), z.literal(2)]),
  itemCode: z.string(),
  here: cellValue.nullable(),
  hereAtImport: cellValue.nullable(),
  incoming: cellValue.nullable(),
  incomingClerk: z.string(),
  importedAt: z.string(),
  resolution: z.object({ final: cellValue.nullable(), chosenBy: z.string(), chosenAt: z.string() }).nullable(),
});

const fileInput = z.object({ path: absolutePath, passphrase }).strict();

export const PREVIEW_CONFLICTS_MAX = 200;

export const mergeContract = {
  /** Asks where to save, then writes the batches (with their first/second keying partners). null path: cancelled. */
  'merge.exportBatches': method(
    z.object({ batchIds: z.array(z.number().int().positive()).min(1).max(10_000), passphrase }).strict(),
    z.object({ path: z.string().nullable(), fileName: z.string().nullable(), batches: z.number(), forms: z.number(), cells: z.number() }),
  ),
  /** The open-file dialog for a .mixbatch file; null when cancelled. */
  'merge.chooseFile': method(empty, z.object({ path: z.string().nullable() })),
  /** What importing would do, without changing anything; at most PREVIEW_CONFLICTS_MAX conflicts are shown. */
  'merge.preview': method(fileInput, z.object({ summary, conflicts: z.array(plannedConflict) })),
  /** Imports in one transaction: new forms added, identical ones counted, conflicting cells listed, never applied. */
  'merge.import': method(fileInput, summary),
  /** Every merge conflict (open ones first), with the study's missing codes to show them by. */
  'merge.conflicts.list': method(
    empty,
    z.object({ conflicts: z.array(mergeConflict), missingCodes: z.object({ skipped: z.number(), refused: z.number(), dont_know: z.number() }) }),
  ),
  'merge.conflicts.resolve': method(
    z.object({ conflictId: z.number().int().positive(), final: cellValue.nullable(), chosenBy: z.string().max(200) }).strict(),
    mergeConflict,
  ),
} as const;
