import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../core/db/open';
import { createEntryTestStudy, type EntryTestStudy } from '../core/entry/testStudy';
import { openStudyFile } from '../core/study/file';
import { expectOneSentenceError, PASSPHRASE, runCli } from './testSupport';

let study: EntryTestStudy;
let items: { code: string; min: number; max: number }[];

beforeAll(() => {
  study = createEntryTestStudy(40, PASSPHRASE);
  items = study.db
    .prepare(
      `SELECT i.code, i.min_value AS min, i.max_value AS max FROM version_item vi JOIN item i ON i.code = vi.item_code
         JOIN questionnaire_version v ON v.id = vi.version_id WHERE v.code = 'newcomer_en' ORDER BY vi.position LIMIT 4`,
    )
    .all() as { code: string; min: number; max: number }[];
  study.db.close();
});
afterAll(() => study.close());

function withStudy<T>(work: (db: Db) => T): T {
  const db = openStudyFile(study.path, PASSPHRASE);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

const onlineForms = () => withStudy((db) => db.prepare("SELECT count(*) FROM response WHERE source = 'online'").pluck().get() as number);

function write(name: string, text: string): string {
  const path = join(study.folder, name);
  writeFileSync(path, text);
  return path;
}

function mapFile(): string {
  return write(
    'map.json',
    JSON.stringify({
      versionCode: 'newcomer_en',
      idColumn: 'ID',
      columns: Object.fromEntries(items.map((item) => [item.code.toUpperCase(), item.code])),
      recode: { [items[0]!.code]: { Agree: items[0]!.max - 1 } },
    }),
  );
}

function exportFile(name: string, ids: string[], override?: [number, number, string]): string {
  const rows = ids.map((id) => [id, ...items.map((item) => String(item.min))]);
  rows[0]![1] = 'Agree';
  if (override) rows[override[0]]![override[1]] = override[2];
  return write(name, [['ID', ...items.map((item) => item.code.toUpperCase())], ...rows].map((row) => row.join(';')).join('\n'));
}

describe('mixwise import', () => {
  it('refuses the whole file over one bad cell, naming its row and column', () => {
    const file = exportFile('bad.csv', study.fresh.slice(0, 3), [2, 2, '77']);
    const result = runCli(['import', '--study', study.path, '--wave', 'fu', '--file', file, '--map', mapFile()]);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Nothing was imported: 1 problem.');
    expect(result.stderr).toContain(`Row 4, column "${items[1]!.code.toUpperCase()}": ${items[1]!.code} must be between ${items[1]!.min} and ${items[1]!.max}.`);
    expect(onlineForms()).toBe(0);
  });

  it('imports an export with a mapping file, as if keyed', () => {
    const file = exportFile('kobo.csv', study.fresh.slice(0, 3));
    const result = runCli(['import', '--study', study.path, '--wave', 'fu', '--file', file, '--map', mapFile(), '--actor', 'Evaluator']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 3, held: 0 });
    expect(onlineForms()).toBe(3);
    const value = withStudy(
      (db) =>
        db
          .prepare('SELECT a.value FROM answer a JOIN response r ON r.id = a.response_id WHERE r.participant_id = ? AND a.item_code = ?')
          .pluck()
          .get(study.fresh[0], items[0]!.code) as number,
    );
    expect(value).toBe(items[0]!.max - 1);
    // The same file again: every ID already has its follow-up questionnaire.
    const again = runCli(['import', '--study', study.path, '--wave', 'fu', '--file', file, '--map', mapFile()]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('Nothing was imported: 3 problems.');
    expect(onlineForms()).toBe(3);
  });

  it('checks the mapping file with the app\'s schema before asking for a passphrase', () => {
    const map = write('wrong-map.json', JSON.stringify({ versionCode: 'newcomer_en', columns: {} }));
    const file = exportFile('x.csv', study.fresh.slice(5, 6));
    const message = expectOneSentenceError(runCli(['import', '--study', study.path, '--wave', 'fu', '--file', file, '--map', map], { passphrase: null }), 2);
    expect(message).toMatch(/The mapping is not valid at idColumn/);
    expectOneSentenceError(runCli(['import', '--study', study.path, '--wave', 'fu', '--file', file, '--map', write('junk.json', '{')]), 2);
    expectOneSentenceError(runCli(['import', '--study', study.path, '--wave', 'fu', '--file', file]), 2);
  });
});
