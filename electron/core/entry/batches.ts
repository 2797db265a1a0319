import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { idByCode } from '../study/design';
import { compareBatch } from './compare';
import { sheetFor } from './sheet';

export interface NewBatch {
  waveCode: string;
  versionCode: string;
  siteCode?: string | null;
  label: string;
  clerk: string;
  /** YYYY-MM-DD: the day the box was keyed, as the clerk writes it on the box. */
  keyedOn: string;
}

export interface BatchSummary {
  id: number;
  pass: 1 | 2;
  /** 'import' for an online wave's file (core/imports): nothing was typed, so it is never keyed twice. */
  kind: 'keyed' | 'import';
  parentBatchId: number | null;
  secondPassId: number | null;
  waveCode: string;
  waveLabel: string;
  versionCode: string;
  versionLabel: string;
  siteCode: string | null;
  siteName: string | null;
  label: string;
  clerk: string;
  keyedOn: string;
  createdAt: string;
  forms: number;
  completeForms: number;
  /** First-pass batches only: none (no second keying), open disagreements, or verified. */
  verification: 'none' | 'pending' | 'verified' | null;
  unresolved: number | null;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function requireText(value: string, field: string, key: string, message: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new MixwiseError('INVALID_INPUT', message, { field, key });
  return trimmed;
}

function requireDate(value: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!DATE_PATTERN.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new MixwiseError('INVALID_INPUT', 'Enter the date as YYYY-MM-DD.', { field: 'keyedOn', key: 'entryDate' });
  }
  return value;
}

export function createBatch(db: Db, input: NewBatch, now = new Date()): BatchSummary {
  const label = requireText(input.label, 'label', 'entryLabelMissing', 'Give the batch a label, e.g. the box of forms.');
  const clerk = requireText(input.clerk, 'clerk', 'entryClerkMissing', "Enter the clerk's name.");
  const keyedOn = requireDate(input.keyedOn);
  const waveId = idByCode(db, 'wave', input.waveCode);
  const versionId = idByCode(db, 'questionnaire_version', input.versionCode);
  const siteId = input.siteCode ? idByCode(db, 'site', input.siteCode) : null;
  if ((db.prepare('SELECT count(*) FROM version_item WHERE version_id = ?').pluck().get(versionId) as number) === 0) {
    throw new MixwiseError('INVALID_INPUT', 'This questionnaire version has no items to key.', { field: 'versionCode', key: 'entryVersionEmpty' });
  }
  const id = Number(
    db
      .prepare(
        `INSERT INTO entry_batch (wave_id, version_id, site_id, label, clerk, keyed_on, pass, parent_batch_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, NULL, ?)`,
      )
      .run(waveId, versionId, siteId, label, clerk, keyedOn, now.toISOString()).lastInsertRowid,
  );
  return batchSummary(db, id);
}

/**
 * Starts the blind second keying of a batch. Another clerk keys the same forms without seeing the
 * first keying; the two are then compared cell by cell.
 */
export function createSecondPass(db: Db, input: { parentBatchId: number; clerk: string; keyedOn: string }, now = new Date()): BatchSummary {
  const clerk = requireText(input.clerk, 'clerk', 'entryClerkMissing', "Enter the clerk's name.");
  const keyedOn = requireDate(input.keyedOn);
  const parent = sheetFor(db, input.parentBatchId).batch;
  if (parent.pass !== 1) {
    throw new MixwiseError('INVALID_INPUT', 'Only a first keying can be keyed a second time.', { key: 'entrySecondOfSecond' });
  }
  // A second keying catches misread paper; an imported file was read by no one, and its forms would
  // be "verified" against a clerk typing them again from nothing.
  if (db.prepare("SELECT kind FROM entry_batch WHERE id = ?").pluck().get(parent.id) === 'import') {
    throw new MixwiseError('INVALID_INPUT', 'An imported file has no paper forms to key a second time.', { key: 'entrySecondOfImport' });
  }
  if (db.prepare('SELECT 1 FROM entry_batch WHERE parent_batch_id = ?').get(parent.id)) {
    throw new MixwiseError('ALREADY_EXISTS', 'This batch already has a second keying.', { key: 'entrySecondExists' });
  }
  // A second keying by the same person repeats their misreadings: it must be someone else.
  if (clerk.toLocaleLowerCase() === parent.clerk.trim().toLocaleLowerCase()) {
    throw new MixwiseError('INVALID_INPUT', 'The second keying must be done by another clerk.', { field: 'clerk', key: 'entrySameClerk' });
  }
  const id = Number(
    db
      .prepare(
        `INSERT INTO entry_batch (wave_id, version_id, site_id, label, clerk, keyed_on, pass, parent_batch_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 2, ?, ?)`,
      )
      .run(parent.waveId, parent.versionId, parent.siteId, parent.label, clerk, keyedOn, parent.id, now.toISOString()).lastInsertRowid,
  );
  return batchSummary(db, id);
}

// A batch's forms are its rows with an answer: a row with only its ID typed is no form (migration 0100).
const SUMMARY_SQL = `
  SELECT b.id, b.pass, b.kind, b.parent_batch_id AS parentBatchId,
         (SELECT c.id FROM entry_batch c WHERE c.parent_batch_id = b.id) AS secondPassId,
         w.code AS waveCode, w.label AS waveLabel, v.code AS versionCode, v.label AS versionLabel,
         s.code AS siteCode, s.name AS siteName, b.label, b.clerk, b.keyed_on AS keyedOn, b.created_at AS createdAt,
         (SELECT count(*) FROM entry_row r WHERE r.batch_id = b.id
             AND (r.response_id IS NOT NULL OR EXISTS (SELECT 1 FROM entry_cell c WHERE c.row_id = r.id))) AS forms,
         (SELECT count(*) FROM entry_row r WHERE r.batch_id = b.id AND r.status = 'complete') AS completeForms
    FROM entry_batch b JOIN wave w ON w.id = b.wave_id JOIN questionnaire_version v ON v.id = b.version_id
    LEFT JOIN site s ON s.id = b.site_id`;

type SummaryRow = Omit<BatchSummary, 'verification' | 'unresolved'>;

function withVerification(db: Db, row: SummaryRow): BatchSummary {
  if (row.pass === 2) return { ...row, verification: null, unresolved: null };
  if (row.secondPassId === null) return { ...row, verification: 'none', unresolved: null };
  const comparison = compareBatch(db, row.id);
  return { ...row, verification: comparison.verified ? 'verified' : 'pending', unresolved: comparison.unresolved };
}

export function batchSummary(db: Db, batchId: number): BatchSummary {
  const row = db.prepare(`${SUMMARY_SQL} WHERE b.id = ?`).get(batchId) as SummaryRow | undefined;
  if (!row) throw new MixwiseError('NOT_FOUND', 'This batch does not exist.', { key: 'batchNotFound' });
  return withVerification(db, row);
}

/** Every batch, newest first, each second keying right after its first. */
export function listBatches(db: Db): BatchSummary[] {
  const rows = db.prepare(`${SUMMARY_SQL} ORDER BY coalesce(b.parent_batch_id, b.id) DESC, b.pass`).all() as SummaryRow[];
  return rows.map((row) => withVerification(db, row));
}
