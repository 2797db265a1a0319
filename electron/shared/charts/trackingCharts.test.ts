import { describe, expect, it } from 'vitest';
import { matchRateChart, WAVE_BAR_COLORS, waveBarsChart, weeklyChart } from './trackingCharts';

const labels = { matchRate: 'Match rate', target: 'Target', band: '80–85 %' };

describe('tracking chart options', () => {
  it('draws each stratum as a bar in percent, coloured by whether it meets the target, over the 80-85 % band', () => {
    const option = matchRateChart(
      [
        { label: 'Programme · A', rate: 0.9, matched: 27, enrolled: 30 },
        { label: 'Programme · B', rate: 0.7, matched: 21, enrolled: 30 },
        { label: 'Comparison · A', rate: null, matched: 0, enrolled: 0 },
      ],
      0.8,
      0.85,
      labels,
    ) as {
      yAxis: { data: string[] };
      series: {
        data: { value: number; itemStyle: { color: string } }[];
        markArea: { data: { xAxis: number }[][] };
        label: { formatter(p: { dataIndex: number }): string };
      }[];
    };
    expect(option.yAxis.data).toEqual(['Programme · A', 'Programme · B', 'Comparison · A']);
    const series = option.series[0]!;
    expect(series.data.map((bar) => bar.value)).toEqual([90, 70, 0]);
    expect(series.data[0]!.itemStyle.color).not.toBe(series.data[1]!.itemStyle.color);
    expect(series.markArea.data[0]!.map((edge) => edge.xAxis)).toEqual([80, 85]);
    expect(series.label.formatter({ dataIndex: 1 })).toBe('21/30');
  });

  it('draws received, linked, held and missing side by side per wave, in the app colours', () => {
    const labels = { received: 'Received', linked: 'Linked', held: 'Held', missing: 'Missing', forms: 'Forms' };
    const option = waveBarsChart(
      [
        { label: 'Pre', received: 120, linked: 120, held: 0, missing: 0 },
        { label: 'Post', received: 68, linked: 44, held: 24, missing: 70 },
      ],
      labels,
    ) as {
      yAxis: { data: string[] };
      xAxis: { name: string };
      series: { type: string; name: string; data: number[]; itemStyle: { color: string } }[];
    };
    expect(option.yAxis.data).toEqual(['Pre', 'Post']);
    expect(option.xAxis.name).toBe('Forms');
    expect(option.series.map((series) => [series.type, series.name, series.data])).toEqual([
      ['bar', 'Received', [120, 68]],
      ['bar', 'Linked', [120, 44]],
      ['bar', 'Held', [0, 24]],
      ['bar', 'Missing', [0, 70]],
    ]);
    expect(option.series.map((series) => series.itemStyle.color)).toEqual(Object.values(WAVE_BAR_COLORS));
  });

  it('puts the weekly target on the first wave only, and names both axes with their units', () => {
    const labels = { target: 'Target: 96 forms', week: 'Week of', forms: 'Forms received, cumulative' };
    const weekly = weeklyChart(
      ['2026-01-05'],
      [
        { label: 'Pre', points: [3], targetCount: 96 },
        { label: 'Post', points: [0], targetCount: 96 },
      ],
      labels,
    ) as {
      xAxis: { name: string };
      yAxis: { name: string };
      series: { markLine?: { data: { yAxis: number }[]; label: { formatter: string } } }[];
    };
    expect(weekly.series[0]!.markLine!.data[0]!.yAxis).toBe(96);
    expect(weekly.series[0]!.markLine!.label.formatter).toBe('Target: 96 forms');
    expect(weekly.series[1]!.markLine).toBeUndefined();
    expect([weekly.xAxis.name, weekly.yAxis.name]).toEqual(['Week of', 'Forms received, cumulative']);
  });
});
