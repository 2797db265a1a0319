import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { addCohort, addIdentityGroup, addSite } from '../core/study/design';
import { createStudyFile, openStudyFile } from '../core/study/file';
import { containsText, decryptedView, filesUnder, passphrasePageKey } from '../core/vault/testSupport';
import { openVaultFile, recoverVaultFile } from '../core/vault/vaultFile';
import { expectOneSentenceError, PASSPHRASE, runCli, tempFolders, type CliResult } from './testSupport';

const VAULT_PASSPHRASE = 'cli-vault-passphrase';
const folders = tempFolders();
afterEach(() => folders.cleanup());

function makeStudy(folder: string): string {
  const path = join(folder, 'pilot.mixwise');
  const db = createStudyFile(path, PASSPHRASE, { name: 'CLI enrol study' });
  addIdentityGroup(db, { code: 'migrant', name: 'Migrants', labelForOthers: 'migrants' });
  addIdentityGroup(db, { code: 'host', name: 'Host society', labelForOthers: 'the host society' });
  addSite(db, { code: 'north', name: 'North district' });
  addSite(db, { code: 'south', name: 'South district' });
  addCohort(db, { code: 'c2026', name: '2026 round' });
  db.close();
  return path;
}

function names(count: number, canary: string): string[] {
  return Array.from({ length: count }, (_, n) => `${canary}${String.fromCharCode(65 + (n % 26))}${n} Surname`);
}

function csvOf(people: string[]): string {
  const rows = people.map((name, n) =>
    [
      name,
      n % 2 ? 'Host society' : 'migrant',
      n % 3 ? 'north' : 'South district',
      'c2026',
      `+41 79 ${1000000 + n}`,
      `p${n}@example.org`,
      String(1960 + n),
    ].join(','),
  );
  return ['Name,Identity_Group,Site,Cohort,Phone,Email,Birth_Year', ...rows].join('\n');
}

async function xlsxOf(people: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('List');
  sheet.addRow(['NAME', 'identity group', 'SITE', 'birth year']);
  people.forEach((name, n) => sheet.addRow([name, n % 2 ? 'host' : 'Migrants', 'north', 1990 + n]));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function enrol(folder: string, file: string, extra: string[] = [], env: Record<string, string> = {}): CliResult {
  return runCli(['enrol', '--study', 'pilot.mixwise', '--vault', 'pilot.mixvault', '--file', file, ...extra], {
    cwd: folder,
    env: { MIXWISE_VAULT_PASSPHRASE: VAULT_PASSPHRASE, ...env },
  });
}

describe('mixwise enrol', () => {
  it('creates the vault, enrols a CSV list with random assignment, and prints counts per stratum, never a name', async () => {
    const folder = folders.make();
    makeStudy(folder);
    const canary = `Canary${randomBytes(4).toString('hex')}`;
    writeFileSync(join(folder, 'people.csv'), csvOf(names(24, canary)));
    const result = enrol(folder, 'people.csv', ['--assign', 'random', '--seed', '42', '--recovery-out', 'recovery.txt']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Enrolled 24 people.');
    expect(result.stdout).toMatch(/Migrants x North district: \d+ \(now programme \d+, comparison \d+\)/);
    expect(result.stdout).toContain('seed 42');
    expect(result.stdout + result.stderr).not.toContain(canary);

    const recovery = readFileSync(join(folder, 'recovery.txt'), 'utf8');
    expect(statSync(join(folder, 'recovery.txt')).mode & 0o777).toBe(0o600);
    const recoveryKey = /Recovery key: (\S+)/.exec(recovery)![1]!;
    const recovered = await recoverVaultFile(join(folder, 'pilot.mixvault'), recoveryKey, 'a brand new passphrase');
    expect(recovered.vault.db.prepare('SELECT count(*) FROM person').pluck().get()).toBe(24);
    recovered.vault.db.close();

    const study = openStudyFile(join(folder, 'pilot.mixwise'), PASSPHRASE);
    const strata = study
      .prepare(
        `SELECT g.code || '|' || s.code AS stratum, sum(a.code = 'programme') AS programme, sum(a.code = 'comparison') AS comparison
           FROM participant p JOIN identity_group g ON g.id = p.identity_group_id JOIN site s ON s.id = p.site_id JOIN arm a ON a.id = p.arm_id
          GROUP BY stratum`,
      )
      .all() as { stratum: string; programme: number; comparison: number }[];
    study.close();
    expect(strata.reduce((sum, row) => sum + row.programme + row.comparison, 0)).toBe(24);
    for (const row of strata) expect(Math.abs(row.programme - row.comparison), row.stratum).toBeLessThanOrEqual(1);
  }, 240_000);

  it('leaves no name in the study file, its WAL and shm, or the temp folder, and none in the clear in the vault', async () => {
    const folder = folders.make();
    const childTmp = folders.make();
    const studyPath = makeStudy(folder);
    const canary = `Canary${randomBytes(4).toString('hex')}`;
    const people = names(30, canary);
    writeFileSync(join(folder, 'people.xlsx'), await xlsxOf(people.slice(0, 15)));
    writeFileSync(join(folder, 'more.csv'), csvOf(people.slice(15)));
    const tmpEnv = { TMPDIR: childTmp, TEMP: childTmp, TMP: childTmp, SQLITE_TMPDIR: childTmp, TSX_DISABLE_CACHE: '1' };
    for (const [file, extra] of [
      ['people.xlsx', ['--recovery-out', 'key.txt']],
      ['more.csv', ['--assign', 'random']],
    ] as const) {
      const result = enrol(folder, file, [...extra], tmpEnv);
      expect(result.status, result.stderr).toBe(0);
    }
    // Neither the study nor anything in the temp folder holds a name, not even inside the
    // study's encrypted pages (decrypted here with the study's own key to be sure).
    const studyKey = passphrasePageKey(PASSPHRASE, readFileSync(studyPath));
    for (const name of [canary, ...people.slice(0, 3)]) {
      expect(containsText(decryptedView(studyPath, studyKey), name)).toBe(false);
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(studyPath + suffix)) expect(containsText(readFileSync(studyPath + suffix), name), suffix).toBe(false);
      }
      for (const file of filesUnder(childTmp)) expect(containsText(readFileSync(file), name), file).toBe(false);
    }
    expect(filesUnder(childTmp)).toEqual([]);
    // The vault and its backups hold the names only encrypted.
    const vaultPath = join(folder, 'pilot.mixvault');
    const vaultFiles = filesUnder(folder).filter((file) => file.includes('.mixvault'));
    expect(vaultFiles.length).toBeGreaterThanOrEqual(2);
    for (const file of vaultFiles) expect(containsText(readFileSync(file), canary), file).toBe(false);
    const vault = await openVaultFile(vaultPath, VAULT_PASSPHRASE);
    const dataKey = Buffer.from(vault.dataKey);
    vault.db.close();
    expect(containsText(decryptedView(vaultPath, dataKey), people[0]!)).toBe(true);
  }, 240_000);

  it('enrols nobody when a row has a problem, lists every problem, and makes no vault', () => {
    const folder = folders.make();
    makeStudy(folder);
    writeFileSync(
      join(folder, 'bad.csv'),
      'name,identity_group,site,birth_year\nGood Person,migrant,north,1990\n,martians,north,19x0\nOther,host,moon,\n',
    );
    const result = enrol(folder, 'bad.csv', ['--recovery-out', 'key.txt']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Row 3, column A (name): the name is missing.');
    expect(result.stderr).toContain("Row 3, column B (identity group): not one of the study's identity groups.");
    expect(result.stderr).toContain('Row 3, column D (birth year): not a birth year (four digits, 1900 to 2100).');
    expect(result.stderr).toContain("Row 4, column C (site): not one of the study's sites.");
    expect(result.stderr).toContain('nobody was enrolled');
    expect(readdirSync(folder).sort()).toEqual(['bad.csv', 'pilot.mixwise']);
  }, 240_000);

  it('never prints what a malformed row holds: a shifted name and e-mail stay off stderr, the row and column say where', () => {
    const folder = folders.make();
    makeStudy(folder);
    // The unquoted comma in the name shifts every cell one column to the right.
    writeFileSync(
      join(folder, 'shifted.csv'),
      'name,identity_group,site,birth_year,email,consent_by\nQuetzal, Amira,migrant,amira.quetzal@example.org,Amira,amira.quetzal@example.org\n',
    );
    const result = enrol(folder, 'shifted.csv', ['--recovery-out', 'key.txt']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    for (const secret of ['Amira', 'Quetzal', 'amira.quetzal', 'example.org']) expect(result.stderr).not.toContain(secret);
    expect(result.stderr).toContain("Row 2, column B (identity group): not one of the study's identity groups.");
    expect(result.stderr).toContain('Row 2, column D (birth year): not a birth year (four digits, 1900 to 2100).');
    expect(result.stderr).toContain('Row 2, column F (consent by): should be "participant" or "guardian".');
    expect(readdirSync(folder).sort()).toEqual(['pilot.mixwise', 'shifted.csv']);
  }, 240_000);

  it('adds to an existing vault and asks for a recovery file only for a new one', () => {
    const folder = folders.make();
    makeStudy(folder);
    writeFileSync(join(folder, 'a.csv'), csvOf(names(4, 'First')));
    writeFileSync(join(folder, 'b.csv'), csvOf(names(3, 'Second')));
    expect(enrol(folder, 'a.csv').stderr).toContain('--recovery-out');
    expect(enrol(folder, 'a.csv', ['--recovery-out', 'key.txt']).status).toBe(0);
    expect(enrol(folder, 'b.csv', ['--recovery-out', 'key2.txt']).status).toBe(2);
    const second = enrol(folder, 'b.csv');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('Enrolled 3 people.');
    // The same people again: warned about as probable duplicates (by row and ID, never by name).
    const again = enrol(folder, 'b.csv');
    expect(again.stderr).toMatch(/Warning: Row 2, column A \(name\): may be the same person as \d{8}(, \d{8})*\./);
    expect(again.stderr).not.toContain('Second');
  }, 240_000);

  it("names who acted in the vault's audit log: --keeper, or the computer account running the command", async () => {
    const folder = folders.make();
    makeStudy(folder);
    writeFileSync(join(folder, 'a.csv'), csvOf(names(2, 'First')));
    writeFileSync(join(folder, 'b.csv'), csvOf(names(2, 'Second')));
    const first = enrol(folder, 'a.csv', ['--recovery-out', 'key.txt', '--keeper', '  Keeper   Delta ']);
    expect(first.status, first.stderr).toBe(0);
    const second = enrol(folder, 'b.csv');
    expect(second.status, second.stderr).toBe(0);
    expect(expectOneSentenceError(enrol(folder, 'b.csv', ['--keeper', ' ']), 2)).toMatch(/Enter your name/);

    const vault = await openVaultFile(join(folder, 'pilot.mixvault'), VAULT_PASSPHRASE);
    const keepers = vault.db.prepare('SELECT id, name FROM keeper ORDER BY id').all() as { id: number; name: string }[];
    expect(keepers.map((keeper) => keeper.name)).toEqual(['Keeper Delta', userInfo().username]);
    const entries = vault.db.prepare("SELECT action, json_extract(detail, '$.keeper') AS keeper FROM audit ORDER BY seq").all() as {
      action: string;
      keeper: number | null;
    }[];
    vault.db.close();
    // Every entry of both runs names its keeper: the vault's creation and the first list by Keeper Delta, the second by the account.
    expect(entries.filter((entry) => entry.keeper === null)).toEqual([]);
    expect(entries.find((entry) => entry.action === 'created')?.keeper).toBe(keepers[0]!.id);
    expect(entries.at(-1)?.keeper).toBe(keepers[1]!.id);
  }, 240_000);

  it('refuses a wrong or missing vault passphrase', () => {
    const folder = folders.make();
    makeStudy(folder);
    writeFileSync(join(folder, 'a.csv'), csvOf(names(2, 'First')));
    expect(enrol(folder, 'a.csv', ['--recovery-out', 'key.txt']).status).toBe(0);
    const wrong = enrol(folder, 'a.csv', [], { MIXWISE_VAULT_PASSPHRASE: 'not the vault passphrase' });
    expect(wrong.status).toBe(3);
    expect(wrong.stderr.trim()).toBe('Wrong passphrase.');
    const unset = runCli(['enrol', '--study', 'pilot.mixwise', '--vault', 'pilot.mixvault', '--file', 'a.csv'], { cwd: folder });
    expect(unset.status).toBe(2);
    expect(unset.stderr).toContain('MIXWISE_VAULT_PASSPHRASE');
  }, 240_000);
});
