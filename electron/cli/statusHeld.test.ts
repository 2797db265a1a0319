import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntryTestStudy, unkeyedIds, type EntryTestStudy } from '../core/entry/testStudy';
import { countedTrackingReport } from '../core/tracking/counts';
import { importWithHeldRows } from '../core/tracking/heldImports';
import { openStudyFile } from '../core/study/file';
import { runCli } from './testSupport';

/** `mixwise status` on a study whose online post wave holds 6 forms without a usable ID. */
let study: EntryTestStudy;
const AS_OF = '2027-01-01';

beforeAll(async () => {
  study = createEntryTestStudy(40);
  const ready = unkeyedIds(study.db, 'newcomer', 'post', 3);
  await importWithHeldRows(study.db, { wave: 'post', version: 'newcomer_en', ready, held: 6, now: new Date('2026-12-01T10:00:00Z') });
  study.db.close();
});
afterAll(() => study.close());

describe('mixwise status with forms held for the match assistant', () => {
  it('gives received, linked, held and missing per wave and the held forms\' reach in --json', () => {
    const result = runCli(['status', '--study', study.path, '--json', '--as-of', AS_OF], { passphrase: study.passphrase });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    const db = openStudyFile(study.path, study.passphrase);
    let expected;
    try {
      expected = countedTrackingReport(db, { asOf: `${AS_OF}T23:59:59.999Z` });
    } finally {
      db.close();
    }
    expect(report.waves).toEqual(expected.waves);
    const post = report.waves.find((wave: { wave: string }) => wave.wave === 'post');
    expect(post.held).toBe(6);
    expect(post.received).toBe(post.linked + 6);
    expect(report.heldMatch.forms).toBe(6);
    expect(report.heldMatch.matchedAtMost).toBeGreaterThan(report.overall.matched);
  });

  it('says it in words in the text output', () => {
    const result = runCli(['status', '--study', study.path, '--as-of', AS_OF], { passphrase: study.passphrase });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Per wave: enrolled, active, due, received, linked, held, missing, verified');
    const sentence = "6 forms are held for the ID-keeper's match assistant (no usable ID yet): matching them could raise the match rate";
    expect(result.stdout).toMatch(new RegExp(`${sentence.replace(/[()]/g, '\\$&')} to at most \\d+\\.\\d %\\.`));
  });
});
