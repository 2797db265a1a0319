import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { headlines, magnitudeOf, type AncovaLike } from '../../../../electron/shared/analysis/headline';
import { english } from '../../locales';

/** The real English strings, so a renamed or missing key fails here (the screen and the PDF use them). */
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'en',
    resources: { en: { translation: english } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

const row = (scale: string, estimate: number, ciLow: number, ciHigh: number, extra: Partial<AncovaLike> = {}): AncovaLike => ({
  scale,
  group: null,
  model: 'pooled',
  from: 'pre',
  to: 'post',
  estimate,
  ciLow,
  ciHigh,
  p: 0.01,
  small: false,
  ...extra,
});

const scales = [
  { concept: 'attitudes', name: 'Attitudes' },
  { concept: 'anxiety', name: 'Anxiety' },
  { concept: 'trust', name: 'Trust' },
];

describe('the analysis headline', () => {
  it('reads the pooled ANCOVA row of each scale in words, with its CI and the size on the baseline SD', () => {
    const report = {
      scales,
      ancova: [
        row('attitudes', 0.4812, 0.3204, 0.6391),
        // Other models and waves of the same scale are not the headline.
        row('attitudes', 9, 8, 10, { model: 'interaction', group: 'newcomer' }),
        row('attitudes', 9, 8, 10, { to: 'fu' }),
        row('anxiety', -0.25, -0.41, -0.09, { small: true }),
        row('trust', 0.1, -0.05, 0.25),
      ],
      programmeEffect: [
        { scale: 'attitudes', group: null, from: 'pre', to: 'post', dppc2: 0.5234 },
        { scale: 'anxiety', group: null, from: 'pre', to: 'post', dppc2: -0.19 },
        { scale: 'trust', group: null, from: 'pre', to: 'post', dppc2: null },
      ],
    };
    const lines = headlines(report, 'pre', 'post', (key, params) => i18n.t(key, params ?? {}), 'en');
    expect(lines.map((line) => line.text)).toEqual([
      'Attitudes: the programme group scored 0.48 higher than the comparison group, allowing for where each person started ' +
        '(95 % CI 0.32 to 0.64), a moderate effect (0.52 baseline SDs).',
      'Anxiety: the programme group scored 0.25 lower than the comparison group, allowing for where each person started ' +
        '(95 % CI -0.41 to -0.09), a negligible effect (-0.19 baseline SDs). Fewer than 30 people in a cell: read with care.',
      'Trust: no clear difference between the programme and the comparison group (estimate 0.10, 95 % CI -0.05 to 0.25).',
    ]);
    expect(lines.map((line) => line.row.estimate)).toEqual([0.4812, -0.25, 0.1]);
  });

  it("uses Cohen's conventional words at 0.2, 0.5 and 0.8, whatever the sign", () => {
    expect([0.19, 0.2, -0.49, 0.5, 0.79, -0.8, 1.4].map(magnitudeOf)).toEqual([
      'negligible',
      'small',
      'small',
      'moderate',
      'moderate',
      'large',
      'large',
    ]);
  });
});
