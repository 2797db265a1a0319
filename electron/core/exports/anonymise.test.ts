import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportOptionsSchema, type ExportOptionsInput } from '../../api/contracts/exports';
import { isMixwiseError } from '../errors';
import { bankItem } from '../instruments/itemBank';
import { createVersion } from '../instruments/versions';
import { saveResponse } from '../responses/save';
import { riskStatus, SUPPRESSION_LIMIT } from './anonymise';
import { checkK } from './kanon';
import { checkExport, runExport } from './save';
import { makeExportFixture, type ExportFixture } from './testSupport';

/**
 * The k-anonymity check as the issue asks it: on by default over the design columns and every
 * demographic item at every wave, an item covering all its waves, suppression of more than a
 * stated share never "passed", and no check at all only by an explicit, recorded choice. Against
 * the export fixture's real study (12 respondents, ages 19, 23 … 63, one cohort).
 */

let fixture: ExportFixture;
beforeEach(async () => {
  fixture = await makeExportFixture();
});
afterEach(() => fixture.cleanup());

const options = (input: ExportOptionsInput = {}) => exportOptionsSchema.parse(input);
const report = (input: ExportOptionsInput = {}) => checkExport(fixture.study, options(input)).prepared.report;
const override = { reason: 'Released to the ethics board only, under a data agreement' };

async function refusal(work: Promise<unknown>): Promise<unknown> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  return isMixwiseError(error) ? error.details.key : error;
}

/**
 * A respondent characteristic asked at every wave (paid work, 1 yes 0 no), as a study's own item
 * filed under the demographics concept. Person n answers bit 0, 1 and 2 of n at pre, post and fu:
 * within each group every wave's answer alone is shared by at least two people, while the three
 * answers together are unique to each person.
 */
function addWorkAtEveryWave(): void {
  const work = {
    ...bankItem('nat6'),
    code: 'work',
    concept: 'demographics',
    waves: 'all',
    wording: 'Do you have paid work?',
    showIf: undefined,
  };
  for (const group of ['migrant', 'host']) {
    createVersion(fixture.study, {
      code: `${group}_work`,
      label: `${group} work (English)`,
      identityGroupCode: group,
      language: 'en',
      placeholders: { group: 'others', peopleInMyCommunity: 'my neighbours', thisCountry: 'this country' },
      items: [work],
    });
  }
  fixture.ids.forEach((id, n) => {
    ['pre', 'post', 'fu'].forEach((wave, bit) => {
      saveResponse(fixture.study, {
        participantId: id,
        waveCode: wave,
        versionCode: n < 8 ? 'migrant_work' : 'host_work',
        answers: { work: (n >> bit) & 1 },
      });
    });
  });
}

describe('k-anonymity by default', () => {
  it('checks the design columns and the demographic items when nothing is chosen, and catches a unique group x arm x site x age band', async () => {
    const bands = { generalise: [{ variable: 'pre_dem1', how: 'bands' as const }], k: 2 };
    const checked = report(bands);
    // Free-text demographics (gender, education) are left out of the export, so not checked either.
    expect(checked).toMatchObject({ defaultQuasi: true, quasiIdentifiers: ['group', 'arm', 'site', 'cohort', 'pre_dem1', 'pre_nat1'] });
    expect(checked.status).toBe('atRisk');
    // Person 11: the only host in the comparison arm at the south site aged 55-64.
    expect(checked.risky).toContainEqual({
      values: { group: 'Host society', arm: 'Comparison', site: 'South district', cohort: '2026 round', pre_dem1: '55-64', pre_nat1: 1 },
      count: 1,
    });
    const out = join(fixture.folder, 'default.csv');
    expect(await refusal(runExport(fixture.study, null, options({ ...bands, format: 'csv' }), out, 'cli'))).toBe('exports.notAnonymous');
    expect(existsSync(out)).toBe(false);

    // A kept free-text demographic joins the default set.
    expect(report({ keepText: ['dem2'] }).quasiIdentifiers).toEqual(['group', 'arm', 'site', 'cohort', 'pre_dem1', 'pre_dem2', 'pre_nat1']);
    // Naming columns replaces the default.
    expect(report({ quasiIdentifiers: ['cohort'] })).toMatchObject({
      defaultQuasi: false,
      quasiIdentifiers: ['cohort'],
      status: 'passed',
      passed: true,
    });
  });

  it('lets an item code cover the item at every wave, per-wave names included, as one combination', () => {
    addWorkAtEveryWave();
    // Each wave alone: every group x answer is shared by two or more (what checking one column saw).
    const { variables, rows } = checkExport(fixture.study, options({ quasiIdentifiers: ['cohort'] })).prepared;
    const plain = rows.map((row) => Object.fromEntries(variables.map((variable, index) => [variable.name, row.values[index]!])));
    for (const wave of ['pre', 'post', 'fu']) expect(checkK(plain, ['group', `${wave}_work`], 2).risky, wave).toEqual([]);
    const byItem = report({ k: 2, quasiIdentifiers: ['group', 'work'] });
    expect(byItem.quasiIdentifiers).toEqual(['group', 'pre_work', 'post_work', 'fu_work']);
    expect(byItem).toMatchObject({ status: 'atRisk', riskyRows: 12 });
    expect(byItem.risky).toContainEqual({ values: { group: 'Migrants', pre_work: 1, post_work: 1, fu_work: 1 }, count: 1 });
    // The per-wave name stands for the item: checking pre alone would pass and leak the rest.
    expect(report({ k: 2, quasiIdentifiers: ['group', 'pre_work'] })).toMatchObject({
      quasiIdentifiers: ['group', 'pre_work', 'post_work', 'fu_work'],
      riskyRows: 12,
    });
    // The default set has it at every wave too.
    expect(report().quasiIdentifiers).toEqual(expect.arrayContaining(['pre_work', 'post_work', 'fu_work']));
    // A generalisation named by item code applies at every wave.
    const merged = checkExport(
      fixture.study,
      options({ k: 13, quasiIdentifiers: ['work'], generalise: [{ variable: 'work', how: 'merge' }] }),
    ).prepared;
    expect(merged.variables.filter((variable) => variable.item === 'work').map((variable) => variable.generalised)).toEqual([
      'categories with fewer than 13 respondents merged into "Other"',
      'categories with fewer than 13 respondents merged into "Other"',
      'categories with fewer than 13 respondents merged into "Other"',
    ]);
  });

  it('never reports "passed" when suppression blanked more than the limit, and writes it only with a reason in the vault', async () => {
    // k = 13 over the cohort all 12 share: every row is at risk, and suppression blanks them all.
    const all = { quasiIdentifiers: ['cohort'], k: 13, suppress: true, format: 'csv' as const };
    const checked = report(all);
    expect(checked).toMatchObject({
      status: 'overSuppressed',
      passed: false,
      suppressedRows: 12,
      respondents: 12,
      riskyRows: 0,
      suppressionLimit: SUPPRESSION_LIMIT,
    });
    const out = join(fixture.folder, 'suppressed.csv');
    expect(await refusal(runExport(fixture.study, null, options(all), out, 'cli'))).toBe('exports.overSuppressed');
    expect(await refusal(runExport(fixture.study, null, options({ ...all, override }), out, 'cli'))).toBe('exports.overrideNeedsVault');
    expect(existsSync(out)).toBe(false);
    await runExport(fixture.study, fixture.vault.db, options({ ...all, override }), out, 'app');
    expect(readFileSync(out, 'utf8').split('\r\n')[1]!.split(',')[4]).toBe('');
    expect(fixture.vault.db.prepare('SELECT override_reason FROM export_run').pluck().all()).toEqual([override.reason]);

    // The limit's edge, as the issue states it: 4 of 43 is within 10 %, 5 of 43 and 43 of 43 are not.
    expect(SUPPRESSION_LIMIT).toBe(0.1);
    expect([0, 4, 5, 43].map((rows) => riskStatus(false, 0, rows, 43))).toEqual(['passed', 'passed', 'overSuppressed', 'overSuppressed']);
  });

  it('exports with nothing checked only by an explicit choice, with a reason recorded in the vault', async () => {
    const skip = { skipKanonCheck: true, format: 'csv' as const };
    expect(report(skip)).toMatchObject({ status: 'unchecked', passed: false, quasiIdentifiers: [], defaultQuasi: false });
    expect(() => report({ skipKanonCheck: true, quasiIdentifiers: ['group'] })).toThrow(/not both/);
    const out = join(fixture.folder, 'unchecked.csv');
    expect(await refusal(runExport(fixture.study, null, options(skip), out, 'cli'))).toBe('exports.uncheckedNeedsReason');
    expect(await refusal(runExport(fixture.study, fixture.vault.db, options(skip), out, 'app'))).toBe('exports.uncheckedNeedsReason');
    expect(await refusal(runExport(fixture.study, null, options({ ...skip, override }), out, 'cli'))).toBe('exports.overrideNeedsVault');
    expect(existsSync(out)).toBe(false);
    await runExport(fixture.study, fixture.vault.db, options({ ...skip, override }), out, 'app');
    expect(existsSync(out)).toBe(true);
    const run = fixture.vault.db.prepare('SELECT quasi_identifiers AS quasi, override_reason AS reason FROM export_run').get();
    expect(run).toEqual({ quasi: '[]', reason: override.reason });
  });
});
