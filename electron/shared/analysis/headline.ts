/**
 * The analysis's headline: one sentence per scale in plain words, built from the numbers of the
 * ANCOVA table (the later score adjusted for the baseline score, all identity groups) and Morris's
 * d on the baseline SD, so the sentence and the table can never disagree. Shared by the screen and
 * the PDF; each passes its own translate function over the same locale keys (analysis.headline.*).
 */

export interface AncovaLike {
  scale: string;
  group: string | null;
  model: string;
  from: string;
  to: string;
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  small: boolean;
}

export interface EffectSizeLike {
  scale: string;
  group: string | null;
  from: string;
  to: string;
  dppc2?: number | null;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;
export type Magnitude = 'negligible' | 'small' | 'moderate' | 'large';

/** Cohen's conventional words for a standardised difference: below 0.2, 0.5, 0.8 and above. */
export function magnitudeOf(d: number): Magnitude {
  const size = Math.abs(d);
  return size < 0.2 ? 'negligible' : size < 0.5 ? 'small' : size < 0.8 ? 'moderate' : 'large';
}

export interface Headline {
  scale: string;
  /** The ANCOVA row the sentence reads (all identity groups). */
  row: AncovaLike;
  /** Morris's d_ppc2 beside it, when the change table has it. */
  d: number | null;
  text: string;
}

/** Numbers as the screen shows them: two decimals, a true minus sign. */
export function points(value: number, locale?: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(value);
}

/**
 * One sentence per scale for the comparison baseline -> `to`: the pooled ANCOVA estimate with its 95 % CI,
 * in words: higher, lower, or no clear difference when the interval crosses zero; then the size.
 */
export function headlines(
  report: {
    ancova: readonly AncovaLike[];
    programmeEffect: readonly EffectSizeLike[];
    scales: readonly { concept: string; name: string }[];
  },
  from: string,
  to: string,
  t: Translate,
  locale?: string,
): Headline[] {
  const result: Headline[] = [];
  for (const scale of report.scales) {
    const row = report.ancova.find(
      (entry) =>
        entry.scale === scale.concept && entry.group === null && entry.model === 'pooled' && entry.from === from && entry.to === to,
    );
    if (!row || row.estimate === null || row.ciLow === null || row.ciHigh === null) continue;
    const effect = report.programmeEffect.find(
      (entry) => entry.scale === scale.concept && entry.group === null && entry.from === from && entry.to === to,
    );
    const d = effect?.dppc2 ?? null;
    const size = d === null ? '' : t(`analysis.headline.size.${magnitudeOf(d)}`, { d: points(d, locale) });
    const params = {
      scale: scale.name,
      points: points(Math.abs(row.estimate), locale),
      estimate: points(row.estimate, locale),
      low: points(row.ciLow, locale),
      high: points(row.ciHigh, locale),
      size,
    };
    const clear = row.ciLow > 0 || row.ciHigh < 0;
    const key = !clear ? 'unclear' : row.estimate > 0 ? 'higher' : 'lower';
    const sentence = t(`analysis.headline.${key}${size ? '' : 'NoSize'}`, params);
    result.push({ scale: scale.concept, row, d, text: row.small ? `${sentence} ${t('analysis.headline.small')}` : sentence });
  }
  return result;
}
