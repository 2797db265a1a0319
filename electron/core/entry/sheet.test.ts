import { afterAll, describe, expect, it } from 'vitest';
import { buildFormModel } from '../forms/model';
import { loadItems } from './sheet';
import { createEntryTestStudy } from './testStudy';

const study = createEntryTestStudy(20);
afterAll(() => study.close());

describe('the grid and the paper number the questions alike', () => {
  it('gives each column the number its question has on the printed form, for every version and wave', () => {
    const { db } = study;
    const versions = db.prepare('SELECT id, code FROM questionnaire_version').all() as { id: number; code: string }[];
    const waves = db.prepare('SELECT id, code FROM wave ORDER BY position').all() as { id: number; code: string }[];
    let compared = 0;
    for (const version of versions) {
      for (const wave of waves) {
        const printed = buildFormModel(db, version.code, wave.code).blocks.flatMap((block) =>
          block.type === 'question' ? [[block.code, block.number] as const] : [],
        );
        const keyed = loadItems(db, { versionId: version.id, waveId: wave.id }).map((item) => [item.code, item.number] as const);
        expect(keyed).toEqual(printed);
        compared += keyed.length;
      }
    }
    // The background version asks some items at the first wave only: numbering must skip them later.
    expect(compared).toBeGreaterThan(50);
  });
});
