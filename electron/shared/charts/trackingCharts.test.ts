import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { funnelChart, matchRateChart, weeklyChart } from './trackingCharts';

/** The chart drawn as ECharts draws it for the PDF (SVG, no DOM): each text with the box it takes. */
function drawnTexts(option: unknown, width: number, height: number) {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(option as echarts.EChartsOption);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => {
    const [, x, y] = /translate\(([\d.-]+) ([\d.-]+)\)/.exec(attributes!)!;
    const shift = Number(/ y="([\d.-]+)"/.exec(attributes!)?.[1] ?? 0);
    const anchor = /text-anchor="(\w+)"/.exec(attributes!)?.[1] ?? 'start';
    // 12 px sans-serif: no glyph is wider than 8 px, and a line is 14 px high.
    const wide = text!.length * 8;
    const left = Number(x) - (anchor === 'middle' ? wide / 2 : anchor === 'end' ? wide : 0);
    return { text: text!, left, right: left + wide, top: Number(y) + shift - 7, bottom: Number(y) + shift + 7 };
  });
}

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

  it('labels the target band once, where no other text of the chart is (as the PDF draws it)', () => {
    const bars = ['Programme · Newcomers', 'Programme · Long-time residents', 'Comparison · Newcomers', 'Comparison · Long-time residents'].map(
      (label, index) => ({ label, rate: [0.83, 0.7, 0.93, 0.73][index]!, matched: [25, 21, 28, 22][index]!, enrolled: 30 }),
    );
    const texts = drawnTexts(matchRateChart(bars, 0.8, 0.85, labels), 700, 230);
    expect(texts.filter((text) => text.text.includes('Target')).map((text) => text.text)).toEqual(['Target 80–85 %']);
    const overlaps = texts.flatMap((a, i) =>
      texts.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom).map((b) => `${a.text} / ${b.text}`),
    );
    expect(overlaps).toEqual([]);
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
