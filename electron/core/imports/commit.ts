import { createHash } from 'node:crypto';
import type { ImportMapping, ImportPreview } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { createBatch } from '../entry/batches';
import { encodeCell } from '../../shared/entry/rules';
import { sheetFor, type Sheet } from '../entry/sheet';
import { MixwiseError } from '../errors';
import { checkImport, type CheckedImport } from './check';
import { parseMapping, suggestMapping, suggestRecode } from './mapping';
import type { ImportTable } from './table';
import { writeReadyRows, type Progress } from './write';

/**
 * Preview and commit of an import. Both check the file inside a transaction that holds a batch of
 * kind 'import' for the wave and version, so the checks are exactly keying's (the ID against the
 * roster and the wave, each value against its item). The preview always rolls back; the commit
 * writes everything or, at the first problem, rolls back and writes nothing.
 */

export type { Progress };

const MAX_PROBLEMS_SHOWN = 200;
const MAX_PROBLEMS_IN_MESSAGE = 20;

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/** The batch a file is checked against. The preview's never survives (negative id, always rolled back). */
function insertImportBatch(db: Db, waveCode: string, versionCode: string, label: string, actor: string, now: Date, scratch: boolean): Sheet {
  const created = createBatch(db, { waveCode, versionCode, siteCode: null, label, clerk: actor, keyedOn: now.toISOString().slice(0, 10) }, now);
  let id = created.id;
  if (scratch) {
    // A rolled-back id would be handed out again; a negative one never is, so the sheet cache cannot mix them up.
    db.prepare('UPDATE entry_batch SET id = -1 WHERE id = ?').run(id);
    id = -1;
  }
  db.prepare("UPDATE entry_batch SET kind = 'import' WHERE id = ?").run(id);
  return sheetFor(db, id, { reload: true });
}

function labelsIn(table: ImportTable, mapping: ImportMapping): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const [header, itemCode] of Object.entries(mapping.columns)) {
    const index = table.headers.indexOf(header);
    if (index < 0) continue;
    const set = new Set<string>();
    for (const { cells } of table.rows.slice(mapping.skipRows)) {
      const text = (cells[index] ?? '').trim();
      if (text !== '' && !/^-?\d+$/.test(text) && set.size < 50) set.add(text);
    }
    labels.set(itemCode, set);
  }
  return labels;
}

export function previewImport(db: Db, table: ImportTable, input: { waveCode: string; versionCode: string; mapping: ImportMapping | null }): ImportPreview {
  if (input.mapping && input.mapping.versionCode !== input.versionCode) {
    throw new MixwiseError('INVALID_INPUT', 'The mapping was made for another questionnaire version.', { field: 'mapping', key: 'imports.mappingVersion' });
  }
  try {
    db.transaction(() => {
      const sheet = insertImportBatch(db, input.waveCode, input.versionCode, 'Preview', 'preview', new Date(), true);
      let mapping = input.mapping ? parseMapping(input.mapping) : suggestMapping(table.headers, input.versionCode, sheet.items);
      if (!input.mapping) mapping = { ...mapping, recode: suggestRecode(sheet.items, labelsIn(table, mapping)) };
      const checked = checkImport(db, sheet, table, mapping);
      const preview: ImportPreview = {
        headers: table.headers,
        rows: Math.max(0, table.rows.length - mapping.skipRows),
        items: sheet.items.map((item) => ({ code: item.code, kind: item.kind, min: item.min, max: item.max, wording: item.wording })),
        mapping,
        unrecoded: [...checked.unrecoded].map(([itemCode, labels]) => ({ itemCode, labels: [...labels] })),
        sample: checked.sample,
        sampleItems: checked.mappedItems,
        ready: checked.ready.length,
        held: checked.held.length,
        problems: checked.problems.slice(0, MAX_PROBLEMS_SHOWN),
        problemCount: checked.problems.length,
        warnings: checked.warnings.slice(0, MAX_PROBLEMS_SHOWN),
      };
      throw new Rollback(preview);
    })();
  } catch (error) {
    if (error instanceof Rollback) return error.value as ImportPreview;
    throw error;
  }
  throw new Error('unreachable');
}

export interface CommitInput {
  fileName: string;
  content: Buffer;
  table: ImportTable;
  waveCode: string;
  mapping: ImportMapping;
  actor: string;
  onProgress?: Progress;
}

export interface CommitResult {
  importId: number;
  batchId: number;
  imported: number;
  held: number;
}

function rejected(checked: CheckedImport): MixwiseError {
  const count = checked.problems.length;
  const lines = checked.problems.slice(0, MAX_PROBLEMS_IN_MESSAGE).map((problem) => `  ${problem.message}`);
  const more = count > MAX_PROBLEMS_IN_MESSAGE ? [`  … and ${count - MAX_PROBLEMS_IN_MESSAGE} more.`] : [];
  return new MixwiseError('INVALID_INPUT', [`Nothing was imported: ${count} problem${count === 1 ? '' : 's'}.`, ...lines, ...more].join('\n'), {
    key: 'imports.rejected',
    params: { count },
  });
}

/** Writes the whole file as one import, or nothing. */
export function commitImport(db: Db, input: CommitInput, now = new Date()): CommitResult {
  const mapping = parseMapping(input.mapping);
  const actor = input.actor.trim();
  if (!actor) throw new MixwiseError('INVALID_INPUT', 'Say who is importing.', { field: 'actor', key: 'imports.actor' });
  const at = now.getTime();
  const iso = now.toISOString();
  const label = `Import ${input.fileName}`.slice(0, 100);
  return db.transaction((): CommitResult => {
    const sheet = insertImportBatch(db, input.waveCode, mapping.versionCode, label, actor, now, false);
    const checked = checkImport(db, sheet, input.table, mapping);
    if (checked.problems.length > 0) throw rejected(checked);
    if (checked.ready.length + checked.held.length === 0) {
      throw new MixwiseError('INVALID_INPUT', 'The file has no rows to import.', { field: 'file', key: 'imports.noRows' });
    }
    writeReadyRows(db, sheet, checked.ready, checked.plans, actor, at, input.onProgress);
    const sha = createHash('sha256').update(input.content).digest('hex');
    const importId = Number(
      db
        .prepare(
          `INSERT INTO import_run (batch_id, file_name, file_sha256, mapping, rows_imported, rows_held, actor, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(sheet.batch.id, input.fileName.slice(0, 260), sha, JSON.stringify(mapping), checked.ready.length, checked.held.length, actor, iso)
        .lastInsertRowid,
    );
    const hold = db.prepare('INSERT INTO import_held (import_id, row_number, typed_id, cells) VALUES (?, ?, ?, ?)');
    for (const entry of checked.held) {
      const cells = Object.fromEntries(Object.entries(entry.cells).map(([code, value]) => [code, encodeCell(value)]));
      hold.run(importId, entry.row, entry.typedId, JSON.stringify(cells));
    }
    return { importId, batchId: sheet.batch.id, imported: checked.ready.length, held: checked.held.length };
  })();
}

export function listImports(db: Db) {
  return db
    .prepare(
      `SELECT r.id AS importId, r.batch_id AS batchId, r.file_name AS fileName, w.code AS waveCode, v.code AS versionCode,
              r.rows_imported AS imported, r.rows_held AS held,
              (SELECT count(*) FROM import_held h WHERE h.import_id = r.id AND h.participant_id IS NULL) AS unresolved,
              r.imported_at AS importedAt
         FROM import_run r JOIN entry_batch b ON b.id = r.batch_id JOIN wave w ON w.id = b.wave_id
         JOIN questionnaire_version v ON v.id = b.version_id
        ORDER BY r.id DESC`,
    )
    .all() as {
    importId: number;
    batchId: number;
    fileName: string;
    waveCode: string;
    versionCode: string;
    imported: number;
    held: number;
    unresolved: number;
    importedAt: string;
  }[];
}
