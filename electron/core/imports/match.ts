import { createHash } from 'node:crypto';
import type { ImportMapping, MatchProposal } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { applyPlans, loadRows, planWrites, type PlannedWrite } from '../entry/cells';
import { assessId, idNeighbours, insertRow } from '../entry/ids';
import { decodeCell } from '../../shared/entry/rules';
import { sheetFor } from '../entry/sheet';
import { MixwiseError } from '../errors';
import { appendAudit } from '../vault/audit';
import { phoneKey } from '../vault/people';
import { parseMapping } from './mapping';
import type { ImportTable } from './table';

/**
 * The match assistant: an online respondent who typed no ID, or one that fails its check digit, is
 * held out of the data. With the vault unlocked, the ID-keeper gives the same file again; what the
 * form collected (e-mail, phone, initials and birth year, the mistyped ID) is compared with the vault
 * in memory and roster IDs are proposed. Nothing is matched until the ID-keeper confirms it, and
 * every decision is audited (IDs and row numbers only). The identifying columns are never stored.
 */

interface ImportRun {
  id: number;
  batchId: number;
  sha: string;
  mapping: ImportMapping;
}

function importRun(study: Db, importId: number): ImportRun {
  const row = study.prepare('SELECT id, batch_id AS batchId, file_sha256 AS sha, mapping FROM import_run WHERE id = ?').get(importId) as
    | { id: number; batchId: number; sha: string; mapping: string }
    | undefined;
  if (!row) throw new MixwiseError('NOT_FOUND', 'This import does not exist.', { key: 'imports.notFound' });
  return { ...row, mapping: parseMapping(JSON.parse(row.mapping)) };
}

const email = (text: string | undefined) => (text ?? '').trim().toLowerCase() || null;
const letters = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z]/g, '');
export function initialsOf(name: string): string {
  return name
    .split(/[\s\-]+/)
    .map((part) => letters(part).slice(0, 1))
    .join('');
}

interface VaultPerson {
  id: string;
  name: string | null;
  birthYear: number | null;
  phone: string | null;
  email: string | null;
}

const WEIGHTS = { email: 0.9, phone: 0.7, initialsBirthYear: 0.6, initialsNearBirthYear: 0.45, idOneSlip: 0.5 } as const;

/** Proposals for an import's unresolved held rows; `content` must be the very file that was imported. */
export function matchProposals(study: Db, vault: Db, importId: number, table: ImportTable, content: Buffer): MatchProposal[] {
  const run = importRun(study, importId);
  if (createHash('sha256').update(content).digest('hex') !== run.sha) {
    throw new MixwiseError('INVALID_INPUT', 'This is not the file that was imported; choose the same file.', { field: 'file', key: 'imports.otherFile' });
  }
  const held = study
    .prepare('SELECT row_number AS row, typed_id AS typedId FROM import_held WHERE import_id = ? AND participant_id IS NULL ORDER BY row_number')
    .all(importId) as { row: number; typedId: string }[];
  const sheet = sheetFor(study, run.batchId, { reload: true });
  const rejected = study.prepare("SELECT participant_id FROM import_decision WHERE import_id = ? AND row_number = ? AND decision = 'rejected'").pluck();
  const people = vault
    .prepare("SELECT participant_id AS id, name, birth_year AS birthYear, phone, email FROM person WHERE status = 'active'")
    .all() as VaultPerson[];
  const byRow = new Map(table.rows.map((entry) => [entry.row, entry.cells]));
  const column = (header: string | undefined) => (header === undefined ? -1 : table.headers.indexOf(header));
  const at = { email: column(run.mapping.match.email), phone: column(run.mapping.match.phone), year: column(run.mapping.match.birthYear), initials: column(run.mapping.match.initials) };
  const cellOf = (cells: string[], index: number) => (index < 0 ? undefined : cells[index]);

  return held.map(({ row, typedId }) => {
    const cells = byRow.get(row) ?? [];
    const scores = new Map<string, { score: number; reasons: string[] }>();
    const add = (id: string, reason: keyof typeof WEIGHTS) => {
      const entry = scores.get(id) ?? { score: 0, reasons: [] };
      // Independent signals combine: two weak ones make a strong one, none reaches certainty.
      entry.score = 1 - (1 - entry.score) * (1 - WEIGHTS[reason]);
      entry.reasons.push(reason);
      scores.set(id, entry);
    };
    const formEmail = email(cellOf(cells, at.email));
    const formPhone = phoneKey(cellOf(cells, at.phone) ?? null);
    const formYear = Number.parseInt(cellOf(cells, at.year) ?? '', 10);
    const formInitials = letters(cellOf(cells, at.initials) ?? '');
    for (const person of people) {
      if (formEmail && email(person.email ?? undefined) === formEmail) add(person.id, 'email');
      if (formPhone && phoneKey(person.phone) === formPhone) add(person.id, 'phone');
      if (formInitials.length >= 2 && person.name && Number.isInteger(formYear) && person.birthYear !== null) {
        const initials = initialsOf(person.name);
        const sameInitials = initials === formInitials || initials.split('').reverse().join('') === formInitials;
        if (sameInitials && person.birthYear === formYear) add(person.id, 'initialsBirthYear');
        else if (sameInitials && Math.abs(person.birthYear - formYear) === 1) add(person.id, 'initialsNearBirthYear');
      }
    }
    if (/^\d{4,12}$/.test(typedId)) {
      const onRoster = new Set(people.map((person) => person.id));
      for (const candidate of idNeighbours(typedId)) if (onRoster.has(candidate)) add(candidate, 'idOneSlip');
    }
    const refused = new Set(rejected.all(importId, row) as string[]);
    const candidates = [...scores]
      .filter(([id]) => !refused.has(id) && assessId(study, sheet, id, null).ok)
      .map(([participantId, entry]) => ({ participantId, score: Math.round(entry.score * 100) / 100, reasons: entry.reasons }))
      .sort((a, b) => b.score - a.score || a.participantId.localeCompare(b.participantId))
      .slice(0, 3);
    return { row, typedId, candidates };
  });
}

function heldRow(study: Db, importId: number, row: number): { cells: string } {
  const held = study
    .prepare('SELECT cells, participant_id AS participantId FROM import_held WHERE import_id = ? AND row_number = ?')
    .get(importId, row) as { cells: string; participantId: string | null } | undefined;
  if (!held) throw new MixwiseError('NOT_FOUND', 'This row is not held by the import.', { key: 'imports.rowNotHeld' });
  if (held.participantId !== null) throw new MixwiseError('ALREADY_EXISTS', 'This row has already been matched.', { key: 'imports.rowMatched' });
  return held;
}

/** The ID-keeper confirms that a held row is this participant's: its answers join the import's batch. */
export function confirmMatch(study: Db, vault: Db, input: { importId: number; row: number; participantId: string }, now = new Date()) {
  const run = importRun(study, input.importId);
  const held = heldRow(study, input.importId, input.row);
  const sheet = sheetFor(study, run.batchId, { reload: true });
  const assessment = assessId(study, sheet, input.participantId, null);
  if (!assessment.ok) {
    throw new MixwiseError('INVALID_INPUT', 'This ID cannot take the row: it is not on the roster or already has a questionnaire at this wave.', {
      field: 'participantId',
      key: 'imports.matchRefused',
    });
  }
  const stored = JSON.parse(held.cells) as Record<string, string | null>;
  const writes: PlannedWrite[] = Object.entries(stored).map(([itemCode, value], index) => ({ index, rowKey: 'held', itemCode, value: decodeCell(value) }));
  const planned = planWrites(sheet, new Map(), writes);
  if ('problems' in planned) throw new MixwiseError('INVALID_INPUT', 'The held answers no longer fit the questionnaire.', { key: 'imports.heldInvalid' });
  const at = now.getTime();
  const actor = (study.prepare('SELECT actor FROM import_run WHERE id = ?').pluck().get(input.importId) as string) ?? 'import';
  return study.transaction(() => {
    const { rowId } = insertRow(study, sheet, input.participantId, at);
    const plan = planned.plans.get('held');
    if (plan) applyPlans(study, sheet, loadRows(study, run.batchId, [rowId]), new Map([[rowId, plan]]), 'paste', new Map(), at, actor);
    // The questionnaire is made with the first answer (entry/cells.ts): an import batch's is 'online' already.
    study.prepare("UPDATE response SET source = 'online' WHERE id = (SELECT response_id FROM entry_row WHERE id = ?)").run(rowId);
    study.prepare('UPDATE import_held SET participant_id = ?, resolved_at = ? WHERE import_id = ? AND row_number = ?').run(
      input.participantId,
      now.toISOString(),
      input.importId,
      input.row,
    );
    study
      .prepare("INSERT INTO import_decision (import_id, row_number, participant_id, decision, decided_at) VALUES (?, ?, ?, 'confirmed', ?)")
      .run(input.importId, input.row, input.participantId, now.toISOString());
    study.prepare('UPDATE import_run SET rows_imported = rows_imported + 1 WHERE id = ?').run(input.importId);
    // Inside the study's transaction: if the audit cannot be written, the match is not made either.
    appendAudit(vault, 'imported', { what: 'import_match_confirmed', importId: input.importId, row: input.row, participantId: input.participantId }, now);
    return { participantId: input.participantId, rowId };
  })();
}

/** The ID-keeper says a proposal is wrong: it is not proposed for that row again. */
export function rejectMatch(study: Db, vault: Db, input: { importId: number; row: number; participantId: string }, now = new Date()): { ok: true } {
  importRun(study, input.importId);
  heldRow(study, input.importId, input.row);
  if (!study.prepare('SELECT 1 FROM participant WHERE id = ?').get(input.participantId)) {
    throw new MixwiseError('NOT_FOUND', 'This ID is not on the roster.', { field: 'participantId', key: 'imports.matchRefused' });
  }
  study.transaction(() => {
    study
      .prepare("INSERT INTO import_decision (import_id, row_number, participant_id, decision, decided_at) VALUES (?, ?, ?, 'rejected', ?)")
      .run(input.importId, input.row, input.participantId, now.toISOString());
    appendAudit(vault, 'imported', { what: 'import_match_rejected', importId: input.importId, row: input.row, participantId: input.participantId }, now);
  })();
  return { ok: true };
}
