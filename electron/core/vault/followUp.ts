import ExcelJS from 'exceljs';
import type { Db } from '../db/open';
import type { VaultPerson } from '../../api/contracts/vault';
import { joinedAt } from '../tracking/due';
import { buildFollowUp, type FollowUpEntry } from '../tracking/followup';
import type { LastCall } from '../../api/contracts/vaultCalls';
import { byNextAttempt, callSummaries } from './calls';
import { CALL_OUTCOMES, outcomeKey, type CallOutcome } from '../../shared/calls/outcomes';
import { DesignRefs } from './designRefs';
import { listPeople } from './people';
import { escapeHtml } from '../html';
import { DEFAULT_PRINT_LABELS, documentOf, labelsWith, metaLine, spacedId, type PrintLabelOverrides } from './printouts';

/**
 * The follow-up list for calling: the tracking list (IDs due or missing for a wave, the same rows
 * the Follow-up tab shows without names) joined with the vault's names and contacts. It exists only
 * while the ID-keeper has the vault unlocked; every view, print and export is audited by the caller.
 */

export interface NamedFollowUp extends Omit<FollowUpEntry, 'group' | 'arm' | 'site' | 'cohort'> {
  name: string | null;
  phone: string | null;
  email: string | null;
  preferredChannel: string | null;
  /** Design names (not codes), as the ID-keeper reads them. */
  group: string | null;
  arm: string | null;
  site: string | null;
  cohort: string | null;
  /** From the call log (calls.ts), for this wave. */
  lastCall: LastCall | null;
  nextAttempt: string | null;
}

export interface NamedFollowUpList {
  wave: string;
  waveLabel: string;
  entries: NamedFollowUp[];
  /** Active people without a questionnaire who joined after the wave's window closed (due.ts): not listed, not missing. */
  notExpected: number;
}

export function namedFollowUpList(study: Db, vault: Db, wave: string, asOf = new Date().toISOString()): NamedFollowUpList {
  const { entries, notExpected } = buildFollowUp(study, wave, asOf);
  const refs = new DesignRefs(study);
  const people = new Map(listPeople(vault, study, { status: 'all' }).map((person) => [person.id, person]));
  const waveLabel = (study.prepare('SELECT label FROM wave WHERE code = ?').pluck().get(wave) as string | undefined) ?? wave;
  const calls = callSummaries(vault, wave);
  const named = entries.map((entry) => {
    const person = people.get(entry.id);
    const called = calls.get(entry.id);
    return {
      ...entry,
      name: person?.name ?? null,
      phone: person?.phone ?? null,
      email: person?.email ?? null,
      preferredChannel: person?.preferredChannel ?? null,
      group: refs.nameOf('identity_group', entry.group),
      arm: refs.nameOf('arm', entry.arm),
      site: refs.nameOf('site', entry.site),
      cohort: refs.nameOf('cohort', entry.cohort),
      lastCall: called?.lastCall ?? null,
      nextAttempt: called?.nextAttempt ?? null,
    };
  });
  // The longest overdue first, then by site and name: the order someone works down when calling.
  named.sort(
    (a, b) =>
      b.daysOverdue - a.daysOverdue ||
      (a.site ?? '').localeCompare(b.site ?? '') ||
      (a.name ?? '').localeCompare(b.name ?? '') ||
      a.id.localeCompare(b.id),
  );
  // Then by the call log's next attempt (people never called first): the day's calls at the top.
  return { wave, waveLabel, entries: byNextAttempt(named), notExpected };
}

/**
 * A consent date corrected in the vault moves the day the roster says the person joined (due.ts):
 * the earlier of consent and the day they were put into the vault. The roster holds no name.
 */
export function rejoin(study: Db, person: Pick<VaultPerson, 'id' | 'consentDate' | 'createdAt'>): void {
  study.prepare('UPDATE participant SET enrolled_at = ? WHERE id = ?').run(joinedAt(person.consentDate, person.createdAt), person.id);
}

export const FOLLOW_UP_LABELS = {
  followUpTitle: 'Follow-up list',
  followUpWarning: 'Names and contacts of people who still owe a questionnaire. Keep this list with you while calling, never beside the questionnaires; shred it afterwards.',
  wave: 'Wave',
  phone: 'Phone',
  email: 'E-mail',
  arm: 'Arm',
  due: 'Due',
  missing: 'Missing',
  daysOverdue: 'Days overdue',
  reached: 'Note',
  lastCall: 'Last call',
  nextAttempt: 'Next attempt',
  callDate: 'Called on',
  callOutcome: 'Outcome (key)',
  callNext: 'Try again on',
  outcomeKeys: 'Outcome keys',
  outcome_reached: 'Reached',
  outcome_no_answer: 'No answer',
  outcome_wrong_number: 'Wrong number',
  outcome_refused: 'Refused',
  outcome_moved_away: 'Moved away',
  outcome_will_come: 'Will come',
};
export type FollowUpLabels = typeof FOLLOW_UP_LABELS & typeof DEFAULT_PRINT_LABELS;

function followUpLabels(overrides: PrintLabelOverrides | Record<string, string> = {}): FollowUpLabels {
  const labels = { ...labelsWith(overrides as PrintLabelOverrides), ...FOLLOW_UP_LABELS };
  for (const key of Object.keys(FOLLOW_UP_LABELS) as (keyof typeof FOLLOW_UP_LABELS)[]) {
    const value = (overrides as Record<string, string>)[key];
    if (typeof value === 'string' && value.trim()) labels[key] = value;
  }
  return labels;
}

const stateText = (labels: FollowUpLabels, entry: NamedFollowUp) => (entry.state === 'missing' ? labels.missing : labels.due);
const outcomeText = (labels: FollowUpLabels, outcome: CallOutcome) => labels[`outcome_${outcome}`];
const lastCallText = (labels: FollowUpLabels, entry: NamedFollowUp) =>
  entry.lastCall ? `${outcomeText(labels, entry.lastCall.outcome)}, ${entry.lastCall.calledOn}` : '';

/** "1 Reached · 2 No answer · ...": the keys written on paper and typed back in the quick entry form. */
function outcomeLegend(labels: FollowUpLabels): string {
  return `${labels.outcomeKeys}: ${CALL_OUTCOMES.map((outcome) => `${outcomeKey(outcome)} ${outcomeText(labels, outcome)}`).join(' · ')}`;
}

/** A printable list with an empty column for what happened on each call. */
export function followUpListHtml(study: string, list: NamedFollowUpList, options: { labels?: Record<string, string>; now?: Date } = {}): string {
  const labels = followUpLabels(options.labels);
  const cells = (entry: NamedFollowUp) =>
    [
      `<td class="mw-id">${escapeHtml(spacedId(entry.id))}</td>`,
      `<td>${escapeHtml(entry.name ?? '')}</td>`,
      `<td>${escapeHtml(entry.phone ?? '')}</td>`,
      `<td>${escapeHtml(entry.email ?? '')}</td>`,
      `<td>${escapeHtml([entry.group, entry.arm, entry.site].filter(Boolean).join(' · '))}</td>`,
      `<td>${escapeHtml(stateText(labels, entry))}</td>`,
      `<td>${entry.daysOverdue}</td>`,
      `<td>${escapeHtml(lastCallText(labels, entry))}</td>`,
      `<td>${escapeHtml(entry.nextAttempt ?? '')}</td>`,
      // Blank for those calling on paper: what they write is typed back in the quick entry form.
      '<td class="mw-blank"></td><td class="mw-blank"></td><td class="mw-blank"></td>',
      '<td class="mw-notes"></td>',
    ].join('');
  const headers = [
    labels.id,
    labels.name,
    labels.phone,
    labels.email,
    `${labels.group} · ${labels.arm} · ${labels.site}`,
    labels.wave,
    labels.daysOverdue,
    labels.lastCall,
    labels.nextAttempt,
    labels.callDate,
    labels.callOutcome,
    labels.callNext,
    labels.reached,
  ];
  const body = [
    `<h1>${escapeHtml(labels.followUpTitle)}</h1>`,
    metaLine([
      [labels.study, study],
      [labels.wave, list.waveLabel],
      [labels.printedAt, `${(options.now ?? new Date()).toISOString().slice(0, 16).replace('T', ' ')} UTC`],
      [labels.count, String(list.entries.length)],
    ]),
    `<p class="mw-warning">${escapeHtml(labels.followUpWarning)}</p>`,
    `<p class="mw-meta" data-outcome-keys>${escapeHtml(outcomeLegend(labels))}</p>`,
    // Thirteen columns: the calling sheet prints across the page (mw-calling, a named page in printouts.ts).
    `<table class="mw-table mw-calling"><thead><tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr></thead>`,
    `<tbody>${list.entries.map((entry) => `<tr>${cells(entry)}</tr>`).join('\n')}</tbody></table>`,
  ].join('\n');
  return documentOf(labels.followUpTitle, body, labels);
}

/** The same list as a workbook for calling, CONFIDENTIAL in its first row and in its sheet name. */
export async function followUpWorkbook(study: string, list: NamedFollowUpList, options: { labels?: Record<string, string>; now?: Date } = {}): Promise<Uint8Array> {
  const labels = followUpLabels(options.labels);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mixwise';
  const sheet = workbook.addWorksheet(labels.confidential.slice(0, 31));
  sheet.addRow([`${labels.confidential}: ${labels.followUpTitle}`]).font = { bold: true };
  sheet.addRow([`${labels.study}: ${study}`, `${labels.wave}: ${list.waveLabel}`, `${labels.printedAt}: ${(options.now ?? new Date()).toISOString().slice(0, 10)}`]);
  sheet.addRow([labels.followUpWarning]);
  sheet.addRow([outcomeLegend(labels)]);
  const header = sheet.addRow([
    ...[labels.id, labels.name, labels.phone, labels.email, labels.group, labels.arm, labels.site, labels.cohort],
    ...[labels.wave, labels.daysOverdue],
    ...[labels.lastCall, labels.nextAttempt, labels.callDate, labels.callOutcome, labels.callNext, labels.reached],
  ]);
  header.font = { bold: true };
  for (const entry of list.entries) {
    const person = [entry.id, entry.name ?? '', entry.phone ?? '', entry.email ?? '', entry.group ?? '', entry.arm ?? '', entry.site ?? ''];
    const state = [entry.cohort ?? '', stateText(labels, entry), entry.daysOverdue, lastCallText(labels, entry), entry.nextAttempt ?? ''];
    sheet.addRow([...person, ...state, '', '', '', '']);
  }
  // IDs stay text: a spreadsheet must not drop a leading zero or show 1.2E+07.
  sheet.getColumn(1).numFmt = '@';
  sheet.columns.forEach((column, index) => {
    column.width = [12, 28, 18, 28, 18, 14, 16, 12, 10, 12, 22, 14, 12, 12, 14, 30][index] ?? 14;
  });
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
