import { chartSvg, escapeHtml } from '../html';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsOption } from 'echarts';
import { SVGRenderer } from 'echarts/renderers';
import { AGREE_ROW_HEIGHT, agreeChangeChart, armRole, trajectoryArms, trajectoryChart } from '../../shared/charts/analysisCharts';
import { fill, reportLabels as L } from './labels';
import type { AnalysisReport } from './report';
import { namesFor } from './names';
import { headlines } from '../../shared/analysis/headline';
import { reportT } from './reportWords';
import { pluralT } from './attritionSheet';
import { alarmSentence, distinctAlarms, estimateSentence, introSentence } from '../../shared/analysis/attritionWords';
import type { Names } from './names';

/**
 * The analysis report as one HTML document for the shell's PDF printer (Chromium): the settings,
 * the warnings and, per scale, the toolkit's figure for all groups and each group, the programme
 * effect, the change within arms, reliability and the percent-agree chart. The charts are the
 * screen's own option builders drawn to SVG here, so paper and screen agree.
 */

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, SVGRenderer]);

const WIDTH = 680;

const figureSvg = (option: EChartsOption, height = 300) => chartSvg(option, WIDTH, height);

const fmt = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));
const pFmt = (value: number | null) => (value === null ? '–' : value < 0.001 ? '< .001' : value.toFixed(3));
const ci = (low: number | null, high: number | null) => (low === null || high === null ? '–' : `[${fmt(low)}, ${fmt(high)}]`);

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return '';
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9pt; color: #1b1b1b; }
h1 { font-size: 16pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; page-break-before: always; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; } p { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 3mm; page-break-inside: auto; }
th, td { border-bottom: 0.3pt solid #bbb; padding: 0.8mm 1.2mm; text-align: right; }
th:first-child, td:first-child, th:nth-child(2), td:nth-child(2) { text-align: left; }
th { font-weight: bold; border-bottom: 0.8pt solid #555; }
figure { margin: 2mm 0; page-break-inside: avoid; } figcaption { font-weight: bold; margin-bottom: 1mm; }
.muted { color: #555; } .warning { color: #8a3b12; }
svg { max-width: 100%; height: auto; }
`;

export function analysisReportHtml(report: AnalysisReport, studyName: string): string {
  const names = namesFor(report);
  const { settings } = report;
  const waveLabels = report.waves.map((wave) => wave.label);
  const groups: (string | null)[] = [null, ...report.groups.map((group) => group.code)];
  const parts: string[] = [
    `<h1>${escapeHtml(L.export.title)}</h1>`,
    `<p>${escapeHtml(L.export.study)}: <b>${escapeHtml(studyName)}</b> · ${escapeHtml(L.export.generated)}: ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))}</p>`,
    `<p>${escapeHtml(L.export.waves)}: ${escapeHtml(settings.waves.map(names.wave).join(' → '))} · ${escapeHtml(L.export.programmeArm)}: ${escapeHtml(names.arm(settings.programmeArm))} · ${escapeHtml(L.export.share)}: ${Math.round(settings.minAnsweredShare * 100)} %</p>`,
    `<h3>${escapeHtml(L.export.methodsHeading)}</h3>`,
    ...Object.values(L.explain).map((text) => `<p class="muted">${escapeHtml(text)}</p>`),
    ...headlineHtml(report, names.wave),
    `<h3>${escapeHtml(L.export.warningsHeading)}</h3>`,
    ...(report.warnings.length
      ? report.warnings.map((warning) => `<p class="warning">${escapeHtml(warning.message)}</p>`)
      : [`<p>${escapeHtml(L.export.noWarnings)}</p>`]),
  ];
  const col = L.col;
  for (const scale of report.scales) {
    const range = { min: Math.min(...scale.items.map((item) => item.min)), max: Math.max(...scale.items.map((item) => item.max)) };
    parts.push(`<h2>${escapeHtml(scale.name)}</h2>`);
    if (scale.highScoreMeans)
      parts.push(`<p class="muted">${escapeHtml(L.export.highScoreMeans)}: ${escapeHtml(scale.highScoreMeans)}</p>`);
    for (const group of groups) {
      const arms = trajectoryArms(report.descriptives, scale.concept, group, settings.waves, report.arms, settings.programmeArm);
      const svg = figureSvg(trajectoryChart(waveLabels, arms, range, { score: scale.name }), 260);
      // Titled as on screen (scale: group): a study with one arm has no "programme and comparison".
      const caption = reportT('analysis.figureTitle', { scale: scale.name, group: names.group(group) });
      parts.push(`<figure><figcaption>${escapeHtml(caption)}</figcaption>${svg}</figure>`);
    }
    const effects = report.programmeEffect.filter((row) => row.scale === scale.concept);
    const dBaseline = (group: string | null, to: string) => effects.find((row) => row.group === group && row.to === to)?.dppc2 ?? null;
    parts.push(
      `<h3>${escapeHtml(L.sections.ancova)}</h3>`,
      table(
        [col.group, col.model, col.to, col.nArms, col.estimate, col.ci, col.p, col.pHolm, col.dBaseline],
        report.ancova
          .filter((row) => row.scale === scale.concept)
          .map((row) => [
            names.group(row.group),
            reportT(`analysis.model.${row.model}`),
            names.wave(row.to),
            `${row.nProgramme} / ${row.nComparison}`,
            fmt(row.estimate),
            ci(row.ciLow, row.ciHigh),
            pFmt(row.p),
            pFmt(row.pHolm),
            row.model === 'group' ? '' : fmt(dBaseline(row.group, row.to)),
          ]),
      ),
    );
    parts.push(...attritionHtml(report, scale.concept, names));
    parts.push(
      `<h3>${escapeHtml(L.sections.programmeEffect)}</h3>`,
      table(
        [col.group, col.to, col.nArms, col.changes, col.difference, col.ci, col.p, col.pHolm, col.dChange, col.dBaseline],
        effects.map((row) => [
          names.group(row.group),
          names.wave(row.to),
          `${row.nProgramme} / ${row.nComparison}`,
          `${fmt(row.changeProgramme)} / ${fmt(row.changeComparison)}`,
          fmt(row.difference),
          ci(row.ciLow, row.ciHigh),
          pFmt(row.p),
          pFmt(row.pHolm),
          fmt(row.d),
          fmt(row.dppc2),
        ]),
      ),
    );
    parts.push(
      `<h3>${escapeHtml(L.sections.change)}</h3>`,
      table(
        [col.arm, col.group, col.to, col.n, col.meanFrom, col.meanTo, col.meanChange, col.ci, col.t, col.p, col.pHolm, col.dz],
        report.change
          .filter((row) => row.scale === scale.concept)
          .map((row) => [
            names.arm(row.arm),
            names.group(row.group),
            names.wave(row.to),
            String(row.n),
            fmt(row.meanFrom),
            fmt(row.meanTo),
            fmt(row.meanChange),
            ci(row.ciLow, row.ciHigh),
            fmt(row.t),
            pFmt(row.p),
            pFmt(row.pHolm),
            fmt(row.dz),
          ]),
      ),
    );
    parts.push(
      `<h3>${escapeHtml(L.sections.reliability)}</h3>`,
      table(
        [col.wave, col.version, col.n, col.k, col.alpha, col.rDrop],
        report.reliability
          .filter((row) => row.scale === scale.concept)
          .map((row) => [
            names.wave(row.wave),
            row.version,
            String(row.n),
            String(row.k),
            row.reason
              ? reportT(`analysis.reliabilityReason.${row.reason}`, { minimum: settings.reliabilityMinimum })
              : `${fmt(row.alpha)}${row.low ? ' !' : ''}`,
            row.items.map((item) => `${item.item} ${fmt(item.rDrop)}`).join(', '),
          ]),
      ),
    );
    const last = settings.waves[settings.waves.length - 1];
    if (last && last !== settings.baseline) {
      const rows = report.agree.filter((row) => row.scale === scale.concept && row.group === null);
      const items = [...new Set(rows.map((row) => row.item))];
      const armsOrdered = [...report.arms].sort(
        (a, b) => Number(b.code === settings.programmeArm) - Number(a.code === settings.programmeArm),
      );
      const bars = armsOrdered.map((arm, index) => ({
        name: arm.name,
        role: armRole(arm.code, index, settings.programmeArm),
        points: items.map(
          (item) =>
            rows.find((row) => row.item === item && row.arm === arm.code)?.changes.find((change) => change.to === last)?.points ?? null,
        ),
      }));
      const title = `${L.sections.agree}: ${names.wave(settings.baseline)} → ${names.wave(last)}`;
      parts.push(
        `<figure><figcaption>${escapeHtml(title)}</figcaption>${figureSvg(
          agreeChangeChart(
            items.map((code) => scale.items.find((item) => item.code === code)?.wording ?? code),
            bars,
            { points: col.points },
            WIDTH,
          ),
          80 + AGREE_ROW_HEIGHT * items.length,
        )}<p class="muted">${escapeHtml(L.agreeNote)}</p></figure>`,
      );
    }
  }
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(fill('{{title}}: {{study}}', { title: L.export.title, study: studyName }))}</title><style>${CSS}</style></head>`,
    `<body>${parts.join('\n')}</body></html>`,
  ].join('\n');
}

/** "In short": the screen's sentences, one per scale for each later wave, before the warnings and tables. */
function headlineHtml(report: AnalysisReport, wave: (code: string) => string): string[] {
  const { baseline, waves } = report.settings;
  const blocks = waves
    .filter((to) => to !== baseline)
    .map((to) => ({ to, lines: headlines(report, baseline, to, reportT, 'en') }))
    .filter((block) => block.lines.length > 0);
  if (blocks.length === 0) return [];
  return [
    `<h3>${escapeHtml(reportT('analysis.headline.heading'))}</h3>`,
    ...blocks.flatMap((block) => [
      `<p><b>${escapeHtml(reportT('analysis.headline.waveHeading', { to: wave(block.to), from: wave(baseline) }))}</b></p>`,
      `<ul>${block.lines.map((line) => `<li>${escapeHtml(line.text)}</li>`).join('')}</ul>`,
    ]),
  ];
}

/** Beside the ANCOVA table, as on screen (AttritionNote.tsx): the alarm, what the weights assume, each effect re-read. */
function attritionHtml(report: AnalysisReport, scale: string, names: Names): string[] {
  const rows = report.attrition.filter((row) => row.scale === scale);
  if (rows.length === 0) return [];
  const keyOf = (row: (typeof rows)[number]) => `${row.to}\u0000${row.comparisonArm}`;
  const order = (group: string | null) => (group === null ? -1 : report.groups.findIndex((entry) => entry.code === group));
  const blocks = [...new Set(rows.map(keyOf))].map((key) =>
    rows.filter((row) => keyOf(row) === key).sort((a, b) => order(a.group) - order(b.group)),
  );
  return [
    `<h3>${escapeHtml(reportT('analysis.attrition.heading'))}</h3>`,
    ...blocks.flatMap((block) => {
      const { from, to } = block[0]!;
      return [
        ...distinctAlarms(block).map((alarm) => `<p class="warning">${escapeHtml(alarmSentence(alarm, from, to, pluralT, names))}</p>`),
        `<p>${escapeHtml(introSentence(block[0]!, pluralT))}</p>`,
        `<ul>${block.map((row) => `<li>${escapeHtml(estimateSentence(row, pluralT, names, 'en'))}</li>`).join('')}</ul>`,
      ];
    }),
    `<p class="muted">${escapeHtml(reportT('analysis.attrition.method'))}</p>`,
  ];
}
