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
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: labels.matchRate,
      nameLocation: 'middle',
      nameGap: 28,
      axisLabel: { formatter: '{value} %' },
    },
    yAxis: { type: 'category', data: bars.map((bar) => bar.label), inverse: true },
    series: [
      {
        type: 'bar',
        name: labels.matchRate,
        data: bars.map((bar) => ({
          value: bar.rate === null ? 0 : Math.round(bar.rate * 1000) / 10,
          itemStyle: { color: bar.rate !== null && bar.rate >= target ? MET_COLOR : SHORT_COLOR },
        })),
        label: {
          show: true,
          position: 'right',
          formatter: (params: { dataIndex: number }) => `${bars[params.dataIndex]!.matched}/${bars[params.dataIndex]!.enrolled}`,
        },
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

/** The four counts a wave's bar group shows, and their already-translated names. */
export interface WaveBars {
  label: string;
  received: number;
  linked: number;
  held: number;
  missing: number;
}

export interface WaveBarLabels {
  received: string;
  linked: string;
  held: string;
  missing: string;
  /** The count axis's name, with its unit ("Forms"). */
  forms: string;
}

// The app's colours: its accent for all forms, the target's green for linked ones, the comparison
// arm's amber for forms still waiting, the short-of-target rust for those nobody has returned.
export const WAVE_BAR_COLORS = { received: MET_COLOR, linked: TARGET_COLOR, held: '#d9a400', missing: SHORT_COLOR } as const;

/**
 * Per wave, side by side: forms received, linked to a roster ID, held for a match, and missing. Each
 * wave stands on its own (someone missing at post may answer at follow-up), which a funnel from
 * enrolment would hide by suggesting that each step is drawn from the one before.
 */
export function waveBarsChart(waves: WaveBars[], labels: WaveBarLabels): EChartsOption {
  const keys = ['received', 'linked', 'held', 'missing'] as const;
  return {
    animation: false,
    // Room for the legend on two lines where the picture is narrow (the PDF's column).
    legend: { top: 0, itemGap: 8, itemWidth: 14 },
    grid: { left: 10, right: 36, top: 48, bottom: 34, containLabel: true },
    // Horizontal bars: a count beside each bar never meets its neighbour's, and long wave names wrap.
    yAxis: {
      type: 'category',
      inverse: true,
      data: waves.map((wave) => wave.label),
      axisLabel: { width: 96, overflow: 'break', lineHeight: 15 },
    },
    xAxis: { type: 'value', minInterval: 1, splitNumber: 3, name: labels.forms, nameLocation: 'middle', nameGap: 24 },
    series: keys.map((key) => ({
      type: 'bar',
      name: labels[key],
      barGap: '10%',
      itemStyle: { color: WAVE_BAR_COLORS[key] },
      label: { show: true, position: 'right', fontSize: 10 },
      data: waves.map((wave) => wave[key]),
    })),
  };
}

export interface WeeklyLabels {
  /** The target line's label, with its unit ("Target: 96 forms"). */
  target: string;
  /** The category axis's name ("Week of"). */
  week: string;
  /** The count axis's name, with its unit ("Forms received, cumulative"). */
  forms: string;
}

/** Cumulative usable responses per wave per week, with each wave's target line; both axes named with their units. */
export function weeklyChart(
  weeks: string[],
  perWave: { label: string; points: number[]; targetCount: number }[],
  labels: WeeklyLabels,
): EChartsOption {
  return {
    animation: false,
    legend: { top: 0 },
    // 34 px on the left for the count axis's name, which containLabel does not make room for.
    grid: { left: 34, right: 60, top: 40, bottom: 30, containLabel: true },
    // The first week's date sits under the corner, a little lower than ECharts' 8 px so that it
    // clears the count axis's 0.
    xAxis: { type: 'category', data: weeks, axisLabel: { margin: 12 }, name: labels.week, nameLocation: 'middle', nameGap: 32 },
    yAxis: { type: 'value', minInterval: 1, name: labels.forms, nameLocation: 'middle', nameGap: 34 },
    series: perWave.map((wave, index) => ({
      type: 'line',
      name: wave.label,
      data: wave.points,
      markLine:
        index === 0
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { color: TARGET_COLOR, type: 'dashed' },
              label: { formatter: labels.target, position: 'insideEndTop' },
              data: [{ yAxis: wave.targetCount }],
            }
          : undefined,
    })),
  };
}
