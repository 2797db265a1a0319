import { basename } from 'node:path';
import type { Db, OpenOptions } from '../db/open';
import { batchSummary } from '../entry/batches';
import { MixwiseError } from '../errors';
import { assertNewPassphrase } from '../study/file';
import { BATCH_EXTENSION, writeBatchFile, type BatchFileContent } from './batchFile';

export interface ExportInput {
  batchIds: number[];
  path: string;
  passphrase: string;
}

export interface ExportResult {
  path: string;
  fileName: string;
  batches: number;
  forms: number;
  cells: number;
}

/**
 * The chosen batches with their partners: a first keying brings its blind second keying and a
 * second keying its first, because a second keying means nothing without the forms it checks.
 */
function withPartners(db: Db, batchIds: number[]): number[] {
  const ids = new Set<number>();
  const partners = db.prepare('SELECT parent_batch_id AS parent, (SELECT c.id FROM entry_batch c WHERE c.parent_batch_id = b.id) AS child FROM entry_batch b WHERE b.id = ?');
  for (const id of batchIds) {
    const row = partners.get(id) as { parent: number | null; child: number | null } | undefined;
    if (!row) throw new MixwiseError('NOT_FOUND', 'This batch does not exist.', { key: 'batchNotFound' });
    ids.add(id);
    if (row.parent !== null) ids.add(row.parent);
    if (row.child !== null) ids.add(row.child);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Reads what a batch file carries from the study: IDs and answers, nothing from the vault. */
export function collectBatches(db: Db, batchIds: number[], now = new Date()): BatchFileContent {
  if (batchIds.length === 0) throw new MixwiseError('INVALID_INPUT', 'Choose at least one batch to export.', { key: 'mergeNoBatches', field: 'batchIds' });
  const ids = withPartners(db, batchIds);
  const uuid = db.prepare('SELECT uuid FROM study WHERE id = 1').pluck().get() as string;
  const content: BatchFileContent = {
    file: { study_uuid: uuid, label: `${ids.length} batch(es)`, created_at: now.toISOString() },
    batches: [],
    forms: [],
    cells: [],
    resolutions: [],
  };
  const formsOf = db.prepare("SELECT batch_id, participant_id, position, status FROM entry_row WHERE batch_id = ? ORDER BY position");
  const firstPassCells = db.prepare(
    `SELECT r.batch_id, r.participant_id, a.item_code, a.value, a.missing, a.text_value
       FROM entry_row r JOIN answer a ON a.response_id = r.response_id WHERE r.batch_id = ?`,
  );
  const secondPassCells = db.prepare(
    `SELECT r.batch_id, r.participant_id, c.item_code, c.value, c.missing, c.text_value
       FROM entry_row r JOIN entry_cell c ON c.row_id = r.id WHERE r.batch_id = ?`,
  );
  const resolutionsOf = db.prepare(
    `SELECT batch_id, participant_id, item_code, first_value, second_value, final_value, chosen_by, chosen_at
       FROM entry_resolution WHERE batch_id = ?`,
  );
  const kindOf = db.prepare('SELECT kind FROM entry_batch WHERE id = ?').pluck();
  for (const id of ids) {
    const summary = batchSummary(db, id);
    content.batches.push({
      id,
      pass: summary.pass,
      kind: kindOf.get(id) as 'keyed' | 'import',
      parent_id: summary.parentBatchId,
      wave_code: summary.waveCode,
      version_code: summary.versionCode,
      site_code: summary.siteCode,
      label: summary.label,
      clerk: summary.clerk,
      keyed_on: summary.keyedOn,
      created_at: summary.createdAt,
      verification: summary.verification,
    });
    content.forms.push(...(formsOf.all(id) as BatchFileContent['forms']));
    content.cells.push(...((summary.pass === 1 ? firstPassCells : secondPassCells).all(id) as BatchFileContent['cells']));
    content.resolutions.push(...(resolutionsOf.all(id) as BatchFileContent['resolutions']));
  }
  return content;
}

/** Writes the chosen batches to an encrypted batch file (atomically: whole or not at all). */
export function exportBatches(db: Db, input: ExportInput, options: OpenOptions = {}, now = new Date()): ExportResult {
  assertNewPassphrase(input.passphrase);
  if (!input.path.endsWith(BATCH_EXTENSION)) {
    throw new MixwiseError('INVALID_INPUT', `A batch file name ends in ${BATCH_EXTENSION}.`, {
      field: 'path',
      key: 'mergeExtension',
      params: { extension: BATCH_EXTENSION },
    });
  }
  const content = collectBatches(db, input.batchIds, now);
  writeBatchFile(input.path, input.passphrase, content, options);
  return {
    path: input.path,
    fileName: basename(input.path),
    batches: content.batches.length,
    forms: content.forms.length,
    cells: content.cells.length,
  };
}
