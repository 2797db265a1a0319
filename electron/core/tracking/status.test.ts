import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { generateDemoStudy } from '../demo/generate';
import { createStudyFile } from '../study/file';
import { readWorkbookWithOpenpyxl } from '../testing/openpyxl';
import { buildFollowUpList } from './followup';
import { buildTrackingReport } from './report';
import { buildStatusWorkbook } from './status';

let folder: string;
let db: Db;
const AS_OF = '2026-11-01T12:00:00.000Z';

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-status-xlsx-'));
  db = createStudyFile(join(folder, 'demo.mixwise'), 'status-passphrase', { name: 'x' });
  generateDemoStudy(db, { seed: 5 });
});
afterAll(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('weekly status workbook', () => {
  it('holds the report numbers and the follow-up IDs, as read back by openpyxl', async () => {
    const path = join(folder, 'status.xlsx');
    writeFileSync(path, await buildStatusWorkbook(db, { asOf: AS_OF }));
    const book = readWorkbookWithOpenpyxl(path);
    expect(Object.keys(book)).toEqual(['Status', 'Follow-up']);
    const report = buildTrackingReport(db, { asOf: AS_OF });
    const status = book.Status!;
    for (const wave of report.waves) {
      expect(status.find((row) => row[0] === wave.label)?.slice(0, 5)).toEqual([wave.label, wave.enrolled, wave.active, wave.due, wave.received]);
    }
    const overall = status.find((row) => row[0] === 'All participants')!;
    expect(overall.slice(1, 4)).toEqual([report.overall.enrolled, report.overall.matched, report.overall.rate]);
    const programmeResidents = status.find((row) => row[0] === 'Programme · Long-time residents')!;
    const rate = report.byArmGroup.find((entry) => entry.key.arm === 'programme' && entry.key.group === 'resident')!;
    expect(programmeResidents.slice(1, 3)).toEqual([rate.enrolled, rate.matched]);
    for (const alarm of report.alarms) expect(status.some((row) => row[0] === alarm.message)).toBe(true);

    const ids = book['Follow-up']!.slice(2).map((row) => row[0]);
    expect(ids).toEqual(buildFollowUpList(db, 'post', AS_OF).map((entry) => entry.id));
    expect(ids.every((id) => typeof id === 'string' && /^\d{8}$/.test(id))).toBe(true);
  });
});
