import { basename, resolve } from 'node:path';
import { assertNewPaths, writeNewFile } from '../../core/files';
import { loadAnalysisData } from '../../core/analysis/load';
import type { AnalysisData } from '../../core/analysis/model';
import { analyse, type AnalysisReport } from '../../core/analysis/report';
import { namesFor } from '../../core/analysis/names';
import { analysisReportHtml } from '../../core/analysis/pdf';
import { analysisWorkbook } from '../../core/analysis/xlsx';
import { chromiumPath, createNodePrinter } from '../../core/forms/nodePrinter';
import { openStudyFile } from '../../core/study/file';
import { requiredString, UsageError, type OptionValues } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

const fixed = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));
const pValue = (value: number | null) => (value === null ? '–' : value < 0.001 ? '<.001' : value.toFixed(3));

/** The headline numbers per scale, for a person at a terminal; --json has everything. */
function formatText(report: AnalysisReport): string {
  const names = namesFor(report);
  const lines: string[] = [
    `Waves ${report.settings.waves.join(' → ')}; programme arm ${report.settings.programmeArm}; a score needs ${Math.round(report.settings.minAnsweredShare * 100)} % of a scale's items.`,
  ];
  for (const scale of report.scales) {
    lines.push('', `${scale.name} (${scale.items.map((item) => item.code + (item.reverseKeyed ? 'ᴿ' : '')).join(' ')})`);
    const alphas = report.reliability.filter((row) => row.scale === scale.concept);
    const alpha = (row: AnalysisReport['reliability'][number]) =>
      row.reason === 'fewComplete'
        ? `– (n ${row.n} < ${report.settings.reliabilityMinimum})`
        : row.reason
          ? `– (${row.reason})`
          : fixed(row.alpha, 3);
    lines.push(`  alpha: ${alphas.map((row) => `${row.wave}/${row.version} ${alpha(row)}${row.low ? '!' : ''}`).join(', ') || '–'}`);
    const alike = [...new Set(alphas.flatMap((row) => row.zeroVariance))];
    if (alike.length) lines.push(`  answered alike by everyone in some version (left out of alpha): ${alike.join(', ')}`);
    for (const row of report.ancova.filter((entry) => entry.scale === scale.concept && entry.model === 'pooled')) {
      lines.push(
        `  ANCOVA ${names.arm(row.programmeArm)} − ${names.arm(row.comparisonArm)} ${row.from}→${row.to}: ` +
          `${fixed(row.estimate)} [${fixed(row.ciLow)}, ${fixed(row.ciHigh)}], ` +
          `n ${row.nProgramme}/${row.nComparison}, p ${pValue(row.p)}, p Holm ${pValue(row.pHolm)}`,
      );
    }
    for (const row of report.change.filter((entry) => entry.scale === scale.concept && entry.group === null)) {
      lines.push(`  ${names.arm(row.arm).padEnd(14)} ${row.from}→${row.to}: change ${fixed(row.meanChange)} [${fixed(row.ciLow)}, ${fixed(row.ciHigh)}], n ${row.n}, p ${pValue(row.p)}, d_z ${fixed(row.dz)}`);
    }
    for (const row of report.programmeEffect.filter((entry) => entry.scale === scale.concept && entry.group === null)) {
      lines.push(
        `  ${names.arm(row.programmeArm)} − ${names.arm(row.comparisonArm)} ${row.from}→${row.to}: ${fixed(row.difference)} [${fixed(row.ciLow)}, ${fixed(row.ciHigh)}], ` +
          `n ${row.nProgramme}/${row.nComparison}, Welch t ${fixed(row.t)}, p ${pValue(row.p)}, p Holm ${pValue(row.pHolm)}, ` +
          `d on the SD of the changes ${fixed(row.d)}, d on the baseline SD ${fixed(row.dppc2)}`,
      );
    }
  }
  if (report.warnings.length) lines.push('', 'Warnings:', ...report.warnings.map((warning) => `  ! ${warning.message}`));
  return `${lines.join('\n')}\n`;
}

function listOption(values: OptionValues, name: string): string[] | undefined {
  const raw = values[name];
  if (typeof raw !== 'string') return undefined;
  const codes = raw.split(',').map((code) => code.trim()).filter(Boolean);
  if (codes.length === 0) throw new UsageError(`--${name} needs one or more codes separated by commas.`);
  return codes;
}

function shareOption(values: OptionValues): number | undefined {
  const raw = values['min-share'];
  if (raw === undefined) return undefined;
  const share = Number(raw);
  if (!/^\d*\.?\d+$/.test(String(raw)) || !(share > 0 && share <= 1)) throw new UsageError('--min-share is a share above 0 and at most 1, e.g. 0.5.');
  return share;
}

export const analyseCommand: Command = {
  name: 'analyse',
  summary: 'Scale scores, reliability, change within arms, programme vs comparison, percent agree.',
  synopsis: 'analyse --study FILE [--json] [--scale S1,S2] [--waves pre,post,fu] [--programme ARM] [--min-share 0.5] [--xlsx OUT] [--pdf OUT]',
  details: [
    'Scale score = mean of the concept\'s items after reverse-keying (min + max - answer), when at least',
    'the study\'s share of the items (setting scale.min_answered_share, default half) was answered.',
    'Change within arms: paired t-test on matched respondents, d_z = mean change / SD of changes.',
    'Programme vs comparison: Welch t-test of the change scores (difference in differences),',
    'Cohen\'s d with the pooled SD of the change scores and Hedges\' g, and Morris\'s d_ppc2 on the baseline SD.',
    'ANCOVA (the headline): later score ~ baseline + arm per identity group; all groups: ~ baseline + arm * group,',
    'the average of the groups\' effects (each weighing the same) and each group\'s from that model.',
    'p (Holm): adjusted within each kind of test and wave comparison. No alpha on fewer than 10 complete',
    'questionnaires; items everyone answered alike are named and left out. The numbers equal R\'s.',
    'With --json prints the whole report; --xlsx and --pdf also write the report to files.',
    'Existing files are never overwritten (exit 4).',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise analyse --study demo.mixwise --json | jq \'.programmeEffect[0]\'',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to read.', required: true },
    json: { type: 'boolean', description: 'Print the whole report as JSON.' },
    scale: { type: 'string', valueName: 'S1,S2', description: 'Concept codes of the scales to analyse (default all).' },
    waves: { type: 'string', valueName: 'W1,W2', description: 'Waves in order, the first being the baseline (default all).' },
    programme: { type: 'string', valueName: 'ARM', description: 'The programme arm\'s code (default the first arm).' },
    'min-share': { type: 'string', valueName: 'SHARE', description: 'Share of a scale\'s items needed for a score (default: the study\'s setting).' },
    xlsx: { type: 'string', valueName: 'OUT', description: 'Also save the report as an Excel workbook.' },
    pdf: { type: 'string', valueName: 'OUT', description: 'Also save the report with its charts as PDF (uses Chromium).' },
  },

  async run(values, io) {
    const path = resolve(io.cwd, requiredString(values, 'study'));
    const options = { scales: listOption(values, 'scale'), waves: listOption(values, 'waves'), programmeArm: values.programme as string | undefined, minAnsweredShare: shareOption(values) };
    const xlsx = typeof values.xlsx === 'string' ? resolve(io.cwd, values.xlsx) : null;
    const pdf = typeof values.pdf === 'string' ? resolve(io.cwd, values.pdf) : null;
    if (xlsx && !xlsx.endsWith('.xlsx')) throw new UsageError('--xlsx needs a file name ending in .xlsx.');
    if (pdf && !pdf.endsWith('.pdf')) throw new UsageError('--pdf needs a file name ending in .pdf.');
    // Refused before the passphrase is asked for; writeNewFile checks again at the moment of writing.
    assertNewPaths([xlsx, pdf].filter((out): out is string => out !== null));
    const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
    const db = openStudyFile(path, passphrase);
    let data: AnalysisData;
    let studyName: string;
    try {
      data = loadAnalysisData(db);
      studyName = db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string;
    } finally {
      db.close();
    }
    const report = analyse(data, options);
    if (xlsx) writeNewFile(xlsx, await analysisWorkbook(report, data, studyName));
    if (pdf) {
      const printer = createNodePrinter(chromiumPath(io.env));
      try {
        writeNewFile(pdf, await printer.print(analysisReportHtml(report, studyName)));
      } finally {
        await printer.close();
      }
    }
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  },
};
