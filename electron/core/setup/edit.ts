import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { addArm, addCohort, addIdentityGroup, addSite, addWave, idByCode } from '../study/design';

/**
 * Editing the study design. The rule throughout: an edit that cannot orphan data is allowed at any
 * time (names, labels, planned windows, order), one that could is refused with a sentence saying
 * what holds on to the row. Codes never change once made: they are the columns of the exported
 * dataset (pre_att1) and the key data entry uses. Every change runs in one transaction and checks
 * everything before it writes, so nothing is ever half-saved.
 */

export type CodedTable = 'arm' | 'site' | 'cohort';
export type Audience = 'all' | 'host' | 'migrant';

export interface GroupInput {
  code: string;
  name: string;
  labelForOthers: string;
  audience?: Audience;
}

export interface WaveEdit {
  code: string;
  label: string;
  windowStart?: string | null;
  windowEnd?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function required(value: string, field: string, what: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw new MixwiseError('INVALID_INPUT', `Give the ${what}.`, { field, key: 'setup.required', params: { what } });
  return trimmed;
}

function assertWindow(start: string | null | undefined, end: string | null | undefined): void {
  for (const [value, field] of [
    [start, 'windowStart'],
    [end, 'windowEnd'],
  ] as const) {
    if (value && (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
      throw new MixwiseError('INVALID_INPUT', 'Enter the date as YYYY-MM-DD.', { field, key: 'setup.badDate' });
    }
  }
  if (start && end && end < start) {
    throw new MixwiseError('INVALID_INPUT', 'The window cannot end before it starts.', { field: 'windowEnd', key: 'setup.windowEndsBeforeStart' });
  }
}

const CODE = /^[a-z][a-z0-9_]{0,23}$/;

/** Checked here, before design.ts adds the row, so the message carries a key the UI can translate. */
export function assertNewCode(db: Db, table: 'identity_group' | CodedTable | 'wave', code: string): void {
  if (!CODE.test(code)) {
    throw new MixwiseError(
      'INVALID_INPUT',
      'A code starts with a lower-case letter and has up to 24 lower-case letters, digits or underscores.',
      { field: 'code', key: 'setup.badCode' },
    );
  }
  if (db.prepare(`SELECT 1 FROM ${table} WHERE code = ?`).get(code)) {
    throw new MixwiseError('ALREADY_EXISTS', `The code "${code}" is already used.`, { field: 'code', key: 'setup.codeTaken', params: { code } });
  }
}

function count(db: Db, sql: string, ...params: unknown[]): number {
  return db.prepare(sql).pluck().get(...params) as number;
}

/** Runs `work` in a transaction; a MixwiseError thrown inside rolls everything back. */
function atomically<T>(db: Db, work: () => T): T {
  return db.transaction(work)();
}

export function setMatchTarget(db: Db, targetPercent: number, stretchPercent: number): void {
  for (const [value, field] of [
    [targetPercent, 'matchTarget'],
    [stretchPercent, 'matchStretch'],
  ] as const) {
    if (!Number.isFinite(value) || value <= 0 || value > 100) {
      throw new MixwiseError('INVALID_INPUT', 'Enter a percentage above 0 and at most 100.', { field, key: 'setup.badPercent' });
    }
  }
  if (stretchPercent < targetPercent) {
    throw new MixwiseError('INVALID_INPUT', 'The stretch target cannot be below the target.', { field: 'matchStretch', key: 'setup.stretchBelowTarget' });
  }
  db.prepare('UPDATE study SET match_target = ?, match_stretch = ? WHERE id = 1').run(targetPercent / 100, stretchPercent / 100);
}

export function setStudyDetails(db: Db, name: string, country: string): void {
  db.prepare('UPDATE study SET name = ?, country = ? WHERE id = 1').run(required(name, 'name', 'study a name'), country.trim());
}

export function createGroup(db: Db, input: GroupInput): void {
  assertNewCode(db, 'identity_group', input.code);
  required(input.name, 'name', 'group a name');
  required(input.labelForOthers, 'labelForOthers', 'label other groups use for it');
  atomically(db, () => {
    const id = addIdentityGroup(db, input);
    db.prepare('UPDATE identity_group SET audience = ? WHERE id = ?').run(input.audience ?? 'all', id);
  });
}

/** Names and the label for others can change at any time: versions keep the wording they printed. */
export function updateGroup(db: Db, input: GroupInput): void {
  const id = idByCode(db, 'identity_group', input.code);
  const name = required(input.name, 'name', 'group a name');
  const label = required(input.labelForOthers, 'labelForOthers', 'label other groups use for it');
  db.prepare('UPDATE identity_group SET name = ?, label_for_others = ?, audience = ? WHERE id = ?').run(name, label, input.audience ?? 'all', id);
}

export function removeGroup(db: Db, code: string): void {
  atomically(db, () => {
    const id = idByCode(db, 'identity_group', code);
    const participants = count(db, 'SELECT count(*) FROM participant WHERE identity_group_id = ?', id);
    if (participants > 0) {
      throw new MixwiseError('FORBIDDEN', `This group cannot be removed: ${participants} participants belong to it.`, {
        key: 'setup.groupHasParticipants',
        params: { count: participants },
      });
    }
    const versions = count(db, 'SELECT count(*) FROM questionnaire_version WHERE identity_group_id = ?', id);
    if (versions > 0) {
      throw new MixwiseError('FORBIDDEN', `This group cannot be removed: ${versions} questionnaire versions are for it.`, {
        key: 'setup.groupHasVersions',
        params: { count: versions },
      });
    }
    db.prepare('DELETE FROM identity_group WHERE id = ?').run(id);
  });
}

const ADDERS = { arm: addArm, site: addSite, cohort: addCohort } as const;
const NOUNS = { arm: 'arm', site: 'site', cohort: 'cohort' } as const;
const PARTICIPANT_COLUMN = { arm: 'arm_id', site: 'site_id', cohort: 'cohort_id' } as const;

export function createCoded(db: Db, table: CodedTable, code: string, name: string): void {
  assertNewCode(db, table, code);
  required(name, 'name', `${NOUNS[table]} a name`);
  ADDERS[table](db, { code, name });
}

export function renameCoded(db: Db, table: CodedTable, code: string, name: string): void {
  const id = idByCode(db, table, code);
  db.prepare(`UPDATE ${table} SET name = ? WHERE id = ?`).run(required(name, 'name', `${NOUNS[table]} a name`), id);
}

export function removeCoded(db: Db, table: CodedTable, code: string): void {
  atomically(db, () => {
    const id = idByCode(db, table, code);
    const participants = count(db, `SELECT count(*) FROM participant WHERE ${PARTICIPANT_COLUMN[table]} = ?`, id);
    if (participants > 0) {
      throw new MixwiseError('FORBIDDEN', `This ${NOUNS[table]} cannot be removed: ${participants} participants are in it.`, {
        key: 'setup.codedHasParticipants',
        params: { count: participants, noun: NOUNS[table] },
      });
    }
    if (table === 'arm' && count(db, 'SELECT count(*) FROM arm') === 1) {
      throw new MixwiseError('FORBIDDEN', 'A study keeps at least one arm.', { key: 'setup.lastArm' });
    }
    db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  });
}

export function createWave(db: Db, wave: WaveEdit): void {
  assertNewCode(db, 'wave', wave.code);
  required(wave.label, 'label', 'wave a label');
  assertWindow(wave.windowStart, wave.windowEnd);
  addWave(db, { ...wave, windowStart: wave.windowStart || null, windowEnd: wave.windowEnd || null });
}

/** Label and planned window change freely: responses point at the wave's row, not at its dates. */
export function updateWave(db: Db, wave: WaveEdit): void {
  const id = idByCode(db, 'wave', wave.code);
  const label = required(wave.label, 'label', 'wave a label');
  assertWindow(wave.windowStart, wave.windowEnd);
  db.prepare('UPDATE wave SET label = ?, window_start = ?, window_end = ? WHERE id = ?').run(
    label,
    wave.windowStart || null,
    wave.windowEnd || null,
    id,
  );
}

export function removeWave(db: Db, code: string): void {
  atomically(db, () => {
    const id = idByCode(db, 'wave', code);
    const responses = count(db, 'SELECT count(*) FROM response WHERE wave_id = ?', id);
    if (responses > 0) {
      throw new MixwiseError('FORBIDDEN', `This wave cannot be removed: ${responses} questionnaires have been entered for it.`, {
        key: 'setup.waveHasResponses',
        params: { count: responses },
      });
    }
    db.prepare('DELETE FROM wave WHERE id = ?').run(id);
  });
}

/**
 * Puts the waves in the given order. The first wave is the toolkit's pre-programme assessment
 * (items asked "before the programme only" print on it), so once answers exist the first wave may
 * no longer change: its forms would suddenly ask different questions.
 */
export function reorderWaves(db: Db, codes: string[]): void {
  atomically(db, () => {
    const current = db.prepare('SELECT code FROM wave ORDER BY position').pluck().all() as string[];
    if (codes.length !== current.length || new Set(codes).size !== codes.length || codes.some((code) => !current.includes(code))) {
      throw new MixwiseError('INVALID_INPUT', 'List every wave once.', { field: 'order', key: 'setup.waveOrderIncomplete' });
    }
    if (codes[0] !== current[0] && count(db, 'SELECT count(*) FROM response') > 0) {
      throw new MixwiseError('FORBIDDEN', 'The first wave cannot change once questionnaires have been entered.', {
        field: 'order',
        key: 'setup.firstWaveFixed',
      });
    }
    // Positions are not UNIQUE, so they can be rewritten in place.
    const update = db.prepare('UPDATE wave SET position = ? WHERE code = ?');
    codes.forEach((code, index) => update.run(index + 1, code));
  });
}
