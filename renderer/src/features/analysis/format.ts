import type { MethodOutput } from '../../../../electron/api/contract';
import { formatNumber } from '../../format';

export type AnalysisReport = MethodOutput<'analysis.run'>;

/**
 * How numbers read on screen: means and effects with two decimals, p with three (or "< .001"),
 * shares as whole percents. The full precision stays in the xlsx export.
 */
export const fixed = (value: number | null | undefined, digits = 2) =>
  formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });

export const pValue = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value < 0.001 ? '< .001' : value.toFixed(3));

export const interval = (low: number | null, high: number | null) => (low === null || high === null ? '–' : `[${fixed(low)}, ${fixed(high)}]`);

export const percent = (share: number | null | undefined) => (share === null || share === undefined ? '–' : `${Math.round(share * 100)} %`);

/** Names for the report's codes. */
export function namer(report: AnalysisReport, allGroups: string) {
  const find = (list: { code: string; name: string }[], code: string) => list.find((entry) => entry.code === code)?.name ?? code;
  return {
    arm: (code: string) => find(report.arms, code),
    group: (code: string | null) => (code === null ? allGroups : find(report.groups, code)),
    wave: (code: string) => report.waves.find((wave) => wave.code === code)?.label ?? code,
    scale: (code: string) => report.scales.find((scale) => scale.concept === code)?.name ?? code,
  };
}

export type Namer = ReturnType<typeof namer>;
