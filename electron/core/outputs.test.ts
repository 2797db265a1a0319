import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName } from '../api/contract';
import { exportOptionsSchema } from '../api/contracts/exports';
import { dispatch } from '../api/dispatch';
import { isMixwiseError } from './errors';
import { runExport } from './exports/save';
import { makeExportFixture, type ExportFixture } from './exports/testSupport';
import type { CoreApp } from './handlers';
import { testCore } from './testSupport';

/**
 * "Files are never overwritten": the save dialog of the OS may ask "replace?" and be answered yes,
 * and an export writes companions (CSV, syntax) the dialog never asked about. Either way an
 * existing file stays byte for byte as it was, and the refusal reaches the app as data it can show.
 */

let fixture: ExportFixture;
let core: CoreApp | null;
beforeEach(async () => {
  fixture = await makeExportFixture();
  core = null;
});
afterEach(async () => {
  if (core) {
    core.lockAll('user');
    await core.dispose();
  }
  fixture.cleanup();
});

const OWN = Buffer.from('somebody\'s own file, not to be touched\n');

function taken(name: string): string {
  const path = join(fixture.folder, name);
  writeFileSync(path, OWN);
  return path;
}

describe('outputs never replace an existing file', () => {
  it('refuses an export whose companion syntax file exists: nothing written, nothing recorded in the vault', async () => {
    const script = taken('data.R');
    const before = readdirSync(fixture.folder).sort();
    const runs = () => fixture.vault.db.prepare('SELECT count(*) FROM export_run').pluck().get();
    const recorded = runs();
    const options = exportOptionsSchema.parse({ format: 'csv', syntax: ['spss', 'r'], rekey: true });
    const error = await runExport(fixture.study, fixture.vault.db, options, join(fixture.folder, 'data.csv'), 'app').then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isMixwiseError(error) && { code: error.code, key: error.details.key, params: error.details.params }).toEqual({
      code: 'ALREADY_EXISTS',
      key: 'outputExists',
      params: { name: 'data.R' },
    });
    expect(readFileSync(script).equals(OWN)).toBe(true);
    expect(readdirSync(fixture.folder).sort()).toEqual(before);
    // The export did not happen, so the vault does not say it did (nor keeps pseudonyms for it).
    expect(runs()).toBe(recorded);
  });

  it('refuses in the app when the save dialog returns an existing file, and says which', async () => {
    fixture.study.close();
    fixture.vault.db.close();
    let savePath: string | null = null;
    const app = testCore(fixture.folder, { dialogs: { chooseSavePath: async () => savePath } });
    core = app;
    const call = (name: MethodName, input: unknown = {}) => dispatch(app.handlers, name, input);
    expect((await call('study.open', { path: fixture.studyPath, passphrase: fixture.studyPassphrase })).ok).toBe(true);

    const attempts: [MethodName, unknown, string][] = [
      ['tracking.saveStatus', {}, 'status.xlsx'],
      ['analysis.exportXlsx', {}, 'report.xlsx'],
      ['file.save', { suggestedName: 'chart.svg', format: 'svg', base64: Buffer.from('<svg/>').toString('base64') }, 'chart.svg'],
    ];
    for (const [method, input, name] of attempts) {
      savePath = taken(name);
      const before = readdirSync(fixture.folder).sort();
      const result = await call(method, input);
      expect(result, method).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS', key: 'outputExists', params: { name } } });
      expect(readFileSync(savePath).equals(OWN), method).toBe(true);
      expect(readdirSync(fixture.folder).sort(), method).toEqual(before);
    }
    // A free name is written as before.
    savePath = join(fixture.folder, 'fresh-status.xlsx');
    expect(await call('tracking.saveStatus', {})).toMatchObject({ ok: true, value: { path: savePath } });
    expect(existsSync(savePath)).toBe(true);
  });
});
