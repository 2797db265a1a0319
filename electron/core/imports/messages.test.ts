import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../api/contracts/imports';
import { createEntryTestStudy, type EntryTestStudy } from '../entry/testStudy';
import { isMixwiseError } from '../errors';
import { commitImport, previewImport } from './commit';
import { readImportTable } from './table';

/**
 * Problems of an online wave's rows are named by row and column only: respondents type names and
 * e-mail addresses into any field, and the messages reach the screen, stderr and logs.
 */

let study: EntryTestStudy;
beforeEach(() => {
  study = createEntryTestStudy(10);
});
afterEach(() => study.close());

const SECRETS = ['Amira', 'Quetzal', 'amira.quetzal@example.org', 'example.org'];

describe('import problems', () => {
  it('never quote what a malformed row holds, in the preview, the refusal or its params', async () => {
    const items = study.db
      .prepare(
        `SELECT i.code FROM version_item vi JOIN item i ON i.code = vi.item_code JOIN questionnaire_version v ON v.id = vi.version_id
          WHERE v.code = 'newcomer_en' AND i.kind = 'likert' ORDER BY vi.position LIMIT 2`,
      )
      .pluck()
      .all() as string[];
    const mapping: ImportMapping = {
      versionCode: 'newcomer_en',
      idColumn: 'participant_id',
      skipRows: 0,
      columns: Object.fromEntries(items.map((code) => [`Q_${code}`, code])),
      recode: {},
      match: {},
    };
    const content = Buffer.from(
      [
        `participant_id,Q_${items[0]},Q_${items[1]}`,
        `${study.fresh[0]},Amira Quetzal,amira.quetzal@example.org`,
        `${study.fresh[1]},=Quetzal(1),3`,
      ].join('\r\n'),
    );
    const table = await readImportTable('wave.csv', content);
    const preview = previewImport(study.db, table, { waveCode: 'fu', versionCode: 'newcomer_en', mapping });
    expect(preview.problems.map((problem) => `${problem.row}:${problem.column}:${problem.reason}`)).toEqual([
      `2:Q_${items[0]}:notANumber`,
      `2:Q_${items[1]}:notANumber`,
      `3:Q_${items[0]}:notANumber`,
    ]);
    const said = JSON.stringify(preview.problems) + JSON.stringify(preview.warnings);
    for (const secret of SECRETS) expect(said).not.toContain(secret);

    const error = await Promise.resolve()
      .then(() => commitImport(study.db, { fileName: 'wave.csv', content, table, waveCode: 'fu', mapping, actor: 'Evaluator' }))
      .catch((caught: unknown) => caught);
    expect(isMixwiseError(error)).toBe(true);
    const refusal = JSON.stringify({ message: (error as Error).message, details: isMixwiseError(error) ? error.details : null });
    expect((error as Error).message).toContain(`Row 2, column "Q_${items[0]}"`);
    for (const secret of SECRETS) expect(refusal).not.toContain(secret);
  });
});
