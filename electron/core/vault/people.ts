import type { DuplicateMatch, PersonFields, VaultPerson } from '../../api/contracts/vault';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';

/**
 * People in the vault, seen together with their roster entry in the study (group, arm, site,
 * cohort, status). Also the checks every way of entering a person shares: the single form, the
 * spreadsheet import and the CLI give the same messages for the same mistakes.
 */

export interface RosterEntry {
  id: string;
  identityGroup: string | null;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  status: 'active' | 'withdrawn' | 'erased';
  legacy: boolean;
}

export function readRoster(study: Db): Map<string, RosterEntry> {
  const rows = study
    .prepare(
      `SELECT p.id, g.code AS identityGroup, a.code AS arm, s.code AS site, c.code AS cohort, p.status, p.legacy_id AS legacy
         FROM participant p
         LEFT JOIN identity_group g ON g.id = p.identity_group_id
         LEFT JOIN arm a ON a.id = p.arm_id
         LEFT JOIN site s ON s.id = p.site_id
         LEFT JOIN cohort c ON c.id = p.cohort_id`,
    )
    .all() as (Omit<RosterEntry, 'legacy'> & { legacy: number })[];
  return new Map(rows.map((row) => [row.id, { ...row, legacy: row.legacy === 1 }]));
}

interface PersonRow {
  id: string;
  legacy: number;
  name: string | null;
  birthYear: number | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferredChannel: VaultPerson['preferredChannel'];
  consentDate: string | null;
  consentFormVersion: string | null;
  consentBy: VaultPerson['consentBy'];
  guardianName: string | null;
  consentMissingReason: string | null;
  notes: string;
  status: VaultPerson['status'];
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  createdAt: string;
}

const PERSON_SELECT = `
  SELECT p.participant_id AS id, i.legacy, p.name, p.birth_year AS birthYear, p.phone, p.email, p.address,
         p.preferred_channel AS preferredChannel, p.consent_date AS consentDate,
         p.consent_form_version AS consentFormVersion, p.consent_by AS consentBy, p.guardian_name AS guardianName,
         p.consent_missing_reason AS consentMissingReason, p.notes, p.status, p.withdrawn_at AS withdrawnAt, p.withdrawal_reason AS withdrawalReason, p.created_at AS createdAt
    FROM person p JOIN issued_id i ON i.id = p.participant_id`;

function withRoster(row: PersonRow, roster: Map<string, RosterEntry>): VaultPerson {
  const entry = roster.get(row.id);
  return {
    ...row,
    legacy: row.legacy === 1,
    identityGroup: entry?.identityGroup ?? null,
    arm: entry?.arm ?? null,
    site: entry?.site ?? null,
    cohort: entry?.cohort ?? null,
    rosterStatus: entry?.status ?? 'missing',
  };
}

/** Lower case, no accents, single spaces: "  José  DA Silva" and "jose da silva" are the same name. */
export function nameKey(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The last 9 digits: "+41 79 123 45 67" and "079 123 45 67" are the same phone. */
export function phoneKey(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 6 ? digits.slice(-9) : null;
}

export function listPeople(vault: Db, study: Db, options: { search?: string; status?: VaultPerson['status'] | 'all' } = {}): VaultPerson[] {
  const roster = readRoster(study);
  const rows = vault.prepare(`${PERSON_SELECT} ORDER BY p.name COLLATE NOCASE, p.participant_id`).all() as PersonRow[];
  const search = nameKey(options.search ?? '');
  const searchPhone = phoneKey(options.search);
  // "3421 2729" as printed on the list finds the ID 34212729.
  const searchDigits = /^[\d\s-]{4,}$/.test(search) ? search.replace(/\D/g, '') : null;
  return rows
    .filter((row) => !options.status || options.status === 'all' || row.status === options.status)
    .filter(
      (row) =>
        !search ||
        row.id.includes(search) ||
        (searchDigits !== null && row.id.includes(searchDigits)) ||
        (row.name !== null && nameKey(row.name).includes(search)) ||
        (row.email ?? '').toLowerCase().includes(search) ||
        (searchPhone !== null && phoneKey(row.phone) === searchPhone),
    )
    .map((row) => withRoster(row, roster));
}

export function getPerson(vault: Db, study: Db, id: string): VaultPerson {
  const row = vault.prepare(`${PERSON_SELECT} WHERE p.participant_id = ?`).get(id) as PersonRow | undefined;
  if (!row) throw new MixwiseError('NOT_FOUND', `Nobody with the ID ${id} is in the vault.`, { key: 'personNotFound', params: { id } });
  return withRoster(row, readRoster(study));
}

export interface FieldIssue {
  field: string;
  key: string;
  message: string;
  params?: Record<string, string | number>;
}

/** The person's columns as stored: trimmed, empty text as NULL. */
export interface PersonColumns {
  name: string;
  birth_year: number | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  preferred_channel: PersonFields['preferredChannel'] | null;
  consent_date: string | null;
  consent_form_version: string | null;
  consent_by: PersonFields['consentBy'] | null;
  guardian_name: string | null;
  notes: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const blank = (value: string | null | undefined) => (value ?? '').trim() || null;

/** Checks one person's fields; returns the stored form and every problem found (not just the first). */
export function checkPersonFields(fields: PersonFields, today = new Date()): { columns: PersonColumns; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const name = fields.name.replace(/\s+/g, ' ').trim();
  if (!name) issues.push({ field: 'name', key: 'nameMissing', message: "Enter the person's name." });
  const email = blank(fields.email);
  if (email && !EMAIL.test(email))
    issues.push({ field: 'email', key: 'emailInvalid', message: 'This e-mail address does not look right.' });
  const birthYear = fields.birthYear ?? null;
  if (birthYear !== null && birthYear > today.getUTCFullYear()) {
    issues.push({ field: 'birthYear', key: 'birthYearFuture', message: 'The birth year is in the future.' });
  }
  const consentDate = blank(fields.consentDate);
  if (consentDate && (Number.isNaN(Date.parse(`${consentDate}T00:00:00Z`)) || consentDate > today.toISOString().slice(0, 10))) {
    issues.push({ field: 'consentDate', key: 'consentDateInvalid', message: 'The consent date is not a valid past date.' });
  }
  const guardianName = blank(fields.guardianName);
  if (fields.consentBy === 'guardian' && !guardianName) {
    issues.push({ field: 'guardianName', key: 'guardianMissing', message: "Consent was given by a guardian: enter the guardian's name." });
  }
  return {
    columns: {
      name,
      birth_year: birthYear,
      phone: blank(fields.phone),
      email,
      address: blank(fields.address),
      preferred_channel: fields.preferredChannel ?? null,
      consent_date: consentDate,
      consent_form_version: blank(fields.consentFormVersion),
      consent_by: fields.consentBy ?? null,
      guardian_name: guardianName,
      notes: (fields.notes ?? '').trim(),
    },
    issues,
  };
}

export function throwFirst(issues: FieldIssue[]): void {
  const issue = issues[0];
  if (issue) throw new MixwiseError('INVALID_INPUT', issue.message, { field: issue.field, key: issue.key, params: issue.params });
}

/** Someone already in the vault (or earlier in the same file) who is probably the same person. */
export interface DuplicateCandidate {
  name: string;
  birthYear: number | null;
  phone: string | null;
}

/**
 * Probable duplicates: the same name and birth year, or the same phone. A warning, not a refusal:
 * twins share a birth year, families share a phone.
 */
export class DuplicateFinder {
  private readonly byNameYear = new Map<string, string[]>();
  private readonly byPhone = new Map<string, string[]>();

  constructor(vault: Db) {
    const rows = vault
      .prepare('SELECT participant_id AS id, name, birth_year AS birthYear, phone FROM person WHERE name IS NOT NULL')
      .all() as {
      id: string;
      name: string;
      birthYear: number | null;
      phone: string | null;
    }[];
    for (const row of rows) this.add(row.id, row);
  }

  add(id: string, person: DuplicateCandidate): void {
    const push = (map: Map<string, string[]>, key: string | null) => {
      if (key === null) return;
      map.set(key, [...(map.get(key) ?? []), id]);
    };
    push(this.byNameYear, person.birthYear === null ? null : `${nameKey(person.name)}|${person.birthYear}`);
    push(this.byPhone, phoneKey(person.phone));
  }

  find(person: DuplicateCandidate): DuplicateMatch[] {
    const matches = new Map<string, DuplicateMatch>();
    const note = (ids: string[] | undefined, reason: DuplicateMatch['reasons'][number]) => {
      for (const id of ids ?? []) {
        const match = matches.get(id) ?? { id, reasons: [] };
        match.reasons.push(reason);
        matches.set(id, match);
      }
    };
    if (person.birthYear !== null) note(this.byNameYear.get(`${nameKey(person.name)}|${person.birthYear}`), 'nameAndBirthYear');
    const phone = phoneKey(person.phone);
    if (phone !== null) note(this.byPhone.get(phone), 'phone');
    return [...matches.values()];
  }
}

const COLUMN_OF: Record<keyof PersonFields, keyof PersonColumns> = {
  name: 'name',
  birthYear: 'birth_year',
  phone: 'phone',
  email: 'email',
  address: 'address',
  preferredChannel: 'preferred_channel',
  consentDate: 'consent_date',
  consentFormVersion: 'consent_form_version',
  consentBy: 'consent_by',
  guardianName: 'guardian_name',
  notes: 'notes',
};

/** Changes some of a person's fields; returns the names of the columns changed (for the audit log). */
export function updatePerson(vault: Db, id: string, changes: Partial<PersonFields>): string[] {
  const current = vault.prepare(`${PERSON_SELECT} WHERE p.participant_id = ?`).get(id) as PersonRow | undefined;
  if (!current) throw new MixwiseError('NOT_FOUND', `Nobody with the ID ${id} is in the vault.`, { key: 'personNotFound', params: { id } });
  if (current.status === 'identity_erased') {
    throw new MixwiseError('FORBIDDEN', "This person's identity was erased; nothing can be added back.", { key: 'identityErased' });
  }
  const merged: PersonFields = {
    name: current.name ?? '',
    birthYear: current.birthYear,
    phone: current.phone ?? undefined,
    email: current.email ?? undefined,
    address: current.address ?? undefined,
    preferredChannel: current.preferredChannel,
    consentDate: current.consentDate ?? undefined,
    consentFormVersion: current.consentFormVersion ?? undefined,
    consentBy: current.consentBy,
    guardianName: current.guardianName ?? undefined,
    notes: current.notes,
    ...changes,
  };
  const { columns, issues } = checkPersonFields(merged);
  throwFirst(issues);
  const changed = (Object.keys(changes) as (keyof PersonFields)[]).map((field) => COLUMN_OF[field]);
  if (changed.length === 0) return [];
  const assignments = changed.map((column) => `${column} = @${column}`).join(', ');
  vault.prepare(`UPDATE person SET ${assignments}, updated_at = @updated_at WHERE participant_id = @id`).run({
    ...Object.fromEntries(changed.map((column) => [column, columns[column]])),
    updated_at: new Date().toISOString(),
    id,
  });
  return changed;
}
