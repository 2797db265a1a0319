import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/contracts/imports';
import { createEntryTestStudy, type EntryTestStudy } from '../entry/testStudy';
import { MixwiseError } from '../errors';
import { dammCheckDigit } from '../ids/damm';
import { listAudit } from '../vault/audit';
import { createVaultFile, studyUuidOf, type OpenVault } from '../vault/vaultFile';
import { loadTracking } from '../tracking/load';
import { commitImport } from './commit';
import { confirmMatch, initialsOf, matchProposals, rejectMatch } from './match';
import { readImportTable } from './table';

let study: EntryTestStudy;
let vault: OpenVault;

beforeEach(async () => {
  study = createEntryTestStudy(40);
  ({ vault } = await createVaultFile(join(study.folder, 'entry.mixvault'), 'vault-passphrase-1', studyUuidOf(study.db), { client: 'cli' }));
  const issue = vault.db.prepare("INSERT INTO issued_id (id, legacy, issued_at) VALUES (?, 0, '2026-01-01T00:00:00.000Z')");
  const person = vault.db.prepare(
    "INSERT INTO person (participant_id, name, birth_year, phone, email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')",
  );
  const people: [string, number, string | null, string | null][] = [
    ['Amira Haddad', 1990, '+44 7700 900001', 'Amira.H@Example.org'],
    ['Jonas Berg', 1985, null, null],
    ['Ana Bianchi', 1991, null, null],
    ['Omar Nasser', 1978, '07700 900004', null],
  ];
  people.forEach(([name, year, phone, email], index) => {
    issue.run(study.fresh[index]);
    person.run(study.fresh[index], name, year, phone, email);
  });
});

afterEach(() => {
  if (vault.db.open) vault.db.close();
  study.close();
});

const MAPPING: ImportMapping = {
  versionCode: 'newcomer_en',
  idColumn: 'code',
  skipRows: 0,
  columns: { q: 'att1' },
  recode: {},
  match: { email: 'mail', birthYear: 'yob', initials: 'ini', phone: 'tel' },
};

function slip(id: string): string {
  // One digit replaced: the check digit catches it, and the roster ID is one slip away.
  const body = id.slice(0, 7);
  const changed = body.slice(0, 2) + String((Number(body[2]) + 1) % 10) + body.slice(3);
  const wrong = changed + id[7];
  return dammCheckDigit(changed) === Number(id[7]) ? changed + String((Number(id[7]) + 1) % 10) : wrong;
}

describe('the match assistant', () => {
  it('proposes roster IDs with tolerance, matches nothing silently, and audits every decision', async () => {
    const [amira, jonas, ana, omar] = study.fresh as [string, string, string, string];
    const rows = [
      'code,q,mail,yob,ini,tel',
      `,4,  amira.h@example.ORG ,,,`,
      `${slip(jonas)},3,,,,`,
      `,2,,1990,AB,`,
      `,5,,,,+44 (0)7700 900004`,
    ];
    const content = Buffer.from(rows.join('\n'));
    const table = await readImportTable('online.csv', content);
    const result = commitImport(study.db, { fileName: 'online.csv', content, table, waveCode: 'fu', mapping: MAPPING, actor: 'Evaluator' });
    expect(result).toMatchObject({ imported: 0, held: 4 });
    expect(loadTracking(study.db).participants.find((person) => person.id === amira)!.usable.has('fu')).toBe(false);

    const proposals = matchProposals(study.db, vault.db, result.importId, table, content);
    const top = (row: number) => proposals.find((proposal) => proposal.row === row)!.candidates[0];
    expect(top(2)).toMatchObject({ participantId: amira, reasons: ['email'] });
    expect(top(3)).toMatchObject({ participantId: jonas, reasons: ['idOneSlip'] });
    // Ana Bianchi born 1991: initials match and the year is one off.
    expect(top(4)).toMatchObject({ participantId: ana, reasons: ['initialsNearBirthYear'] });
    // The same mobile number written with the country code.
    expect(top(5)).toMatchObject({ participantId: omar, reasons: ['phone'] });
    expect(initialsOf('Jean-Luc Picard')).toBe('JLP');

    // Nothing is matched until confirmed.
    expect(study.db.prepare('SELECT count(*) FROM import_held WHERE participant_id IS NOT NULL').pluck().get()).toBe(0);
    confirmMatch(study.db, vault.db, { importId: result.importId, row: 2, participantId: amira });
    rejectMatch(study.db, vault.db, { importId: result.importId, row: 4, participantId: ana });
    expect(loadTracking(study.db).participants.find((person) => person.id === amira)!.usable.get('fu')).toBeTruthy();
    const answers = study.db
      .prepare("SELECT a.item_code, a.value FROM answer a JOIN response r ON r.id = a.response_id WHERE r.participant_id = ? AND r.source = 'online'")
      .all(amira);
    expect(answers).toEqual([{ item_code: 'att1', value: 4 }]);
    expect(() => confirmMatch(study.db, vault.db, { importId: result.importId, row: 2, participantId: amira })).toThrow(MixwiseError);
    // The same ID cannot take a second row of the wave.
    expect(() => confirmMatch(study.db, vault.db, { importId: result.importId, row: 3, participantId: amira })).toThrow(/already has a questionnaire/);

    const again = matchProposals(study.db, vault.db, result.importId, table, content);
    expect(again.map((proposal) => proposal.row)).toEqual([3, 4, 5]);
    expect(again.find((proposal) => proposal.row === 4)!.candidates.map((candidate) => candidate.participantId)).not.toContain(ana);

    const audit = listAudit(vault.db).entries.filter((entry) => entry.action === 'imported');
    expect(audit.map((entry) => entry.detail)).toEqual([
      { what: 'import_match_rejected', importId: result.importId, row: 4, participantId: ana },
      { what: 'import_match_confirmed', importId: result.importId, row: 2, participantId: amira },
    ]);
    expect(JSON.stringify(listAudit(vault.db).entries)).not.toMatch(/Amira|Bianchi|example/i);
  });

  it('asks for the very file that was imported', async () => {
    const content = Buffer.from('code,q,mail\n,4,a@example.org\n');
    const table = await readImportTable('online.csv', content);
    const { importId } = commitImport(study.db, { fileName: 'online.csv', content, table, waveCode: 'fu', mapping: MAPPING, actor: 'Evaluator' });
    const other = Buffer.from('code,q,mail\n,4,b@example.org\n');
    expect(() => matchProposals(study.db, vault.db, importId, table, other)).toThrow(/not the file that was imported/);
  });
});
