import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './readFixture';
import { cohensD, cronbach, hedgesG, mean, oneSampleT, pairedT, sd, welchT } from './stats';

describe('the t distribution equals R\'s pt() and qt()', () => {
  const expected = JSON.parse(readFileSync(join(FIXTURES, 'tdist.expected.json'), 'utf8')) as {
    cdf: { t: number; df: number; p: number }[];
    quantile: { p: number; df: number; q: number }[];
  };

  it('cdf within 1e-12, fractional degrees of freedom included', () => {
    const off = expected.cdf.filter((row) => !(Math.abs(tCdf(row.t, row.df) - row.p) < 1e-12));
    expect(off).toEqual([]);
    expect(expected.cdf.length).toBe(88);
  });

  it('quantile within a relative 1e-12', () => {
    const off = expected.quantile.filter((row) => !(Math.abs(tQuantile(row.p, row.df) - row.q) <= 1e-12 * Math.max(1, Math.abs(row.q))));
    expect(off).toEqual([]);
  });
});

describe('known answers and edge cases', () => {
  it('t.test(1:5): mean 3, CI 3 ± qt(.975, 4) × sqrt(2.5 / 5)', () => {
    const test = oneSampleT([1, 2, 3, 4, 5]);
    // R 4.2.2, print(digits = 15): conf.int 1.03675683852244 4.96324316147756, t 4.24264068711928, p 0.0132355995636827
    expect(test.ciLow).toBeCloseTo(1.03675683852244, 12);
    expect(test.ciHigh).toBeCloseTo(4.96324316147756, 12);
    expect(test.t).toBeCloseTo(4.24264068711928, 12);
    expect(test.p).toBeCloseTo(0.0132355995636827, 12);
    expect(sd([1, 2, 3, 4, 5])).toBeCloseTo(Math.sqrt(2.5), 14);
  });

  it('keeps R\'s mean exact where a one-pass sum would round', () => {
    const values = Array.from({ length: 10 }, () => 0.1);
    expect(mean(values)).toBe(0.1);
  });

  it('gives nulls, not NaN, where R would refuse: constant data, fewer than two values', () => {
    expect(oneSampleT([3, 3, 3])).toMatchObject({ estimate: 3, t: null, p: null, ciLow: null });
    expect(pairedT([4, 5], [3, 4])).toMatchObject({ estimate: 1, t: null });
    expect(oneSampleT([2])).toMatchObject({ estimate: 2, t: null });
    expect(oneSampleT([])).toMatchObject({ estimate: null });
    expect(welchT([1], [2, 3])).toMatchObject({ estimate: -1.5, t: null });
    expect(welchT([], [2, 3]).estimate).toBeNull();
    expect(welchT([2, 2], [2, 2]).t).toBeNull();
    expect(() => pairedT([1, 2], [1])).toThrow();
    expect(cohensD([1, 1], [1, 1])).toBeNull();
    expect(hedgesG(null, 10, 10)).toBeNull();
  });

  it('Welch on unequal variances, as t.test(c(1,2,3,4), c(2,4,6,8,10,12))', () => {
    const test = welchT([1, 2, 3, 4], [2, 4, 6, 8, 10, 12]);
    // R 4.2.2, print(digits = 13): t -2.71360210119987, df 6.59467097295115, p 0.03182444378084
    expect(test.estimate).toBe(-4.5);
    expect(test.t).toBeCloseTo(-2.71360210119987, 12);
    expect(test.df).toBeCloseTo(6.59467097295115, 12);
    expect(test.p).toBeCloseTo(0.03182444378084, 12);
  });

  it('alpha needs two items and two complete rows; a 2-item scale has no alpha-if-dropped', () => {
    expect(cronbach([[1, 2]], 2).alpha).toBeNull();
    const two = cronbach([[1, 2], [2, 3], [4, 4], [5, 5]], 2);
    expect(two.alpha).not.toBeNull();
    expect(two.items.map((item) => item.alphaIfDropped)).toEqual([null, null]);
    // With two items each item's r.drop is their correlation.
    expect(two.items[0]!.rDrop).toBeCloseTo(two.items[1]!.rDrop!, 14);
  });
});
