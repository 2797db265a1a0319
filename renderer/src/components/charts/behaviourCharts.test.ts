import { describe, expect, it } from 'vitest';
import { attendanceChart } from './behaviourCharts';

describe('attendance chart', () => {
  it('draws a dashed sign-up line and a solid attendance line per arm', () => {
    const option = attendanceChart(['2026-05-01 Match'], [{ label: 'Programme', signedUp: [30], attended: [20] }, { label: 'Comparison', signedUp: [5], attended: [null] }], {
      signedUp: 'signed up',
      attended: 'attended',
    }) as { series: { name: string; data: (number | null)[]; lineStyle?: { type: string } }[] };
    expect(option.series.map((series) => [series.name, series.data, series.lineStyle?.type ?? 'solid'])).toEqual([
      ['Programme: signed up', [30], 'dashed'],
      ['Programme: attended', [20], 'solid'],
      ['Comparison: signed up', [5], 'dashed'],
      ['Comparison: attended', [null], 'solid'],
    ]);
  });
});
