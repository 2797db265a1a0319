import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { seedEnglishForms } from '../instruments/groupForms';

export interface NewStudy {
  name: string;
  country?: string;
}

export interface CodedName {
  code: string;
  name: string;
}

export interface WaveInput {
  code: string;
  label: string;
  windowStart?: string | null;
  windowEnd?: string | null;
}

/** The toolkit's design before anyone edits it: two arms and three waves (pre, post, follow-up). */
export const DEFAULT_ARMS: readonly CodedName[] = [
  { code: 'programme', name: 'Programme' },
  { code: 'comparison', name: 'Comparison' },
];

export const DEFAULT_WAVES: readonly WaveInput[] = [
  { code: 'pre', label: 'Before the programme' },
  { code: 'post', label: 'Right after the programme' },
  { code: 'fu', label: 'Follow-up' },
];

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,23}$/;

export function assertCode(code: string, field = 'code'): void {
  if (!CODE_PATTERN.test(code)) {
    throw new MixwiseError(
      'INVALID_INPUT',
      'A code starts with a lower-case letter and has up to 24 lower-case letters, digits or underscores.',
      { field },
    );
  }
}

function assertName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new MixwiseError('INVALID_INPUT', 'This field cannot be empty.', { field });
  return trimmed;
}

function nextPosition(db: Db, table: 'identity_group' | 'arm' | 'site' | 'cohort' | 'wave'): number {
  const row = db.prepare(`SELECT coalesce(max(position), 0) + 1 AS next FROM ${table}`).get() as { next: number };
  return row.next;
}

function assertUnique(db: Db, table: string, code: string): void {
  if (db.prepare(`SELECT 1 FROM ${table} WHERE code = ?`).get(code)) {
    throw new MixwiseError('ALREADY_EXISTS', `The code "${code}" is already used.`, { field: 'code', params: { code } });
  }
}

/** Writes the study row and the default arms and waves into a freshly created file. */
export function initialiseStudy(db: Db, input: NewStudy, now = new Date()): void {
  const name = assertName(input.name, 'name');
  db.transaction(() => {
    db.prepare('INSERT INTO study (id, uuid, name, country, created_at) VALUES (1, ?, ?, ?, ?)').run(
      randomUUID(),
      name,
      (input.country ?? '').trim(),
      now.toISOString(),
    );
    for (const arm of DEFAULT_ARMS) addArm(db, arm);
    for (const wave of DEFAULT_WAVES) addWave(db, wave);
  })();
}

export function addIdentityGroup(db: Db, group: CodedName & { labelForOthers: string }): number {
  assertCode(group.code);
  assertUnique(db, 'identity_group', group.code);
  const result = db
    .prepare('INSERT INTO identity_group (code, name, label_for_others, position) VALUES (?, ?, ?, ?)')
    .run(group.code, assertName(group.name, 'name'), assertName(group.labelForOthers, 'labelForOthers'), nextPosition(db, 'identity_group'));
  const id = Number(result.lastInsertRowid);
  // English forms suggested from the label, for the evaluator to check in Setup (groupForms.ts).
  seedEnglishForms(db, id, group.labelForOthers);
  return id;
}

function addCoded(db: Db, table: 'arm' | 'site' | 'cohort', entry: CodedName): number {
  assertCode(entry.code);
  assertUnique(db, table, entry.code);
  const result = db
    .prepare(`INSERT INTO ${table} (code, name, position) VALUES (?, ?, ?)`)
    .run(entry.code, assertName(entry.name, 'name'), nextPosition(db, table));
  return Number(result.lastInsertRowid);
}

export const addArm = (db: Db, arm: CodedName): number => addCoded(db, 'arm', arm);
export const addSite = (db: Db, site: CodedName): number => addCoded(db, 'site', site);
export const addCohort = (db: Db, cohort: CodedName): number => addCoded(db, 'cohort', cohort);

export function addWave(db: Db, wave: WaveInput): number {
  assertCode(wave.code);
  assertUnique(db, 'wave', wave.code);
  if (wave.windowStart && wave.windowEnd && wave.windowEnd < wave.windowStart) {
    throw new MixwiseError('INVALID_INPUT', 'The window cannot end before it starts.', { field: 'windowEnd' });
  }
  const result = db
    .prepare('INSERT INTO wave (code, label, position, window_start, window_end) VALUES (?, ?, ?, ?, ?)')
    .run(wave.code, assertName(wave.label, 'label'), nextPosition(db, 'wave'), wave.windowStart ?? null, wave.windowEnd ?? null);
  return Number(result.lastInsertRowid);
}

/** Looks up a row id by code, with a clear error naming what was not found. */
export function idByCode(db: Db, table: 'identity_group' | 'arm' | 'site' | 'cohort' | 'wave' | 'questionnaire_version', code: string): number {
  const row = db.prepare(`SELECT id FROM ${table} WHERE code = ?`).get(code) as { id: number } | undefined;
  if (!row) {
    throw new MixwiseError('NOT_FOUND', `There is no ${table.replace('_', ' ')} with the code "${code}".`, {
      params: { code },
    });
  }
  return row.id;
}
