import { describe, expect, it } from 'vitest';
import { agreeChangeChart, ARM_COLORS, armRole, formatPoints, formatScore, trajectoryArms, trajectoryChart } from './analysisCharts';

const arms = [
  { code: 'comparison', name: 'Comparison' },
  { code: 'programme', name: 'Programme' },
];
const rows = [
  { scale: 'att', arm: 'programme', group: null, wave: 'pre', n: 40, mean: 3.1, ciLow: 2.9, ciHigh: 3.3 },
  { scale: 'att', arm: 'programme', group: null, wave: 'post', n: 35, mean: 3.6, ciLow: 3.35, ciHigh: 3.85 },
  { scale: 'att', arm: 'comparison', group: null, wave: 'pre', n: 38, mean: 3.05, ciLow: 2.8, ciHigh: 3.3 },
  { scale: 'att', arm: 'comparison', group: null, wave: 'post', n: 2, mean: 3.2, ciLow: null, ciHigh: null },
  { scale: 'att', arm: 'programme', group: 'a', wave: 'pre', n: 20, mean: 9, ciLow: 9, ciHigh: 9 },
];

type Series = { name: string; stack?: string; data: (number | null)[]; areaStyle?: { color: string }; lineStyle: { opacity?: number; color?: string }; label?: { formatter(p: { value: unknown }): string } };

describe('analysis chart options', () => {
  it('puts the programme arm first, blue, and the comparison yellow, as in the toolkit figure', () => {
    const lines = trajectoryArms(rows, 'att', null, ['pre', 'post'], arms, 'programme');
    expect(lines.map((line) => [line.name, line.role])).toEqual([['Programme', 'programme'], ['Comparison', 'comparison']]);
    expect(lines[0]!.points).toEqual([{ mean: 3.1, ciLow: 2.9, ciHigh: 3.3, n: 40 }, { mean: 3.6, ciLow: 3.35, ciHigh: 3.85, n: 35 }]);
    // A wave without a row is a gap, not a zero.
    expect(trajectoryArms(rows, 'att', 'a', ['pre', 'post'], arms, 'programme')[0]!.points[1]).toEqual({ mean: null, ciLow: null, ciHigh: null, n: 0 });
    expect(armRole('x', 2, 'programme')).toBe('other');
  });

  it('draws each arm as a mean line over a shaded 95 % band stacked from the lower bound', () => {
    const option = trajectoryChart(['Pre', 'Post'], trajectoryArms(rows, 'att', null, ['pre', 'post'], arms, 'programme'), { min: 1, max: 5 }, { score: 'Attitudes' }) as unknown as {
      legend: { data: string[] };
      yAxis: { min: number; max: number };
      xAxis: { data: string[] };
      series: Series[];
    };
    expect(option.legend.data).toEqual(['Programme', 'Comparison']);
    expect(option.yAxis).toMatchObject({ min: 1, max: 5 });
    expect(option.xAxis.data).toEqual(['Pre', 'Post']);
    const [lower, band, mean, , comparisonBand, comparisonMean] = option.series;
    expect(lower!.data).toEqual([2.9, 3.35]);
    expect(lower!.lineStyle.opacity).toBe(0);
    expect(band!.stack).toBe(lower!.stack);
    expect(band!.data).toEqual([0.4, 0.5]);
    expect(band!.areaStyle!.color).toBe(ARM_COLORS.programme);
    expect(mean!.data).toEqual([3.1, 3.6]);
    expect(mean!.lineStyle.color).toBe(ARM_COLORS.programme);
    expect(comparisonMean!.lineStyle.color).toBe(ARM_COLORS.comparison);
    // Two respondents give no interval: the band has a gap there.
    expect(comparisonBand!.data).toEqual([0.5, null]);
    expect(mean!.label!.formatter({ value: 3.6 })).toBe('3.60');
  });

  it('shows percent-agree change in points per item, signed as the Tech Heroes report does', () => {
    const option = agreeChangeChart(['wil1', 'wil2'], [
      { name: 'Programme', role: 'programme', points: [30.04, -4.4] },
      { name: 'Comparison', role: 'comparison', points: [null, 0] },
    ], { points: 'Change (points)' }) as unknown as { yAxis: { data: string[] }; series: Series[] };
    expect(option.yAxis.data).toEqual(['wil1', 'wil2']);
    expect(option.series.map((series) => series.data)).toEqual([[30, -4.4], [null, 0]]);
    expect(option.series[0]!.label!.formatter({ value: 30 })).toBe('+30');
    expect([formatPoints(-4.4), formatPoints(0), formatPoints(null), formatScore(null)]).toEqual(['−4', '0', '–', '']);
  });
});
