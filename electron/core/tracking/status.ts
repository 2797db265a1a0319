import type { Db } from '../db/open';
import { buildFollowUp } from './followup';
import { buildTrackingReport, type TrackingOptions } from './report';
import { statusWorkbook, type StatusNames } from './statusWorkbook';

/** Display names for the codes in a report, read from the study. */
export function statusNames(db: Db): StatusNames {
  const map = (table: string) =>
    Object.fromEntries((db.prepare(`SELECT code, name FROM ${table}`).all() as { code: string; name: string }[]).map((row) => [row.code, row.name]));
  return {
    study: (db.prepare('SELECT name FROM study WHERE id = 1').pluck().get() as string) ?? '',
    names: { group: map('identity_group'), arm: map('arm'), site: map('site'), cohort: map('cohort') },
    waveLabels: Object.fromEntries((db.prepare('SELECT code, label FROM wave').all() as { code: string; label: string }[]).map((row) => [row.code, row.label])),
  };
}

/** The follow-up list goes with the status: by default for the last wave of the comparison. */
export async function buildStatusWorkbook(db: Db, options: TrackingOptions & { followUpWave?: string } = {}): Promise<Buffer> {
  const report = buildTrackingReport(db, options);
  const wave = options.followUpWave ?? report.comparison.at(-1)!;
  return statusWorkbook(report, { wave, ...buildFollowUp(db, wave, report.asOf) }, statusNames(db));
}
