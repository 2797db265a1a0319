import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrolPrepared } from './enrol';
import { checkImport, strataOf, suggestMapping } from './import';
import { readCsv, readTable } from './spreadsheet';
import { enrol, makeFixture, person, type Fixture } from './testSupport';

let fixture: Fixture;
beforeEach(async () => {
  fixture = await makeFixture();
});
afterEach(() => fixture.cleanup());

const CSV = [
  'Name;Identity Group;SITE;Cohort;Phone;E-mail;Birth year;ID',
  'Amira Haddad;Migrants;North district;c2026;+41 79 100 00 01;amira@example.org;1994;',
  'Lukas Meier;host;south;2026 round;079 100 00 02;;1987;',
  '"Nour ""Noni"" Saleh";migrant;north;;;nour@example.org;2001;14343143',
].join('\r\n');

async function xlsxOf(rows: (string | number | null)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('People');
  for (const row of rows) sheet.addRow(row);
  // An e-mail typed into Excel becomes a hyperlink cell.
  sheet.getCell('C2').value = { text: 'amira@example.org', hyperlink: 'mailto:amira@example.org' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading spreadsheets', () => {
  it('reads CSV with semicolons, quotes and a byte-order mark', () => {
    const table = readCsv(Buffer.from(`\uFEFF${CSV}\r\n\r\n`, 'utf8'));
    expect(table.headers).toEqual(['Name', 'Identity Group', 'SITE', 'Cohort', 'Phone', 'E-mail', 'Birth year', 'ID']);
    expect(table.rows).toHaveLength(3);
    expect(table.rows[2]![0]).toBe('Nour "Noni" Saleh');
  });

  it('reads the first sheet of an xlsx workbook in memory, hyperlinks and numbers as text', async () => {
    const bytes = await xlsxOf([
      ['name', 'identity_group', 'email', 'birth_year', 'site'],
      ['Amira Haddad', 'migrant', null, 1994, 'north'],
      ['Lukas Meier', 'host', 'lukas@example.org', 1987, 'south'],
    ]);
    const table = await readTable('people.XLSX', bytes);
    expect(table.rows).toEqual([
      ['Amira Haddad', 'migrant', 'amira@example.org', '1994', 'north'],
      ['Lukas Meier', 'host', 'lukas@example.org', '1987', 'south'],
    ]);
    await expect(readTable('people.xlsx', Buffer.from('not a zip'))).rejects.toMatchObject({ details: { key: 'importUnreadable' } });
    await expect(readTable('people.pdf', bytes)).rejects.toMatchObject({ details: { key: 'importType' } });
  });
});

describe('checking an import', () => {
  it('matches headers case-insensitively and spelled in several ways', () => {
    expect(suggestMapping(['Name', 'Identity Group', 'SITE', 'Cohort', 'Phone', 'E-mail', 'Birth year', 'ID'])).toEqual({
      name: 0,
      identity_group: 1,
      site: 2,
      cohort: 3,
      phone: 4,
      email: 5,
      birth_year: 6,
      id: 7,
    });
    expect(suggestMapping(['Full name', 'group', 'Year of birth', 'Mobile'])).toEqual({
      name: 0,
      identity_group: 1,
      birth_year: 2,
      phone: 3,
    });
  });

  it('prepares every valid row, with the legacy ID kept, and counts the strata', () => {
    const { study, vault } = fixture;
    const table = readCsv(Buffer.from(CSV));
    const checked = checkImport(study, vault.db, table, suggestMapping(table.headers));
    expect(checked.errors).toEqual([]);
    expect(checked.rows.map((row) => row.prepared?.legacyId ?? null)).toEqual([null, null, '14343143']);
    expect(strataOf(checked.rows)).toEqual([
      { identityGroup: 'host', site: 'south', count: 1 },
      { identityGroup: 'migrant', site: 'north', count: 2 },
    ]);
  });

  it('reports every problem of every row with its spreadsheet row number, and then enrols nobody', () => {
    const { study, vault } = fixture;
    const table = readCsv(
      Buffer.from(
        [
          'name,identity_group,site,birth_year,email,id,consent_by',
          'Good Person,migrant,north,1990,good@example.org,,participant',
          ',martians,moon,19x0,nope,12,',
          'Second Good,host,south,,,55555555,guardian',
          'Third,host,south,,,55555555,',
        ].join('\n'),
      ),
    );
    const checked = checkImport(study, vault.db, table, suggestMapping(table.headers));
    expect(checked.errors.map((issue) => `${issue.row}:${issue.key}`).sort()).toEqual(
      [
        '3:birthYearInvalid',
        '3:legacyIdInvalid',
        '3:nameMissing',
        '3:unknownGroup',
        '3:unknownSite',
        '3:emailInvalid',
        '4:guardianMissing',
        '5:idRepeated',
      ].sort(),
    );
    expect(checked.errors.find((issue) => issue.key === 'unknownGroup')?.message).toBe(
      "Row 3, column B (identity group): not one of the study's identity groups.",
    );
    expect(checked.rows.filter((row) => row.prepared)).toHaveLength(1);
    // The caller enrols only when there are no errors at all (import.commit): nothing is written here.
    expect(study.prepare('SELECT count(*) FROM participant').pluck().get()).toBe(0);
  });

  it('names the row and column of a problem, never what the cell holds (a shifted row puts names and e-mails anywhere)', () => {
    const { study, vault } = fixture;
    // An unquoted comma in the name shifts the row: the surname lands in the group column, the
    // e-mail in the birth year, the phone in the ID; and the consent columns hold a name and e-mail.
    const table = readCsv(
      Buffer.from(
        [
          'name,identity_group,site,birth_year,id,consent_date,consent_by,preferred_channel',
          'Haddad, Amira Quetzal,north,amira.quetzal@example.org,+41 79 555 01 02,Amira Quetzal,amira.quetzal@example.org,Quetzal',
        ].join('\n'),
      ),
    );
    const checked = checkImport(study, vault.db, table, suggestMapping(table.headers));
    expect(checked.errors.map((issue) => issue.key).sort()).toEqual(
      ['birthYearInvalid', 'channelInvalid', 'consentByInvalid', 'consentDateInvalid', 'legacyIdInvalid', 'unknownGroup'].sort(),
    );
    const said = JSON.stringify(checked.errors) + JSON.stringify(checked.warnings);
    for (const secret of ['Amira', 'Quetzal', 'amira.quetzal@example.org', 'example.org', '555 01 02', 'Haddad'])
      expect(said).not.toContain(secret);
    expect(checked.errors.map((issue) => issue.message)).toContain(
      'Row 2, column D (birth year): not a birth year (four digits, 1900 to 2100).',
    );
    expect(checked.errors.find((issue) => issue.key === 'consentByInvalid')).toMatchObject({ row: 2, params: { row: 2, column: 'G' } });
  });

  it('insists on a name, an identity group and (the study has sites) a site column', () => {
    const table = readCsv(Buffer.from('phone,email\n079,a@b.ch\n'));
    const checked = checkImport(fixture.study, fixture.vault.db, table, suggestMapping(table.headers));
    expect(checked.errors.map((issue) => `${issue.key}:${issue.field}`)).toEqual([
      'columnMissing:name',
      'columnMissing:identity_group',
      'columnMissing:site',
    ]);
  });

  it('refuses a row without a site in a study with sites, and names rows whose consent is not recorded', () => {
    const { study, vault } = fixture;
    const table = readCsv(
      Buffer.from(
        [
          'name,identity_group,site,consent_date,consent_by,consent_form_version,consent_missing_reason',
          'Full Consent,migrant,north,2026-01-05,participant,v2,',
          'No Site,host,,2026-01-05,participant,v2,',
          'No Consent,host,south,,,,',
          'Half Consent,migrant,north,2026-01-05,,,',
          'Reason Given,host,south,,,,Consent sheet lost in the flood; consent confirmed by phone',
        ].join('\n'),
      ),
    );
    const mapping = suggestMapping(table.headers);
    expect(mapping.consent_missing_reason).toBe(6);
    const checked = checkImport(study, vault.db, table, mapping);
    expect(checked.errors.map((issue) => `${issue.row}:${issue.key}`)).toEqual(['3:siteMissing']);
    expect(checked.errors[0]!.message).toBe(
      'Row 3, column C (site): the site is missing (the study has sites: each person takes part at one).',
    );
    // Not refused (lists kept on paper before Mixwise often lack it) but never silent: the preview names the rows.
    expect(checked.consentNotRecorded).toEqual([4, 5]);
    const reason = checked.rows.find((row) => row.row === 6)!.prepared!;
    enrolPrepared(study, vault.db, [reason], 'cli');
    expect(vault.db.prepare('SELECT consent_missing_reason FROM person').pluck().all()).toEqual([
      'Consent sheet lost in the flood; consent confirmed by phone',
    ]);
  });

  it('warns about probable duplicates in the vault and within the file', () => {
    const { study, vault } = fixture;
    const [existing] = enrol(study, vault.db, [person('Amira Haddad', { birthYear: 1994 })]);
    const table = readCsv(Buffer.from(`${CSV}\r\nSomeone New;host;south;;;;;\r\nSomeone New;host;south;;+41 79 100 00 01;;;`));
    const checked = checkImport(study, vault.db, table, suggestMapping(table.headers));
    expect(checked.errors).toEqual([]);
    expect(checked.warnings.map((warning) => [warning.row, warning.matches])).toEqual([
      [2, [existing]],
      [6, ['row 2']],
    ]);
    const ids = enrolPrepared(
      study,
      vault.db,
      checked.rows.map((row) => row.prepared!),
      'cli',
    );
    expect(ids).toHaveLength(5);
  });
});
