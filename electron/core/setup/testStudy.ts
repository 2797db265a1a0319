import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../db/open';
import { createStudyFile } from '../study/file';

/** A fresh encrypted study in a temp folder for a test; call cleanup() in afterEach. */
export function tempStudy(country = 'Türkiye'): { db: Db; path: string; passphrase: string; cleanup(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'mixwise-setup-'));
  const path = join(folder, 'study.mixwise');
  const passphrase = `setup-test-${randomBytes(8).toString('hex')}`;
  const db = createStudyFile(path, passphrase, { name: 'Setup test', country });
  return {
    db,
    path,
    passphrase,
    cleanup() {
      if (db.open) db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
