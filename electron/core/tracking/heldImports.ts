import type { Db } from '../db/open';
import { dammCheckDigit } from '../ids/damm';
import { commitImport } from '../imports/commit';
import { readImportTable } from '../imports/table';

/**
 * Test support (not a test itself): an online wave imported through the real import path, with
 * `ready` rows carrying roster IDs and `held` rows without a usable ID (blank, or a typo that fails
 * the check digit), which the import holds for the match assistant.
 */
export async function importWithHeldRows(db: Db, options: { wave: string; version: string; ready: string[]; held: number; now?: Date }) {
  const item = db
    .prepare(
      `SELECT i.code, i.min_value AS min FROM version_item vi JOIN item i ON i.code = vi.item_code
         JOIN questionnaire_version v ON v.id = vi.version_id WHERE v.code = ? AND i.min_value IS NOT NULL ORDER BY vi.position LIMIT 1`,
    )
    .get(options.version) as { code: string; min: number };
  // A typed ID may appear once in a file: each typo is another ID with its check digit off by one.
  const typo = (index: number) => `${1234500 + index}${(dammCheckDigit(String(1234500 + index)) + 1) % 10}`;
  const rows = [
    ['participant_id', `Q_${item.code}`],
    ...options.ready.map((id) => [id, String(item.min)]),
    // Every other held row has a typed ID that fails its check digit, the others none at all.
    ...Array.from({ length: options.held }, (_, index) => [index % 2 === 0 ? '' : typo(index), String(item.min)]),
  ];
  const content = Buffer.from(rows.map((row) => row.join(',')).join('\r\n'), 'utf8');
  const table = await readImportTable('online.csv', content);
  const columns = { [`Q_${item.code}`]: item.code };
  const mapping = { versionCode: options.version, idColumn: 'participant_id', skipRows: 0, columns, recode: {}, match: {} };
  return commitImport(db, { fileName: 'online.csv', content, table, waveCode: options.wave, mapping, actor: 'Evaluator' }, options.now);
}
