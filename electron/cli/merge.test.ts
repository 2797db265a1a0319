import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/db/open';
import { pasteBlock } from '../core/entry/paste';
import { createEntryTestStudy, newBatch, unkeyedIds, type EntryTestStudy } from '../core/entry/testStudy';
import { exportBatches } from '../core/merge/export';
import { openStudyFile } from '../core/study/file';
import { expectOneSentenceError, PASSPHRASE, runCli } from './testSupport';

const BATCH = 'batch-cli-passphrase';
let study: EntryTestStudy;
let copy: string;
let file: string;
let ids: string[];

function formsAt(path: string): number {
  const db: Db = openStudyFile(path, PASSPHRASE);
  try {
    return db.prepare('SELECT count(*) FROM entry_row').pluck().get() as number;
  } finally {
    db.close();
  }
}

beforeAll(() => {
  study = createEntryTestStudy(20, PASSPHRASE);
  ids = unkeyedIds(study.db, 'newcomer', 'pre', 2);
  const box = newBatch(study.db).id;
  pasteBlock(study.db, { batchId: box, anchorRowId: null, anchorColumn: 0, cells: [[ids[0]!, '1', '2']] });
  study.db.close();
  copy = join(study.folder, 'laptop-b.mixwise');
  copyFileSync(study.path, copy);
  study.db = openStudyFile(study.path, PASSPHRASE);
  pasteBlock(study.db, { batchId: box, anchorRowId: null, anchorColumn: 0, cells: [[ids[1]!, '3', '3']] });
  file = join(study.folder, 'box1.mixbatch');
  exportBatches(study.db, { batchIds: [box], path: file, passphrase: BATCH });
  study.db.close();
});
afterAll(() => study.close());

describe('mixwise merge', () => {
  it('reports with --dry-run without changing the study, then imports', () => {
    const env = { MIXWISE_BATCH_PASSPHRASE: BATCH };
    const dry = runCli(['merge', '--study', copy, '--file', file, '--dry-run'], { env });
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, formsNew: 1, formsIdentical: 1, conflicts: 0 });
    expect(formsAt(copy)).toBe(1);
    const done = runCli(['merge', '--study', copy, '--file', file], { env });
    expect(done.status, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ dryRun: false, formsNew: 1, formsIdentical: 1 });
    expect(formsAt(copy)).toBe(2);
  });

  it('says "wrong passphrase" with exit code 3 and never takes the passphrase from the command line', () => {
    const message = expectOneSentenceError(runCli(['merge', '--study', copy, '--file', file], { env: { MIXWISE_BATCH_PASSPHRASE: 'not-it-at-all' } }), 3);
    expect(message).toMatch(/wrong passphrase/i);
    expectOneSentenceError(runCli(['merge', '--study', copy, '--file', file]), 2);
    expectOneSentenceError(runCli(['merge', '--study', copy, '--file', file, '--passphrase', BATCH]), 2);
  });
});
