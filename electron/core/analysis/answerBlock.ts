import type { Db } from '../db/open';

/**
 * Turning the study's answers into the analysis's numeric block (one row per questionnaire, one
 * column per scale item, NaN = no valid answer). The same code runs on the main thread and in the
 * reader thread (answerReader.ts), each over its own range of questionnaires, so everything it needs
 * is plain data that can be posted to a thread.
 */
export interface BlockSpec {
  /** Scale item codes in column order. */
  codes: string[];
  /** Each column's range. */
  min: Float64Array;
  max: Float64Array;
  /** Per column, 1 when a missing code (97/98/99) falls inside the range (an age, say): only then is a value looked up among the missing codes. */
  codeInRange: Uint8Array;
  missingCodes: number[];
}

/**
 * Where each questionnaire's row is: `rows[responseId - firstId]`, -1 for a questionnaire the
 * analysis does not take (an erased participant's, or one made after the listing was read).
 */
export interface RowIndex {
  firstId: number;
  rows: Int32Array;
}

const SEPARATOR = '\u001f';

/**
 * One numeric row per questionnaire, concatenated by SQLite itself: 24 k rows cross into JavaScript
 * instead of 1.3 M, which was most of the load time of a 10 000-person study. The unit separator
 * (char 31) cannot occur in an item code. A range of response ids is one seek in the answer table's
 * key, so two threads can each read their half.
 */
const ANSWERS_BY_RESPONSE = `SELECT response_id, group_concat(item_code, char(31)), group_concat(value, char(31))
   FROM answer WHERE response_id BETWEEN ? AND ? AND value IS NOT NULL AND missing IS NULL GROUP BY response_id`;

/**
 * Fills the rows of the questionnaires with ids from..to. Answers are kept only when they are a
 * number inside the item's range and not a missing code: a refused or "don't know" answer is stored
 * with `missing` set, and an imported 97/98/99 would be out of a 1-5 range anyway.
 */
export function fillBlock(db: Db, spec: BlockSpec, block: Float64Array, index: RowIndex, from: number, to: number): void {
  const width = spec.codes.length;
  const columns = new Map(spec.codes.map((code, column) => [code, column]));
  const missing = new Set(spec.missingCodes);
  const { min, max, codeInRange } = spec;
  const layouts = new Map<string, Int32Array>();
  for (const [response, codes, values] of db.prepare(ANSWERS_BY_RESPONSE).raw().iterate(from, to) as Iterable<[number, string, string]>) {
    const row = index.rows[response - index.firstId] ?? -1;
    if (row < 0) continue;
    const offset = row * width;
    // Questionnaires of one version mostly answer the same items: their code lists are the same
    // string, so each distinct list is turned into columns once.
    let layout = layouts.get(codes);
    if (!layout) layouts.set(codes, (layout = Int32Array.from(codes.split(SEPARATOR), (code) => columns.get(code) ?? -1)));
    // The values are whole numbers (an INTEGER column) as SQLite prints them: read digit by digit,
    // where splitting the list made 1.3 M short strings to parse and collect.
    let at = 0;
    for (let i = 0; i < layout.length; i++) {
      let value = 0;
      let sign = 1;
      let digits = 0;
      for (; at < values.length; at++) {
        const char = values.charCodeAt(at);
        if (char === 31) break;
        if (char >= 48 && char <= 57) {
          value = value * 10 + char - 48;
          digits++;
        } else if (char === 45 && digits === 0 && sign === 1) sign = -1;
        else digits = Number.NaN; // not a plain integer: never a scale answer
      }
      at++;
      const column = layout[i]!;
      if (column < 0 || !(digits > 0)) continue;
      value *= sign;
      if (!(value >= min[column]! && value <= max[column]!) || (codeInRange[column] === 1 && missing.has(value))) continue;
      block[offset + column] = value;
    }
  }
}
