import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { ID_LENGTH, isValidDammId } from '../ids/damm';
import { sheetFor, type Sheet } from './sheet';
import { NEXT_POSITION, NEXT_ROW_ID, statements } from './store';

export type IdRefusal = 'format' | 'checkDigit' | 'notOnRoster' | 'keyedElsewhere';

export type IdWarning =
  | { kind: 'groupMismatch'; group: string; versionGroup: string }
  | { kind: 'siteMismatch'; site: string; batchSite: string }
  | { kind: 'withdrawn' }
  | { kind: 'notInFirstPass' };

export type IdAssessment =
  | { ok: true; participantId: string; warnings: IdWarning[] }
  | { ok: false; existingRowId: number; position: number }
  | { ok: false; refusal: IdRefusal; suggestions: string[]; elsewhere?: { label: string | null; position: number | null } };

const ID_PATTERN = /^[0-9]{4,12}$/;
const MAX_SUGGESTIONS = 6;

/**
 * Every ID one slip away from what was typed: one digit replaced, or two neighbouring digits swapped.
 * Those are the two mistakes a check digit catches (Damm catches all of them), so when the check
 * fails the intended ID is almost always among these.
 */
export function idNeighbours(typed: string): string[] {
  const candidates = new Set<string>();
  for (let i = 0; i + 1 < typed.length; i++) {
    if (typed[i] === typed[i + 1]) continue;
    candidates.add(typed.slice(0, i) + typed[i + 1] + typed[i] + typed.slice(i + 2));
  }
  for (let i = 0; i < typed.length; i++) {
    for (let digit = 0; digit <= 9; digit++) {
      if (String(digit) === typed[i]) continue;
      candidates.add(typed.slice(0, i) + String(digit) + typed.slice(i + 1));
    }
  }
  return [...candidates];
}

export interface RosterEntry {
  id: string;
  groupId: number;
  groupName: string;
  siteId: number | null;
  siteName: string | null;
  status: 'active' | 'withdrawn' | 'erased';
  legacy: 0 | 1;
}

function rosterEntry(db: Db, id: string): RosterEntry | undefined {
  const entry = db
    .prepare(
      `SELECT p.id, p.identity_group_id AS groupId, g.name AS groupName, p.site_id AS siteId, s.name AS siteName,
              p.status, p.legacy_id AS legacy
         FROM participant p JOIN identity_group g ON g.id = p.identity_group_id LEFT JOIN site s ON s.id = p.site_id
        WHERE p.id = ?`,
    )
    .get(id) as RosterEntry | undefined;
  // An erased participant's ID stays in the file so it is never reissued, but is not on the roster.
  return entry && entry.status !== 'erased' ? entry : undefined;
}

/** Roster IDs one substitution or adjacent swap away from the typed one. */
export function rosterSuggestions(db: Db, typed: string): string[] {
  const found: string[] = [];
  const onRoster = db.prepare("SELECT 1 FROM participant WHERE id = ? AND status <> 'erased'").pluck();
  for (const candidate of idNeighbours(typed)) {
    if (!onRoster.get(candidate)) continue;
    found.push(candidate);
    if (found.length === MAX_SUGGESTIONS) break;
  }
  return found;
}

/** What a row's warnings are measured against, read once per listing. */
export interface WarningContext {
  versionGroup: string;
  batchSite: string | null;
  inFirstPass: (participantId: string) => boolean;
}

export function warningContext(db: Db, sheet: Sheet): WarningContext {
  const versionGroup = db.prepare('SELECT name FROM identity_group WHERE id = ?').pluck().get(sheet.batch.identityGroupId) as string;
  const batchSite =
    sheet.batch.siteId === null ? null : (db.prepare('SELECT name FROM site WHERE id = ?').pluck().get(sheet.batch.siteId) as string);
  const firstPass = db.prepare('SELECT 1 FROM entry_row WHERE batch_id = ? AND participant_id = ?');
  return { versionGroup, batchSite, inFirstPass: (id) => Boolean(firstPass.get(sheet.batch.parentBatchId, id)) };
}

/**
 * Warnings do not refuse the form: the paper in the clerk's hand wins, but someone should look
 * (a form of the other group's version, from another site, of a withdrawn participant).
 */
export function warningsOf(sheet: Sheet, context: WarningContext, entry: Omit<RosterEntry, 'legacy'>): IdWarning[] {
  const warnings: IdWarning[] = [];
  if (entry.groupId !== sheet.batch.identityGroupId) {
    warnings.push({ kind: 'groupMismatch', group: entry.groupName, versionGroup: context.versionGroup });
  }
  if (context.batchSite !== null && entry.siteId !== null && entry.siteId !== sheet.batch.siteId) {
    warnings.push({ kind: 'siteMismatch', site: entry.siteName ?? '', batchSite: context.batchSite });
  }
  if (entry.status === 'withdrawn') warnings.push({ kind: 'withdrawn' });
  if (sheet.batch.pass === 2 && !context.inFirstPass(entry.id)) warnings.push({ kind: 'notInFirstPass' });
  return warnings;
}

/**
 * Decides whether a typed ID may head a row of this batch. `rowId` is the row being edited (null for
 * a new one); `alsoTaken` holds IDs a paste assigns to other rows in the same request.
 */
export function assessId(db: Db, sheet: Sheet, typed: string, rowId: number | null, alsoTaken: ReadonlySet<string> = new Set()): IdAssessment {
  if (!ID_PATTERN.test(typed)) return { ok: false, refusal: 'format', suggestions: [] };
  const entry = rosterEntry(db, typed);
  if (!entry) {
    // Legacy IDs carry no check digit, so only an ID of the new kind can fail its check.
    const refusal: IdRefusal = typed.length === ID_LENGTH && !isValidDammId(typed) ? 'checkDigit' : 'notOnRoster';
    return { ok: false, refusal, suggestions: rosterSuggestions(db, typed) };
  }
  const inBatch = db
    .prepare('SELECT id, position FROM entry_row WHERE batch_id = ? AND participant_id = ?')
    .get(sheet.batch.id, typed) as { id: number; position: number } | undefined;
  if (inBatch && inBatch.id !== rowId) return { ok: false, existingRowId: inBatch.id, position: inBatch.position };
  if (alsoTaken.has(typed)) return { ok: false, refusal: 'keyedElsewhere', suggestions: [], elsewhere: { label: sheet.batch.label, position: null } };
  if (sheet.batch.pass === 1) {
    // The study holds one questionnaire per person and wave: a second one is a duplicate form.
    const other = db
      .prepare(
        `SELECT r.id AS responseId, b.label, er.position, er.id AS rowId
           FROM response r LEFT JOIN entry_row er ON er.response_id = r.id LEFT JOIN entry_batch b ON b.id = er.batch_id
          WHERE r.participant_id = ? AND r.wave_id = ?`,
      )
      .get(typed, sheet.batch.waveId) as { responseId: number; label: string | null; position: number | null; rowId: number | null } | undefined;
    if (other && (rowId === null || other.rowId !== rowId)) {
      return { ok: false, refusal: 'keyedElsewhere', suggestions: [], elsewhere: { label: other.label, position: other.position } };
    }
  }
  return { ok: true, participantId: typed, warnings: warningsOf(sheet, warningContext(db, sheet), entry) };
}

export type SetIdResult =
  | { outcome: 'accepted'; rowId: number; position: number; warnings: IdWarning[] }
  | { outcome: 'existing'; rowId: number; position: number }
  | { outcome: 'refused'; refusal: IdRefusal; suggestions: string[]; elsewhere: { label: string | null; position: number | null } | null };

/**
 * Creates a row in the study file with the given ID. Its questionnaire (pass 1) is made with its
 * first answer (cells.ts applyPlans): a row with an ID and nothing else is no form, is not counted
 * and blocks no other keying or import of that ID (migration 0100). Runs inside the caller's
 * transaction; the ID has been assessed.
 */
export function insertRow(db: Db, sheet: Sheet, participantId: string, at: number): { rowId: number; position: number } {
  const iso = new Date(at).toISOString();
  const position = db.prepare(NEXT_POSITION).pluck().get(sheet.batch.id, sheet.batch.id) as number;
  const rowId = db.prepare(NEXT_ROW_ID).pluck().get() as number;
  db.prepare(
    'INSERT INTO entry_row (id, batch_id, position, participant_id, response_id, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)',
  ).run(rowId, sheet.batch.id, position, participantId, iso, iso);
  statements(db).log.run(sheet.batch.id, rowId, null, 'id', null, JSON.stringify(participantId), sheet.batch.clerk, at);
  return { rowId, position };
}

/** Gives an existing row another ID (the clerk corrects a misread ID); its answers follow it. */
export function changeRowId(db: Db, sheet: Sheet, rowId: number, participantId: string, at: number): void {
  const row = db.prepare('SELECT participant_id AS participantId, response_id AS responseId FROM entry_row WHERE id = ?').get(rowId) as {
    participantId: string;
    responseId: number | null;
  };
  if (row.participantId === participantId) return;
  db.prepare('UPDATE entry_row SET participant_id = ?, updated_at = ? WHERE id = ?').run(participantId, new Date(at).toISOString(), rowId);
  if (row.responseId !== null) db.prepare('UPDATE response SET participant_id = ? WHERE id = ?').run(participantId, row.responseId);
  statements(db).log.run(sheet.batch.id, rowId, null, 'id', JSON.stringify(row.participantId), JSON.stringify(participantId), sheet.batch.clerk, at);
}

/** The ID cell of a row was committed: new row, changed ID, or a refusal with what to do instead. */
export function setRowId(
  db: Db,
  input: { batchId: number; rowId: number | null; participantId: string; keystrokes?: number },
  now: Date = new Date(),
): SetIdResult {
  const sheet = sheetFor(db, input.batchId);
  if (input.rowId !== null) {
    const row = db.prepare('SELECT batch_id AS batchId FROM entry_row WHERE id = ?').get(input.rowId) as { batchId: number } | undefined;
    if (!row || row.batchId !== input.batchId) throw new MixwiseError('NOT_FOUND', 'This row is not in the batch.', { key: 'rowNotFound' });
  }
  const assessment = assessId(db, sheet, input.participantId, input.rowId);
  if (!assessment.ok) {
    if ('existingRowId' in assessment) return { outcome: 'existing', rowId: assessment.existingRowId, position: assessment.position };
    return { outcome: 'refused', refusal: assessment.refusal, suggestions: assessment.suggestions, elsewhere: assessment.elsewhere ?? null };
  }
  const at = now.getTime();
  return db.transaction((): SetIdResult => {
    let rowId = input.rowId;
    let position: number;
    if (rowId === null) ({ rowId, position } = insertRow(db, sheet, assessment.participantId, at));
    else {
      changeRowId(db, sheet, rowId, assessment.participantId, at);
      position = db.prepare('SELECT position FROM entry_row WHERE id = ?').pluck().get(rowId) as number;
    }
    if (input.keystrokes) db.prepare('UPDATE entry_row SET keystrokes = keystrokes + ? WHERE id = ?').run(input.keystrokes, rowId);
    return { outcome: 'accepted', rowId, position, warnings: assessment.warnings };
  })();
}
