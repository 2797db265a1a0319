import * as echarts from 'echarts';
import { describe, expect, it } from 'vitest';
import { AGREE_ROW_HEIGHT, agreeChangeChart, trajectoryChart, type TrajectoryArm } from './analysisCharts';
import { matchRateChart, waveBarsChart, weeklyChart } from './trackingCharts';

/**
 * Every chart drawn as ECharts draws it for the PDFs (SVG on the server, the same option the app's
 * Chart component draws), at the sizes the app and the PDFs use, with the demo study's labels: no
 * text may stick out of the picture or lie on another text.
 */

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function drawnTexts(option: unknown, width: number, height: number): Box[] {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption(option as echarts.EChartsOption);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => {
    const number = (name: string) => Number(new RegExp(` ${name}="([\\d.e-]+)"`).exec(attributes!)?.[1] ?? 0);
    const transform = /transform="(translate|matrix)\(([^)]*)\)"/.exec(attributes!);
    const values = transform ? transform[2]!.split(/[ ,]+/).map(Number) : [];
    // translate(x y) or matrix(a b c d e f) (a turned text: the value axis's name); or x and y alone.
    const [a, b, c, d, e, f] = transform?.[1] === 'matrix' ? values : [1, 0, 0, 1, values[0] ?? 0, values[1] ?? 0];
    const anchor = /text-anchor="(\w+)"/.exec(attributes!)?.[1] ?? 'start';
    const size = Number(/font-size:(\d+)px/.exec(attributes!)?.[1] ?? 12);
    // ECharts' own measure, which its layout used: where there is no canvas (the PDFs), its estimate.
    const along = echarts.format.getTextRect(text!, `${size}px sans-serif`).width;
    const left = number('x') - (anchor === 'middle' ? along / 2 : anchor === 'end' ? along : 0);
    const top = number('y') - size * 0.6;
    // The text's own box, corner by corner onto the page.
    const corners = [
      [left, top],
      [left + along, top],
      [left, top + size * 1.2],
      [left + along, top + size * 1.2],
    ].map(([x, y]) => [a! * x! + c! * y! + e!, b! * x! + d! * y! + f!] as const);
    const xs = corners.map(([x]) => x);
    const ys = corners.map(([, y]) => y);
    return { text: text!, left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
  });
}

function layoutProblems(option: unknown, width: number, height: number): string[] {
  const texts = drawnTexts(option, width, height).filter((box) => box.text.trim() !== '');
  expect(texts.length).toBeGreaterThan(0);
  const outside = texts
    .filter((box) => box.left < 0 || box.top < 0 || box.right > width || box.bottom > height)
    .map((box) => `outside: ${box.text}`);
  const overlaps = texts.flatMap((a, index) =>
    texts
      .slice(index + 1)
      .filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
      .map((b) => `overlap: ${a.text} / ${b.text}`),
  );
  return [...outside, ...overlaps];
}

const WAVES = ['Before the programme', 'Right after the programme', 'Follow-up'];
const STRATA = ['Programme · Newcomers', 'Programme · Long-time residents', 'Comparison · Newcomers', 'Comparison · Long-time residents'];

describe('chart layout, as drawn', () => {
  it('match rate: one target label above the bars, clear of the axis', () => {
    const bars = STRATA.map((label, index) => ({
      label,
      rate: [0.83, 0.7, 0.93, 0.73][index]!,
      matched: [25, 21, 28, 22][index]!,
      enrolled: 30,
    }));
    const option = matchRateChart(bars, 0.8, 0.85, { matchRate: 'Match rate', target: 'Target', band: '80–85 %' });
    expect(
      drawnTexts(option, 700, 230)
        .filter((box) => box.text.includes('Target'))
        .map((box) => box.text),
    ).toEqual(['Target 80–85 %']);
    expect.soft(layoutProblems(option, 700, 230)).toEqual([]);
    expect.soft(layoutProblems(option, 1040, 204)).toEqual([]);
  });

  it("scale trajectory: wave names and both arms' means readable in the app and the PDF", () => {
    const arm = (name: string, role: TrajectoryArm['role'], means: number[]): TrajectoryArm => ({
      name,
      role,
      points: means.map((mean) => ({ mean, ciLow: mean - 0.2, ciHigh: mean + 0.2, n: 30 })),
    });
    const option = trajectoryChart(
      WAVES,
      [arm('Programme', 'programme', [3.05, 3.38, 3.36]), arm('Comparison', 'comparison', [2.84, 2.94, 2.95])],
      { min: 1, max: 5 },
      { score: 'Attitudes' },
    );
    expect.soft(layoutProblems(option, 1040, 300)).toEqual([]);
    expect.soft(layoutProblems(option, 680, 260)).toEqual([]);
  });

  it('percent agree change: items named by their wording, arms and signed points', () => {
    const items = [
      'When you think about people who are …, how much do you feel negatively or positively toward them?',
      'How much do you like or dislike people who are …?',
      'How close or distant do you feel to people who are …?',
      'I would feel comfortable working with people who are …',
    ];
    const option = agreeChangeChart(
      items,
      [
        { name: 'Programme', role: 'programme', points: [5, 14, 22, 14] },
        { name: 'Comparison', role: 'comparison', points: [-6, 17, 8, 9] },
      ],
      { points: 'Change (points)' },
    );
    expect.soft(layoutProblems(option, 1040, 90 + AGREE_ROW_HEIGHT * items.length)).toEqual([]);
    const paper = agreeChangeChart(
      items,
      [{ name: 'Programme', role: 'programme', points: [5, 14, 22, 14] }],
      { points: 'Change (points)' },
      680,
    );
    expect.soft(layoutProblems(paper, 680, 80 + AGREE_ROW_HEIGHT * items.length)).toEqual([]);
  });

  it('per-wave bars and weekly trend', () => {
    const counts = WAVES.map((label, index) => ({
      label,
      received: [114, 120, 75][index]!,
      linked: [114, 96, 75][index]!,
      held: [0, 24, 0][index]!,
      missing: [6, 24, 45][index]!,
    }));
    const bars = waveBarsChart(counts, {
      received: 'Received',
      linked: 'Linked',
      held: 'Held for a match',
      missing: 'Missing',
      forms: 'Forms',
    });
    expect.soft(layoutProblems(bars, 1040, 320)).toEqual([]);
    expect.soft(layoutProblems(bars, 270, 100 + 64 * WAVES.length)).toEqual([]);
    const weeks = Array.from({ length: 46 }, (_, index) => new Date(Date.UTC(2026, 0, 5 + 7 * index)).toISOString().slice(0, 10));
    const cumulative = (start: number, total: number) => weeks.map((_, index) => Math.min(total, Math.max(0, (index - start) * 40)));
    const weekly = weeklyChart(
      weeks,
      WAVES.map((label, index) => ({ label, points: cumulative([0, 13, 39][index]!, [114, 96, 75][index]!), targetCount: 96 })),
      { target: 'Target: 96 forms', week: 'Week of', forms: 'Forms received, cumulative' },
    );
    expect.soft(layoutProblems(weekly, 1040, 320)).toEqual([]);
  });
});
