import type { Db } from '../db/open';
import type { MissingCodes } from '../../shared/entry/rules';
import type { ExportRow } from './dataset';

/**
 * Puts the study's answers into the export rows. A study of 10 000 respondents x 3 waves x 60
 * items holds 1.4 M answers: read as one JS object each, better-sqlite3 alone spends over a second
 * and the objects hundreds of MB. Instead SQLite concatenates each response's answers into one
 * row (the answer table's key starts with response_id, so GROUP BY needs no sort), and JS splits
 * the two lists. Only integers and missing reasons go that way: their text forms are exact and
 * never hold the separator. Free text (and any non-integer value) is read row by row, as before.
 */

/** ASCII unit separator: item codes are [a-z0-9_] and integers digits, so it cannot occur in either list. */
const SEPARATOR = '\u001f';
/** Marks a missing reason ('!skipped') in the values list; an integer never starts with it. */
const MISSING_MARK = '!';

interface ResponseTarget {
  row: ExportRow;
  /** Item code -> column index for the response's wave. */
  columns: Map<string, number>;
}

export function fillAnswers(db: Db, rows: Map<string, ExportRow>, columnsByWave: Map<string, Map<string, number>>, missingCodes: MissingCodes): void {
  const responses = new Map<number, ResponseTarget>();
  const listed = db.prepare('SELECT r.id, r.participant_id, w.code FROM response r JOIN wave w ON w.id = r.wave_id').raw().iterate() as Iterable<[number, string, string]>;
  for (const [id, participant, wave] of listed) {
    const row = rows.get(participant);
    const columns = columnsByWave.get(wave);
    // Only usable responses of participants still in the study (erased ones have no row).
    if (row && columns && row.waves.includes(wave)) responses.set(id, { row, columns });
  }

  const put = (target: ResponseTarget, item: string, cell: string | number | null, missing: boolean) => {
    // An item not asked at the response's wave has no column (as before: such answers are left out).
    const index = target.columns.get(item);
    if (index === undefined) return;
    target.row.values[index] = cell;
    if (missing) target.row.missing[index] = 1;
  };

  const grouped = db
    .prepare(
      `SELECT response_id, group_concat(item_code, char(31)),
              group_concat(CASE WHEN missing IS NOT NULL THEN '${MISSING_MARK}' || missing ELSE value END, char(31))
         FROM answer WHERE missing IS NOT NULL OR typeof(value) = 'integer' GROUP BY response_id`,
    )
    .raw()
    .iterate() as Iterable<[number, string, string]>;
  for (const [id, itemList, valueList] of grouped) {
    const target = responses.get(id);
    if (!target) continue;
    const items = itemList.split(SEPARATOR);
    const values = valueList.split(SEPARATOR);
    // Neither list can hold NULL (filtered above), so they align; this guards the assumption.
    if (items.length !== values.length) throw new Error(`The answers of response ${id} could not be read: ${items.length} items, ${values.length} values.`);
    for (let index = 0; index < items.length; index++) {
      const value = values[index]!;
      if (value.startsWith(MISSING_MARK)) put(target, items[index]!, missingCodes[value.slice(1) as keyof MissingCodes], true);
      else put(target, items[index]!, Number(value), false);
    }
  }

  const others = db
    .prepare(`SELECT response_id, item_code, value, text_value FROM answer WHERE missing IS NULL AND typeof(value) <> 'integer'`)
    .raw()
    .iterate() as Iterable<[number, string, number | string | null, string | null]>;
  for (const [id, item, value, text] of others) {
    const target = responses.get(id);
    if (target) put(target, item, value ?? text, false);
  }
}
