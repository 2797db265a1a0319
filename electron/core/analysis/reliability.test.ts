import { describe, expect, it } from 'vitest';
import type { AnalysisData } from './model';
import { holm } from './multiplicity';
import { analyse } from './report';
import { cronbach } from './stats';

/**
 * Reliability only where it means something (issue 26, point 4): no alpha on fewer than 10
 * complete questionnaires, and items everyone answered alike named and left out of alpha. The R
 * fixture "groups" checks the same rules against psych; these pin the edges.
 */

const scaleOf = (items: string[]) => ({
  concept: 'att',
  name: 'Attitudes',
  highScoreMeans: null,
  items: items.map((code) => ({ code, min: 1, max: 5, reverseKeyed: false })),
});

/** One wave, one version, one scale of the given items; each row is one respondent's answers. */
function study(items: string[], rows: (number | null)[][]): AnalysisData {
  return {
    groups: [{ code: 'host', name: 'Host' }],
    arms: [{ code: 'programme', name: 'Programme' }],
    waves: [{ code: 'pre', label: 'Before' }],
    scales: [scaleOf(items)],
    respondents: rows.map((_, index) => ({ id: `p${index}`, group: 'host', arm: 'programme' })),
    responses: rows.map((row, index) => ({
      participant: `p${index}`,
      wave: 'pre',
      version: 'host_v',
      answers: new Map(row.flatMap((value, i) => (value === null ? [] : [[items[i]!, value] as [string, number]]))),
    })),
    minAnsweredShare: 0.5,
  };
}

const reliability = (data: AnalysisData) => analyse(data).reliability[0]!;

// Nine answers that disagree item against item: alpha on them alone would be far below zero.
const NINE = [
  [1, 5, 3],
  [5, 1, 2],
  [2, 4, 5],
  [4, 2, 1],
  [1, 5, 4],
  [5, 1, 3],
  [3, 3, 2],
  [2, 5, 5],
  [5, 2, 1],
];

describe('reliability minimum', () => {
  it('gives no alpha on 9 complete questionnaires, and says why', () => {
    expect(cronbach(NINE, 3).alpha).toBeLessThan(-1);
    const row = reliability(study(['a', 'b', 'c'], NINE));
    expect(row).toMatchObject({ n: 9, k: 3, alpha: null, reason: 'fewComplete', low: false, zeroVariance: [] });
    expect(row.items.every((item) => item.rDrop === null && item.alphaIfDropped === null)).toBe(true);
  });

  it('counts complete questionnaires only: 12 answered, 3 of them incomplete, still too few', () => {
    const rows = [...NINE, [1, null, 2], [null, 3, 3], [4, 4, null]];
    expect(reliability(study(['a', 'b', 'c'], rows))).toMatchObject({ n: 9, alpha: null, reason: 'fewComplete' });
  });

  it('gives alpha from 10 complete questionnaires on', () => {
    const rows = [...NINE, [3, 3, 3]];
    const row = reliability(study(['a', 'b', 'c'], rows));
    expect(row.reason).toBeNull();
    expect(row.alpha).toBeCloseTo(cronbach(rows, 3).alpha!, 14);
  });
});

describe('zero-variance items', () => {
  const varying = [
    [1, 2],
    [2, 2],
    [3, 4],
    [4, 5],
    [5, 4],
    [2, 1],
    [3, 3],
    [4, 4],
    [1, 1],
    [5, 5],
    [2, 3],
  ];

  it('are named and left out of alpha, which the other items give', () => {
    const row = reliability(study(['a', 'b', 'c'], varying.map(([a, b]) => [a!, 3, b!])));
    expect(row.zeroVariance).toEqual(['b']);
    expect(row.reason).toBeNull();
    expect(row.alpha).toBeCloseTo(cronbach(varying, 2).alpha!, 14);
    expect(row.items.find((item) => item.item === 'b')).toEqual({ item: 'b', rDrop: null, alphaIfDropped: null });
    expect(row.items.find((item) => item.item === 'a')!.rDrop).not.toBeNull();
  });

  it('leave no alpha when fewer than two items vary, and the reason says so', () => {
    const row = reliability(study(['a', 'b'], varying.map(([a]) => [a!, 2])));
    expect(row).toMatchObject({ alpha: null, reason: 'noVariance', zeroVariance: ['b'] });
  });

  it('a one-item scale has no alpha, for that reason', () => {
    expect(reliability(study(['a'], varying.map(([a]) => [a!])))).toMatchObject({ alpha: null, reason: 'oneItem', zeroVariance: [] });
  });
});

describe('Holm', () => {
  it('equals p.adjust(c(0.01, NA, 0.04, 0.03), "holm"): NA not counted, monotone, capped at 1', () => {
    expect(holm([0.01, null, 0.04, 0.03])).toEqual([0.03, null, 0.06, 0.06]);
    expect(holm([0.5, 0.5, 0.9])).toEqual([1, 1, 1]);
    expect(holm([])).toEqual([]);
  });
});
