import { afterEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/contracts/imports';
import { PASSPHRASE, runCli } from '../../cli/testSupport';
import type { Db } from '../db/open';
import { commitCells } from '../entry/cells';
import { deleteRow } from '../entry/deleteRow';
import { setRowId } from '../entry/ids';
import { createEntryTestStudy, newBatch, type EntryTestStudy } from '../entry/testStudy';
import { commitImport } from '../imports/commit';
import { readImportTable } from '../imports/table';
import { deleteForm, moveForm } from '../responses/corrections';
import { countedTrackingReport } from '../tracking/counts';
import { openStudyFile } from './file';
import { readStudySummary } from './summary';

let study: EntryTestStudy | null = null;
afterEach(() => study?.close());

function keyForm(db: Db, batchId: number, participantId: string, values: Record<string, number | { missing: 'refused' }>): number {
  const row = setRowId(db, { batchId, rowId: null, participantId });
  if (row.outcome !== 'accepted') throw new Error(`refused ${participantId}`);
  const writes = Object.entries(values).map(([itemCode, value]) => ({ rowId: row.rowId, itemCode, value }));
  if (writes.length > 0) expect(commitCells(db, { batchId, writes, action: 'key' })).toMatchObject({ applied: true });
  return row.rowId;
}

type PerWave = Record<string, number>;

describe('questionnaires received per wave', () => {
  it('are the same in study.summary, `mixwise info` and tracking (`mixwise status`), whatever happened to the forms', async () => {
    study = createEntryTestStudy(30, PASSPHRASE);
    const { db, fresh, path } = study;
    const fu = newBatch(db, { waveCode: 'fu', label: 'Box 1' });
    keyForm(db, fu.id, fresh[0]!, { att1: 4, att2: 5 }); // keyed
    keyForm(db, fu.id, fresh[1]!, {}); // blank: an ID and nothing else
    const mistake = keyForm(db, fu.id, fresh[2]!, { att1: 2 }); // deleted by the clerk
    deleteRow(db, { batchId: fu.id, rowId: mistake });
    keyForm(db, fu.id, fresh[3]!, { att1: { missing: 'refused' } }); // every answer refused: not usable
    keyForm(db, fu.id, fresh[4]!, { att1: 3 }); // moved to the post wave by an evaluator
    moveForm(db, { participantId: fresh[4]!, waveCode: 'fu', toWaveCode: 'post', reason: 'Wrong wave', by: 'Eva' });
    keyForm(db, fu.id, fresh[5]!, { att1: 1 }); // moved to another ID
    moveForm(db, { participantId: fresh[5]!, waveCode: 'fu', toParticipantId: fresh[6]!, reason: 'ID misread', by: 'Eva' });
    keyForm(db, fu.id, fresh[7]!, { att1: 5 }); // deleted by an evaluator
    deleteForm(db, { participantId: fresh[7]!, waveCode: 'fu', reason: 'Duplicate', by: 'Eva' });
    // An online form of the blank row's ID: the blank row does not block it.
    const content = Buffer.from(`participant_id,Q_att1\r\n${fresh[1]},4\r\n`, 'utf8');
    const mapping: ImportMapping = { versionCode: 'newcomer_en', idColumn: 'participant_id', skipRows: 0, columns: { Q_att1: 'att1' }, recode: {}, match: {} };
    const imported = commitImport(db, { fileName: 'kobo.csv', content, table: await readImportTable('kobo.csv', content), waveCode: 'fu', mapping, actor: 'Eva' });
    expect(imported).toMatchObject({ imported: 1, held: 0 });

    const direct = (source: Db): PerWave => Object.fromEntries(readStudySummary(source).responsesPerWave.map((row) => [row.wave, row.responses]));
    const tracked = (source: Db): PerWave => Object.fromEntries(countedTrackingReport(source).waves.map((row) => [row.wave, row.received]));
    const before = direct(db);
    expect(tracked(db)).toEqual(before);
    study.db.close();

    const info = runCli(['info', '--study', path]);
    expect(info.status, info.stderr).toBe(0);
    const fromInfo = Object.fromEntries(
      (JSON.parse(info.stdout) as { responsesPerWave: { wave: string; responses: number }[] }).responsesPerWave.map((row) => [row.wave, row.responses]),
    );
    const status = runCli(['status', '--study', path, '--json']);
    expect(status.status, status.stderr).toBe(0);
    const fromStatus = Object.fromEntries((JSON.parse(status.stdout) as { waves: { wave: string; received: number }[] }).waves.map((row) => [row.wave, row.received]));
    expect(fromInfo).toEqual(before);
    expect(fromStatus).toEqual(before);

    // And the forms counted are exactly those expected: at fu the keyed, the moved-in (fresh[6]) and the imported ones.
    const reopened = openStudyFile(path, PASSPHRASE);
    try {
      const fuIds = reopened
        .prepare(
          `SELECT r.participant_id FROM response r JOIN wave w ON w.id = r.wave_id WHERE w.code = 'fu' AND r.participant_id IN (${fresh.map(() => '?').join(',')})
              AND EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND a.value IS NOT NULL) ORDER BY 1`,
        )
        .pluck()
        .all(...fresh) as string[];
      expect(fuIds).toEqual([fresh[0], fresh[1], fresh[6]].sort());
      expect(direct(reopened)).toEqual(before);
    } finally {
      reopened.close();
    }
  });
});
