import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { generateDemoStudy } from '../demo/generate';
import { refreshDigests } from '../responses/digests';
import { addWave } from '../study/design';
import { createStudyFile } from '../study/file';
import { loadTracking } from './load';
import { buildTrackingReport, trackingReport, type TrackingOptions } from './report';
import { verifiedPerWave } from './verified';

/**
 * buildTrackingReport counts in SQLite (counts.ts); trackingReport counts the loaded participants in
 * JavaScript. On a real encrypted study with withdrawn and erased people, blank questionnaires and
 * report dates in the past, the two must agree to the last field.
 */
let folder: string;
let db: Db;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-counts-'));
  db = createStudyFile(join(folder, 'counts.mixwise'), 'counts-test-passphrase', { name: 'Counts' });
  generateDemoStudy(db, { participants: 400, items: 12, seed: 4 });
  const ids = db.prepare('SELECT id FROM participant ORDER BY id').pluck().all() as string[];
  db.prepare("UPDATE participant SET status = 'withdrawn' WHERE id IN (?, ?, ?)").run(ids[1], ids[5], ids[9]);
  db.prepare("UPDATE participant SET status = 'erased' WHERE id IN (?, ?)").run(ids[2], ids[7]);
  // Two questionnaires returned blank: every answer refused, so neither is usable.
  const blank = db.prepare('SELECT id FROM response ORDER BY id LIMIT 2 OFFSET 10').pluck().all() as number[];
  for (const response of blank) db.prepare("UPDATE answer SET value = NULL, text_value = NULL, missing = 'refused' WHERE response_id = ?").run(response);
});
afterAll(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

function bothWays(options: TrackingOptions) {
  const { design, participants } = loadTracking(db);
  return { counted: buildTrackingReport(db, options), loaded: trackingReport(design, participants, { verified: verifiedPerWave(db), ...options }) };
}

describe('the tracking report counted by SQLite', () => {
  const times = () => db.prepare('SELECT created_at FROM response ORDER BY created_at').pluck().all() as string[];

  it('equals the report counted from the loaded participants', () => {
    const { counted, loaded } = bothWays({ asOf: '2099-01-01T00:00:00.000Z' });
    expect(counted).toEqual(loaded);
    // The study is not trivial: people matched and not, strata with both, erased people left out.
    expect(counted.overall.enrolled).toBe(398);
    expect(counted.overall.matched).toBeGreaterThan(0);
    expect(counted.overall.matched).toBeLessThan(counted.overall.enrolled);
    expect(counted.byStratum.length).toBeGreaterThan(1);
  });

  it('agrees at a report date in the past, for another comparison and threshold', () => {
    const all = times();
    const middle = all[Math.floor(all.length / 2)]!;
    const { counted, loaded } = bothWays({ asOf: middle, comparison: ['pre', 'fu'], alarmThreshold: 0.05 });
    expect(counted).toEqual(loaded);
    expect(counted.waves.some((wave) => wave.received > 0)).toBe(true);
    expect(counted.waves.reduce((sum, wave) => sum + wave.received, 0)).toBeLessThan(all.length);
  });

  it('agrees when the usable questionnaires come from the answer digests, and after they change', () => {
    const asOf = '2099-01-01T00:00:00.000Z';
    const before = bothWays({ asOf });
    expect(refreshDigests(db)).toBeGreaterThan(100);
    expect(bothWays({ asOf })).toEqual(before);
    // A digested questionnaire made blank (its digest dropped by the change) no longer counts.
    const usable = db.prepare('SELECT r.id FROM response r JOIN answer_digest d ON d.response_id = r.id WHERE d.answered = 1 ORDER BY r.id LIMIT 1 OFFSET 20').pluck().get() as number;
    db.prepare("UPDATE answer SET value = NULL, text_value = NULL, missing = 'refused' WHERE response_id = ?").run(usable);
    const after = bothWays({ asOf });
    expect(after.counted).toEqual(after.loaded);
    expect(after.counted.waves.reduce((sum, wave) => sum + wave.received, 0)).toBe(before.counted.waves.reduce((sum, wave) => sum + wave.received, 0) - 1);
    refreshDigests(db);
    expect(bothWays({ asOf })).toEqual(after);
  });

  it('refuses what the loaded report refuses', () => {
    expect(() => buildTrackingReport(db, { comparison: ['pre'] })).toThrow(/two waves/);
    expect(() => buildTrackingReport(db, { alarmThreshold: 2 })).toThrow(/threshold/);
  });
});

describe('waves in another order than they were made, and more waves than a mask holds', () => {
  function study(name: string, setUp: (db: Db) => void, comparison = ['fu', 'pre']) {
    const other = createStudyFile(join(folder, `${name}.mixwise`), 'counts-test-passphrase', { name });
    generateDemoStudy(other, { participants: 120, items: 6, seed: 9 });
    setUp(other);
    const { design, participants } = loadTracking(other);
    const options = { asOf: '2099-01-01T00:00:00.000Z', comparison };
    try {
      return { counted: buildTrackingReport(other, options), loaded: trackingReport(design, participants, { verified: verifiedPerWave(other), ...options }) };
    } finally {
      other.close();
    }
  }

  it('counts by the design order, not the order the waves were made in', () => {
    // Follow-up first, pre last: a wave's bit in the mask follows the design, whatever its row id.
    const { counted, loaded } = study('reordered', (db) => {
      db.prepare("UPDATE wave SET position = CASE code WHEN 'fu' THEN 1 WHEN 'post' THEN 2 ELSE 3 END").run();
    });
    expect(counted.waves.map((wave) => wave.wave)).toEqual(['fu', 'post', 'pre']);
    expect(counted.waves.every((wave) => wave.received > 0)).toBe(true);
    expect(counted.overall.matched).toBeGreaterThan(0);
    expect(counted).toEqual(loaded);
  });

  it('gives the same report with 55 waves, past what one mask holds', () => {
    const { counted, loaded } = study('many-waves', (db) => {
      let last = 0;
      for (let wave = 4; wave <= 55; wave++) last = addWave(db, { code: `w${wave}`, label: `Wave ${wave}`, windowStart: '2027-01-01', windowEnd: '2027-01-31' });
      // The follow-up's questionnaires move to the last wave: its bit is past the exact range of a number.
      db.prepare("UPDATE response SET wave_id = ? WHERE wave_id = (SELECT id FROM wave WHERE code = 'fu')").run(last);
    }, ['pre', 'w55']);
    expect(counted.waves).toHaveLength(55);
    expect(counted.waves.at(-1)!.received).toBeGreaterThan(0);
    expect(counted.overall.matched).toBeGreaterThan(0);
    expect(counted).toEqual(loaded);
  });
});

describe('who is due, by the day each person joined (issue 25, point 1)', () => {
  const AS_OF = '2026-12-07T08:00:00.000Z';
  function keyedAfterTheFact(name: string, enrolledAt: (db: Db) => void) {
    const other = createStudyFile(join(folder, `${name}.mixwise`), 'counts-test-passphrase', { name });
    generateDemoStudy(other, { participants: 120, items: 6, seed: 5 });
    enrolledAt(other);
    const { design, participants } = loadTracking(other);
    try {
      const counted = buildTrackingReport(other, { asOf: AS_OF });
      expect(counted).toEqual(trackingReport(design, participants, { verified: verifiedPerWave(other), asOf: AS_OF }));
      const active = participants.filter((participant) => participant.status === 'active').length;
      return { counted, active, participants };
    } finally {
      other.close();
    }
  }
  type Waves = { waves: { wave: string; due: number; received: number }[] };
  const wave = (report: Waves, code: string) => report.waves.find((entry) => entry.wave === code)!;

  it('counts the baseline of a study keyed after the fact as due for everyone who returned it, never "Due 0"', () => {
    // Everyone put on the roster today, months after every window: only those who answered were due.
    const { counted } = keyedAfterTheFact('after-the-fact', (db) =>
      db.prepare("UPDATE participant SET enrolled_at = '2026-12-07T09:00:00.000Z'").run(),
    );
    for (const code of ['pre', 'post', 'fu']) {
      expect(wave(counted, code).received).toBeGreaterThan(0);
      expect(wave(counted, code).due).toBe(wave(counted, code).received);
    }
  });

  it('counts everyone as due once their real enrolment dates are entered, and people who joined late only from their first window', () => {
    const early = keyedAfterTheFact('retrospective', (db) => db.prepare("UPDATE participant SET enrolled_at = '2026-01-10'").run());
    // Enrolled during the baseline window: everyone active (and whoever answered) is due at every wave.
    for (const code of ['pre', 'post', 'fu']) expect(wave(early.counted, code).due).toBeGreaterThanOrEqual(early.active);
    const { counted, participants } = keyedAfterTheFact('joined-late', (db) => {
      db.prepare("UPDATE participant SET enrolled_at = '2026-01-03T09:00:00.000Z'").run();
      // 30 people without a post questionnaire joined in May, after the post window closed on 30 April.
      db.prepare(
        `UPDATE participant SET enrolled_at = '2026-05-02T09:00:00.000Z'
          WHERE id IN (SELECT id FROM participant p WHERE status = 'active' AND NOT EXISTS
                         (SELECT 1 FROM response r JOIN wave w ON w.id = r.wave_id
                           WHERE r.participant_id = p.id AND w.code IN ('pre', 'post'))
                        LIMIT 30)`,
      ).run();
    });
    const late = participants.filter((participant) => participant.enrolledAt.startsWith('2026-05-02'));
    expect(late.length).toBeGreaterThan(0);
    const onTime = participants.filter((person) => person.status === 'active' && !person.enrolledAt.startsWith('2026-05-02'));
    const receivedBy = (code: string, among: typeof participants) => among.filter((person) => person.usable.has(code)).length;
    const withdrawnAnswered = (code: string) =>
      participants.filter((person) => person.status === 'withdrawn' && person.usable.has(code)).length;
    for (const code of ['pre', 'post']) {
      expect(wave(counted, code).due).toBe(onTime.length + withdrawnAnswered(code) + receivedBy(code, late));
    }
    // The follow-up window (October) closed after they joined: they are due for it like everyone.
    expect(wave(counted, 'fu').due).toBe(onTime.length + late.length + withdrawnAnswered('fu'));
  });
});
