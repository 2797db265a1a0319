import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStudyFile } from '../study/file';
import { bankItem } from '../instruments/itemBank';
import { loadAnalysisData } from '../analysis/load';
import { analyse } from '../analysis/report';
import { demoItems, generateDemoStudy } from './generate';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-demo-gen-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('the demo generator', () => {
  it('by default asks the six core concepts; with items: N, N five-point items starting with them', () => {
    const core = demoItems();
    expect(core.length).toBe(19);
    const sixty = demoItems(60);
    expect(sixty).toHaveLength(60);
    expect(sixty.slice(0, core.length)).toEqual(core);
    expect(sixty.every((item) => item.kind === 'likert' && item.min === 1 && item.max === 5 && item.audience === 'all')).toBe(true);
    expect(new Set(sixty.map((item) => item.code)).size).toBe(60);
    expect(() => demoItems(500)).toThrow(/between 1 and/);
  });

  it('answers every item at the waves the bank asks it, the same for the same seed', () => {
    const counts = (seed: number) => {
      const db = createStudyFile(join(folder, `s${seed}-${Math.random()}.mixwise`), 'demo-generator-test', { name: 'x' });
      try {
        generateDemoStudy(db, { participants: 8, items: 60, seed });
        expect(db.prepare('SELECT count(*) FROM version_item').pluck().get()).toBe(120);
        return db
          .prepare(
            `SELECT w.code AS wave, a.item_code AS item, count(*) AS n FROM answer a JOIN response r ON r.id = a.response_id
               JOIN wave w ON w.id = r.wave_id GROUP BY w.code, a.item_code ORDER BY w.code, a.item_code`,
          )
          .all() as { wave: string; item: string; n: number }[];
      } finally {
        db.close();
      }
    };
    const rows = counts(3);
    expect(counts(3)).toEqual(rows);
    const asked = (wave: string) => new Set(rows.filter((row) => row.wave === wave).map((row) => row.item));
    for (const item of demoItems(60)) {
      const waves = bankItem(item.code).waves;
      expect(asked('pre').has(item.code), `${item.code} at pre`).toBe(waves !== 'post_fu');
      expect(asked('post').has(item.code), `${item.code} at post`).toBe(waves !== 'pre');
    }
  });

  it('answers reverse-keyed items reversed, so every scale of the 55-item demo hangs together (alpha above 0.6)', () => {
    const db = createStudyFile(join(folder, 'reliable.mixwise'), 'demo-generator-test', { name: 'x' });
    try {
      generateDemoStudy(db, { participants: 120, items: 55 });
      const reversed = demoItems(55).filter((item) => item.reverseKeyed);
      expect(reversed.length).toBeGreaterThan(0);
      const report = analyse(loadAnalysisData(db));
      const alphas = report.reliability.filter((row) => row.wave === 'pre');
      for (const concept of new Set(reversed.map((item) => item.concept))) {
        const rows = alphas.filter((row) => row.scale === concept);
        expect(rows.length, concept).toBeGreaterThan(0);
        for (const row of rows) expect(row.alpha, concept).toBeGreaterThan(0.6);
      }
    } finally {
      db.close();
    }
  });
});
