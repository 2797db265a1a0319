import type { TrackingReport } from './report';

/** An upper bound is rounded down, so that "at most" stays true (80.86 % is "at most 80.8 %"). */
export const ceilingPercent = (rate: number) => (Math.floor(rate * 1000 + 1e-9) / 10).toFixed(1);

/**
 * What the forms held for the match assistant could do to the match rate, in words (the locale
 * file's heldText_one / heldText_other, filled here for the PDF, the workbook and the CLI); null when
 * no form is held at the comparison's waves.
 */
export function heldSentence(report: TrackingReport, templates: { one: string; other: string }): string | null {
  const { heldMatch } = report;
  if (heldMatch.forms === 0 || heldMatch.rateAtMost === null) return null;
  const values: Record<string, string | number> = { count: heldMatch.forms, rate: ceilingPercent(heldMatch.rateAtMost) };
  const template = heldMatch.forms === 1 ? templates.one : templates.other;
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}
