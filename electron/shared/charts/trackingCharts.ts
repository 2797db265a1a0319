import type { EChartsOption } from 'echarts';

/**
 * ECharts option builders for the tracking dashboard. Pure functions of the report and of the
 * already-translated labels, so they are unit-tested without a browser and reused for export.
 */

export interface RateBar {
  label: string;
  rate: number | null;
  matched: number;
  enrolled: number;
}

export interface Labels {
  matchRate: string;
  target: string;
  band: string;
}

const TARGET_COLOR = '#1f7a3a';
const SHORT_COLOR = '#b4532a';
const MET_COLOR = '#1f5fa8';

/** Match rate per stratum as horizontal bars, with the target..stretch band shaded behind them. */
export function matchRateChart(bars: RateBar[], target: number, stretch: number, labels: Labels): EChartsOption {
  return {
    animation: false,
    grid: { left: 10, right: 60, top: 30, bottom: 40, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, name: labels.matchRate, nameLocation: 'middle', nameGap: 28, axisLabel: { formatter: '{value} %' } },
    yAxis: { type: 'category', data: bars.map((bar) => bar.label), inverse: true },
    series: [
      {
        type: 'bar',
        name: labels.matchRate,
        data: bars.map((bar) => ({
          value: bar.rate === null ? 0 : Math.round(bar.rate * 1000) / 10,
          itemStyle: { color: bar.rate !== null && bar.rate >= target ? MET_COLOR : SHORT_COLOR },
        })),
        label: { show: true, position: 'right', formatter: (params: { dataIndex: number }) => `${bars[params.dataIndex]!.matched}/${bars[params.dataIndex]!.enrolled}` },
        markArea: {
          silent: true,
          itemStyle: { color: 'rgba(31, 122, 58, 0.12)' },
          data: [[{ xAxis: target * 100 }, { xAxis: stretch * 100 }]],
        },
        // One label, above the bars: the line's own end is at the bottom (the strata run top to
        // bottom, an inverse axis), where it sat on the axis's "80 %".
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: TARGET_COLOR, type: 'dashed' },
          label: { position: 'start', formatter: `${labels.target} ${labels.band}` },
          data: [{ xAxis: target * 100 }],
        },
      },
    ],
  };
}

/** Enrolled > pre > post > follow-up: how many are still answering at each step. */
export function funnelChart(steps: { label: string; count: number }[]): EChartsOption {
  return {
    animation: false,
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        minSize: '20%',
        label: { show: true, position: 'inside', formatter: '{b}: {c}' },
        data: steps.map((step) => ({ name: step.label, value: step.count })),
      },
    ],
  };
}

/** Cumulative usable responses per wave per week, with each wave's target line. */
export function weeklyChart(
  weeks: string[],
  perWave: { label: string; points: number[]; targetCount: number }[],
  targetLabel: string,
): EChartsOption {
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 10, right: 60, top: 40, bottom: 10, containLabel: true },
    // The first week's date sits under the corner, a little lower than ECharts' 8 px so that it
    // clears the count axis's 0.
    xAxis: { type: 'category', data: weeks, axisLabel: { margin: 12 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: perWave.map((wave, index) => ({
      type: 'line',
      name: wave.label,
      data: wave.points,
      markLine:
        index === 0
          ? { silent: true, symbol: 'none', lineStyle: { color: TARGET_COLOR, type: 'dashed' }, label: { formatter: targetLabel }, data: [{ yAxis: wave.targetCount }] }
          : undefined,
    })),
  };
}
