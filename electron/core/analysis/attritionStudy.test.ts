import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { generateDemoStudy } from '../demo/generate';
import { createStudyFile } from '../study/file';
import { buildTrackingReport } from '../tracking/report';
import { attritionAlarms } from './attrition';
import { loadAnalysisData } from './load';
import { analyse } from './report';

/**
 * The analysis raises the tracking's differential-attrition alarm, not one of its own: on the demo
 * study (an encrypted study file, long-time residents answering less after baseline) the analysis's
 * alarms for baseline -> each later wave are the tracking report's for that comparison, side by side.
 */

let folder: string;
let db: Db;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'mixwise-attrition-'));
  db = createStudyFile(join(folder, 'demo.mixwise'), 'attrition-passphrase', { name: 'x' });
  generateDemoStudy(db, { seed: 5 });
});
afterAll(() => {
  db.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('attrition alarm in the analysis', () => {
  it('is the tracking report\'s alarm for the same waves: the same groups, rates and points', () => {
    const data = loadAnalysisData(db);
    const arms = data.arms.map((arm) => arm.code);
    for (const to of ['post', 'fu']) {
      const tracking = buildTrackingReport(db, { comparison: ['pre', to], asOf: '2099-01-01T00:00:00.000Z' });
      const ours = attritionAlarms(data, 'pre', to, arms);
      expect(tracking.alarms.length).toBeGreaterThan(0);
      const summary = (alarm: { dimension: string; withinArm: string | null; points: number; higher: Side; lower: Side }) => ({
        dimension: alarm.dimension,
        withinArm: alarm.withinArm,
        points: alarm.points,
        higher: [alarm.higher.code, alarm.higher.enrolled, alarm.higher.matched],
        lower: [alarm.lower.code, alarm.lower.enrolled, alarm.lower.matched],
      });
      expect(ours.map(summary)).toEqual(tracking.alarms.map(summary));
    }
  });

  it('puts an attrition-aware estimate beside every pooled ANCOVA effect the alarm concerns', () => {
    const report = analyse(loadAnalysisData(db));
    const pooled = report.ancova.filter((row) => row.model === 'pooled');
    expect(report.attrition.filter((row) => row.group === null)).toHaveLength(pooled.length);
    for (const row of report.attrition) {
      expect(row.bySite).toBe(true);
      expect(row.ciLow!).toBeLessThan(row.estimate!);
      expect(row.estimate!).toBeLessThan(row.ciHigh!);
    }
  });
});

type Side = { code: string | null; enrolled: number; matched: number };
