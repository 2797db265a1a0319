import type { Db } from '../db/open';
import { encodeCell, sameCell, type CellValue } from '../../shared/entry/rules';
import type { Sheet } from '../entry/sheet';
import { NEXT_POSITION, NEXT_ROW_ID, statements, toCell } from '../entry/store';
import { MixwiseError } from '../errors';
import type { BatchFileContent } from './batchFile';
import { checkIncomingForm, versionSheet } from './rules';

type IncomingBatch = BatchFileContent['batches'][number];

/** One incoming batch and where it goes here: an existing batch (same batch, copied study) or a new one. */
interface PlannedBatch {
  incoming: IncomingBatch;
  waveId: number;
  versionId: number;
  siteId: number | null;
  /** The batch here that is this very batch, or null when it is to be created. */
  hereId: number | null;
  sheet: Sheet;
}

interface NewForm {
  batch: PlannedBatch;
  participantId: string;
  status: 'keying' | 'complete';
  cells: Map<string, CellValue>;
  /** A blank first-keying row here (an ID, no answer) that the incoming answers fill. */
  blankRowId?: number;
}

export interface PlannedConflict {
  participantId: string;
  waveId: number;
  waveCode: string;
  pass: 1 | 2;
  responseId: number | null;
  rowId: number | null;
  itemCode: string;
  here: CellValue | null;
  incoming: CellValue | null;
  incomingClerk: string;
}

export interface MergeSummary {
  batchesInFile: number;
  batchesNew: number;
  formsInFile: number;
  formsNew: number;
  formsIdentical: number;
  formsConflicting: number;
  cellsIdentical: number;
  conflicts: number;
  /** Differences an earlier import of the same file already listed: not listed twice. */
  conflictsAlreadyListed: number;
  /** Forms of people erased from this study: their answers must not come back. */
  formsOfErased: number;
  /** Second keyings not taken because the batch here already has another second keying. */
  secondPassesSkipped: number;
  resolutionsAdded: number;
}

export interface MergePlan {
  summary: MergeSummary;
  batches: PlannedBatch[];
  newForms: NewForm[];
  conflicts: PlannedConflict[];
  resolutions: BatchFileContent['resolutions'];
  sourceCreatedAt: string;
}

function badFile(detail: string): MixwiseError {
  return new MixwiseError('NOT_MIXWISE', `This batch file is damaged or was not made by Mixwise (${detail}).`, { key: 'mergeDamaged' });
}

function codeId(db: Db, table: 'wave' | 'questionnaire_version' | 'site', code: string, noun: string): number {
  const id = db.prepare(`SELECT id FROM ${table} WHERE code = ?`).pluck().get(code) as number | undefined;
  if (id === undefined) {
    throw new MixwiseError('INVALID_INPUT', `The batch file uses the ${noun} "${code}", which this study does not have. Set up the study the same way first.`, {
      key: 'mergeUnknownCode',
      params: { kind: noun, code },
    });
  }
  return id;
}

function incomingCells(content: BatchFileContent): Map<string, Map<string, CellValue>> {
  const byForm = new Map<string, Map<string, CellValue>>();
  const forms = new Set(content.forms.map((form) => `${form.batch_id}\u0000${form.participant_id}`));
  for (const cell of content.cells) {
    const key = `${cell.batch_id}\u0000${cell.participant_id}`;
    if (!forms.has(key)) throw badFile('an answer without its form');
    if (cell.value === null && cell.missing === null && cell.text_value === null) throw badFile('an empty answer');
    let cells = byForm.get(key);
    if (!cells) byForm.set(key, (cells = new Map()));
    cells.set(cell.item_code, toCell({ value: cell.value, missing: cell.missing, text: cell.text_value }));
  }
  return byForm;
}

/** Compares a form's cells here with the incoming ones over every item either holds. */
function differences(here: Map<string, CellValue>, incoming: Map<string, CellValue>): { itemCode: string; here: CellValue | null; incoming: CellValue | null }[] {
  const found = [];
  for (const itemCode of new Set([...here.keys(), ...incoming.keys()])) {
    const a = here.get(itemCode) ?? null;
    const b = incoming.get(itemCode) ?? null;
    if (!sameCell(a, b)) found.push({ itemCode, here: a, incoming: b });
  }
  return found;
}

function readCells(db: Db, sql: string, key: number): Map<string, CellValue> {
  const rows = db.prepare(sql).all(key) as { code: string; value: number | null; missing: 'skipped' | 'refused' | 'dont_know' | null; text: string | null }[];
  return new Map(rows.map((row) => [row.code, toCell(row)]));
}

const ANSWERS_SQL = 'SELECT item_code AS code, value, missing, text_value AS text FROM answer WHERE response_id = ?';
const SECOND_CELLS_SQL = 'SELECT item_code AS code, value, missing, text_value AS text FROM entry_cell WHERE row_id = ?';

/**
 * Works out what importing a batch file would do, without writing anything: which forms are new,
 * which are already here unchanged, and which cells differ. Refuses the whole file on anything it
 * cannot place (another study, an unknown wave/version/ID, a value the entry rules refuse).
 */
export function planMerge(db: Db, content: BatchFileContent): MergePlan {
  const uuid = db.prepare('SELECT uuid FROM study WHERE id = 1').pluck().get() as string;
  if (content.file.study_uuid !== uuid) {
    throw new MixwiseError('INVALID_INPUT', 'This batch file comes from another study; forms merge only into the study they were keyed for.', {
      key: 'mergeOtherStudy',
    });
  }
  const summary: MergeSummary = {
    batchesInFile: content.batches.length,
    batchesNew: 0,
    formsInFile: content.forms.length,
    formsNew: 0,
    formsIdentical: 0,
    formsConflicting: 0,
    cellsIdentical: 0,
    conflicts: 0,
    conflictsAlreadyListed: 0,
    formsOfErased: 0,
    secondPassesSkipped: 0,
    resolutionsAdded: 0,
  };
  const byIncomingId = new Map<number, PlannedBatch>();
  const childOf = new Set<number>();
  const findBatch = db.prepare(
    `SELECT id FROM entry_batch WHERE pass = ? AND kind = ? AND wave_id = ? AND version_id = ? AND label = ? AND clerk = ? AND keyed_on = ?
        AND created_at = ? AND parent_batch_id IS ?`,
  );
  const planned: PlannedBatch[] = [];
  const skippedBatches = new Set<number>();
  for (const incoming of content.batches) {
    if (byIncomingId.has(incoming.id)) throw badFile('a batch listed twice');
    let parentHere: number | null = null;
    if (incoming.pass === 2) {
      const parent = incoming.parent_id === null ? undefined : byIncomingId.get(incoming.parent_id);
      if (!parent || parent.incoming.pass !== 1 || childOf.has(incoming.parent_id!)) throw badFile('a second keying without its first');
      childOf.add(incoming.parent_id!);
      parentHere = parent.hereId;
      if (parent.incoming.wave_code !== incoming.wave_code || parent.incoming.version_code !== incoming.version_code) {
        throw badFile('a second keying of another wave or version');
      }
    } else if (incoming.parent_id !== null) throw badFile('a first keying with a parent');
    const waveId = codeId(db, 'wave', incoming.wave_code, 'wave');
    const versionId = codeId(db, 'questionnaire_version', incoming.version_code, 'questionnaire version');
    const siteId = incoming.site_code === null ? null : codeId(db, 'site', incoming.site_code, 'site');
    const parentPlanned = incoming.pass === 2 ? byIncomingId.get(incoming.parent_id!)! : null;
    // A batch created here before the study was copied is the same batch: every field, to the millisecond, agrees.
    const hereId =
      parentPlanned && parentPlanned.hereId === null
        ? null
        : ((findBatch.pluck().get(incoming.pass, incoming.kind, waveId, versionId, incoming.label, incoming.clerk, incoming.keyed_on, incoming.created_at, parentHere) as
            | number
            | undefined) ?? null);
    if (incoming.pass === 2 && hereId === null && parentHere !== null && db.prepare('SELECT 1 FROM entry_batch WHERE parent_batch_id = ?').get(parentHere)) {
      // Only one second keying per batch: the one here stays, the incoming one is reported, not merged.
      summary.secondPassesSkipped++;
      skippedBatches.add(incoming.id);
    }
    const batch: PlannedBatch = { incoming, waveId, versionId, siteId, hereId, sheet: versionSheet(db, waveId, versionId) };
    byIncomingId.set(incoming.id, batch);
    planned.push(batch);
  }

  const cells = incomingCells(content);
  const participant = db.prepare('SELECT status FROM participant WHERE id = ?').pluck();
  const unknown = [...new Set(content.forms.map((form) => form.participant_id))].filter((id) => participant.get(id) === undefined);
  if (unknown.length > 0) {
    throw new MixwiseError(
      'INVALID_INPUT',
      `${unknown.length} ID(s) in the batch file are not on this study's roster (e.g. ${unknown.slice(0, 3).join(', ')}). Enrol them in this study first.`,
      { key: 'mergeUnknownIds', params: { count: unknown.length, examples: unknown.slice(0, 3).join(', ') } },
    );
  }

  const responseOf = db.prepare('SELECT id FROM response WHERE participant_id = ? AND wave_id = ?').pluck();
  const rowOf = db.prepare('SELECT id FROM entry_row WHERE batch_id = ? AND participant_id = ?').pluck();
  const blankRowOf = db.prepare('SELECT id FROM entry_row WHERE batch_id = ? AND participant_id = ? AND response_id IS NULL').pluck();
  const listed = db.prepare(
    `SELECT 1 FROM merge_conflict WHERE item_code = ? AND incoming_value IS ? AND response_id IS ? AND row_id IS ?`,
  );
  const claimed = new Set<string>();
  const newForms: NewForm[] = [];
  const conflicts: PlannedConflict[] = [];
  for (const form of content.forms) {
    const batch = byIncomingId.get(form.batch_id);
    if (!batch) throw badFile('a form without its batch');
    const formCells = cells.get(`${form.batch_id}\u0000${form.participant_id}`) ?? new Map<string, CellValue>();
    const status = checkIncomingForm(batch.sheet, form.participant_id, formCells);
    // One questionnaire per person and wave (pass 1), one row per person and batch (pass 2).
    const claim = batch.incoming.pass === 1 ? `1\u0000${form.participant_id}\u0000${batch.waveId}` : `2\u0000${form.batch_id}\u0000${form.participant_id}`;
    if (claimed.has(claim)) throw badFile(`ID ${form.participant_id} keyed twice for one wave`);
    claimed.add(claim);
    if (skippedBatches.has(form.batch_id)) continue;
    if (participant.get(form.participant_id) === 'erased') {
      summary.formsOfErased++;
      continue;
    }
    let target: { responseId: number | null; rowId: number | null; here: Map<string, CellValue> } | null = null;
    if (batch.incoming.pass === 1) {
      const responseId = responseOf.get(form.participant_id, batch.waveId) as number | undefined;
      // A row with an ID and no answer is no questionnaire (migration 0100): it neither conflicts with one here
      // nor is one; a blank row here in the same batch takes the incoming answers.
      const blankRowId = batch.hereId === null ? undefined : (blankRowOf.get(batch.hereId, form.participant_id) as number | undefined);
      if (formCells.size === 0 && (responseId !== undefined || blankRowId !== undefined)) {
        summary.formsIdentical++;
        continue;
      }
      if (responseId !== undefined) target = { responseId, rowId: null, here: readCells(db, ANSWERS_SQL, responseId) };
      else if (blankRowId !== undefined) {
        newForms.push({ batch, participantId: form.participant_id, status, cells: formCells, blankRowId });
        summary.formsNew++;
        continue;
      }
    } else if (batch.hereId !== null) {
      const rowId = rowOf.get(batch.hereId, form.participant_id) as number | undefined;
      if (rowId !== undefined) target = { responseId: null, rowId, here: readCells(db, SECOND_CELLS_SQL, rowId) };
    }
    if (!target) {
      newForms.push({ batch, participantId: form.participant_id, status, cells: formCells });
      summary.formsNew++;
      continue;
    }
    const found = differences(target.here, formCells);
    summary.cellsIdentical += new Set([...target.here.keys(), ...formCells.keys()]).size - found.length;
    if (found.length === 0) {
      summary.formsIdentical++;
      continue;
    }
    summary.formsConflicting++;
    for (const difference of found) {
      if (listed.get(difference.itemCode, encodeCell(difference.incoming), target.responseId, target.rowId)) {
        summary.conflictsAlreadyListed++;
        continue;
      }
      conflicts.push({
        participantId: form.participant_id,
        waveId: batch.waveId,
        waveCode: batch.incoming.wave_code,
        pass: batch.incoming.pass,
        responseId: target.responseId,
        rowId: target.rowId,
        ...difference,
        incomingClerk: batch.incoming.clerk,
      });
    }
  }
  summary.conflicts = conflicts.length;

  const resolutionHere = db.prepare('SELECT 1 FROM entry_resolution WHERE batch_id = ? AND participant_id = ? AND item_code = ?');
  const resolutions = content.resolutions.filter((resolution) => {
    const batch = byIncomingId.get(resolution.batch_id);
    if (!batch || batch.incoming.pass !== 1) throw badFile('a resolution without its first keying');
    for (const value of [resolution.first_value, resolution.second_value, resolution.final_value]) {
      try {
        if (value !== null) JSON.parse(value);
      } catch {
        throw badFile('an unreadable resolution');
      }
    }
    return batch.hereId === null || !resolutionHere.get(batch.hereId, resolution.participant_id, resolution.item_code);
  });
  summary.resolutionsAdded = resolutions.length;
  const needed = new Set(newForms.map((form) => form.batch));
  for (const form of newForms) {
    // A second keying's first keying must exist here for the second to hang from.
    if (form.batch.incoming.pass === 2) needed.add(byIncomingId.get(form.batch.incoming.parent_id!)!);
  }
  for (const resolution of resolutions) needed.add(byIncomingId.get(resolution.batch_id)!);
  const batches = planned.filter((batch) => batch.hereId !== null || needed.has(batch));
  summary.batchesNew = batches.filter((batch) => batch.hereId === null).length;
  return { summary, batches, newForms, conflicts, resolutions, sourceCreatedAt: content.file.created_at };
}

/**
 * Applies a plan in the caller's transaction: creates the missing batches, adds the new forms with
 * their answers, adds the double-entry resolutions, and lists the conflicts. Conflicting incoming
 * values are never written to the study's data: they wait for someone to choose.
 */
export function applyMerge(db: Db, plan: MergePlan, now = new Date()): number {
  const at = now.getTime();
  const iso = now.toISOString();
  const hereIds = new Map<PlannedBatch, number>();
  const byIncomingId = new Map(plan.batches.map((batch) => [batch.incoming.id, batch]));
  const insertBatch = db.prepare(
    `INSERT INTO entry_batch (wave_id, version_id, site_id, label, clerk, keyed_on, pass, parent_batch_id, created_at, kind)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const batch of plan.batches) {
    if (batch.hereId !== null) {
      hereIds.set(batch, batch.hereId);
      continue;
    }
    const parent = batch.incoming.pass === 2 ? hereIds.get(byIncomingId.get(batch.incoming.parent_id!)!)! : null;
    const { incoming } = batch;
    // The batch keeps its own creation time, so the same batch merged again (or back) is recognised.
    const id = insertBatch.run(batch.waveId, batch.versionId, batch.siteId, incoming.label, incoming.clerk, incoming.keyed_on, incoming.pass, parent, incoming.created_at, incoming.kind)
      .lastInsertRowid;
    hereIds.set(batch, Number(id));
  }

  const log = statements(db).log;
  const nextPosition = db.prepare(NEXT_POSITION).pluck();
  const nextRowId = db.prepare(NEXT_ROW_ID).pluck();
  const insertResponse = db.prepare("INSERT INTO response (participant_id, wave_id, version_id, source, created_at) VALUES (?, ?, ?, 'paper', ?)");
  const insertRow = db.prepare(
    'INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const fillBlankRow = db.prepare('UPDATE entry_row SET response_id = ?, status = ?, updated_at = ? WHERE id = ?');
  const insertAnswer = db.prepare('INSERT INTO answer (response_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)');
  const insertCell = db.prepare('INSERT INTO entry_cell (row_id, item_code, value, missing, text_value) VALUES (?, ?, ?, ?, ?)');
  for (const form of plan.newForms) {
    const batchId = hereIds.get(form.batch)!;
    const { pass, clerk } = form.batch.incoming;
    // A questionnaire is made only for a form with an answer (migration 0100).
    const responseId =
      pass === 1 && form.cells.size > 0 ? Number(insertResponse.run(form.participantId, form.batch.waveId, form.batch.versionId, iso).lastInsertRowid) : null;
    let rowId: number;
    if (form.blankRowId !== undefined) {
      rowId = form.blankRowId;
      fillBlankRow.run(responseId, form.status, iso, rowId);
    } else {
      rowId = nextRowId.get() as number;
      insertRow.run(rowId, batchId, nextPosition.get(batchId, batchId), form.participantId, responseId, form.status, iso, iso);
      // The trail says who keyed the form; the merge itself is recorded in merge_import.
      log.run(batchId, rowId, null, 'id', null, JSON.stringify(form.participantId), clerk, at);
    }
    for (const [itemCode, value] of form.cells) {
      const columns = typeof value === 'number' ? [value, null, null] : 'missing' in value ? [null, value.missing, null] : [null, null, value.text];
      if (responseId !== null) insertAnswer.run(responseId, itemCode, ...columns);
      else insertCell.run(rowId, itemCode, ...columns);
    }
  }

  const insertResolution = db.prepare(
    `INSERT OR IGNORE INTO entry_resolution (batch_id, participant_id, item_code, first_value, second_value, final_value, chosen_by, chosen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const resolution of plan.resolutions) {
    const batchId = hereIds.get(byIncomingId.get(resolution.batch_id)!)!;
    insertResolution.run(batchId, resolution.participant_id, resolution.item_code, resolution.first_value, resolution.second_value, resolution.final_value, resolution.chosen_by, resolution.chosen_at);
  }

  const { summary } = plan;
  const importId = Number(
    db
      .prepare(
        `INSERT INTO merge_import (source_created_at, imported_at, batches_added, forms_added, forms_identical, conflicts)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(plan.sourceCreatedAt, iso, summary.batchesNew, summary.formsNew, summary.formsIdentical, summary.conflicts).lastInsertRowid,
  );
  const insertConflict = db.prepare(
    `INSERT INTO merge_conflict (import_id, participant_id, wave_id, pass, response_id, row_id, item_code, here_value, incoming_value, incoming_clerk)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const conflict of plan.conflicts) {
    insertConflict.run(
      importId,
      conflict.participantId,
      conflict.waveId,
      conflict.pass,
      conflict.responseId,
      conflict.rowId,
      conflict.itemCode,
      encodeCell(conflict.here),
      encodeCell(conflict.incoming),
      conflict.incomingClerk,
    );
  }
  return importId;
}

/** Plans and applies in ONE transaction: the whole file is merged, or (on any error) nothing is. */
export function importBatchContent(db: Db, content: BatchFileContent, now = new Date()): MergeSummary {
  return db.transaction(() => {
    const plan = planMerge(db, content);
    applyMerge(db, plan, now);
    return plan.summary;
  })();
}
