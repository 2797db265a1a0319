import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntryTestStudy, unkeyedIds, type EntryTestStudy } from '../entry/testStudy';
import { createNodePrinter } from '../forms/nodePrinter';
import { countPdfPages } from '../forms/printer';
import { pdfText } from '../forms/testPdf';
import { heldPerWave } from '../imports/held';
import { readWorkbookWithOpenpyxl } from '../testing/openpyxl';
import { countedTrackingReport } from './counts';
import { importWithHeldRows } from './heldImports';
import { loadTracking } from './load';
import { trackingReport, type TrackingReport } from './report';
import { buildStatusWorkbook } from './status';
import { buildStatusHtml } from './statusPdf';

/**
 * A study whose post wave came in online: 5 forms with roster IDs, 7 without a usable ID, held for
 * the match assistant. Tracking counts all 12 as received, 5 as linked, 7 as held.
 */
let study: EntryTestStudy;
let before: TrackingReport;
const AS_OF = '2027-01-01T00:00:00.000Z';
const IMPORTED = new Date('2026-12-01T10:00:00.000Z');
const HELD = 7;

const SENTENCE = `${HELD} forms are held for the ID-keeper's match assistant (no usable ID yet): matching them could raise the match rate`;

/** Participants with a usable pre form and none at post, straight from the tables, independently of tracking. */
function lackingOnlyPost(): number {
  const answered = (wave: string) =>
    `EXISTS (SELECT 1 FROM response r JOIN wave w ON w.id = r.wave_id WHERE r.participant_id = p.id AND w.code = '${wave}'
       AND EXISTS (SELECT 1 FROM answer a WHERE a.response_id = r.id AND (a.value IS NOT NULL OR a.text_value IS NOT NULL)))`;
  return study.db
    .prepare(`SELECT count(*) FROM participant p WHERE p.status <> 'erased' AND ${answered('pre')} AND NOT ${answered('post')}`)
    .pluck()
    .get() as number;
}

beforeAll(async () => {
  study = createEntryTestStudy(40);
  before = countedTrackingReport(study.db, { asOf: AS_OF });
  const ready = unkeyedIds(study.db, 'newcomer', 'post', 5);
  const result = await importWithHeldRows(study.db, { wave: 'post', version: 'newcomer_en', ready, held: HELD, now: IMPORTED });
  expect(result).toMatchObject({ imported: 5, held: HELD });
});
afterAll(() => study.close());

describe('tracking counts every form, held ones included', () => {
  it('reports received, linked, held and missing per wave, the same whether SQLite or JavaScript counts', () => {
    const report = countedTrackingReport(study.db, { asOf: AS_OF });
    const post = report.waves.find((wave) => wave.wave === 'post')!;
    const old = before.waves.find((wave) => wave.wave === 'post')!;
    expect(old.held).toBe(0);
    expect(old.received).toBe(old.linked);
    expect([post.linked, post.held, post.received]).toEqual([old.linked + 5, HELD, old.linked + 5 + HELD]);
    expect(post.missing).toBe(post.due - post.linked);
    const others = report.waves.filter((wave) => wave.wave !== 'post');
    expect(others.every((wave) => wave.held === 0 && wave.received === wave.linked)).toBe(true);

    const { design, participants } = loadTracking(study.db);
    const loaded = trackingReport(design, participants, { asOf: AS_OF, held: heldPerWave(study.db, AS_OF), verified: new Map() });
    expect(loaded.waves.map(({ verified: _, ...wave }) => wave)).toEqual(report.waves.map(({ verified: _, ...wave }) => wave));
    expect(loaded.heldMatch).toEqual(report.heldMatch);
  });

  it('says what matching the held forms could do to the match rate, at most', () => {
    const report = countedTrackingReport(study.db, { asOf: AS_OF });
    // Held forms are all post forms: each can match only someone who answered pre and lacks post.
    const onlyPost = lackingOnlyPost();
    expect(onlyPost).toBeGreaterThan(0);
    const matchedAtMost = report.overall.matched + Math.min(HELD, onlyPost);
    expect(report.heldMatch).toEqual({ forms: HELD, matchedAtMost, rateAtMost: matchedAtMost / report.overall.enrolled });
    // Before the import, and at a comparison without the post wave, no held form counts.
    expect(countedTrackingReport(study.db, { asOf: '2026-11-30T00:00:00.000Z' }).waves.every((wave) => wave.held === 0)).toBe(true);
    expect(countedTrackingReport(study.db, { asOf: AS_OF, comparison: ['pre', 'fu'] }).heldMatch).toMatchObject({ forms: 0 });
  });

  it('shows them in the status workbook, as read back by openpyxl', async () => {
    const report = countedTrackingReport(study.db, { asOf: AS_OF });
    const path = join(study.folder, 'status.xlsx');
    writeFileSync(path, await buildStatusWorkbook(study.db, { asOf: AS_OF }));
    const rows = readWorkbookWithOpenpyxl(path).Status!;
    const header = ['Wave', 'Enrolled', 'Active', 'Due', 'Received', 'Linked', 'Held', 'Missing', 'Verified'];
    expect(rows.find((row) => row[0] === 'Wave')!.slice(0, 9)).toEqual(header);
    for (const wave of report.waves) {
      const counts = [wave.enrolled, wave.active, wave.due, wave.received, wave.linked, wave.held, wave.missing];
      expect(rows.find((row) => row[0] === wave.label)!.slice(1, 8)).toEqual(counts);
    }
    const rate = (Math.floor(report.heldMatch.rateAtMost! * 1000) / 10).toFixed(1);
    expect(rows.some((row) => row[0] === `${SENTENCE} to at most ${rate} %.`)).toBe(true);
  });

  it('shows them in the one-page PDF, as pdftotext reads it', async () => {
    const report = countedTrackingReport(study.db, { asOf: AS_OF });
    const printer = createNodePrinter();
    let pdf: Uint8Array;
    try {
      pdf = await printer.print(buildStatusHtml(study.db, { asOf: AS_OF }));
    } finally {
      await printer.close();
    }
    expect(countPdfPages(pdf)).toBe(1);
    const lines = pdfText(pdf, true).split('\n').map((line) => line.replace(/[ \t]+/g, ' ').trim());
    const header = 'Wave Window Enrolled Active Due Received Linked Held Missing Verified';
    expect(lines.find((line) => line.startsWith('Wave Window'))).toBe(header);
    for (const wave of report.waves) {
      const row = lines.find((line) => line.startsWith(`${wave.label} ${wave.windowStart}`))!;
      const numbers = row.slice(`${wave.label} ${wave.windowStart} – ${wave.windowEnd}`.length).trim().split(' ');
      const counts = [wave.enrolled, wave.active, wave.due, wave.received, wave.linked, wave.held, wave.missing];
      expect(numbers.slice(0, 7)).toEqual(counts.map(String));
    }
    const rate = (Math.floor(report.heldMatch.rateAtMost! * 1000) / 10).toFixed(1);
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain(`${SENTENCE} to at most ${rate} %.`);
    // The per-wave bars in place of the funnel: its caption, and its legend drawn as SVG text (in no set order).
    const words = pdfText(pdf).replace(/\s+/g, ' ');
    expect(words).toContain('Forms per wave');
    expect(words).not.toContain('From enrolment to each wave');
    expect(words.match(/\b(Linked|Held|Missing)\b/g)!.length).toBeGreaterThanOrEqual(6);
  });
});
