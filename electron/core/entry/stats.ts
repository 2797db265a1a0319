import type { Db } from '../db/open';
import { compareBatch } from './compare';
import { sameCell } from '../../shared/entry/rules';

/**
 * A pause longer than this between two accepted changes is not keying time (a break, a phone call):
 * the gap counts for this much at most, so forms per hour describes the keying, not the day.
 */
export const IDLE_CAP_MS = 120_000;

export interface BatchStats {
  batchId: number;
  label: string;
  pass: 1 | 2;
  clerk: string;
  waveCode: string;
  versionCode: string;
  forms: number;
  keystrokes: number;
  keystrokesPerForm: number | null;
  corrections: number;
  activeMinutes: number;
  formsPerHour: number | null;
}

export interface ClerkStats {
  clerk: string;
  batches: number;
  forms: number;
  keystrokes: number;
  keystrokesPerForm: number | null;
  corrections: number;
  activeMinutes: number;
  formsPerHour: number | null;
  /** Cells this clerk keyed that were compared with another clerk's keying. */
  cellsCompared: number;
  /** Resolved disagreements where this clerk's value was not the final one. */
  errors: number;
  errorRate: number | null;
  /** Disagreements in this clerk's compared batches still waiting for a decision. */
  unresolved: number;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const perForm = (total: number, forms: number) => (forms > 0 ? round(total / forms) : null);
const perHour = (forms: number, minutes: number) => (minutes > 0 ? round((forms * 60) / minutes) : null);

/** Keying statistics per batch and per clerk, with each clerk's error rate from double entry. */
export function keyingStats(db: Db): { batches: BatchStats[]; clerks: ClerkStats[] } {
  const active = new Map(
    (
      db
        .prepare(
          `SELECT batch_id AS batchId, sum(min(gap, ${IDLE_CAP_MS})) AS ms FROM (
             SELECT batch_id, at - lag(at) OVER (PARTITION BY batch_id ORDER BY at, id) AS gap
               FROM entry_log WHERE action <> 'resolve')
            WHERE gap IS NOT NULL GROUP BY batch_id`,
        )
        .all() as { batchId: number; ms: number }[]
    ).map((row) => [row.batchId, row.ms]),
  );
  const rows = db
    .prepare(
      `SELECT b.id AS batchId, b.label, b.pass, b.clerk, w.code AS waveCode, v.code AS versionCode,
              count(r.id) AS forms, coalesce(sum(r.keystrokes), 0) AS keystrokes, coalesce(sum(r.corrections), 0) AS corrections
         FROM entry_batch b JOIN wave w ON w.id = b.wave_id JOIN questionnaire_version v ON v.id = b.version_id
         LEFT JOIN entry_row r ON r.batch_id = b.id
        GROUP BY b.id ORDER BY b.id`,
    )
    .all() as Omit<BatchStats, 'keystrokesPerForm' | 'activeMinutes' | 'formsPerHour'>[];
  const batches: BatchStats[] = rows.map((row) => {
    const activeMinutes = round((active.get(row.batchId) ?? 0) / 60_000);
    return { ...row, keystrokesPerForm: perForm(row.keystrokes, row.forms), activeMinutes, formsPerHour: perHour(row.forms, activeMinutes) };
  });

  const clerks = new Map<string, ClerkStats>();
  const clerk = (name: string): ClerkStats => {
    let stats = clerks.get(name);
    if (!stats) {
      stats = { clerk: name, batches: 0, forms: 0, keystrokes: 0, keystrokesPerForm: null, corrections: 0, activeMinutes: 0, formsPerHour: null, cellsCompared: 0, errors: 0, errorRate: null, unresolved: 0 };
      clerks.set(name, stats);
    }
    return stats;
  };
  for (const batch of batches) {
    const stats = clerk(batch.clerk);
    stats.batches++;
    stats.forms += batch.forms;
    stats.keystrokes += batch.keystrokes;
    stats.corrections += batch.corrections;
    stats.activeMinutes = round(stats.activeMinutes + batch.activeMinutes);
  }
  for (const batch of batches.filter((candidate) => candidate.pass === 1)) {
    const comparison = compareBatch(db, batch.batchId);
    if (comparison.secondClerk === null) continue;
    const first = clerk(comparison.firstClerk);
    const second = clerk(comparison.secondClerk);
    for (const stats of [first, second]) {
      stats.cellsCompared += comparison.cellsCompared;
      stats.unresolved += comparison.unresolved;
    }
    // Only a settled difference says who misread the paper; an open one blames nobody yet.
    for (const disagreement of comparison.disagreements) {
      if (!disagreement.resolution || disagreement.itemCode === null) continue;
      if (!sameCell(disagreement.first, disagreement.resolution.final)) first.errors++;
      if (!sameCell(disagreement.second, disagreement.resolution.final)) second.errors++;
    }
  }
  for (const stats of clerks.values()) {
    stats.keystrokesPerForm = perForm(stats.keystrokes, stats.forms);
    stats.formsPerHour = perHour(stats.forms, stats.activeMinutes);
    stats.errorRate = stats.cellsCompared > 0 ? round(stats.errors / stats.cellsCompared, 4) : null;
  }
  return { batches, clerks: [...clerks.values()].sort((a, b) => a.clerk.localeCompare(b.clerk)) };
}
