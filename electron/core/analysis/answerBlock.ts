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

/**
 * One numeric row per questionnaire, concatenated by SQLite itself: 24 k rows cross into JavaScript
 * instead of 1.3 M, which was most of the load time of a 10 000-person study. A range of response
 * ids is one seek in the answer table's key, so two threads can each read their half.
 *
 * The lists use group_concat's own comma: with a separator argument SQLite keeps each separator's
 * length per row, and the read took a third longer (10 000-person study: 520 against 400 ms). An
 * item code never has a comma (ownItems.ts, the bank) and a value is a whole number, but a file
 * made elsewhere could hold either: the count of answers is read alongside, and a questionnaire
 * whose lists do not split into exactly that many is read answer by answer instead.
 */
const ANSWERS_BY_RESPONSE = `SELECT response_id, count(*), group_concat(item_code), group_concat(value)
   FROM answer WHERE response_id BETWEEN ? AND ? AND value IS NOT NULL AND missing IS NULL GROUP BY response_id`;
const ANSWERS_OF_ONE = 'SELECT item_code, value FROM answer WHERE response_id = ? AND value IS NOT NULL AND missing IS NULL';

const COMMA = 44;

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
  const kept = (column: number, value: number) => value >= min[column]! && value <= max[column]! && !(codeInRange[column] === 1 && missing.has(value));
  const layouts = new Map<string, Int32Array | null>();
  const one = db.prepare(ANSWERS_OF_ONE).raw();
  for (const [response, count, codes, values] of db.prepare(ANSWERS_BY_RESPONSE).raw().iterate(from, to) as Iterable<[number, number, string, string]>) {
    const row = index.rows[response - index.firstId] ?? -1;
    if (row < 0) continue;
    const offset = row * width;
    // Questionnaires of one version mostly answer the same items: their code lists are the same
    // string, so each distinct list is turned into columns once (null: a code with a comma).
    let layout = layouts.get(codes);
    if (layout === undefined) {
      const split = codes.split(',');
      layouts.set(codes, (layout = split.length === count ? Int32Array.from(split, (code) => columns.get(code) ?? -1) : null));
    }
    if (layout === null || !fillRow(block, offset, layout, values, kept)) {
      // The lists did not split into one entry per answer: the row is read again, answer by answer.
      block.fill(Number.NaN, offset, offset + width);
      for (const [code, value] of one.iterate(response) as Iterable<[string, unknown]>) {
        const column = columns.get(code) ?? -1;
        if (column >= 0 && typeof value === 'number' && Number.isInteger(value) && kept(column, value)) block[offset + column] = value;
      }
    }
  }
}

/**
 * Fills one row from its list of values, in the layout's columns. False when the list has more
 * entries than the layout (a value with a comma in it): the row is then partly filled.
 */
function fillRow(block: Float64Array, offset: number, layout: Int32Array, values: string, kept: (column: number, value: number) => boolean): boolean {
  // The values are whole numbers (an INTEGER column) as SQLite prints them: read digit by digit,
  // where splitting the list made 1.3 M short strings to parse and collect.
  let at = 0;
  for (let i = 0; i < layout.length; i++) {
    let value = 0;
    let sign = 1;
    let digits = 0;
    for (; at < values.length; at++) {
      const char = values.charCodeAt(at);
      if (char === COMMA) break;
      if (char >= 48 && char <= 57) {
        value = value * 10 + char - 48;
        digits++;
      } else if (char === 45 && digits === 0 && sign === 1) sign = -1;
      else digits = Number.NaN; // not a plain integer: never a scale answer
    }
    at++;
    const column = layout[i]!;
    if (column < 0 || !(digits > 0)) continue;
    if (kept(column, value * sign)) block[offset + column] = value * sign;
  }
  return at === values.length + 1;
}
