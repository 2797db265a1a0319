import { alarmSentence, estimateSentence, introSentence } from '../../shared/analysis/attritionWords';
import type { Names } from './names';
import type { AnalysisReport } from './report';
import { reportT } from './reportWords';

/**
 * The workbook's attrition sheet (xlsx.ts): one row per effect read with inverse-probability
 * weights, the alarm and the sentence in the screen's words (electron/shared/analysis/attritionWords.ts).
 */

/** reportT with i18next's English plural keys (key_one / key_other from `count`). */
export function pluralT(key: string, params: Record<string, string | number> = {}): string {
  if (typeof params.count === 'number') {
    try {
      return reportT(`${key}_${params.count === 1 ? 'one' : 'other'}`, params);
    } catch {
      // Not a plural key: the plain one below.
    }
  }
  return reportT(key, params);
}

type Cell = string | number | null;

export interface SheetData {
  name: string;
  columns: { key: string; header: string }[];
  rows: Cell[][];
}

export function attritionSheet(report: AnalysisReport, names: Names): SheetData {
  const h = (key: string) => reportT(`analysis.col.${key}`);
  const a = (key: string) => reportT(`analysis.attrition.${key}`);
  const columns = [
    ...['scale', 'group', 'from', 'to', 'programmeArm', 'comparisonArm'].map((key) => ({ key, header: h(key) })),
    { key: 'alarms', header: a('alarms') },
    { key: 'nBaseline', header: a('nBaseline') },
    { key: 'nAnswered', header: a('nAnswered') },
    { key: 'observed', header: a('observed') },
    { key: 'estimate', header: h('estimate') },
    { key: 'stderr', header: 'SE' },
    { key: 'ciLow', header: `${h('ci')} −` },
    { key: 'ciHigh', header: `${h('ci')} +` },
    { key: 'df', header: h('df') },
    { key: 'p', header: h('p') },
    { key: 'sentence', header: a('sentence') },
  ];
  const rows = report.attrition.map((row): Cell[] => [
    ...[names.scale(row.scale), names.group(row.group), names.wave(row.from), names.wave(row.to)],
    ...[names.arm(row.programmeArm), names.arm(row.comparisonArm)],
    row.alarms.map((alarm) => alarmSentence(alarm, row.from, row.to, pluralT, names)).join(' '),
    ...[row.nBaseline, row.nAnswered, row.observed, row.estimate, row.stderr, row.ciLow, row.ciHigh, row.df, row.p],
    `${introSentence(row, pluralT)} ${estimateSentence(row, pluralT, names, 'en')}`,
  ]);
  return { name: a('sheet'), columns, rows };
}
