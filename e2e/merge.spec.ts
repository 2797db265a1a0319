import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../electron/core/db/open';
import { DEMO_PASSPHRASE } from '../electron/core/demo/generate';
import { createBatch } from '../electron/core/entry/batches';
import { pasteBlock } from '../electron/core/entry/paste';
import { sheetFor } from '../electron/core/entry/sheet';
import { unkeyedIds } from '../electron/core/entry/testStudy';
import { readBatchFile } from '../electron/core/merge/batchFile';
import { exportBatches } from '../electron/core/merge/export';
import { openStudyFile } from '../electron/core/study/file';
import { formatId } from '../electron/shared/ids/format';
import { closeBrowser, launchApp, tempFolder, type TestApp } from './fixtures/app';

/**
 * Merging end to end: the demo study is "laptop A" in the app; a copy of its file is "laptop B",
 * keyed by the real core. A's batch is exported through the UI, and B's batch file is imported
 * through the UI, with its one conflicting answer settled in the conflicts table.
 */
let app: TestApp;
let page: Page;
let folder: string;

beforeEach(async () => {
  app = await launchApp();
  page = app.page;
  folder = tempFolder('mixwise-merge-e2e-');
  await page.getByRole('button', { name: 'Open the demo study' }).click();
  await page.getByRole('heading', { level: 1, name: 'Demo: Neighbourhood football league' }).waitFor();
});
afterEach(async () => {
  await app.close();
});
afterAll(closeBrowser);

const demoPath = () => join(app.dataDir, 'demo', 'demo.mixwise');

function paste(db: Db, batchId: number, rows: string[][]): void {
  const result = pasteBlock(db, { batchId, anchorRowId: null, anchorColumn: 0, cells: rows });
  if (!result.applied) throw new Error(JSON.stringify(result.problems));
}

describe('merging forms keyed on two laptops', () => {
  it('exports a batch file from the UI, imports one from the other laptop and settles the conflict', async () => {
    const a = openStudyFile(demoPath(), DEMO_PASSPHRASE);
    const [shared, fromB] = unkeyedIds(a, 'resident', 'fu', 2);
    const box = createBatch(a, { waveCode: 'fu', versionCode: 'resident_en', label: 'Box M', clerk: 'Ana', keyedOn: '2026-10-20' }).id;
    paste(a, box, [[shared!, '3', '4']]);
    const item = sheetFor(a, box).items[1]!.code;
    a.pragma('wal_checkpoint(TRUNCATE)');
    a.close();
    // Laptop B: the same study copied, then keyed on its own: the shared form's 2nd answer differs, one new form.
    const pathB = join(folder, 'laptop-b.mixwise');
    copyFileSync(demoPath(), pathB);
    const b = openStudyFile(pathB, DEMO_PASSPHRASE);
    const rowId = b.prepare('SELECT id FROM entry_row WHERE batch_id = ?').pluck().get(box) as number;
    pasteBlock(b, { batchId: box, anchorRowId: rowId, anchorColumn: 2, cells: [['2']] });
    paste(b, box, [[fromB!, '5', '5']]);
    const fromBFile = join(folder, 'from-b.mixbatch');
    exportBatches(b, { batchIds: [box], path: fromBFile, passphrase: 'batch-from-b' });
    b.close();

    await page.getByRole('tab', { name: 'Data entry' }).click();
    await page.getByRole('button', { name: 'Merge with another laptop' }).click();
    await page.getByRole('heading', { level: 2, name: 'Merge with another laptop' }).waitFor();

    // Export from A.
    await page.getByLabel(/^Box M: /).check();
    await page.getByLabel('Passphrase for the batch file').fill('batch-from-a');
    await page.getByLabel('Repeat the passphrase').fill('batch-from-b');
    await page.getByRole('button', { name: 'Export batch file…' }).click();
    await page.getByText('The two passphrases differ.').waitFor();
    await page.getByLabel('Repeat the passphrase').fill('batch-from-a');
    app.dialogs.savePath = join(folder, 'from-a.mixbatch');
    await page.getByRole('button', { name: 'Export batch file…' }).click();
    await page.getByText('Saved 1 form of 1 batch to from-a.mixbatch.').waitFor();
    expect(existsSync(app.dialogs.savePath)).toBe(true);
    expect(readBatchFile(app.dialogs.savePath, 'batch-from-a').forms.map((form) => form.participant_id)).toEqual([shared]);

    // Import B's file into A: a wrong passphrase first, then the preview, then the import.
    app.dialogs.batchFile = fromBFile;
    await page.getByRole('button', { name: 'Choose batch file…' }).click();
    await page.getByTestId('merge-file').getByText('from-b.mixbatch').waitFor();
    await page.getByLabel('Passphrase of the batch file').fill('not-the-passphrase');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('alert').getByText('Wrong passphrase for this batch file.').waitFor();
    await page.getByLabel('Passphrase of the batch file').fill('batch-from-b');
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByTestId('merge-preview').getByText('1 new form added, 0 already here unchanged, 1 with different values (1 new difference to check, 0 already listed).').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByTestId('merge-imported').waitFor();
    await page.getByTestId('merge-open').getByText('1 difference, 1 to check.').waitFor();

    // The conflicting value was not applied: A still holds its own until someone chooses.
    const check = () => {
      const db = openStudyFile(demoPath(), DEMO_PASSPHRASE);
      try {
        return db
          .prepare(
            `SELECT a.value FROM answer a JOIN response r ON r.id = a.response_id JOIN wave w ON w.id = r.wave_id
              WHERE r.participant_id = ? AND w.code = 'fu' AND a.item_code = ?`,
          )
          .pluck()
          .get(shared, item);
      } finally {
        db.close();
      }
    };
    expect(check()).toBe(4);
    await page.getByRole('button', { name: `Use the file's 2 for ${formatId(shared!)}, ${item}` }).click();
    await page.getByText('Enter who chose the final value.').waitFor();
    await page.getByLabel('Your name (who chose the final values)').fill('Lead');
    await page.getByRole('button', { name: `Use the file's 2 for ${formatId(shared!)}, ${item}` }).click();
    await page.getByText('2, chosen by Lead').waitFor();
    await page.getByTestId('merge-open').getByText('1 difference, 0 to check.').waitFor();
    expect(check()).toBe(2);
  });
});
