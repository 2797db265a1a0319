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

  it('lists people who joined after the window apart, as not expected, never among the missing', async () => {
    // Two people without a post questionnaire joined in May, after the post window closed on 30 April.
    const late = db
      .prepare(
        `SELECT id FROM participant p WHERE status = 'active' AND NOT EXISTS
           (SELECT 1 FROM response r JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = p.id AND w.code IN ('pre', 'post')) LIMIT 2`,
      )
      .pluck()
      .all() as string[];
    expect(late).toHaveLength(2);
    const listed = buildFollowUpList(db, 'post', AS_OF).map((entry) => entry.id);
    expect(listed).toEqual(expect.arrayContaining(late));
    const update = db.prepare("UPDATE participant SET enrolled_at = '2026-05-02T09:00:00.000Z' WHERE id = ?");
    for (const id of late) update.run(id);
    const path = join(folder, 'status-late.xlsx');
    writeFileSync(path, await buildStatusWorkbook(db, { asOf: AS_OF }));
    const rows = readWorkbookWithOpenpyxl(path)['Follow-up']!;
    const ids = rows.slice(2).map((row) => row[0]).filter((cell) => typeof cell === 'string' && /^\d{8}$/.test(cell));
    expect(ids).toEqual(listed.filter((id) => !late.includes(id)));
    expect(rows.at(-1)![0]).toBe('Not expected: 2 people enrolled after this wave\'s window closed (not counted as missing).');
  });
});
