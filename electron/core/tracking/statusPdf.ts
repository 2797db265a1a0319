import { chartSvg, escapeHtml } from '../html';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { LegacyGridContainLabel } from 'echarts/features';
import type { EChartsOption } from 'echarts';
import { SVGRenderer } from 'echarts/renderers';
import strings from '../../../resources/locales/en/tracking.json';
import { matchRateChart, waveBarsChart } from '../../shared/charts/trackingCharts';
import { heldPerWave } from '../imports/held';
import { alarmPeople } from '../../shared/tracking/alarmPeople';
import type { Db } from '../db/open';
import { loadTracking } from './load';
import { trackingReport, type StratumRate, type TrackingOptions, type TrackingReport } from './report';
import { statusNames } from './status';
import type { StatusNames } from './statusWorkbook';
import { heldSentence } from './heldText';
import { verifiedPerWave } from './verified';
import { weeklyView, type WeeklyView } from './weekly';

/**
 * The weekly check-in on one A4 page, as an HTML document for the PDF printer (Chromium): counts per
 * wave, the match rate against the target (overall, by arm x group, by site), the attrition alarms
 * in words, the change since last week and two charts. The charts are the dashboard's own option
 * builders drawn to SVG, so paper and screen agree. Only codes, display names and counts are read:
 * nothing from the vault, no ID.
 */

// containLabel (the builders use it so long stratum names fit) is a separate feature since ECharts 6.
echarts.use([BarChart, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, LegacyGridContainLabel, SVGRenderer]);

/** English from the same locale file the dashboard uses; the app passes the reader's language. */
export const DEFAULT_STATUS_PDF_LABELS: Readonly<Record<keyof typeof strings.pdf, string>> = strings.pdf;
export type StatusPdfLabels = Record<keyof typeof strings.pdf, string>;
export type StatusPdfLabelOverrides = Partial<Record<string, string>>;

/** Unknown keys and blank values are ignored: a missing translation falls back to English. */
export function statusPdfLabels(overrides: StatusPdfLabelOverrides = {}): StatusPdfLabels {
  const labels = { ...DEFAULT_STATUS_PDF_LABELS };
  for (const key of Object.keys(labels) as (keyof StatusPdfLabels)[]) {
    const value = overrides[key];
    if (typeof value === 'string' && value.trim()) labels[key] = value;
  }
  return labels;
}

/** i18next-style {{name}} interpolation, so the locale file's templates work here unchanged. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** The same rounding as the dashboard's headline (one decimal). */
export const ratePercent = (rate: number | null) => (rate === null ? '–' : (rate * 100).toFixed(1));
const whole = (share: number) => Math.round(share * 100);

// Caps that keep the page to one sheet whatever the design; the workbook has every row.
const MAX_STRATA = 9;
const MAX_SITES = 8;
const MAX_ALARMS = 4;

function stratumName(rate: StratumRate, meta: StatusNames, none: string): string {
  return Object.entries(rate.key)
    .map(([dimension, code]) => (code ? (meta.names[dimension as keyof StatusNames['names']]?.[code] ?? code) : none))
    .join(' · ');
}

function table(headers: string[], rows: string[][], className = ''): string {
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function more(count: number, labels: StatusPdfLabels): string {
  return count > 0 ? `<p class="muted">${escapeHtml(fill(labels.moreRows, { count }))}</p>` : '';
}

function rateTable(rates: StratumRate[], max: number, report: TrackingReport, meta: StatusNames, labels: StatusPdfLabels): string {
  const verdict = (met: boolean, needed: number) => (met ? labels.met : fill(labels.short, { count: needed }));
  const rows = rates
    .slice(0, max)
    .map((rate) => [
      stratumName(rate, meta, labels.none),
      String(rate.matched),
      String(rate.enrolled),
      rate.rate === null ? '–' : `${ratePercent(rate.rate)} %`,
      verdict(rate.met, rate.neededForTarget),
      verdict(rate.neededForStretch === 0 && rate.enrolled > 0, rate.neededForStretch),
    ]);
  const headers = [
    labels.stratum,
    labels.matched,
    labels.enrolled,
    labels.rate,
    fill(labels.targetColumn, { target: whole(report.target) }),
    fill(labels.stretchColumn, { stretch: whole(report.stretch) }),
  ];
  return table(headers, rows, 'rates') + more(rates.length - max, labels);
}

function headline(report: TrackingReport, labels: StatusPdfLabels): string {
  const { overall } = report;
  if (overall.rate === null) return labels.nobodyEnrolled;
  const values = {
    matched: overall.matched,
    enrolled: overall.enrolled,
    rate: ratePercent(overall.rate),
    target: whole(report.target),
    stretch: whole(report.stretch),
    needed: overall.neededForTarget,
  };
  const first = fill(overall.met ? labels.overallMet : labels.overallShort, values);
  const second =
    overall.neededForStretch === 0
      ? fill(labels.stretchMet, values)
      : fill(labels.stretchShort, { ...values, needed: overall.neededForStretch });
  return `${first} ${second}`;
}

function alarmTexts(report: TrackingReport, meta: StatusNames, labels: StatusPdfLabels): string[] {
  if (report.alarms.length === 0) return [fill(labels.noAlarm, { points: whole(report.alarmThreshold) })];
  return report.alarms.slice(0, MAX_ALARMS).map((alarm) =>
    fill(alarm.withinArm ? labels.alarmWithinArm : labels.alarm, {
      ...alarmPeople(alarm, (arm) => fill(labels.armPeople, { arm })),
      arm: alarm.withinArm ? (meta.names.arm[alarm.withinArm] ?? alarm.withinArm) : '',
      lowerRate: whole(alarm.lower.rate),
      higherRate: whole(alarm.higher.rate),
      points: Math.round(alarm.points),
      lowerLost: whole(1 - alarm.lower.rate),
      higherLost: whole(1 - alarm.higher.rate),
    }),
  );
}

function alarmsHtml(report: TrackingReport, texts: string[], labels: StatusPdfLabels): string {
  if (report.alarms.length === 0) return `<p>${escapeHtml(texts[0]!)}</p>`;
  return `<ul class="alarms">${texts.map((text) => `<li>${escapeHtml(text)}</li>`).join('')}</ul>${more(report.alarms.length - MAX_ALARMS, labels)}`;
}

/**
 * The page's height in millimetres, estimated from its rows and the length of its sentences (the
 * printer runs no script, so the document cannot measure itself). When it would not fit, the body
 * is zoomed out just enough; a generous estimate only costs a little empty space at the bottom.
 * The millimetres are those of the CSS below at 8.5 pt (a line of text, a table row, a heading).
 */
const PAGE_MM = 297 - 2 * 12 - 8; // A4 less the margins, less 8 mm for the estimate's own error
const LINE_MM = 3.9;
const ROW_MM = 5.1;
const HEADING_MM = 7.5;
const TITLE_MM = 9;
const FIGURE_MM = 12; // the charts' caption and spacing, without the charts
const FOOTER_MM = 7;
const PX_MM = 25.4 / 96;
const lines = (text: string, perLine: number) => Math.max(1, Math.ceil(text.length / perLine));

function zoomFor(parts: {
  paragraphs: string[];
  headline: string;
  tableRows: number;
  moreLines: number;
  alarms: string[];
  chartPx: number;
}): number {
  const estimate =
    TITLE_MM +
    parts.paragraphs.reduce((sum, text) => sum + LINE_MM * lines(text, 125), 0) +
    5 * lines(parts.headline, 95) +
    3 +
    5 * HEADING_MM +
    ROW_MM * parts.tableRows +
    LINE_MM * parts.moreLines +
    parts.alarms.reduce((sum, text) => sum + LINE_MM * lines(text, 120) + 1, 0) +
    FIGURE_MM +
    parts.chartPx * PX_MM +
    FOOTER_MM;
  return estimate <= PAGE_MM ? 1 : Math.floor((PAGE_MM / estimate) * 100) / 100;
}

const CSS = `
@page { size: A4; margin: 12mm 13mm; }
html, body { margin: 0; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; color: #1b1b1b; }
h1 { font-size: 15pt; margin: 0 0 1.5mm; } h2 { font-size: 10pt; margin: 3.5mm 0 1mm; }
p { margin: 0.8mm 0; } .muted { color: #555; } .headline { font-size: 10pt; font-weight: bold; margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5mm 0 1mm; }
th, td { border-bottom: 0.3pt solid #bbb; padding: 0.6mm 1.2mm; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.waves td:nth-child(-n+2) { white-space: nowrap; }
th { font-weight: bold; border-bottom: 0.8pt solid #555; }
.columns { display: grid; grid-template-columns: 106mm 1fr; column-gap: 4mm; margin-top: 3mm; }
.alarms { margin: 0.5mm 0; padding-left: 5mm; color: #8a3b12; } .alarms li { margin: 0.5mm 0; }
figure { margin: 0; break-inside: avoid; } figcaption { font-weight: bold; margin-bottom: 0.5mm; }
svg { display: block; }
footer { margin-top: 2mm; font-size: 7.5pt; color: #555; }
`;

// Millimetres to CSS pixels at 96 dpi: the charts are drawn at the size they are printed.
const RATE_WIDTH = 400;
const BARS_WIDTH = 270;

/** The document, from data already computed (pure; the tests and buildStatusHtml use it). */
export function statusReportHtml(
  report: TrackingReport,
  weekly: WeeklyView,
  meta: StatusNames,
  overrides?: StatusPdfLabelOverrides,
): string {
  const labels = statusPdfLabels(overrides);
  const waveLabel = (code: string) => meta.waveLabels[code] ?? code;
  const percentOf = { target: whole(report.target), stretch: whole(report.stretch) };
  const waveRows = report.waves.map((wave) => [
    wave.label,
    wave.windowStart || wave.windowEnd ? `${wave.windowStart ?? '…'} – ${wave.windowEnd ?? '…'}` : '–',
    String(wave.enrolled),
    String(wave.active),
    String(wave.due),
    String(wave.received),
    String(wave.linked),
    String(wave.held),
    String(wave.missing),
    wave.verified === null ? '–' : String(wave.verified),
  ]);
  const { lastWeek } = weekly;
  const lastWeekText = fill(labels.lastWeekText, {
    received: lastWeek.receivedPerWave.reduce((sum, wave) => sum + wave.received, 0),
    perWave: lastWeek.receivedPerWave.map((wave) => `${waveLabel(wave.wave)} ${wave.received}`).join(', '),
    before: lastWeek.matchedBefore,
    now: lastWeek.matchedNow,
  });
  const strata = report.byArmGroup.slice(0, MAX_STRATA);
  const rateHeight = Math.min(320, 110 + 30 * strata.length);
  const rateChart = chartSvg(
    matchRateChart(
      strata.map((rate) => ({
        label: stratumName(rate, meta, labels.none),
        rate: rate.rate,
        matched: rate.matched,
        enrolled: rate.enrolled,
      })),
      report.target,
      report.stretch,
      { matchRate: labels.rate, target: labels.targetLine, band: fill(labels.band, percentOf) },
    ),
    RATE_WIDTH,
    rateHeight,
  );
  // Four bars per wave below a two-line legend: 64 px a wave keeps the counts beside the bars apart.
  const barsHeight = 100 + 64 * report.waves.length;
  const bars = chartSvg(
    waveBarsChart(
      report.waves.map((wave) => ({
        label: wave.label,
        received: wave.received,
        linked: wave.linked,
        held: wave.held,
        missing: wave.missing,
      })),
      { received: labels.received, linked: labels.linked, held: labels.held, missing: labels.missing, forms: labels.forms },
    ),
    BARS_WIDTH,
    barsHeight,
  );
  const held = heldSentence(report, { one: labels.heldText_one, other: labels.heldText_other });
  // A study without sites has nothing to show by site (everyone would be "(none)").
  const sites = Object.keys(meta.names.site).length > 0 ? report.bySite : [];
  const definition = fill(labels.definition, { waves: report.comparison.map(waveLabel).join(' + '), ...percentOf });
  const studyLine = `${labels.study}: ${meta.study} · ${labels.asOf}: ${report.asOf.slice(0, 10)}`;
  const overallText = headline(report, labels);
  const alarms = alarmTexts(report, meta, labels);
  const zoom = zoomFor({
    paragraphs: [studyLine, definition, lastWeekText, ...(held ? [held] : [])],
    headline: overallText,
    tableRows: 3 + report.waves.length + Math.min(report.byArmGroup.length, MAX_STRATA) + Math.min(sites.length, MAX_SITES),
    moreLines: Number(report.byArmGroup.length > MAX_STRATA) + Number(sites.length > MAX_SITES) + Number(report.alarms.length > MAX_ALARMS),
    alarms,
    chartPx: Math.max(rateHeight, barsHeight),
  });
  const body = [
    `<h1>${escapeHtml(labels.title)}</h1>`,
    `<p>${escapeHtml(labels.study)}: <b>${escapeHtml(meta.study)}</b> · ${escapeHtml(labels.asOf)}: <b>${escapeHtml(report.asOf.slice(0, 10))}</b></p>`,
    `<p class="muted">${escapeHtml(definition)}</p>`,
    `<p class="headline">${escapeHtml(overallText)}</p>`,
    `<h2>${escapeHtml(labels.perWave)}</h2>`,
    table(
      [
        labels.wave,
        labels.window,
        labels.enrolled,
        labels.active,
        labels.due,
        labels.received,
        labels.linked,
        labels.held,
        labels.missing,
        labels.verified,
      ],
      waveRows,
      'waves',
    ),
    held ? `<p data-held>${escapeHtml(held)}</p>` : '',
    `<h2>${escapeHtml(labels.byArmGroup)}</h2>`,
    rateTable(report.byArmGroup, MAX_STRATA, report, meta, labels),
    sites.length > 0 ? `<h2>${escapeHtml(labels.bySite)}</h2>${rateTable(sites, MAX_SITES, report, meta, labels)}` : '',
    `<h2>${escapeHtml(labels.alarms)}</h2>`,
    alarmsHtml(report, alarms, labels),
    `<h2>${escapeHtml(labels.lastWeek)}</h2>`,
    `<p>${escapeHtml(lastWeekText)}</p>`,
    '<div class="columns">',
    `<figure><figcaption>${escapeHtml(fill(labels.chartRate, { band: fill(labels.band, percentOf) }))}</figcaption>${rateChart}</figure>`,
    `<figure><figcaption>${escapeHtml(labels.chartWaves)}</figcaption>${bars}</figure>`,
    '</div>',
    `<footer>${escapeHtml(labels.footer)}</footer>`,
  ];
  const style = zoom < 1 ? `${CSS}body { zoom: ${zoom}; }` : CSS;
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(`${labels.title}: ${meta.study}`)}</title><style>${style}</style></head>`,
    `<body>${body.join('\n')}</body></html>`,
  ].join('\n');
}

/** Reads the study once and builds the document; the numbers are buildTrackingReport's. */
export function buildStatusHtml(db: Db, options: TrackingOptions & { labels?: StatusPdfLabelOverrides } = {}): string {
  const { labels, ...tracking } = options;
  const { design, participants } = loadTracking(db);
  const asOf = tracking.asOf ?? new Date().toISOString();
  const report = trackingReport(design, participants, { verified: verifiedPerWave(db), held: heldPerWave(db, asOf), ...tracking, asOf });
  const weekly = weeklyView(design, participants, report.comparison, report.asOf);
  return statusReportHtml(report, weekly, statusNames(db), labels);
}
