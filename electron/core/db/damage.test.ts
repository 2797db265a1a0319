import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MixwiseError } from '../errors';
import { openStudyFile } from '../study/file';
import { studyKind } from '../study/kind';
import { translateSqliteError, type Db } from './open';
import { PAGE_SIZE, caught, endFiles, expectMixwiseError, fingerprint, newStudy, openRaw, overwriteWithRandom, startFiles, track } from './openTestSupport';

let folder: string;
let passphrase: string;

beforeEach(() => ({ folder, passphrase } = startFiles()));
afterEach(endFiles);

describe('damaged files', () => {
  function damagedCopy(source: string, name: string, damage: (path: string) => void): { path: string; before: Record<string, string | null> } {
    const path = join(folder, name);
    copyFileSync(source, path);
    damage(path);
    return { path, before: fingerprint(path) };
  }

  function expectUntouched(path: string, before: Record<string, string | null>): void {
    expect(existsSync(path)).toBe(true);
    expect(fingerprint(path)).toEqual(before);
  }

  it('reports damage anywhere after the first page as DAMAGED (at open or on reading), never as a wrong passphrase', () => {
    const source = newStudy();
    const pageCount = statSync(source).size / PAGE_SIZE;
    expect(pageCount).toBeGreaterThan(10);
    // Every page is in use (a free page's damage would go unnoticed until it is reused).
    expect(openRaw(source, passphrase).pragma('freelist_count', { simple: true })).toBe(0);
    const outcomes = new Map<string, number>();
    for (let page = 2; page <= pageCount; page++) {
      const { path, before } = damagedCopy(source, `damaged-page-${page}.mixwise`, (file) =>
        overwriteWithRandom(file, (page - 1) * PAGE_SIZE + 1000 + Math.floor(Math.random() * 2000), 64),
      );
      let outcome: string;
      let db: Db | undefined;
      try {
        db = track(openStudyFile(path, passphrase));
        outcome = 'opens, DAMAGED on reading';
      } catch (error) {
        expect(error, `page ${page}`).toBeInstanceOf(MixwiseError);
        expect((error as MixwiseError).code, `page ${page}`).toBe('DAMAGED');
        expect((error as MixwiseError).message).toMatch(/damaged; restore it from a backup/);
        outcome = 'DAMAGED at open';
      }
      if (db) {
        // The page was not needed to open the file; reading every page finds it.
        const translated = translateSqliteError(caught(() => db.pragma('quick_check')), studyKind);
        expect(translated, `page ${page}`).toBeInstanceOf(MixwiseError);
        expect((translated as MixwiseError).code, `page ${page}`).toBe('DAMAGED');
        db.close();
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expectUntouched(path, before);
    }
    // Both paths are exercised: schema pages fail at open, table pages when read.
    expect([...outcomes.keys()].sort()).toEqual(['DAMAGED at open', 'opens, DAMAGED on reading']);
  });

  it('reports a damaged schema page as DAMAGED at open', () => {
    const source = newStudy();
    const raw = openRaw(source, passphrase);
    const schemaLeaf = raw
      .prepare("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema' AND pageno > 1 ORDER BY pageno LIMIT 1")
      .pluck()
      .get() as number | undefined;
    raw.close();
    expect(schemaLeaf).toBeDefined();
    const { path, before } = damagedCopy(source, 'damaged-schema.mixwise', (file) =>
      overwriteWithRandom(file, (schemaLeaf! - 1) * PAGE_SIZE + 2000, 64),
    );
    expectMixwiseError(() => openStudyFile(path, passphrase), 'DAMAGED', /damaged/);
    expectUntouched(path, before);
  });

  it('cannot tell a damaged first page from a wrong passphrase, and leaves the file as it was', () => {
    // Page 1 holds the key check: with it damaged every key fails the same way.
    const { path, before } = damagedCopy(newStudy(), 'damaged-page-1.mixwise', (file) => overwriteWithRandom(file, 2000, 64));
    expectMixwiseError(() => openStudyFile(path, passphrase), 'WRONG_PASSPHRASE', /Wrong passphrase/);
    expectUntouched(path, before);
  });

  it('reports a file cut short as DAMAGED, or as not a Mixwise file when not even the first page is whole', () => {
    const source = newStudy();
    // The first page decrypts, so the key is right; the schema pages it points to are missing.
    const cut = damagedCopy(source, 'truncated.mixwise', (file) => writeFileSync(file, readFileSync(file).subarray(0, 3 * PAGE_SIZE + 123)));
    expectMixwiseError(() => openStudyFile(cut.path, passphrase), 'DAMAGED', /damaged/);
    expectUntouched(cut.path, cut.before);
    // Less than a page: nothing can be decrypted, and the shape says it is no SQLCipher file.
    const stub = damagedCopy(source, 'stub.mixwise', (file) => writeFileSync(file, readFileSync(file).subarray(0, 2000)));
    expectMixwiseError(() => openStudyFile(stub.path, passphrase), 'NOT_MIXWISE', /or it is damaged/);
    expectUntouched(stub.path, stub.before);
  });
});

