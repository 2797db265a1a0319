import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAnalysisData } from '../analysis/load';
import { testCore } from '../testSupport';
import { commitCells } from '../entry/cells';
import { setRowId } from '../entry/ids';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from '../entry/testStudy';
import { openStudyFile } from '../study/file';
import { refreshDigests } from './digests';

/** Answer digests (migration 0080) on a real encrypted study: they never outlive a change. */

let study: EntryTestStudy;
beforeEach(() => {
  study = createEntryTestStudy();
});
afterEach(() => study.close());

const digestCount = () => study.db.prepare('SELECT count(*) FROM answer_digest').pluck().get() as number;

describe('answer digests', () => {
  it('are written for every questionnaire once, then cost nothing until something changes', () => {
    const questionnaires = study.db.prepare('SELECT count(*) FROM response').pluck().get() as number;
    expect(questionnaires).toBeGreaterThan(50);
    expect(refreshDigests(study.db)).toBe(questionnaires);
    expect(digestCount()).toBe(questionnaires);
    expect(refreshDigests(study.db)).toBe(0);
    // A connection that may not write leaves them as they are.
    study.db.prepare('DELETE FROM answer_digest WHERE response_id = (SELECT min(id) FROM response)').run();
    study.db.pragma('query_only = ON');
    expect(refreshDigests(study.db)).toBe(0);
    study.db.pragma('query_only = OFF');
    expect(refreshDigests(study.db)).toBe(1);
  });

  it('are written a slice at a time when asked for at most so many, each once', () => {
    const questionnaires = study.db.prepare('SELECT count(*) FROM response').pluck().get() as number;
    const slices: number[] = [];
    for (let written = refreshDigests(study.db, 7); written > 0; written = refreshDigests(study.db, 7)) slices.push(written);
    // Full slices until the last: the background upkeep goes on while a slice comes back full.
    expect(slices.slice(0, -1).every((written) => written === 7)).toBe(true);
    expect(slices.at(-1)).toBeGreaterThan(0);
    expect(slices.at(-1)).toBeLessThanOrEqual(7);
    expect(slices).toHaveLength(Math.ceil(questionnaires / 7));
    expect(slices.reduce((sum, written) => sum + written, 0)).toBe(questionnaires);
    expect(digestCount()).toBe(questionnaires);
  });

  it('are written in the background once the app has a study open', async () => {
    study.db.close();
    const core = testCore(study.folder);
    vi.useFakeTimers();
    try {
      core.handlers['study.open']({ path: study.path, passphrase: study.passphrase });
      const count = (sql: string) => {
        const reader = openStudyFile(study.path, study.passphrase);
        try {
          return reader.prepare(sql).pluck().get() as number;
        } finally {
          reader.close();
        }
      };
      expect(count('SELECT count(*) FROM answer_digest')).toBe(0);
      vi.advanceTimersByTime(1999);
      expect(count('SELECT count(*) FROM answer_digest')).toBe(0);
      vi.advanceTimersByTime(1);
      expect(count('SELECT count(*) FROM answer_digest')).toBe(count('SELECT count(*) FROM response'));
      // Nothing of the upkeep is left waiting: the one timer left is the study's idle lock (app/idle.ts).
      expect(vi.getTimerCount()).toBe(1);
    } finally {
      vi.useRealTimers();
      await core.dispose();
    }
  });

  it('drop when a clerk keys an answer into a questionnaire: the next analysis reads it', () => {
    const { db, fresh } = study;
    const batch = newBatch(db);
    const row = setRowId(db, { batchId: batch.id, rowId: null, participantId: fresh[0]!, keystrokes: 8 });
    if (row.outcome !== 'accepted') throw new Error('ID refused');
    const { rowId } = row;
    const key = (itemCode: string, value: number) => commitCells(db, { batchId: batch.id, action: 'key', writes: [{ rowId, itemCode, value }] });
    key('att1', 4);
    const attitudes = () => {
      const response = loadAnalysisData(db).responses.find((entry) => entry.participant === fresh[0] && entry.wave === 'pre')!;
      return ['att1', 'att2'].map((code) => response.answers.get(code) ?? null);
    };
    expect(attitudes()).toEqual([4, null]);
    expect(digestCount()).toBe(db.prepare('SELECT count(*) FROM response').pluck().get());
    // A new answer (an insert, which no trigger sees) and a corrected one (an update).
    key('att2', 2);
    expect(attitudes()).toEqual([4, 2]);
    key('att1', 5);
    expect(attitudes()).toEqual([5, 2]);
  });

  it('are kept in step by every writer of answers (a new writer must drop digests or write only new questionnaires)', () => {
    // Changing and deleting answers is seen by triggers; adding them is not (migration 0080). Each
    // place that adds answers either drops the questionnaire's digest or writes only questionnaires
    // it has just made, which have none.
    const writers: Record<string, 'drops the digest' | 'new questionnaires only'> = {
      'entry/store.ts': 'drops the digest',
      'merge/conflicts.ts': 'drops the digest',
      'merge/merge.ts': 'new questionnaires only',
      'imports/write.ts': 'new questionnaires only',
      'responses/save.ts': 'new questionnaires only',
    };
    const core = join(__dirname, '..');
    const sources = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') && !/(\.test|testSupport)\.ts$/.test(entry.name) ? [join(folder, entry.name)] : [],
      );
    const found = sources(core)
      .filter((file) => /INSERT\s+(OR\s+\w+\s+)?INTO\s+answer\b|BulkInsert\(\s*db,\s*'answer'/i.test(readFileSync(file, 'utf8')))
      .map((file) => relative(core, file).split('\\').join('/'))
      .sort();
    expect(found).toEqual(Object.keys(writers).sort());
    for (const [file, how] of Object.entries(writers)) {
      expect(readFileSync(join(core, file), 'utf8').includes('DROP_DIGEST'), file).toBe(how === 'drops the digest');
    }
  });
});
