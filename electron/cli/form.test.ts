import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudyFile } from '../core/study/file';
import { expectOneSentenceError, PASSPHRASE, runCli, tempFolders } from './testSupport';

const folders = tempFolders();
let studyPath = '';

beforeAll(() => {
  studyPath = join(folders.make(), 'study.mixwise');
  const demo = runCli(['demo', '--out', studyPath, '--participants', '8']);
  expect(demo.status, demo.stderr).toBe(0);
});
afterAll(() => folders.cleanup());

const received = (): Record<string, number> =>
  Object.fromEntries(
    (JSON.parse(runCli(['info', '--study', studyPath]).stdout) as { responsesPerWave: { wave: string; responses: number }[] }).responsesPerWave.map(
      (row) => [row.wave, row.responses],
    ),
  );

describe('mixwise form delete / form move', () => {
  it('deletes a questionnaire with the reason recorded, and refuses a move onto a taken wave', () => {
    const db = openStudyFile(studyPath, PASSPHRASE);
    // Someone with a questionnaire before and after the programme.
    const id = db
      .prepare(
        `SELECT r.participant_id FROM response r JOIN wave w ON w.id = r.wave_id WHERE w.code IN ('pre', 'post')
          GROUP BY 1 HAVING count(*) = 2 ORDER BY 1 LIMIT 1`,
      )
      .pluck()
      .get() as string;
    db.close();
    expect(id).toBeTruthy();
    const before = received();
    const deleted = runCli(['form', 'delete', '--study', studyPath, '--id', id, '--wave', 'pre', '--reason', 'Duplicate', '--by', 'Eva']);
    expect(deleted.status, deleted.stderr).toBe(0);
    const forms = JSON.parse(deleted.stdout) as { forms: { waveCode: string }[]; changes: { action: string; reason: string; by: string }[] };
    expect(forms.forms.map((form) => form.waveCode)).not.toContain('pre');
    expect(forms.changes).toEqual([expect.objectContaining({ action: 'delete', reason: 'Duplicate', by: 'Eva' })]);
    expect(received()).toEqual({ ...before, pre: before.pre! - 1 });
    const refused = runCli(['form', 'move', '--study', studyPath, '--id', id, '--wave', 'post', '--to-wave', 'post', '--reason', 'x', '--by', 'Eva']);
    expect(expectOneSentenceError(refused, 2)).toMatch(/another wave or another ID/);
  });
});
