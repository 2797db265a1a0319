import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeExportFixture, REVERSE_ITEM, type ExportFixture } from '../core/exports/testSupport';
import { readWorkbookWithOpenpyxl } from '../core/testing/openpyxl';
import { openVaultFile } from '../core/vault/vaultFile';
import { expectOneSentenceError, runCli, type CliResult } from './testSupport';

let fixture: ExportFixture;
beforeEach(async () => {
  fixture = await makeExportFixture();
  // The CLI opens the files itself, as a user's shell would.
  fixture.study.close();
  fixture.vault.db.close();
});
afterEach(() => fixture.cleanup());

function exportCli(args: string[], env: Record<string, string> = {}): CliResult {
  const result = runCli(['export', '--study', 'pilot.mixwise', ...args], { cwd: fixture.folder, passphrase: fixture.studyPassphrase, env });
  // Whatever happens, nothing from the vault reaches the terminal.
  expect(result.stdout + result.stderr).not.toContain(fixture.canary);
  return result;
}

describe('mixwise export', () => {
  it('writes the wide xlsx with codebook, the CSV and the syntax files, and says what free text it left out', () => {
    // Over the cohort all 12 share, the check passes; the layout and files are what is tested here.
    const result = exportCli(['--out', 'data.xlsx', '--syntax', 'spss,stata,r', '--quasi', 'cohort']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Free text left out: pre_dem2, pre_dem5.');
    expect(result.stdout).toContain('Exported 12 respondents');
    for (const name of ['data.xlsx', 'data.csv', 'data.sps', 'data.do', 'data.R'])
      expect(existsSync(join(fixture.folder, name)), name).toBe(true);
    const book = readWorkbookWithOpenpyxl(join(fixture.folder, 'data.xlsx'));
    expect(book.Data![0]!.slice(0, 10)).toEqual([
      'id',
      'group',
      'arm',
      'site',
      'cohort',
      'pre_dem1',
      'pre_nat1',
      'pre_att1',
      'pre_att2',
      `pre_${REVERSE_ITEM}`,
    ]);
    expect(book.Data!.slice(1).map((row) => row[0])).toEqual([...fixture.ids].sort());
    expect(book.Codebook).toHaveLength(book.Data![0]!.length + 1);
    for (const name of ['data.xlsx', 'data.csv', 'data.sps', 'data.do', 'data.R']) {
      expect(readFileSync(join(fixture.folder, name)).includes(Buffer.from(fixture.canary)), name).toBe(false);
    }
  });

  it('refuses while quasi-identifiers single people out, lists the combinations, and exports once generalised and suppressed', () => {
    const refused = exportCli(['--out', 'risky.csv', '--format', 'csv', '--quasi', 'group,pre_dem1', '--k', '3']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('k-anonymity (k = 3) over group, pre_dem1: 12 of 12 respondents');
    expect(refused.stderr).toContain('group=Migrants, pre_dem1=19: 1');
    expect(existsSync(join(fixture.folder, 'risky.csv'))).toBe(false);

    // Suppressing 6 of 12 rows is above the 10 % limit: refused without a reason, written with one.
    const suppressing = [
      '--out',
      'risky.csv',
      '--format',
      'csv',
      '--quasi',
      'group,dem1',
      '--k',
      '3',
      '--generalise',
      'dem1:bands',
      '--suppress',
    ];
    const over = exportCli(suppressing);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain(
      'k-anonymity (k = 3) over group, pre_dem1: passed only after suppressing 6 of 12 rows, above the 10 % limit.',
    );
    expect(existsSync(join(fixture.folder, 'risky.csv'))).toBe(false);
    const done = exportCli([...suppressing, '--override-reason', 'Shared with the ethics board only'], {
      MIXWISE_VAULT_PASSPHRASE: fixture.vaultPassphrase,
    });
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('passed only after suppressing 6 of 12 rows, above the 10 % limit');
    expect(readFileSync(join(fixture.folder, 'risky.csv'), 'utf8')).toContain(',Migrants,');
  });

  it('checks the design columns and demographic items when --quasi is left out, and skips the check only on the record', async () => {
    const refused = exportCli(['--out', 'default.csv', '--format', 'csv']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'k-anonymity (k = 5) over group, arm, site, cohort, pre_dem1, pre_nat1 (the default: design columns and demographic items): 12 of 12 respondents',
    );
    expect(existsSync(join(fixture.folder, 'default.csv'))).toBe(false);

    expectOneSentenceError(exportCli(['--out', 'none.csv', '--format', 'csv', '--no-kanon-check']), 2);
    expectOneSentenceError(
      exportCli([
        '--out',
        'none.csv',
        '--format',
        'csv',
        '--no-kanon-check',
        '--quasi',
        'group',
        '--override-reason',
        'Agreed with the board',
      ]),
      2,
    );
    const reason = 'Shared with the ethics board only, under contract';
    const skipped = exportCli(['--out', 'none.csv', '--format', 'csv', '--no-kanon-check', '--override-reason', reason], {
      MIXWISE_VAULT_PASSPHRASE: fixture.vaultPassphrase,
    });
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('k-anonymity was not checked (--no-kanon-check); the reason is recorded in the vault.');
    expect(existsSync(join(fixture.folder, 'none.csv'))).toBe(true);
    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    try {
      expect(vault.db.prepare('SELECT quasi_identifiers AS quasi, override_reason AS reason, client FROM export_run').all()).toEqual([
        { quasi: '[]', reason, client: 'cli' },
      ]);
    } finally {
      vault.db.close();
    }
  });

  it('re-keys with the vault, keeping the mapping there only, and needs the vault for it', async () => {
    const withoutPassphrase = exportCli(['--out', 'rekeyed.csv', '--format', 'long', '--rekey', '--quasi', 'cohort']);
    expect(withoutPassphrase.status).not.toBe(0);
    expect(existsSync(join(fixture.folder, 'rekeyed.csv'))).toBe(false);

    const result = exportCli(['--out', 'rekeyed.csv', '--format', 'long', '--rekey', '--quasi', 'cohort'], {
      MIXWISE_VAULT_PASSPHRASE: fixture.vaultPassphrase,
    });
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(join(fixture.folder, 'rekeyed.csv'), 'utf8');
    for (const id of fixture.ids) expect(text).not.toContain(id);
    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    try {
      const pseudonyms = vault.db.prepare('SELECT pseudonym FROM export_pseudonym').pluck().all() as string[];
      expect(pseudonyms).toHaveLength(12);
      for (const pseudonym of pseudonyms) expect(text).toContain(`${pseudonym},`);
      expect(vault.db.prepare("SELECT count(*) FROM audit WHERE action = 'exported'").pluck().get()).toBe(1);
    } finally {
      vault.db.close();
    }
  });

  it('refuses usage mistakes and never overwrites a file', () => {
    expectOneSentenceError(exportCli(['--out', 'x.csv', '--format', 'pdf']), 2);
    expectOneSentenceError(exportCli(['--out', 'x.csv']), 2);
    expectOneSentenceError(exportCli(['--out', 'x.xlsx', '--syntax', 'sas']), 2);
    writeFileSync(join(fixture.folder, 'taken.sps'), 'keep me');
    expectOneSentenceError(exportCli(['--out', 'taken.xlsx', '--syntax', 'spss']), 4);
    expect(readFileSync(join(fixture.folder, 'taken.sps'), 'utf8')).toBe('keep me');
    expect(existsSync(join(fixture.folder, 'taken.xlsx'))).toBe(false);
  });
});
