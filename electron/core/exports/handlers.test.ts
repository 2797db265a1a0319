import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '../../api/contract';
import { dispatch } from '../../api/dispatch';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { openVaultFile } from '../vault/vaultFile';
import { makeExportFixture, type ExportFixture } from './testSupport';

let fixture: ExportFixture;
let core: CoreApp;
let savePath: string | null;

beforeEach(async () => {
  fixture = await makeExportFixture();
  fixture.study.close();
  fixture.vault.db.close();
  savePath = null;
  core = testCore(fixture.folder, { dialogs: { chooseSavePath: async () => savePath } });
});
afterEach(async () => {
  core.lockAll('user');
  await core.dispose();
  fixture.cleanup();
});

const call = (name: MethodName, input: unknown = {}) => dispatch(core.handlers, name, input);

async function ok<N extends MethodName>(name: N, input: unknown = {}): Promise<MethodOutput<N>> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as MethodOutput<N>;
}

describe('exports through the API', () => {
  it('lists the columns, checks, saves where the dialog says, and records re-keyed or overridden exports in the unlocked vault only', async () => {
    await ok('study.open', { path: fixture.studyPath, passphrase: fixture.studyPassphrase });
    const variables = await ok('exports.variables');
    expect(variables.respondents).toBe(12);
    expect(variables.freeText).toEqual([
      { item: 'dem2', label: 'What is your gender?' },
      { item: 'dem5', label: 'What is your level of education?' },
    ]);
    expect(variables.variables.find((variable) => variable.name === 'pre_dem1')).toMatchObject({
      kind: 'number',
      generalise: ['bands', 'merge'],
    });
    expect(variables.variables.find((variable) => variable.name === 'id')?.generalise).toEqual([]);
    // Quasi-identifiers are chosen by design column or by item, an item covering all its waves.
    expect(variables.quasiCandidates.filter((candidate) => candidate.byDefault).map((candidate) => candidate.name)).toEqual([
      'group',
      'arm',
      'site',
      'cohort',
      'dem1',
      'dem2',
      'dem5',
      'nat1',
    ]);
    expect(variables.quasiCandidates.find((candidate) => candidate.name === 'att1')).toMatchObject({
      columns: ['pre_att1', 'post_att1', 'fu_att1'],
      byDefault: false,
    });

    const risky = { format: 'csv', quasiIdentifiers: ['group', 'pre_dem1'], k: 3 };
    expect(await ok('exports.check', risky)).toMatchObject({ passed: false, riskyRows: 12 });
    expect(await call('exports.check', { quasiIdentifiers: ['pre_dem5'] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'quasiIdentifiers' },
    });

    // Refused before the dialog while at risk, or re-keying without the vault.
    savePath = join(fixture.folder, 'out.csv');
    expect(await call('exports.save', risky)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', key: 'exports.notAnonymous' } });
    const override = { reason: 'Approved by the steering group for this analysis' };
    expect(await call('exports.save', { ...risky, override })).toMatchObject({ ok: false, error: { key: 'exports.overrideNeedsVault' } });
    expect(await call('exports.save', { format: 'csv', quasiIdentifiers: ['cohort'], rekey: true })).toMatchObject({
      ok: false,
      error: { key: 'exports.rekeyNeedsVault' },
    });

    // Nothing chosen is not "nothing checked": the default set (design columns, ages) refuses the fixture.
    expect(await ok('exports.check', { format: 'csv' })).toMatchObject({ defaultQuasi: true, status: 'atRisk', passed: false });
    expect(await call('exports.save', { format: 'csv' })).toMatchObject({ ok: false, error: { key: 'exports.notAnonymous' } });
    expect(await call('exports.save', { format: 'csv', skipKanonCheck: true })).toMatchObject({
      ok: false,
      error: { key: 'exports.uncheckedNeedsReason' },
    });

    // Cancelling the dialog writes nothing; an export that passes needs no vault (all 12 share the cohort).
    const plain = { format: 'csv', quasiIdentifiers: ['cohort'] };
    savePath = null;
    expect(await ok('exports.save', plain)).toMatchObject({ paths: null });
    savePath = join(fixture.folder, 'plain.csv');
    expect((await ok('exports.save', plain)).paths).toEqual([savePath]);

    await ok('vault.unlock', { passphrase: fixture.vaultPassphrase });
    savePath = join(fixture.folder, 'rekeyed.csv');
    const saved = await ok('exports.save', { ...risky, rekey: true, override });
    expect(saved.paths).toEqual([savePath]);
    expect(saved.report.passed).toBe(false);
    const text = readFileSync(savePath, 'utf8');
    for (const id of fixture.ids) expect(text).not.toContain(id);
    core.lockAll('user');

    const vault = await openVaultFile(fixture.vaultPath, fixture.vaultPassphrase);
    try {
      expect(vault.db.prepare('SELECT rekeyed, override_reason AS reason, client FROM export_run').all()).toEqual([
        { rekeyed: 1, reason: override.reason, client: 'app' },
      ]);
      const pseudonyms = vault.db.prepare('SELECT pseudonym FROM export_pseudonym').pluck().all() as string[];
      expect(pseudonyms).toHaveLength(12);
      for (const pseudonym of pseudonyms) expect(text).toContain(`${pseudonym},`);
    } finally {
      vault.db.close();
    }
  });
});
