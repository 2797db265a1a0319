import ExcelJS from 'exceljs';
import type { FollowUpEntry } from './followup';
import type { StratumRate, TrackingReport } from './report';
import strings from '../../../resources/locales/en/tracking.json';
import { heldSentence } from './heldText';

export interface StatusNames {
  study: string;
  /** Code -> display name, for identity groups, arms, sites and cohorts. */
  names: Record<'group' | 'arm' | 'site' | 'cohort', Record<string, string>>;
  waveLabels: Record<string, string>;
}

const HEADER = { bold: true } as const;

function stratumName(rate: StratumRate, names: StatusNames['names']): string {
  return Object.entries(rate.key)
    .map(([dimension, code]) => (code ? (names[dimension as keyof StatusNames['names']]?.[code] ?? code) : '(none)'))
    .join(' · ');
}

function rateRows(sheet: ExcelJS.Worksheet, title: string, rates: StratumRate[], names: StatusNames['names']): void {
  sheet.addRow([]);
  sheet.addRow([title]).font = HEADER;
  sheet.addRow(['Stratum', 'Enrolled', 'Matched', 'Match rate', 'Target met', 'More needed for target', 'More needed for stretch']).font =
    HEADER;
  for (const rate of rates) {
    const row = sheet.addRow([
      stratumName(rate, names),
      rate.enrolled,
      rate.matched,
      rate.rate,
      rate.met ? 'yes' : 'no',
      rate.neededForTarget,
      rate.neededForStretch,
    ]);
    row.getCell(4).numFmt = '0.0%';
  }
}

/**
 * The weekly check-in as a workbook: one sheet with the status (counts per wave, match rate by
 * stratum against the target, alarms) and one with the follow-up list (IDs only, never a name).
 */
export async function statusWorkbook(
  report: TrackingReport,
  followUp: { wave: string; entries: FollowUpEntry[]; notExpected?: number },
  meta: StatusNames,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Mixwise';
  const status = book.addWorksheet('Status');
  status.columns = [
    { width: 44 },
    { width: 12 },
    { width: 12 },
    { width: 12 },
    { width: 12 },
    { width: 22 },
    { width: 22 },
    { width: 12 },
    { width: 12 },
  ];
  status.addRow([`${meta.study}: status on ${report.asOf.slice(0, 10)}`]).font = { bold: true, size: 14 };
  status.addRow([
    `Matched = answered at ${report.comparison.map((code) => meta.waveLabels[code] ?? code).join(' + ')}; target ${Math.round(report.target * 100)} %, stretch ${Math.round(report.stretch * 100)} %`,
  ]);
  status.addRow([]);
  status.addRow(['Wave', 'Enrolled', 'Active', 'Due', 'Received', 'Linked', 'Held', 'Missing', 'Verified']).font = HEADER;
  for (const wave of report.waves) {
    status.addRow([wave.label, wave.enrolled, wave.active, wave.due, wave.received, wave.linked, wave.held, wave.missing, wave.verified]);
  }
  status.addRow([strings.formsNote]);
  const held = heldSentence(report, { one: strings.pdf.heldText_one, other: strings.pdf.heldText_other });
  if (held) status.addRow([held]);
  rateRows(status, 'Overall', [{ key: {}, ...report.overall }], meta.names);
  status.lastRow!.getCell(1).value = 'All participants';
  rateRows(status, 'By arm and identity group', report.byArmGroup, meta.names);
  // A study without sites has nothing to show by site.
  if (Object.keys(meta.names.site).length > 0) rateRows(status, 'By site', report.bySite, meta.names);
  rateRows(status, 'By arm, identity group, site and cohort', report.byStratum, meta.names);
  status.addRow([]);
  status.addRow(['Alarms']).font = HEADER;
  if (report.alarms.length === 0)
    status.addRow([`No two groups or arms differ by ${Math.round(report.alarmThreshold * 100)} points or more.`]);
  for (const alarm of report.alarms) status.addRow([alarm.message]);

  const list = book.addWorksheet('Follow-up');
  list.columns = [{ width: 12 }, { width: 22 }, { width: 16 }, { width: 18 }, { width: 14 }, { width: 10 }, { width: 14 }, { width: 18 }];
  list.addRow([`Follow-up list for ${meta.waveLabels[followUp.wave] ?? followUp.wave} (IDs only)`]).font = HEADER;
  list.addRow(['ID', 'Identity group', 'Arm', 'Site', 'Cohort', 'State', 'Days overdue', 'Also missing']).font = HEADER;
  for (const entry of followUp.entries) {
    list.addRow([
      entry.id,
      meta.names.group[entry.group] ?? entry.group,
      entry.arm ? (meta.names.arm[entry.arm] ?? entry.arm) : '',
      entry.site ? (meta.names.site[entry.site] ?? entry.site) : '',
      entry.cohort ? (meta.names.cohort[entry.cohort] ?? entry.cohort) : '',
      entry.state,
      entry.daysOverdue,
      entry.missedEarlier.join(', '),
    ]);
  }
  const notExpected = followUp.notExpected ?? 0;
  if (notExpected > 0) {
    // Below the list, apart from it: these people joined after the window closed and are not missing (due.ts).
    list.addRow([]);
    const people = notExpected === 1 ? '1 person' : `${notExpected} people`;
    list.addRow([`Not expected: ${people} enrolled after this wave's window closed (not counted as missing).`]);
  }
  // IDs are text: Excel must not turn 01234567 into 1234567.
  list.getColumn(1).numFmt = '@';
  return Buffer.from(await book.xlsx.writeBuffer());
}
