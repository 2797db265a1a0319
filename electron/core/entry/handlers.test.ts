import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../api/dispatch';
import { DEMO_PASSPHRASE } from '../demo/generate';
import type { CoreApp } from '../handlers';
import { testCore } from '../testSupport';
import { openStudyFile } from '../study/file';
import { unkeyedIds } from './testStudy';

let folder: string;
let core: CoreApp;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-entry-api-'));
  core = testCore(folder);
});
afterEach(async () => {
  await core.dispose();
  rmSync(folder, { recursive: true, force: true });
});

async function call(name: string, input: unknown) {
  return dispatch(core.handlers, name, input);
}

async function value<T = Record<string, unknown>>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

describe('the entry API through dispatch', () => {
  it('keys a form on the demo: every answer passes the contract both ways', async () => {
    await value('demo.open', {});
    const batch = await value<{ id: number }>('entry.batch.create', {
      waveCode: 'fu',
      versionCode: 'resident_en',
      siteCode: null,
      label: 'Box 7',
      clerk: 'Ana',
      keyedOn: '2026-10-20',
    });
    const sheet = await value<{ items: { code: string }[]; missingCodes: unknown; totalRows: number }>('entry.batch.open', { batchId: batch.id });
    expect(sheet.missingCodes).toEqual({ skipped: 97, refused: 98, dont_know: 99 });
    expect(sheet.totalRows).toBe(0);
    const demo = openStudyFile(join(folder, 'demo', 'demo.mixwise'), DEMO_PASSPHRASE);
    const [id1, id2] = unkeyedIds(demo, 'resident', 'fu', 2);
    demo.close();

    const row = await value<{ outcome: string; rowId: number }>('entry.row.setId', { batchId: batch.id, rowId: null, participantId: id1, keystrokes: 8 });
    expect(row).toMatchObject({ outcome: 'accepted', position: 1, warnings: [] });
    const commit = await value('entry.cells.commit', {
      batchId: batch.id,
      writes: [{ rowId: row.rowId, itemCode: sheet.items[0]!.code, value: { missing: 'dont_know' } }],
      action: 'key',
      keystrokes: [{ rowId: row.rowId, count: 1 }],
    });
    expect(commit).toMatchObject({ applied: true, rows: [{ rowId: row.rowId, status: 'keying' }] });
    const refused = await value('entry.cells.commit', { batchId: batch.id, writes: [{ rowId: row.rowId, itemCode: sheet.items[1]!.code, value: 9 }], action: 'key' });
    expect(refused).toEqual({ applied: false, problems: [{ index: 0, itemCode: sheet.items[1]!.code, problem: { reason: 'outOfRange', min: 1, max: 5 } }] });
    const pasted = await value('entry.cells.paste', { batchId: batch.id, anchorRowId: null, anchorColumn: 0, cells: [[id2!, '1', '2']] });
    expect(pasted).toMatchObject({ applied: true, createdRowIds: [expect.any(Number)] });
    const rows = await value<{ participantId: string; cells: unknown[] }[]>('entry.rows', { batchId: batch.id, offset: 0, limit: 100 });
    expect(rows.map((entry) => [entry.participantId, ...entry.cells.slice(0, 2)])).toEqual([
      [id1, { missing: 'dont_know' }, null],
      [id2, 1, 2],
    ]);
    const second = await value<{ id: number }>('entry.batch.createSecondPass', { parentBatchId: batch.id, clerk: 'Ben', keyedOn: '2026-10-21' });
    await value('entry.cells.paste', { batchId: second.id, anchorRowId: null, anchorColumn: 0, cells: [[id1!, 'D'], [id2!, '1', '3']] });
    const comparison = await value<{ unresolved: number }>('entry.compare', { batchId: batch.id });
    expect(comparison.unresolved).toBe(1);
    const resolved = await value('entry.resolve', { batchId: batch.id, participantId: id2, itemCode: sheet.items[1]!.code, final: 3, chosenBy: 'Sam' });
    expect(resolved).toMatchObject({ unresolved: 0, verified: true });
    const batches = await value<{ id: number; verification: string | null }[]>('entry.batches', {});
    expect(batches.map((entry) => [entry.id, entry.verification])).toEqual([
      [batch.id, 'verified'],
      [second.id, null],
    ]);
    const stats = await value<{ clerks: { clerk: string; errors: number }[] }>('entry.stats', {});
    expect(stats.clerks.map((entry) => [entry.clerk, entry.errors])).toEqual([
      ['Ana', 1],
      ['Ben', 0],
    ]);
  });

  it('refuses malformed cells at the boundary before the core sees them', async () => {
    await value('demo.open', {});
    const bad = [
      { batchId: 1, writes: [{ rowId: 1, itemCode: 'att1', value: 'four' }], action: 'key' },
      { batchId: 1, writes: [{ rowId: 1, itemCode: 'att1', value: 2.5 }], action: 'key' },
      { batchId: 1, writes: [{ rowId: 1, itemCode: 'att1', value: { missing: 'bored' } }], action: 'key' },
      { batchId: 1, writes: [], action: 'key' },
      { batchId: 1, writes: [{ rowId: 1, itemCode: 'att1', value: 3 }], action: 'resolve' },
      { batchId: 1, writes: [{ rowId: 1, itemCode: 'att1', value: 3, extra: true }], action: 'key' },
    ];
    for (const input of bad) expect(await call('entry.cells.commit', input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('entry.row.setId', { batchId: 1, rowId: null, participantId: '12ab' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'participantId' },
    });
    expect(await call('entry.batch.open', { batchId: 99 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', key: 'batchNotFound' } });
    expect(await call('entry.batch.create', { waveCode: 'fu', versionCode: 'resident_en', label: ' ', clerk: 'Ana', keyedOn: '2026-10-20' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'label', key: 'entryLabelMissing' },
    });
    expect(await call('entry.batch.create', { waveCode: 'fu', versionCode: 'resident_en', label: 'Box', clerk: 'Ana', keyedOn: '2026-02-30' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'keyedOn' },
    });
  });
});
