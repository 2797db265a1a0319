import { describe, expect, it } from 'vitest';
import { funnelChart, matchRateChart, weeklyChart } from './trackingCharts';

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
    ) as { yAxis: { data: string[] }; series: { data: { value: number; itemStyle: { color: string } }[]; markArea: { data: { xAxis: number }[][] }; label: { formatter(p: { dataIndex: number }): string } }[] };
    expect(option.yAxis.data).toEqual(['Programme · A', 'Programme · B', 'Comparison · A']);
    const series = option.series[0]!;
    expect(series.data.map((bar) => bar.value)).toEqual([90, 70, 0]);
    expect(series.data[0]!.itemStyle.color).not.toBe(series.data[1]!.itemStyle.color);
    expect(series.markArea.data[0]!.map((edge) => edge.xAxis)).toEqual([80, 85]);
    expect(series.label.formatter({ dataIndex: 1 })).toBe('21/30');
  });

  it('keeps the funnel in the given order and the weekly target on the first wave only', () => {
    const funnel = funnelChart([
      { label: 'Enrolled', count: 120 },
      { label: 'Pre', count: 114 },
    ]) as { series: { sort: string; data: { name: string; value: number }[] }[] };
    expect(funnel.series[0]!.sort).toBe('none');
    expect(funnel.series[0]!.data).toEqual([{ name: 'Enrolled', value: 120 }, { name: 'Pre', value: 114 }]);
    const weekly = weeklyChart(['2026-01-05'], [{ label: 'Pre', points: [3], targetCount: 96 }, { label: 'Post', points: [0], targetCount: 96 }], 'Target') as {
      series: { markLine?: { data: { yAxis: number }[] } }[];
    };
    expect(weekly.series[0]!.markLine!.data[0]!.yAxis).toBe(96);
    expect(weekly.series[1]!.markLine).toBeUndefined();
  });
});
