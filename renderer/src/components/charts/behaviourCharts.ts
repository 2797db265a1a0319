import type { EChartsOption } from 'echarts';

/** Share of each arm that signed up (dashed) and attended (solid) at each event, in date order. */
export function attendanceChart(
  events: string[],
  arms: { label: string; signedUp: (number | null)[]; attended: (number | null)[] }[],
  labels: { signedUp: string; attended: string },
): EChartsOption {
  return {
    animation: false,
    legend: { top: 0 },
    grid: { left: 10, right: 30, top: 40, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: events },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
    series: arms.flatMap((arm) => [
      { type: 'line' as const, name: `${arm.label}: ${labels.signedUp}`, data: arm.signedUp, lineStyle: { type: 'dashed' as const } },
      { type: 'line' as const, name: `${arm.label}: ${labels.attended}`, data: arm.attended },
    ]),
  };
}
