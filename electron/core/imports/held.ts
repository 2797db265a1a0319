import type { Db } from '../db/open';

/**
 * Forms of an online import that arrived without a usable ID and wait for the ID-keeper's match
 * assistant (import_held), per wave code, as they stood at the report date: imported by then and
 * not yet matched by then (a row matched later was still waiting). Tracking counts them as received
 * but not linked, so the dashboard says how many forms arrived, not only how many carry a roster ID.
 */
export function heldPerWave(db: Db, asOf: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT w.code AS wave, count(*) AS held
         FROM import_held h JOIN import_run r ON r.id = h.import_id
         JOIN entry_batch b ON b.id = r.batch_id JOIN wave w ON w.id = b.wave_id
        WHERE r.imported_at <= @asOf AND (h.resolved_at IS NULL OR h.resolved_at > @asOf)
        GROUP BY w.code`,
    )
    .all({ asOf }) as { wave: string; held: number }[];
  return new Map(rows.map((row) => [row.wave, row.held]));
}
