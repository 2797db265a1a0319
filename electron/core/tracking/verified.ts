import type { Db } from '../db/open';
import { compareBatch } from '../entry/compare';

/**
 * Questionnaires confirmed by double entry, per wave: the forms of every first keying whose blind
 * second keying has been compared and every disagreement resolved against the paper.
 */
export function verifiedPerWave(db: Db): Map<string, number> {
  const counts = new Map((db.prepare('SELECT code FROM wave').pluck().all() as string[]).map((code) => [code, 0]));
  const batches = db
    .prepare(
      `SELECT b.id, w.code AS wave FROM entry_batch b JOIN wave w ON w.id = b.wave_id
        WHERE b.pass = 1 AND EXISTS (SELECT 1 FROM entry_batch s WHERE s.parent_batch_id = b.id)`,
    )
    .all() as { id: number; wave: string }[];
  const forms = db.prepare('SELECT count(*) FROM entry_row WHERE batch_id = ? AND response_id IS NOT NULL').pluck();
  for (const batch of batches) {
    if (!compareBatch(db, batch.id).verified) continue;
    counts.set(batch.wave, (counts.get(batch.wave) ?? 0) + (forms.get(batch.id) as number));
  }
  return counts;
}
