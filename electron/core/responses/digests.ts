import type { Db } from '../db/open';

/**
 * Answer digests (migration 0080): one row per questionnaire with its numeric answers as one
 * comma-separated list over a layout of item codes, and whether it is usable (an item has a value
 * or text). A questionnaire's digest is dropped whenever its answers change (by trigger, or by
 * DROP_DIGEST where answers are added to a questionnaire that may have one: migration 0080), so a
 * digest that exists is always current; a questionnaire without one is read from its answers.
 *
 * The layout is the version's items, an empty entry where there is no numeric answer: the
 * questionnaires of one version share it, where the list of the items each one answered differed
 * with every pattern of skipped items (a 10 000-person study had 5 000 of them, and finding each
 * questionnaire's took longer than reading it). `n` is the number of entries; 0: no numeric answer;
 * -1: the answers do not fit a list (a value with a comma, from a file made elsewhere), to be read
 * from the answer table.
 */

/** n, codes, vals of one questionnaire (@id) from its answers, in the answer table's key order. */
export const DIGEST_OF_ONE = `SELECT count(*) AS n, group_concat(item_code) AS codes, group_concat(value) AS vals
   FROM answer WHERE response_id = @id AND value IS NOT NULL AND missing IS NULL`;

/**
 * Drops a questionnaire's digest (@id). Every writer that adds answers to a questionnaire that
 * already existed runs it in the same transaction; changes and deletions are caught by triggers.
 */
export const DROP_DIGEST = 'DELETE FROM answer_digest WHERE response_id = ?';

interface VersionLayout {
  id: number;
  position: Map<string, number>;
}

/**
 * Writes the digests the study lacks (at most `limit`), in one transaction, and returns how many.
 * Free when none is missing (two counts); after new data, some 50 microseconds a questionnaire (a 3 800-form wave:
 * about 200 ms), paid once by the next analysis instead of by every one. Does nothing on a
 * connection that may not write (the reader thread's, a read-only file) or while another process
 * writes: the readers are right without digests, only slower.
 */
export function refreshDigests(db: Db, limit = Number.POSITIVE_INFINITY): number {
  if (db.readonly || db.pragma('query_only', { simple: true }) === 1) return 0;
  const gap = db.prepare('SELECT (SELECT count(*) FROM response) - (SELECT count(*) FROM answer_digest)').pluck().get() as number;
  if (gap === 0) return 0;
  try {
    return db.transaction(() => writeMissing(db, gap < 0, limit))();
  } catch (error) {
    // Busy (another process holds the write lock) or read-only underneath: read without digests.
    if (error instanceof Error && 'code' in error && /^SQLITE_(BUSY|LOCKED|READONLY)/.test(String(error.code))) return 0;
    throw error;
  }
}

function writeMissing(db: Db, orphans: boolean, limit: number): number {
  // A digest whose questionnaire is gone (deleted with foreign keys off) would hide a missing one from the count.
  if (orphans) db.prepare('DELETE FROM answer_digest WHERE response_id NOT IN (SELECT id FROM response)').run();
  const missing = db
    .prepare('SELECT r.id, r.version_id FROM response r WHERE NOT EXISTS (SELECT 1 FROM answer_digest d WHERE d.response_id = r.id) LIMIT ?')
    .raw()
    .all(Number.isFinite(limit) ? limit : -1) as [number, number][];
  const digestOf = db.prepare(DIGEST_OF_ONE).raw();
  const answered = db.prepare('SELECT EXISTS (SELECT 1 FROM answer WHERE response_id = ? AND (value IS NOT NULL OR text_value IS NOT NULL))').pluck();
  const itemsOf = db.prepare('SELECT item_code FROM version_item WHERE version_id = ? ORDER BY item_code').pluck();
  const findLayout = db.prepare('SELECT id FROM answer_layout WHERE codes = ?').pluck();
  const addLayout = db.prepare('INSERT INTO answer_layout (codes) VALUES (?)');
  const write = db.prepare('INSERT INTO answer_digest (response_id, answered, n, layout_id, vals) VALUES (?, ?, ?, ?, ?)');
  const layoutId = (codes: string) => (findLayout.get(codes) as number | undefined) ?? Number(addLayout.run(codes).lastInsertRowid);
  const versions = new Map<number, VersionLayout | null>();
  const versionLayout = (version: number) => {
    let layout = versions.get(version);
    if (layout === undefined) {
      const codes = itemsOf.all(version) as string[];
      versions.set(version, (layout = codes.length === 0 || codes.some((code) => code.includes(',')) ? null : { id: layoutId(codes.join(',')), position: new Map(codes.map((code, index) => [code, index])) }));
    }
    return layout;
  };
  for (const [id, version] of missing) {
    const [count, codes, vals] = digestOf.get({ id }) as [number, string | null, string | null];
    const usable = answered.get(id) as number;
    if (count === 0 || codes === null || vals === null) {
      write.run(id, usable, 0, null, null);
      continue;
    }
    const codeList = codes.split(',');
    const valueList = vals.split(',');
    if (codeList.length !== count || valueList.length !== count) {
      write.run(id, usable, -1, null, null);
      continue;
    }
    const layout = versionLayout(version);
    if (layout && codeList.every((code) => layout.position.has(code))) {
      const laidOut = new Array<string>(layout.position.size).fill('');
      codeList.forEach((code, index) => (laidOut[layout.position.get(code)!] = valueList[index]!));
      write.run(id, usable, laidOut.length, layout.id, laidOut.join(','));
    } else {
      // An answer to an item its version does not ask (a file made elsewhere): its own layout.
      write.run(id, usable, count, layoutId(codes), vals);
    }
  }
  return missing.length;
}
