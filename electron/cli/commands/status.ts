import { basename, resolve } from 'node:path';
import { assertNewPaths, writeNewFile } from '../../core/files';
import { chromiumPath, createNodePrinter } from '../../core/forms/nodePrinter';
import { openStudyFile } from '../../core/study/file';
import { buildStatusWorkbook } from '../../core/tracking/status';
import { heldSentence } from '../../core/tracking/heldText';
import { buildStatusHtml } from '../../core/tracking/statusPdf';
import strings from '../../../resources/locales/en/tracking.json';
import { buildTrackingReport, type StratumRate, type TrackingReport } from '../../core/tracking/report';
import { integerOption, requiredString, UsageError, type OptionValues } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

const percent = (share: number | null) => (share === null ? '–' : `${(share * 100).toFixed(1)} %`);

function stratumLine(rate: StratumRate): string {
  const key = Object.values(rate.key)
    .map((code) => code ?? '(none)')
    .join(' × ');
  const verdict = rate.met ? 'met' : `short by ${rate.neededForTarget}`;
  return `  ${key.padEnd(40)} ${String(rate.matched).padStart(5)} / ${String(rate.enrolled).padEnd(5)} ${percent(rate.rate).padStart(8)}  ${verdict}`;
}

/** The same numbers as the JSON, for a person reading a terminal. */
function formatText(report: TrackingReport): string {
  const lines = [
    `Match rate (${report.comparison.join(' + ')}), target ${percent(report.target)}, stretch ${percent(report.stretch)}`,
    stratumLine({ ...report.overall, key: { overall: 'overall' } as never }),
    '',
    'By arm × identity group:',
    ...report.byArmGroup.map(stratumLine),
    '',
    'Per wave: enrolled, active, due, received, linked, held, missing, verified',
    ...report.waves.map(
      (wave) =>
        `  ${wave.wave.padEnd(10)} ${[wave.enrolled, wave.active, wave.due, wave.received, wave.linked, wave.held, wave.missing, wave.verified ?? '–'].join('  ')}`,
    ),
  ];
  const held = heldSentence(report, { one: strings.pdf.heldText_one, other: strings.pdf.heldText_other });
  if (held) lines.push('', held);
  if (report.alarms.length) lines.push('', 'Alarms:', ...report.alarms.map((alarm) => `  ! ${alarm.message}`));
  return `${lines.join('\n')}\n`;
}

function comparisonOption(values: OptionValues): string[] | undefined {
  const raw = values.waves;
  if (typeof raw !== 'string') return undefined;
  const codes = raw
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
  if (codes.length < 2) throw new UsageError('--waves needs at least two wave codes separated by commas, e.g. pre,post.');
  return codes;
}

function asOfOption(values: OptionValues): string | undefined {
  const raw = values['as-of'];
  if (typeof raw !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T23:59:59Z`))) {
    throw new UsageError('--as-of takes a date as YYYY-MM-DD.');
  }
  return `${raw}T23:59:59.999Z`;
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'Match rate against the target per arm, group, site and cohort; per-wave counts; alarms.',
  synopsis: 'status --study FILE [--json] [--waves pre,post] [--as-of YYYY-MM-DD] [--alarm-points 10] [--xlsx OUT] [--pdf OUT]',
  details: [
    'Matched = a usable response at every wave of the comparison (default: the first two waves).',
    'Match rate = matched / enrolled. With --json prints the same report the dashboard shows:',
    'asOf, comparison, target, stretch, overall, byArmGroup, byGroup, byArm, bySite, byCohort,',
    'byStratum, waves, heldMatch and alarms. No names of people are read or printed.',
    'Per wave, received counts every form that arrived: linked (with a roster ID) + held (online forms',
    'without a usable ID, waiting for the match assistant); missing = due without a linked form.',
    'heldMatch: matching every held form of the comparison could raise the match rate to at most rateAtMost.',
    '--xlsx writes the weekly status workbook; --pdf the one-page status report with two charts',
    '(printed by Chromium; MIXWISE_CHROMIUM may point at another one than /usr/bin/chromium).',
    'Existing files are never overwritten (exit 4).',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise status --study demo.mixwise --json | jq .overall',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to read.', required: true },
    json: { type: 'boolean', description: 'Print JSON instead of a table.' },
    waves: { type: 'string', valueName: 'W1,W2', description: 'Waves that must all be answered to count as matched.' },
    'as-of': { type: 'string', valueName: 'DATE', description: 'Report as of the end of this day (default: now).' },
    'alarm-points': {
      type: 'string',
      valueName: 'N',
      description: 'Percentage points between two groups or arms that raise an alarm (default 10).',
    },
    xlsx: { type: 'string', valueName: 'OUT', description: 'Also write the weekly status workbook (status and follow-up IDs) to OUT.' },
    pdf: {
      type: 'string',
      valueName: 'OUT',
      description: 'Also write the one-page status report with its charts as PDF to OUT (uses Chromium).',
    },
  },

  async run(values, io) {
    const path = resolve(io.cwd, requiredString(values, 'study'));
    const comparison = comparisonOption(values);
    const asOf = asOfOption(values);
    const points = integerOption(values, 'alarm-points');
    if (points !== undefined && (points < 1 || points > 99)) throw new UsageError('--alarm-points is a whole number from 1 to 99.');
    const pdf = typeof values.pdf === 'string' ? resolve(io.cwd, values.pdf) : null;
    if (pdf && !pdf.endsWith('.pdf')) throw new UsageError('--pdf needs a file name ending in .pdf.');
    const xlsx = typeof values.xlsx === 'string' ? resolve(io.cwd, values.xlsx) : null;
    // Refused before the passphrase is asked for; writeNewFile checks again at the moment of writing.
    assertNewPaths([xlsx, pdf].filter((out): out is string => out !== null));
    const passphrase = await readPassphrase(io, { subject: basename(path), isNew: false });
    const db = openStudyFile(path, passphrase);
    const options = { comparison, asOf, alarmThreshold: points === undefined ? undefined : points / 100 };
    let report: TrackingReport;
    let html: string | null = null;
    try {
      report = buildTrackingReport(db, options);
      if (xlsx) writeNewFile(xlsx, await buildStatusWorkbook(db, options));
      // Same options, hence the same report; the study is closed before Chromium starts.
      if (pdf) html = buildStatusHtml(db, { ...options, asOf: report.asOf });
    } finally {
      db.close();
    }
    if (pdf && html) {
      const printer = createNodePrinter(chromiumPath(io.env));
      try {
        writeNewFile(pdf, await printer.print(html));
      } finally {
        await printer.close();
      }
    }
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  },
};
