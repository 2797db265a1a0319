import type { Db } from '../db/open';
import { DIGEST_OF_ONE } from '../responses/digests';

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
 * One numeric row per questionnaire from its answer digest (responses/digests.ts): 24 k rows
 * cross into JavaScript instead of 1.3 M answers, and SQLite no longer aggregates the answers on
 * every read (10 000-person study: 35-55 against 400 ms). A questionnaire whose digest is missing
 * (changed since the last refresh, or a connection that cannot write them) is aggregated from its
 * answers. A range of response ids is one seek, so two threads can each read their half.
 *
 * The lists use group_concat's own comma. An item code never has a comma (ownItems.ts, the bank)
 * and a value is a whole number, but a file made elsewhere could hold either: the count of answers
 * comes alongside, and a questionnaire whose lists do not split into exactly that many is read
 * answer by answer instead.
 */
const DIGESTS = `SELECT r.id, d.n, d.layout_id, d.vals FROM response r LEFT JOIN answer_digest d ON d.response_id = r.id
   WHERE r.id BETWEEN ? AND ?`;
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
  // Each layout is turned into columns once (null: it does not split into `count` codes, a code
  // with a comma): by id for digests, by the list of codes for questionnaires read from answers.
  const byId = new Map<number, Int32Array | null>();
  const byCodes = new Map<string, Int32Array | null>();
  const layoutOf = (codes: string, count: number) => {
    const split = codes.split(',');
    return split.length === count ? Int32Array.from(split, (code) => columns.get(code) ?? -1) : null;
  };
  const codesOf = db.prepare('SELECT codes FROM answer_layout WHERE id = ?').pluck();
  const one = db.prepare(ANSWERS_OF_ONE).raw();
  const digestOf = db.prepare(DIGEST_OF_ONE).raw();
  for (const digest of db.prepare(DIGESTS).raw().iterate(from, to) as Iterable<[number, number | null, number | null, string | null]>) {
    const response = digest[0];
    const row = index.rows[response - index.firstId] ?? -1;
    if (row < 0) continue;
    let layout: Int32Array | null | undefined;
    let count = digest[1];
    let values = digest[3];
    if (count === -1) {
      layout = null; // a digest that says: read the answers
    } else if (count !== null) {
      const id = digest[2];
      if (count === 0 || id === null || values === null) continue;
      layout = byId.get(id);
      if (layout === undefined) byId.set(id, (layout = layoutOf(codesOf.get(id) as string, count)));
    } else {
      let codes: string | null;
      [count, codes, values] = digestOf.get({ id: response }) as [number, string | null, string | null];
      if (count === 0 || codes === null || values === null) continue;
      layout = byCodes.get(codes);
      if (layout === undefined) byCodes.set(codes, (layout = layoutOf(codes, count)));
    }
    const offset = row * width;
    if (layout === null || values === null || !fillRow(block, offset, layout, values, kept)) {
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
