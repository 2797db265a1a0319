import type { Db } from '../db/open';
import { bankConcepts } from '../instruments/itemBank';
import { fillBlock, type BlockSpec, type RowIndex } from './answerBlock';
import type { AnswerReader } from './answerReader';
import { AnswerRow } from './answerRow';
import type { AnalysisData, Coded, Scale } from './model';

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

/** The block the answers go into, and where each questionnaire's row is. */
interface Layout {
  spec: BlockSpec;
  block: Float64Array;
  index: RowIndex;
  /** The questionnaires' ids, ascending. */
  ids: Int32Array;
}

/**
 * Reads everything the analysis needs but the answers, and lays out the block they go into (on
 * shared memory when a reader thread fills part of it). `laidOut` is called as soon as the block's
 * layout is known, before the rest is read, so a reader thread can start on its share at once.
 * Erased participants are gone; withdrawn participants' earlier questionnaires still count.
 */
function prepare(db: Db, shared: boolean, laidOut: (layout: Layout) => void): AnalysisData {
  const scales = readScales(db);
  const ranges = new Map(scales.flatMap((scale) => scale.items.map((item) => [item.code, item] as const)));
  const missing = missingCodes(db);
  // One numeric row per questionnaire over the scale items (answerRow.ts, answerBlock.ts).
  const columns = new Map([...ranges.keys()].map((code, column) => [code, column]));
  const items = [...ranges.values()];
  // Plain rows (raw): 24 000 objects with named fields took a fifth longer to read.
  const listed = db
    .prepare(
      `SELECT r.id, r.participant_id AS participant, w.code AS wave, v.code AS version
         FROM response r JOIN participant p ON p.id = r.participant_id
         JOIN wave w ON w.id = r.wave_id JOIN questionnaire_version v ON v.id = r.version_id
        WHERE p.status <> 'erased'
        ORDER BY r.participant_id, w.position`,
    )
    .raw()
    .all() as [id: number, participant: string, wave: string, version: string][];
  // One block for all rows, each questionnaire's row a view of it (indexed.ts reads the block).
  const width = columns.size;
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const block = new Float64Array(memory(listed.length * width * Float64Array.BYTES_PER_ELEMENT)).fill(Number.NaN);
  const ids = Int32Array.from(listed, (row) => row[0]).sort();
  const firstId = ids[0] ?? 0;
  const rows = new Int32Array(memory((ids.length > 0 ? ids[ids.length - 1]! - firstId + 1 : 0) * Int32Array.BYTES_PER_ELEMENT)).fill(-1);
  listed.forEach((row, index) => (rows[row[0] - firstId] = index));
  const spec: BlockSpec = {
    codes: [...columns.keys()],
    min: Float64Array.from(items, (item) => item.min),
    max: Float64Array.from(items, (item) => item.max),
    codeInRange: Uint8Array.from(items, (item) => ([...missing].some((code) => code >= item.min && code <= item.max) ? 1 : 0)),
    missingCodes: [...missing],
  };
  laidOut({ spec, block, index: { firstId, rows }, ids });

  const coded = (table: string) => db.prepare(`SELECT code, name FROM ${table} ORDER BY position`).all() as Coded[];
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
  return {
    groups: coded('identity_group'),
    arms: coded('arm'),
    waves: db.prepare('SELECT code, label FROM wave ORDER BY position').all() as { code: string; label: string }[],
    scales,
    respondents,
    responses: listed.map(([, participant, wave, version], index) => ({
      participant,
      wave,
      version,
      answers: new AnswerRow(columns, block.subarray(index * width, (index + 1) * width)),
    })),
    minAnsweredShare: minAnsweredShare(db),
  };
}

/** Reads everything the analysis needs, on this thread alone (the CLI, tests). */
export function loadAnalysisData(db: Db): AnalysisData {
  let layout: Layout | undefined;
  const data = prepare(db, false, (laidOut) => (layout = laidOut));
  const { spec, block, index, ids } = layout!;
  if (ids.length > 0) fillBlock(db, spec, block, index, ids[0]!, ids[ids.length - 1]!);
  return data;
}

/**
 * The reader thread's share of the questionnaires: a little over half, as this thread also reads
 * everything else meanwhile (measured on a 10 000-person study: the two then finish together).
 */
const READER_SHARE = 0.55;

/**
 * The same data, the answers read on two threads when the study's reader thread is ready: it reads
 * the later questionnaires while this thread reads the rest of the study and the earlier ones. No
 * write can come between the two reads' starts, as this thread is busy from the listing until its
 * own share is read; and each questionnaire's answers come whole from one of them.
 */
export async function loadAnalysisDataWith(db: Db, reader: AnswerReader | null): Promise<AnalysisData> {
  if (!reader?.ready) return loadAnalysisData(db);
  let mine: (() => void) | undefined;
  let theirs: Promise<boolean> = Promise.resolve(true);
  let rest: (() => void) | undefined;
  const data = prepare(db, true, ({ spec, block, index, ids }) => {
    if (ids.length === 0) return;
    const first = ids[0]!;
    const last = ids[ids.length - 1]!;
    const pivot = ids[Math.min(ids.length - 1, Math.floor(ids.length * (1 - READER_SHARE)))]!;
    theirs = reader.fill(spec, block.buffer as SharedArrayBuffer, index.firstId, index.rows.buffer as SharedArrayBuffer, pivot, last);
    if (pivot > first) mine = () => fillBlock(db, spec, block, index, first, pivot - 1);
    // A thread that failed leaves its share to this one.
    rest = () => fillBlock(db, spec, block, index, pivot, last);
  });
  mine?.();
  if (!(await theirs)) rest?.();
  return data;
}
