import type { ColumnMapping, ImportField, NewPerson, RowIssue } from '../../api/contracts/vault';
import { importFields } from '../../api/contracts/vault';
import type { Db } from '../db/open';
import { DesignRefs } from './designRefs';
import { consentIssues, idTaken, preparePerson, type PreparedPerson } from './enrol';
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
  consent_missing_reason: ['consentmissingreason', 'noconsentreason', 'whynoconsent', 'consentnotrecorded'],
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
  /** Rows enrolled without consent in full (date, by whom, form version) or a reason why not: said in the preview. */
  consentNotRecorded: number[];
}

const CHANNELS: Record<string, NewPerson['preferredChannel']> = {
  phone: 'phone',
  call: 'phone',
  telephone: 'phone',
  sms: 'sms',
  text: 'sms',
  whatsapp: 'sms',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  post: 'post',
  letter: 'post',
  in_person: 'in_person',
  'in person': 'in_person',
  visit: 'in_person',
};

/**
 * What is wrong with a cell, worded without its value: a shifted row puts names and e-mail
 * addresses into other columns, and the message goes to the screen, stderr and logs. The row and
 * the column say where to look instead.
 */
const ROW_PROBLEMS: Record<string, string> = {
  nameMissing: 'the name is missing',
  emailInvalid: 'the e-mail address does not look right',
  birthYearFuture: 'the birth year is in the future',
  birthYearInvalid: 'not a birth year (four digits, 1900 to 2100)',
  consentDateInvalid: 'not a valid past date as YYYY-MM-DD',
  guardianMissing: "consent by a guardian needs the guardian's name",
  unknownGroup: "not one of the study's identity groups",
  unknownSite: "not one of the study's sites",
  siteMissing: 'the site is missing (the study has sites: each person takes part at one)',
  unknownCohort: "not one of the study's cohorts",
  unknownArm: "not one of the study's arms",
  idTaken: 'this ID has already been issued in this study',
  idRepeated: 'the same ID as row {{other}}',
  legacyIdInvalid: 'not an ID of 4 to 12 digits',
  channelInvalid: 'not a contact channel (phone, sms, email, post, in person)',
  consentByInvalid: 'should be "participant" or "guardian"',
  probableDuplicate: 'may be the same person as {{matches}}',
};

/** preparePerson's field names (a NewPerson's) as the import's. */
const IMPORT_FIELDS: Record<string, ImportField> = {
  identityGroup: 'identity_group',
  legacyId: 'id',
  birthYear: 'birth_year',
  consentDate: 'consent_date',
  guardianName: 'guardian_name',
  preferredChannel: 'preferred_channel',
  consentBy: 'consent_by',
  consentFormVersion: 'consent_form_version',
};

/** A column as spreadsheets name it: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/**
 * A row's problem at its column. params carry only the row, the column's letter and numbers or
 * IDs of this study (another row, duplicate candidates), never what the cell holds.
 */
function issue(row: number, field: string, key: string, mapping: ColumnMapping, params: Record<string, string | number> = {}): RowIssue {
  const importField = IMPORT_FIELDS[field] ?? (field as ImportField);
  // A guardian's name missing from an unmapped column is pointed at by the "consent by" column.
  const index = mapping[importField] ?? (key === 'guardianMissing' ? mapping.consent_by : undefined);
  const column = index === undefined || index === null ? '?' : columnLetter(index);
  const problem = (ROW_PROBLEMS[key] ?? 'this value is not accepted').replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    String(params[name] ?? ''),
  );
  return {
    row,
    field,
    key,
    message: `Row ${row}, column ${column} (${importField.replace(/_/g, ' ')}): ${problem}.`,
    params: { ...params, row, column },
  };
}

/** One spreadsheet row as the fields a person has; problems of form (not of content) are noted. */
function rowToPerson(cells: readonly string[], mapping: ColumnMapping, rowNumber: number, issues: RowIssue[]): NewPerson {
  const flag = (field: ImportField, key: string) => issues.push(issue(rowNumber, field, key, mapping));
  const get = (field: ImportField) => {
    const column = mapping[field];
    return column === undefined || column === null ? '' : (cells[column] ?? '').trim();
  };
  const birthYearText = get('birth_year');
  let birthYear: number | null = null;
  if (birthYearText) {
    const year = Number(birthYearText);
    if (/^\d{4}$/.test(birthYearText) && year >= 1900 && year <= 2100) birthYear = year;
    else flag('birth_year', 'birthYearInvalid');
  }
  const channelText = get('preferred_channel').toLowerCase();
  const preferredChannel = channelText ? CHANNELS[channelText] : null;
  if (channelText && !preferredChannel) flag('preferred_channel', 'channelInvalid');
  const consentByText = get('consent_by').toLowerCase();
  const consentBy =
    consentByText === ''
      ? null
      : consentByText.startsWith('guard') || consentByText.startsWith('parent')
        ? 'guardian'
        : consentByText.startsWith('partic') || consentByText === 'self'
          ? 'participant'
          : undefined;
  if (consentBy === undefined) flag('consent_by', 'consentByInvalid');
  const consentDate = get('consent_date');
  const id = get('id');
  if (id && !/^\d{4,12}$/.test(id)) flag('id', 'legacyIdInvalid');
  if (consentDate && !/^\d{4}-\d{2}-\d{2}$/.test(consentDate)) flag('consent_date', 'consentDateInvalid');
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
    consentMissingReason: get('consent_missing_reason') || undefined,
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
  const refs = new DesignRefs(study);
  const required = refs.list('site').length > 0 ? (['name', 'identity_group', 'site'] as const) : (['name', 'identity_group'] as const);
  for (const field of required) {
    if (mapping[field] === undefined || mapping[field] === null) {
      errors.push({
        row: 1,
        field,
        key: 'columnMissing',
        message: `Choose the column that holds ${field.replace('_', ' ')}.`,
        params: { field },
      });
    }
  }
  if (errors.length > 0) return { rows: [], errors, warnings, consentNotRecorded: [] };
  const taken = idTaken(study, vault);
  const duplicates = new DuplicateFinder(vault);
  const idsInFile = new Map<string, number>();
  const rows = table.rows.map((cells, index): CheckedRow => {
    const rowNumber = index + 2;
    const rowIssues: RowIssue[] = [];
    const person = rowToPerson(cells, mapping, rowNumber, rowIssues);
    const { prepared, issues } = preparePerson(person, refs, taken);
    // preparePerson's own messages may quote the value (the one-person form shows it back): not used here.
    for (const found of issues) rowIssues.push(issue(rowNumber, found.field, found.key, mapping));
    if (person.legacyId) {
      const earlier = idsInFile.get(person.legacyId);
      if (earlier !== undefined) {
        rowIssues.push(issue(rowNumber, 'id', 'idRepeated', mapping, { other: earlier }));
      } else idsInFile.set(person.legacyId, rowNumber);
    }
    errors.push(...rowIssues);
    if (person.name) {
      const candidate = { name: person.name, birthYear: person.birthYear ?? null, phone: person.phone ?? null };
      const matches = duplicates.find(candidate);
      if (matches.length > 0) {
        warnings.push({
          ...issue(rowNumber, 'name', 'probableDuplicate', mapping, { matches: matches.map((match) => match.id).join(', ') }),
          matches: matches.map((match) => match.id),
        });
      }
      // Later rows are compared with this one too; "row N" stands in for an ID it does not have yet.
      duplicates.add(`row ${rowNumber}`, candidate);
    }
    return { row: rowNumber, person, prepared: rowIssues.length === 0 ? prepared : undefined };
  });
  const consentNotRecorded = rows
    .filter(({ prepared }) => prepared && prepared.consentMissingReason === null && consentIssues(prepared.columns).length > 0)
    .map(({ row }) => row);
  return { rows, errors, warnings, consentNotRecorded };
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
