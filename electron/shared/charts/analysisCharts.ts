import type { EChartsOption } from 'echarts';

/**
 * ECharts option builders for the analysis: the toolkit's figure (chapter 3.2, figures 1-4: the
 * Programme and Comparison lines over the waves) and the percent-agree change in points (as the
 * Tech Heroes report shows its results). Pure functions of report rows and translated labels:
 * unit-tested without a browser, and the PDF report draws the same options on the Node side.
 */

export type ArmRole = 'programme' | 'comparison' | 'other';

/** The toolkit's figure draws the Programme group blue and the Comparison group yellow. */
export const ARM_COLORS: Record<ArmRole, string> = { programme: '#1f5fa8', comparison: '#d9a400', other: '#6b6b6b' };
const OTHER_COLORS = ['#6b6b6b', '#2e8b57', '#8e44ad'];

export interface TrajectoryPoint {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  n: number;
}

export interface TrajectoryArm {
  name: string;
  role: ArmRole;
  /** One point per wave, in the waves' order. */
  points: TrajectoryPoint[];
}

/** Shapes of the report rows the builders read (structural: the renderer imports types only). */
export interface DescriptiveLike {
  scale: string;
  arm: string;
  group: string | null;
  wave: string;
  n: number;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export function armRole(arm: string, index: number, programmeArm: string): ArmRole {
  if (arm === programmeArm) return 'programme';
  return index <= 1 ? 'comparison' : 'other';
}

function colorOf(arm: TrajectoryArm, index: number): string {
  return arm.role === 'other' ? OTHER_COLORS[index % OTHER_COLORS.length]! : ARM_COLORS[arm.role];
}

/** The descriptives of one scale and group (null = all groups) as one line per arm. */
export function trajectoryArms(
  rows: readonly DescriptiveLike[],
  scale: string,
  group: string | null,
  waves: readonly string[],
  arms: readonly { code: string; name: string }[],
  programmeArm: string,
): TrajectoryArm[] {
  const others = arms.filter((arm) => arm.code !== programmeArm);
  const ordered = [...arms.filter((arm) => arm.code === programmeArm), ...others];
  return ordered.map((arm, index) => ({
    name: arm.name,
    role: armRole(arm.code, index, programmeArm),
    points: waves.map((wave) => {
      const row = rows.find((entry) => entry.scale === scale && entry.arm === arm.code && entry.group === group && entry.wave === wave);
      return { mean: row?.mean ?? null, ciLow: row?.ciLow ?? null, ciHigh: row?.ciHigh ?? null, n: row?.n ?? 0 };
    }),
  }));
}

const round = (value: number | null, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * Mean scale score per arm over the waves, each with its 95 % confidence band: a transparent line
 * at the lower bound and the band's height stacked on it, shaded. The y axis spans the response
 * scale, so a change of half a point looks like one.
 */
export function trajectoryChart(waveLabels: string[], arms: TrajectoryArm[], range: { min: number; max: number }, labels: { score: string }): EChartsOption {
  const series = arms.flatMap((arm, index) => {
    const color = colorOf(arm, index);
    const stack = `ci-${index}`;
    return [
      {
        type: 'line' as const,
        name: `${arm.name} lower`,
        stack,
        data: arm.points.map((point) => round(point.ciLow, 4)),
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
        legendHoverLink: false,
      },
      {
        type: 'line' as const,
        name: `${arm.name} band`,
        stack,
        data: arm.points.map((point) => (point.ciLow === null || point.ciHigh === null ? null : round(point.ciHigh - point.ciLow, 4))),
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.15 },
        symbol: 'none',
        silent: true,
        legendHoverLink: false,
      },
      {
        type: 'line' as const,
        name: arm.name,
        data: arm.points.map((point) => round(point.mean)),
        itemStyle: { color },
        lineStyle: { color, width: 3 },
        symbol: 'circle',
        symbolSize: 8,
        // The programme's labels above its line, the others' below, so two close lines stay readable.
        label: { show: true, position: index === 0 ? ('top' as const) : ('bottom' as const), formatter: (params: { value: unknown }) => formatScore(params.value as number | null) },
      },
    ];
  });
  return {
    animation: false,
    legend: { top: 0, data: arms.map((arm) => arm.name) },
    // Room below for the waves' names, and each wave in the middle of its own band: at the edges, the
    // first and last names ran off the picture and the first sat on the value axis's lowest label.
    grid: { left: 10, right: 30, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: waveLabels, boundaryGap: true },
    yAxis: { type: 'value', min: range.min, max: range.max, interval: 1, name: labels.score, nameLocation: 'middle', nameGap: 30 },
    series,
  };
}

export interface AgreeBarArm {
  name: string;
  role: ArmRole;
  /** Percentage-point change per item, in the items' order. */
  points: (number | null)[];
}

/** Pixels each item takes in the percent-agree chart: its wording wraps over up to three lines. */
export const AGREE_ROW_HEIGHT = 56;

/**
 * Change in percent agree per item and arm, in percentage points, as horizontal bars. Items are named
 * by their wording (shared/analysis/itemWording.ts), wrapped in a column of 38 % of the chart's width.
 */
export function agreeChangeChart(items: string[], arms: AgreeBarArm[], labels: { points: string }, width = 1040): EChartsOption {
  const labelWidth = Math.round(width * 0.38);
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 10 + labelWidth, right: 50, top: 36, bottom: 30 },
    xAxis: { type: 'value', name: labels.points, nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: items, inverse: true, axisLabel: { width: labelWidth - 8, overflow: 'break', lineHeight: 16 } },
    series: arms.map((arm, index) => ({
      type: 'bar' as const,
      name: arm.name,
      itemStyle: { color: colorOf({ ...arm, points: [] }, index) },
      data: arm.points.map((value) => round(value, 1)),
      label: { show: true, position: 'right' as const, formatter: (params: { value: unknown }) => formatPoints(params.value as number | null) },
    })),
  };
}

/** A mean as shown on the chart: two decimals. */
export function formatScore(value: number | null): string {
  return value === null || Number.isNaN(value) ? '' : value.toFixed(2);
}

/** "+30", "−4", "0": how the Tech Heroes report states a change in points. */
export function formatPoints(value: number | null): string {
  if (value === null || Number.isNaN(value)) return '–';
  const rounded = Math.round(value);
  return rounded > 0 ? `+${rounded}` : rounded < 0 ? `−${Math.abs(rounded)}` : '0';
}
