import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { StudySession } from '../app/session';
import { DEMO_PASSPHRASE, generateDemoStudy } from '../demo/generate';
import { createStudyFile, openStudyFile } from '../study/file';
import { AnswerReader } from './answerReader';
import { AnswerRow } from './answerRow';
import { loadAnalysisData, loadAnalysisDataWith } from './load';
import type { AnalysisData } from './model';
import { packData } from './sharedData';
import { analyse, analyseInSteps } from './report';

/**
 * The analysis's reader thread on a real encrypted study (the demo): its own connection (which changes no data)
 * in a worker thread, filling its share of the shared answer block.
 */
let folder: string;
let path: string;
let db: Db;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-reader-'));
  path = join(folder, 'demo.mixwise');
  const made = createStudyFile(path, DEMO_PASSPHRASE, { name: 'Reader test' });
  generateDemoStudy(made);
  made.close();
  db = openStudyFile(path, DEMO_PASSPHRASE);
});
afterAll(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

/** A reader thread on the test study, started, and closed (to its end) whatever happens. */
async function withReader(passphrase: string, work: (reader: AnswerReader) => Promise<void>): Promise<void> {
  const reader = new AnswerReader(path, passphrase);
  try {
    await reader.whenStarted();
    await work(reader);
  } finally {
    await reader.close();
  }
}

/** Every questionnaire's answers as plain numbers (NaN = none), in load order. */
const answers = (data: AnalysisData) => data.responses.map((response) => [...(response.answers as AnswerRow).row]);

describe('the analysis reader thread', () => {
  it('reads its share of the answers into the shared block: the data and report equal one thread’s', () =>
    withReader(DEMO_PASSPHRASE, async (reader) => {
    expect(reader.ready).toBe(true);
    const alone = loadAnalysisData(db);
    const together = await loadAnalysisDataWith(db, reader);
    expect(together.responses.length).toBeGreaterThan(100);
    expect(answers(together)).toEqual(answers(alone));
    expect(analyse(together, {}, 'now')).toEqual(analyse(alone, {}, 'now'));
    }));

  it('fills exactly the questionnaires it is given, and nothing else', () =>
    withReader(DEMO_PASSPHRASE, async (reader) => {
    const ids = db.prepare('SELECT id FROM response ORDER BY id').pluck().all() as number[];
    const alone = loadAnalysisData(db);
    const width = (alone.responses[0]!.answers as AnswerRow).row.length;
    const codes = [...(alone.responses[0]!.answers as AnswerRow).columns.keys()];
    const items = alone.scales.flatMap((scale) => scale.items);
    const spec = {
      codes,
      min: Float64Array.from(codes, (code) => items.find((item) => item.code === code)!.min),
      max: Float64Array.from(codes, (code) => items.find((item) => item.code === code)!.max),
      codeInRange: new Uint8Array(codes.length),
      missingCodes: [97, 98, 99],
    };
    const block = new SharedArrayBuffer(ids.length * width * 8);
    new Float64Array(block).fill(Number.NaN);
    const rows = new SharedArrayBuffer((ids.at(-1)! - ids[0]! + 1) * 4);
    const rowOf = new Int32Array(rows).fill(-1);
    ids.forEach((id, row) => (rowOf[id - ids[0]!] = row));
    const pivot = ids[Math.floor(ids.length / 2)]!;
    expect(await reader.fill(spec, block, ids[0]!, rows, pivot, ids.at(-1)!)).toBe(true);

    // The same questionnaires by id, read on this thread.
    const listed = db.prepare('SELECT id FROM response ORDER BY participant_id, (SELECT position FROM wave WHERE id = wave_id)').pluck().all() as number[];
    const expected = new Map(listed.map((id, index) => [id, [...(alone.responses[index]!.answers as AnswerRow).row]]));
    const filled = new Float64Array(block);
    ids.forEach((id, row) => {
      const got = [...filled.subarray(row * width, (row + 1) * width)];
      if (id >= pivot) expect(got).toEqual(expected.get(id));
      else expect(got.every(Number.isNaN)).toBe(true);
    });
    expect(ids.filter((id) => id >= pivot && expected.get(id)!.some((value) => !Number.isNaN(value))).length).toBeGreaterThan(50);
    }));

  it('computes its share of the scales: the report equals one thread’s, with progress to the end', () =>
    withReader(DEMO_PASSPHRASE, async (reader) => {
    const data = await loadAnalysisDataWith(db, reader);
    const steps: number[] = [];
    const report = await analyseInSteps(data, {}, (done, total) => steps.push(done / total), 'now', reader);
    expect(report).toEqual(analyse(loadAnalysisData(db), {}, 'now'));
    expect(report.descriptives.length).toBeGreaterThan(10);
    expect(steps.at(-1)).toBe(1);
    // The thread really computed scales: asked directly, it returns their sections.
    const scales = data.scales.slice(-2).map((scale) => scale.concept);
    const sections = await reader.analyse(packData(data)!, scales, { waves: report.settings.waves, programmeArm: report.settings.programmeArm, share: report.settings.minAnsweredShare });
    expect(sections?.map((section) => section.descriptives[0]?.scale)).toEqual(scales);
    // Answers loaded on one thread are not on shared memory: nothing to hand the thread.
    expect(packData(loadAnalysisData(db))).toBeNull();
    }));

  it('goes with its study: locking the session ends the thread and its connection', async () => {
    const session = new StudySession();
    const reader = new AnswerReader(path, DEMO_PASSPHRASE);
    await reader.whenStarted();
    session.attach(path, openStudyFile(path, DEMO_PASSPHRASE), reader);
    expect(await session.useWithReader(async (_db, attached) => attached?.ready)).toBe(true);
    session.lock();
    expect(reader.ready).toBe(false);
    await expect(session.useWithReader(async () => 1)).rejects.toMatchObject({ code: 'NO_STUDY_OPEN' });
    // Resolves once the thread has ended.
    await reader.close();
  });

  it('fails on a wrong passphrase, and the analysis then reads everything on one thread', () =>
    withReader('not the passphrase', async (reader) => {
    expect(reader.ready).toBe(false);
    expect(answers(await loadAnalysisDataWith(db, reader))).toEqual(answers(loadAnalysisData(db)));
    }));

  it('after closing, takes no more work: the analysis reads everything itself', async () => {
    const reader = new AnswerReader(path, DEMO_PASSPHRASE);
    await reader.whenStarted();
    await reader.close();
    expect(reader.ready).toBe(false);
    const spec = { codes: [], min: new Float64Array(), max: new Float64Array(), codeInRange: new Uint8Array(), missingCodes: [] };
    expect(await reader.fill(spec, new SharedArrayBuffer(8), 1, new SharedArrayBuffer(4), 1, 1)).toBe(false);
    expect(answers(await loadAnalysisDataWith(db, reader))).toEqual(answers(loadAnalysisData(db)));
  });
});
