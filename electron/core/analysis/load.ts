import type { Db } from '../db/open';
import { bankConcepts } from '../instruments/itemBank';
import { AnswerRow } from './answerRow';
import type { AnalysisData, Coded, ResponseRecord, Scale } from './model';

/** The study's default when the setting row is missing or unreadable: half of the items. */
export const DEFAULT_MIN_ANSWERED_SHARE = 0.5;

function readSetting(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(key) as string | undefined;
}

export function minAnsweredShare(db: Db): number {
  const value = Number(readSetting(db, 'scale.min_answered_share'));
  return Number.isFinite(value) && value > 0 && value <= 1 ? value : DEFAULT_MIN_ANSWERED_SHARE;
}

/** Numeric codes that stand for a missing answer (97/98/99 by default); never averaged. */
function missingCodes(db: Db): Set<number> {
  const rows = db.prepare("SELECT value FROM setting WHERE key LIKE 'missing_code.%'").pluck().all() as string[];
  return new Set(rows.map(Number).filter(Number.isFinite));
}

/**
 * Scales are the concepts whose items are rating scales (likert, with a numeric range). The item
 * bank marks background concepts (demographics, programme contact counts) as no scale: those are
 * left out even when likert. A concept of the study's own items is a scale when it has such items.
 */
function readScales(db: Db): Scale[] {
  const rows = db
    .prepare(
      `SELECT i.code, i.concept, i.min_value AS min, i.max_value AS max, i.reverse_keyed AS reverse
         FROM item i
        WHERE i.kind = 'likert' AND i.min_value IS NOT NULL AND i.max_value IS NOT NULL AND i.max_value > i.min_value
          AND EXISTS (SELECT 1 FROM version_item vi WHERE vi.item_code = i.code)
        ORDER BY (SELECT min(vi.position) FROM version_item vi WHERE vi.item_code = i.code), i.code`,
    )
    .all() as { code: string; concept: string; min: number; max: number; reverse: number }[];
  const scales = new Map<string, Scale>();
  for (const row of rows) {
    const bank = bankConcepts.find((concept) => concept.code === row.concept);
    if (bank && bank.scale === false) continue;
    let scale = scales.get(row.concept);
    if (!scale) {
      scale = { concept: row.concept, name: bank?.name ?? row.concept, highScoreMeans: bank?.highScoreMeans ?? null, items: [] };
      scales.set(row.concept, scale);
    }
    scale.items.push({ code: row.code, min: row.min, max: row.max, reverseKeyed: row.reverse === 1 });
  }
  // The toolkit's order for its concepts, then the study's own, as they first appear.
  const rank = (concept: string) => {
    const index = bankConcepts.findIndex((entry) => entry.code === concept);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...scales.values()].sort((a, b) => rank(a.concept) - rank(b.concept));
}

/**
 * Reads everything the analysis needs in a handful of queries. Answers are kept only when they are
 * a number inside the item's range and not a missing code: a refused or "don't know" answer is
 * stored with `missing` set, and an imported 97/98/99 would be out of a 1-5 range anyway. Erased
 * participants are gone; withdrawn participants' earlier questionnaires still count.
 */
export function loadAnalysisData(db: Db): AnalysisData {
  const coded = (table: string) => db.prepare(`SELECT code, name FROM ${table} ORDER BY position`).all() as Coded[];
  const waves = db.prepare('SELECT code, label FROM wave ORDER BY position').all() as { code: string; label: string }[];
  const scales = readScales(db);
  const ranges = new Map(scales.flatMap((scale) => scale.items.map((item) => [item.code, item] as const)));
  const missing = missingCodes(db);

  const respondents = db
    .prepare(
      `SELECT p.id, g.code AS "group", a.code AS arm
         FROM participant p
         JOIN identity_group g ON g.id = p.identity_group_id
         LEFT JOIN arm a ON a.id = p.arm_id
        WHERE p.status <> 'erased'
        ORDER BY p.id`,
    )
    .all() as { id: string; group: string; arm: string | null }[];
  const known = new Set(respondents.map((respondent) => respondent.id));

  // One numeric row per questionnaire over the scale items (answerRow.ts). SQLite concatenates each
  // questionnaire's answers itself: 24 k rows cross into JavaScript instead of 1.3 M, which is
  // most of the load time of a 10 000-person study. The unit separator cannot occur in a code.
  const columns = new Map([...ranges.keys()].map((code, column) => [code, column]));
  const items = [...ranges.values()];
  const listed = (
    db
      .prepare(
        `SELECT r.id, r.participant_id AS participant, w.code AS wave, v.code AS version
           FROM response r JOIN wave w ON w.id = r.wave_id JOIN questionnaire_version v ON v.id = r.version_id
          ORDER BY r.participant_id, w.position`,
      )
      .all() as { id: number; participant: string; wave: string; version: string }[]
  ).filter((row) => known.has(row.participant));
  // One block for all rows, each questionnaire's row a view of it (indexed.ts reads the block).
  const width = columns.size;
  const block = new Float64Array(listed.length * width).fill(Number.NaN);
  const responses = new Map<number, ResponseRecord>();
  listed.forEach((row, index) => {
    const answers = new AnswerRow(columns, block.subarray(index * width, (index + 1) * width));
    responses.set(row.id, { participant: row.participant, wave: row.wave, version: row.version, answers });
  });
  const SEPARATOR = '\u001f';
  const layouts = new Map<string, Int32Array>();
  // Each column's range, and whether a missing code (97/98/99) falls inside it (an age, say): only
  // then is a value looked up among the missing codes.
  const min = Float64Array.from(items, (item) => item.min);
  const max = Float64Array.from(items, (item) => item.max);
  const codeInRange = items.map((item) => [...missing].some((code) => code >= item.min && code <= item.max));
  for (const [response, codes, values] of db
    .prepare(
      `SELECT response_id, group_concat(item_code, char(31)), group_concat(value, char(31))
         FROM answer WHERE value IS NOT NULL AND missing IS NULL GROUP BY response_id`,
    )
    .raw()
    .iterate() as Iterable<[number, string, string]>) {
    const record = responses.get(response);
    if (!record) continue;
    const row = (record.answers as AnswerRow).row;
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
      if (!(value >= min[column]! && value <= max[column]!) || (codeInRange[column] && missing.has(value))) continue;
      row[column] = value;
    }
  }
  return {
    groups: db.prepare('SELECT code, name FROM identity_group ORDER BY position').all() as Coded[],
    arms: coded('arm'),
    waves,
    scales,
    respondents,
    responses: [...responses.values()],
    minAnsweredShare: minAnsweredShare(db),
  };
}
