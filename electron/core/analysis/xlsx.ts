import ExcelJS from 'exceljs';
import { attritionSheet } from './attritionSheet';
import { fill, reportLabels as L } from './labels';
import { namesFor } from './names';
import type { AnalysisData } from './model';
import type { AnalysisReport } from './report';
import { scoreTable } from './scores';

/**
 * The analysis report as an Excel workbook, one sheet per table, numbers kept at full precision
 * (the cell format only rounds what is shown), so an evaluator can re-check any of them.
 */

type Cell = string | number | null;

/** Columns shown with three decimals; p-values with four; counts as whole numbers. */
const FORMATS: Record<string, string> = {
  p: '0.0000',
  pHolm: '0.0000',
  pSite: '0.0000',
  sites: '0',
  dfSite: '0',
  n: '0',
  k: '0',
  df: '0.00',
  model: '@',
  reason: '@',
  zeroVariance: '@',
};

function sheet(workbook: ExcelJS.Workbook, name: string, columns: { key: string; header: string }[], rows: Cell[][]): void {
  const worksheet = workbook.addWorksheet(name.slice(0, 31));
  worksheet.columns = columns.map((column) => ({ header: column.header, key: column.key, width: Math.max(10, column.header.length + 2) }));
  worksheet.getRow(1).font = { bold: true };
  worksheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) worksheet.addRow(row);
  columns.forEach((column, index) => {
    const format = FORMATS[column.key] ?? (/^n[A-Z]|^n$/.test(column.key) ? '0' : '0.000');
    worksheet.getColumn(index + 1).numFmt = format;
  });
}

const c = (key: keyof typeof L.col) => ({ key, header: L.col[key] });
const test = [c('t'), c('df'), c('p'), c('pHolm')];
const flag = (value: boolean) => (value ? '✓' : '');

/** participant x (wave, scale) score, in the wide layout of the toolkit's spreadsheet. */
export function wideScores(data: AnalysisData, report: AnalysisReport): { header: string[]; rows: Cell[][] } {
  const scales = report.scales.map((entry) => data.scales.find((scale) => scale.concept === entry.concept)!);
  const tables = scales.map((scale) => scoreTable(data, scale, report.settings.minAnsweredShare));
  const columns = report.settings.waves.flatMap((wave) =>
    scales.map((scale, index) => ({ wave, index, name: `${wave}_${scale.concept}` })),
  );
  const rows = data.respondents
    .filter((respondent) => tables.some((table) => table.has(respondent.id)))
    .map((respondent) => [
      respondent.id,
      respondent.group,
      respondent.arm,
      ...columns.map((column) => tables[column.index]!.get(respondent.id)?.get(column.wave) ?? null),
    ]);
  return { header: columns.map((column) => column.name), rows };
}

export async function analysisWorkbook(report: AnalysisReport, data: AnalysisData, studyName: string): Promise<Uint8Array> {
  const names = namesFor(report);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mixwise';
  workbook.created = new Date(report.generatedAt);
  const { settings } = report;

  const about: Cell[][] = [
    [L.export.title, null],
    [L.export.study, studyName],
    [L.export.generated, report.generatedAt],
    [null, null],
    [L.export.settingsHeading, null],
    [L.export.waves, settings.waves.map(names.wave).join(', ')],
    [L.export.baseline, names.wave(settings.baseline)],
    [L.export.programmeArm, names.arm(settings.programmeArm)],
    [L.export.share, settings.minAnsweredShare],
    [L.export.confidence, settings.confidence],
    [null, null],
    [L.export.methodsHeading, null],
    ...Object.values(L.explain).map((text): Cell[] => [null, text]),
    [null, null],
    [L.export.warningsHeading, report.warnings.length ? null : L.export.noWarnings],
    ...report.warnings.map((warning): Cell[] => [null, warning.message]),
  ];
  const aboutSheet = workbook.addWorksheet(L.export.sheets.about);
  about.forEach((row) => aboutSheet.addRow(row));
  aboutSheet.getColumn(1).width = 44;
  aboutSheet.getColumn(2).width = 100;
  aboutSheet.getCell('A1').font = { bold: true, size: 14 };

  sheet(
    workbook,
    L.export.sheets.scales,
    [
      c('scale'),
      { key: 'items', header: L.export.scaleItems },
      { key: 'needed', header: L.export.itemsNeeded },
      { key: 'meaning', header: L.export.highScoreMeans },
    ],
    report.scales.map((scale) => [
      scale.name,
      scale.items.map((item) => `${item.code}${item.reverseKeyed ? ' (R)' : ''}`).join(', '),
      scale.itemsNeeded,
      scale.highScoreMeans,
    ]),
  );

  const ci = [
    { key: 'ciLow', header: `${L.col.ci} −` },
    { key: 'ciHigh', header: `${L.col.ci} +` },
  ];
  // The headline estimate first, after the scales: later score ~ baseline + arm (ancova.ts).
  const ancovaColumns = [c('scale'), c('group'), c('model'), c('from'), c('to'), c('programmeArm'), c('comparisonArm')];
  sheet(
    workbook,
    L.export.sheets.ancova,
    [
      ...[
        ...ancovaColumns,
        c('n'),
        c('nProgramme'),
        c('nComparison'),
        c('estimate'),
        { key: 'stderr', header: 'SE' },
        ...ci,
        ...test,
        c('small'),
      ],
      ...[
        { key: 'sites', header: L.export.sites },
        { key: 'seSite', header: L.export.seBySite },
      ],
      ...[
        { key: 'ciLowSite', header: `${L.export.ciBySite} −` },
        { key: 'ciHighSite', header: `${L.export.ciBySite} +` },
      ],
      ...[
        { key: 'dfSite', header: `df ${L.export.sites}` },
        { key: 'pSite', header: L.export.pBySite },
      ],
    ],
    report.ancova.map((row) => [
      ...[names.scale(row.scale), names.group(row.group), L.model[row.model], names.wave(row.from), names.wave(row.to)],
      ...[names.arm(row.programmeArm), names.arm(row.comparisonArm), row.n, row.nProgramme, row.nComparison],
      ...[row.estimate, row.stderr, row.ciLow, row.ciHigh, row.t, row.df, row.p, row.pHolm, flag(row.small)],
      ...[
        row.sites,
        row.bySite?.stderr ?? null,
        row.bySite?.ciLow ?? null,
        row.bySite?.ciHigh ?? null,
        row.bySite?.df ?? null,
        row.bySite?.p ?? null,
      ],
    ]),
  );

  // Where the differential-attrition alarm is on: the ANCOVA reweighted for those lost (attrition.ts).
  if (report.attrition.length > 0) {
    const attrition = attritionSheet(report, names);
    sheet(workbook, attrition.name, attrition.columns, attrition.rows);
  }

  const reason = (row: AnalysisReport['reliability'][number]) =>
    row.reason ? fill(L.reliabilityReason[row.reason], { minimum: settings.reliabilityMinimum }) : null;
  const reliabilityColumns = [c('scale'), c('wave'), c('version'), c('n'), c('k'), c('alpha'), c('low')];
  sheet(
    workbook,
    L.export.sheets.reliability,
    [...reliabilityColumns, { key: 'reason', header: L.export.reason }, { key: 'zeroVariance', header: L.export.zeroVariance }],
    report.reliability.map((row) => [
      ...[names.scale(row.scale), names.wave(row.wave), row.version, row.n, row.k, row.alpha, flag(row.low)],
      ...[reason(row), row.zeroVariance.join(', ') || null],
    ]),
  );
  sheet(
    workbook,
    L.export.sheets.itemTotal,
    [c('scale'), c('wave'), c('version'), c('item'), c('rDrop'), c('alphaIfDropped')],
    report.reliability.flatMap((row) =>
      row.items.map((item) => [names.scale(row.scale), names.wave(row.wave), row.version, item.item, item.rDrop, item.alphaIfDropped]),
    ),
  );

  sheet(
    workbook,
    L.export.sheets.descriptives,
    [
      c('scale'),
      c('arm'),
      c('group'),
      c('wave'),
      c('n'),
      c('mean'),
      c('sd'),
      { key: 'ciLow', header: `${L.col.ci} −` },
      { key: 'ciHigh', header: `${L.col.ci} +` },
      c('small'),
    ],
    report.descriptives.map((row) => [
      names.scale(row.scale),
      names.arm(row.arm),
      names.group(row.group),
      names.wave(row.wave),
      row.n,
      row.mean,
      row.sd,
      row.ciLow,
      row.ciHigh,
      flag(row.small),
    ]),
  );

  sheet(
    workbook,
    L.export.sheets.change,
    [
      c('scale'),
      c('arm'),
      c('group'),
      c('from'),
      c('to'),
      c('n'),
      c('meanFrom'),
      c('meanTo'),
      c('meanChange'),
      c('sdChange'),
      ...ci,
      ...test,
      c('dz'),
      c('small'),
    ],
    report.change.map((row) => [
      names.scale(row.scale),
      names.arm(row.arm),
      names.group(row.group),
      names.wave(row.from),
      names.wave(row.to),
      row.n,
      row.meanFrom,
      row.meanTo,
      row.meanChange,
      row.sdChange,
      row.ciLow,
      row.ciHigh,
      row.t,
      row.df,
      row.p,
      row.pHolm,
      row.dz,
      flag(row.small),
    ]),
  );

  sheet(
    workbook,
    L.export.sheets.programmeEffect,
    [
      c('scale'),
      c('group'),
      c('from'),
      c('to'),
      c('programmeArm'),
      c('comparisonArm'),
      c('nProgramme'),
      c('nComparison'),
      c('changeProgramme'),
      c('changeComparison'),
      c('difference'),
      ...ci,
      ...test,
      { key: 'd', header: L.col.dChange },
      c('g'),
      { key: 'dppc2', header: L.col.dBaseline },
      { key: 'sdBaseline', header: L.export.sdBaseline },
      c('small'),
    ],
    report.programmeEffect.map((row) => [
      names.scale(row.scale),
      names.group(row.group),
      names.wave(row.from),
      names.wave(row.to),
      names.arm(row.programmeArm),
      names.arm(row.comparisonArm),
      row.nProgramme,
      row.nComparison,
      row.changeProgramme,
      row.changeComparison,
      row.difference,
      row.ciLow,
      row.ciHigh,
      row.t,
      row.df,
      row.p,
      row.pHolm,
      row.d,
      row.g,
      row.dppc2,
      row.sdBaseline,
      flag(row.small),
    ]),
  );

  sheet(
    workbook,
    L.export.sheets.balance,
    [
      c('scale'),
      c('group'),
      c('wave'),
      c('armA'),
      c('armB'),
      c('nA'),
      c('nB'),
      c('meanA'),
      c('meanB'),
      c('difference'),
      ...ci,
      ...test,
      c('d'),
      c('small'),
    ],
    report.balance.map((row) => [
      names.scale(row.scale),
      names.group(row.group),
      names.wave(row.wave),
      names.arm(row.armA),
      names.arm(row.armB),
      row.nA,
      row.nB,
      row.meanA,
      row.meanB,
      row.difference,
      row.ciLow,
      row.ciHigh,
      row.t,
      row.df,
      row.p,
      row.pHolm,
      row.d,
      flag(row.small),
    ]),
  );

  const waveColumns = settings.waves.flatMap((wave) => [
    { key: `n_${wave}`, header: `${L.col.n} ${names.wave(wave)}` },
    { key: `share_${wave}`, header: `${L.col.share} ${names.wave(wave)}` },
  ]);
  const changeColumns = settings.waves.slice(1).flatMap((wave) => [
    { key: `net_${wave}`, header: `${L.col.netN} → ${names.wave(wave)}` },
    { key: `points_${wave}`, header: `${L.col.points} → ${names.wave(wave)}` },
  ]);
  sheet(
    workbook,
    L.export.sheets.agree,
    [c('scale'), c('item'), c('arm'), c('group'), ...waveColumns, ...changeColumns],
    report.agree.map((row) => [
      names.scale(row.scale),
      `${row.item}${row.reverseKeyed ? ' (R)' : ''}`,
      names.arm(row.arm),
      names.group(row.group),
      ...row.waves.flatMap((wave) => [wave.n, wave.share]),
      ...row.changes.flatMap((change) => [change.n, change.points]),
    ]),
  );
  const agreeSheet = workbook.getWorksheet(L.export.sheets.agree.slice(0, 31))!;
  waveColumns.forEach((column, index) => {
    if (column.key.startsWith('share_')) agreeSheet.getColumn(5 + index).numFmt = '0.0%';
  });
  changeColumns.forEach((column, index) => {
    agreeSheet.getColumn(5 + waveColumns.length + index).numFmt = column.key.startsWith('net_') ? '0' : '+0.0;-0.0;0.0';
  });

  const wide = wideScores(data, report);
  sheet(
    workbook,
    L.export.sheets.scores,
    [{ key: 'id', header: L.export.id }, c('group'), c('arm'), ...wide.header.map((key) => ({ key, header: key }))],
    wide.rows,
  );
  workbook.getWorksheet(L.export.sheets.scores)!.getColumn(1).numFmt = '@';

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
