import { describe, expect, it } from 'vitest';
import type { AnalysisData } from './model';
import { readFixture } from './readFixture';
import { analyse } from './report';

/**
 * The pooled ANCOVA's edges (rfixtures.test.ts holds its numbers to R's): a group seen in one arm
 * only is left out of the pooled model rather than leaving every pooled estimate undefined.
 */

const without = (data: AnalysisData, drop: (respondent: AnalysisData['respondents'][number]) => boolean): AnalysisData => {
  const respondents = data.respondents.filter((respondent) => !drop(respondent));
  const kept = new Set(respondents.map((respondent) => respondent.id));
  return { ...data, respondents, responses: data.responses.filter((response) => kept.has(response.participant)) };
};

const pooled = (data: AnalysisData) => analyse(data, { waves: ['pre', 'post'] }).ancova.filter((row) => row.model !== 'group');

describe('the pooled ANCOVA', () => {
  const data = readFixture('groups', 0.5);

  it('leaves out a group with people in one arm only, and gives that group no interaction estimate', () => {
    const oneArm = without(data, (respondent) => respondent.group === 'refugee' && respondent.arm === 'comparison');
    const noGroup = without(data, (respondent) => respondent.group === 'refugee');
    const rows = pooled(oneArm);
    const average = rows.filter((row) => row.model === 'pooled');
    expect(average.every((row) => row.estimate !== null && row.p !== null)).toBe(true);
    // The same model as without the group at all.
    const reference = pooled(noGroup).filter((row) => row.model === 'pooled');
    expect(average.map((row) => [row.n, row.estimate, row.stderr])).toEqual(reference.map((row) => [row.n, row.estimate, row.stderr]));
    const refugee = rows.filter((row) => row.model === 'interaction' && row.group === 'refugee');
    expect(refugee.length).toBe(2);
    expect(refugee.every((row) => row.estimate === null && row.nComparison === 0 && row.nProgramme > 0)).toBe(true);
  });

  it('averages the groups each weighing the same: not the size-weighted mean of their effects', () => {
    const rows = pooled(data).filter((row) => row.scale === 'belonging');
    const average = rows.find((row) => row.model === 'pooled')!;
    const groups = rows.filter((row) => row.model === 'interaction');
    const plain = groups.reduce((sum, row) => sum + row.estimate!, 0) / groups.length;
    const weighted = groups.reduce((sum, row) => sum + row.estimate! * (row.nProgramme + row.nComparison), 0) / average.n;
    expect(average.estimate).toBeCloseTo(plain, 12);
    expect(Math.abs(average.estimate! - weighted)).toBeGreaterThan(1e-3);
  });
});
