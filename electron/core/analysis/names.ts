import { reportLabels as L } from './labels';
import type { AnalysisReport } from './report';

/** Codes to the names people gave them (arms, groups, waves, scales), for reports and the CLI. */
export interface Names {
  arm(code: string): string;
  group(code: string | null): string;
  wave(code: string): string;
  scale(code: string): string;
}

export function namesFor(report: AnalysisReport): Names {
  const find = (list: { code: string; name: string }[], code: string) => list.find((entry) => entry.code === code)?.name ?? code;
  return {
    arm: (code) => find(report.arms, code),
    group: (code) => (code === null ? L.export.allGroups : find(report.groups, code)),
    wave: (code) => report.waves.find((wave) => wave.code === code)?.label ?? code,
    scale: (code) => report.scales.find((scale) => scale.concept === code)?.name ?? code,
  };
}
