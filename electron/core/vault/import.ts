import type { ColumnMapping, ImportField, NewPerson, RowIssue } from '../../api/contracts/vault';
import { importFields } from '../../api/contracts/vault';
import type { Db } from '../db/open';
import { DesignRefs } from './designRefs';
import { idTaken, preparePerson, type PreparedPerson } from './enrol';
import { DuplicateFinder } from './people';
import type { Table } from './spreadsheet';

/**
 * Bulk enrolment from a spreadsheet: headers are matched to fields, every row is checked, and the
 * result is either a list of people ready to enrol or the list of every row's problems. Row
 * numbers are the spreadsheet's own (the header is row 1), so people can find them in Excel.
 */

/** Header spellings accepted for each field, compared without case, spaces, dashes or underscores. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ['name', 'fullname', 'participant', 'participantname', 'person'],
  identity_group: ['identitygroup', 'group', 'identity', 'community'],
  site: ['site', 'location', 'place'],
  cohort: ['cohort', 'round', 'intake'],
  arm: ['arm', 'condition', 'programmeorcomparison'],
  id: ['id', 'participantid', 'legacyid', 'oldid', 'idnumber', 'code'],
  birth_year: ['birthyear', 'yearofbirth', 'born', 'yob'],
  phone: ['phone', 'telephone', 'mobile', 'phonenumber', 'tel', 'cell'],
  email: ['email', 'mail', 'emailaddress'],
  address: ['address', 'postaladdress', 'homeaddress'],
  preferred_channel: ['preferredchannel', 'channel', 'contactby', 'preferredcontact'],
  consent_date: ['consentdate', 'consentgiven', 'dateofconsent', 'consent'],
  consent_form_version: ['consentformversion', 'consentform', 'formversion', 'consentversion'],
  consent_by: ['consentby', 'consentgivenby', 'consentfrom'],
  guardian_name: ['guardianname', 'guardian', 'parent', 'parentname'],
  notes: ['notes', 'note', 'remarks', 'comments', 'comment'],
};

const squash = (header: string) => header.toLowerCase().replace(/[\s_\-.]/g, '');

/** Matches headers to fields, case-insensitively; each column feeds at most one field. */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  for (const field of importFields) {
    const index = headers.findIndex((header, column) => !used.has(column) && SYNONYMS[field].includes(squash(header)));
    if (index >= 0) {
      mapping[field] = index;
      used.add(index);
    }
  }
  return mapping;
}

export interface CheckedRow {
  row: number;
  person: NewPerson;
  prepared?: PreparedPerson;
}

export interface CheckedImport {
  rows: CheckedRow[];
  errors: RowIssue[];
  warnings: (RowIssue & { matches: string[] })[];
}

const CHANNELS: Record<string, NewPerson['preferredChannel']> = {
  phone: 'phone', call: 'phone', telephone: 'phone',
  sms: 'sms', text: 'sms', whatsapp: 'sms',
  email: 'email', 'e-mail': 'email', mail: 'email',
  post: 'post', letter: 'post',
  in_person: 'in_person', 'in person': 'in_person', visit: 'in_person',
};

function issue(row: number, field: string, key: string, message: string, params?: Record<string, string | number>): RowIssue {
  return { row, field, key, message: `Row ${row}: ${message}`, params: { ...params, row } };
}

/** One spreadsheet row as the fields a person has; problems of form (not of content) are noted. */
function rowToPerson(cells: readonly string[], mapping: ColumnMapping, rowNumber: number, issues: RowIssue[]): NewPerson {
  const get = (field: ImportField) => {
    const column = mapping[field];
    return column === undefined || column === null ? '' : (cells[column] ?? '').trim();
  };
  const birthYearText = get('birth_year');
  let birthYear: number | null = null;
  if (birthYearText) {
    const year = Number(birthYearText);
    if (/^\d{4}$/.test(birthYearText) && year >= 1900 && year <= 2100) birthYear = year;
    else issues.push(issue(rowNumber, 'birth_year', 'birthYearInvalid', `"${birthYearText}" is not a birth year.`, { value: birthYearText }));
  }
  const channelText = get('preferred_channel').toLowerCase();
  const preferredChannel = channelText ? CHANNELS[channelText] : null;
  if (channelText && !preferredChannel) {
    issues.push(issue(rowNumber, 'preferred_channel', 'channelInvalid', `"${channelText}" is not a contact channel (phone, sms, email, post, in person).`, { value: channelText }));
  }
  const consentByText = get('consent_by').toLowerCase();
  const consentBy = consentByText === '' ? null : consentByText.startsWith('guard') || consentByText.startsWith('parent') ? 'guardian' : consentByText.startsWith('partic') || consentByText === 'self' ? 'participant' : undefined;
  if (consentBy === undefined) {
    issues.push(issue(rowNumber, 'consent_by', 'consentByInvalid', `"${consentByText}" should be "participant" or "guardian".`, { value: consentByText }));
  }
  const consentDate = get('consent_date');
  const id = get('id');
  if (id && !/^\d{4,12}$/.test(id)) issues.push(issue(rowNumber, 'id', 'legacyIdInvalid', `"${id}" is not an ID of 4 to 12 digits.`, { value: id }));
  if (consentDate && !/^\d{4}-\d{2}-\d{2}$/.test(consentDate)) {
    issues.push(issue(rowNumber, 'consent_date', 'consentDateInvalid', `"${consentDate}" is not a date as YYYY-MM-DD.`, { value: consentDate }));
  }
  return {
    name: get('name'),
    identityGroup: get('identity_group'),
    site: get('site') || null,
    cohort: get('cohort') || null,
    arm: get('arm') || null,
    legacyId: /^\d{4,12}$/.test(id) ? id : undefined,
    birthYear,
    phone: get('phone'),
    email: get('email'),
    address: get('address'),
    preferredChannel: preferredChannel ?? null,
    consentDate: /^\d{4}-\d{2}-\d{2}$/.test(consentDate) ? consentDate : '',
    consentFormVersion: get('consent_form_version'),
    consentBy: consentBy ?? null,
    guardianName: get('guardian_name'),
    notes: get('notes'),
  };
}

/**
 * Checks every row against the study and the vault. Probable duplicates (in the vault or earlier
 * in the same file) are warnings; anything that would enrol a wrong record is an error.
 */
export function checkImport(study: Db, vault: Db, table: Table, mapping: ColumnMapping): CheckedImport {
  const errors: RowIssue[] = [];
  const warnings: CheckedImport['warnings'] = [];
  for (const field of ['name', 'identity_group'] as const) {
    if (mapping[field] === undefined || mapping[field] === null) {
      errors.push({ row: 1, field, key: 'columnMissing', message: `Choose the column that holds ${field.replace('_', ' ')}.`, params: { field } });
    }
  }
  if (errors.length > 0) return { rows: [], errors, warnings };
  const refs = new DesignRefs(study);
  const taken = idTaken(study, vault);
  const duplicates = new DuplicateFinder(vault);
  const idsInFile = new Map<string, number>();
  const rows = table.rows.map((cells, index): CheckedRow => {
    const rowNumber = index + 2;
    const rowIssues: RowIssue[] = [];
    const person = rowToPerson(cells, mapping, rowNumber, rowIssues);
    const { prepared, issues } = preparePerson(person, refs, taken);
    for (const found of issues) rowIssues.push(issue(rowNumber, found.field, found.key, found.message, found.params));
    if (person.legacyId) {
      const earlier = idsInFile.get(person.legacyId);
      if (earlier !== undefined) {
        rowIssues.push(issue(rowNumber, 'id', 'idRepeated', `the ID ${person.legacyId} is also on row ${earlier}.`, { id: person.legacyId, other: earlier }));
      } else idsInFile.set(person.legacyId, rowNumber);
    }
    errors.push(...rowIssues);
    if (person.name) {
      const candidate = { name: person.name, birthYear: person.birthYear ?? null, phone: person.phone ?? null };
      const matches = duplicates.find(candidate);
      if (matches.length > 0) {
        warnings.push({
          ...issue(rowNumber, 'name', 'probableDuplicate', `may be the same person as ${matches.map((match) => match.id).join(', ')}.`),
          matches: matches.map((match) => match.id),
        });
      }
      // Later rows are compared with this one too; "row N" stands in for an ID it does not have yet.
      duplicates.add(`row ${rowNumber}`, candidate);
    }
    return { row: rowNumber, person, prepared: rowIssues.length === 0 ? prepared : undefined };
  });
  return { rows, errors, warnings };
}

/** People per identity group x site in a checked file, for the preview and the CLI's summary. */
export function strataOf(rows: readonly CheckedRow[]): { identityGroup: string; site: string | null; count: number }[] {
  const counts = new Map<string, { identityGroup: string; site: string | null; count: number }>();
  for (const row of rows) {
    if (!row.prepared) continue;
    const key = `${row.prepared.identityGroup}|${row.prepared.site ?? ''}`;
    const entry = counts.get(key) ?? { identityGroup: row.prepared.identityGroup, site: row.prepared.site, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => `${a.identityGroup}|${a.site}`.localeCompare(`${b.identityGroup}|${b.site}`));
}
