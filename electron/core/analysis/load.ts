import type { Db } from '../db/open';
import { sharedWording } from '../../shared/analysis/itemWording';
import { bankConcepts } from '../instruments/itemBank';
import { ANY_GROUP_WORDS, fillPlaceholders } from '../instruments/placeholders';
import { refreshDigests } from '../responses/digests';
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
  const wordings = new Map<string, string[]>();
  for (const { code, wording } of db.prepare('SELECT item_code AS code, wording FROM version_item ORDER BY version_id').all() as {
    code: string;
    wording: string;
  }[]) {
    wordings.set(code, [...(wordings.get(code) ?? []), wording]);
  }
  const scales = new Map<string, Scale>();
  for (const row of rows) {
    const bank = bankConcepts.find((concept) => concept.code === row.concept);
    if (bank && bank.scale === false) continue;
    let scale = scales.get(row.concept);
    if (!scale) {
      scale = {
        concept: row.concept,
        name: bank?.name ?? row.concept,
        highScoreMeans: bank?.highScoreMeans ? fillPlaceholders(bank.highScoreMeans, ANY_GROUP_WORDS) : null,
        items: [],
      };
      scales.set(row.concept, scale);
    }
    const wording = sharedWording(wordings.get(row.code) ?? []) || row.code;
    scale.items.push({ code: row.code, min: row.min, max: row.max, reverseKeyed: row.reverse === 1, wording });
  }
  // The toolkit's order for its concepts, then the study's own, as they first appear.
  const rank = (concept: string) => {
    const index = bankConcepts.findIndex((entry) => entry.code === concept);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...scales.values()].sort((a, b) => rank(a.concept) - rank(b.concept));
}

/** What the answers are read against: the scale items' columns and their ranges. */
interface Frame {
  scales: Scale[];
  columns: Map<string, number>;
  spec: BlockSpec;
}

/**
 * The questionnaires changed since the last analysis get their digests first, once, so that both
 * threads read digests only (answerBlock.ts); then the scales and the block's columns.
 */
function readFrame(db: Db): Frame {
  refreshDigests(db);
  const scales = readScales(db);
  const ranges = new Map(scales.flatMap((scale) => scale.items.map((item) => [item.code, item] as const)));
  const missing = missingCodes(db);
  // One numeric row per questionnaire over the scale items (answerRow.ts, answerBlock.ts).
  const columns = new Map([...ranges.keys()].map((code, column) => [code, column]));
  const items = [...ranges.values()];
  const spec: BlockSpec = {
    codes: [...columns.keys()],
    min: Float64Array.from(items, (item) => item.min),
    max: Float64Array.from(items, (item) => item.max),
    codeInRange: Uint8Array.from(items, (item) => ([...missing].some((code) => code >= item.min && code <= item.max) ? 1 : 0)),
    missingCodes: [...missing],
  };
  return { scales, columns, spec };
}

type Listed = [id: number, participant: string, wave: number, version: number];

/**
 * The questionnaires of participants not erased, by participant then wave position. Read in the
 * order of the (participant, wave) key with plain ids, codes looked up here: joining the code
 * tables and sorting in SQL took three times as long (10 000-person study: 28 against 78 ms).
 */
function listResponses(db: Db, wavePosition: Map<number, number>): Listed[] {
  const erased = new Set(db.prepare("SELECT id FROM participant WHERE status = 'erased'").pluck().all() as string[]);
  const rows = db
    .prepare('SELECT id, participant_id, wave_id, version_id FROM response ORDER BY participant_id, wave_id')
    .raw()
    .all() as Listed[];
  const listed = erased.size === 0 ? rows : rows.filter((row) => !erased.has(row[1]));
  // Waves added in another order than their positions: each participant's few put in order.
  const position = (row: Listed) => wavePosition.get(row[2]) ?? 0;
  const inOrder = listed.every(
    (row, index) => index === 0 || listed[index - 1]![1] !== row[1] || position(listed[index - 1]!) < position(row),
  );
  return inOrder ? listed : listed.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : position(a) - position(b)));
}

/** The block the answers go into, and where each questionnaire's row is. */
interface Layout {
  block: Float64Array;
  index: RowIndex;
  /** The questionnaires' ids, ascending. */
  ids: Int32Array;
}

/**
 * Reads everything the analysis needs but the answers, and lays out the block they go into (on
 * shared memory when threads read it). Erased participants are gone; withdrawn participants'
 * earlier questionnaires still count.
 */
function prepare(db: Db, frame: Frame, shared: boolean): { data: AnalysisData; layout: Layout } {
  const { scales, columns } = frame;
  const waves = db.prepare('SELECT id, code, label, position FROM wave ORDER BY position').all() as {
    id: number;
    code: string;
    label: string;
    position: number;
  }[];
  const versions = new Map(db.prepare('SELECT id, code FROM questionnaire_version').raw().all() as [number, string][]);
  const listed = listResponses(db, new Map(waves.map((wave) => [wave.id, wave.position])));
  const waveCode = new Map(waves.map((wave) => [wave.id, wave.code]));
  // One block for all rows, each questionnaire's row a view of it (indexed.ts reads the block).
  const width = columns.size;
  const memory = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const block = new Float64Array(memory(listed.length * width * Float64Array.BYTES_PER_ELEMENT)).fill(Number.NaN);
  const ids = Int32Array.from(listed, (row) => row[0]).sort();
  const firstId = ids[0] ?? 0;
  const rows = new Int32Array(ids.length > 0 ? ids[ids.length - 1]! - firstId + 1 : 0).fill(-1);
  listed.forEach((row, index) => (rows[row[0] - firstId] = index));

  const coded = (table: string) => db.prepare(`SELECT code, name FROM ${table} ORDER BY position`).all() as Coded[];
  const respondents = db
    .prepare(
      `SELECT p.id, g.code AS "group", a.code AS arm, s.code AS site
         FROM participant p
         JOIN identity_group g ON g.id = p.identity_group_id
         LEFT JOIN arm a ON a.id = p.arm_id
         LEFT JOIN site s ON s.id = p.site_id
        WHERE p.status <> 'erased'
        ORDER BY p.id`,
    )
    .all() as { id: string; group: string; arm: string | null; site: string | null }[];
  const data: AnalysisData = {
    groups: coded('identity_group'),
    arms: coded('arm'),
    waves: waves.map(({ code, label }) => ({ code, label })),
    scales,
    respondents,
    responses: listed.map(([, participant, wave, version], index) => ({
      participant,
      wave: waveCode.get(wave)!,
      version: versions.get(version)!,
      answers: new AnswerRow(columns, block.subarray(index * width, (index + 1) * width)),
    })),
    minAnsweredShare: minAnsweredShare(db),
  };
  return { data, layout: { block, index: { firstId, rows }, ids } };
}

/** Reads everything the analysis needs, on this thread alone (the CLI, tests). */
export function loadAnalysisData(db: Db): AnalysisData {
  const frame = readFrame(db);
  const { data, layout } = prepare(db, frame, false);
  const { block, index, ids } = layout;
  if (ids.length > 0) fillBlock(db, frame.spec, block, index, ids[0]!, ids[ids.length - 1]!);
  return data;
}

/**
 * The reader thread's share of the questionnaires, by id: three quarters, as this thread also
 * lists the questionnaires and reads the rest of the study meanwhile, which takes longer than
 * reading digests (10 000-person study: some 100 ms against 70 ms for all the digests).
 */
const READER_SHARE = 0.75;

/**
 * The same data, the answers read on two threads when the study's reader thread is ready. The
 * thread starts at once on the later questionnaires by id, into a block of its own with one row per
 * id (it needs no listing), while this thread reads the rest of the study and the earlier ones; its
 * rows are then copied into place. Each questionnaire's answers come whole from one of the two
 * reads, and one made after the listing was read is not taken.
 */
export async function loadAnalysisDataWith(db: Db, reader: AnswerReader | null): Promise<AnalysisData> {
  if (!reader?.ready) return loadAnalysisData(db);
  const frame = readFrame(db);
  const { spec, columns } = frame;
  const width = columns.size;
  const [low, high] = db.prepare('SELECT min(id), max(id) FROM response').raw().get() as [number | null, number | null];
  let split = Number.MAX_SAFE_INTEGER;
  let theirs: Promise<Float64Array | null> = Promise.resolve(null);
  if (low !== null && high !== null) {
    split = low + Math.floor((high - low + 1) * (1 - READER_SHARE));
    const count = high - split + 1;
    const part = new Float64Array(new SharedArrayBuffer(count * width * Float64Array.BYTES_PER_ELEMENT)).fill(Number.NaN);
    const own = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
    for (let row = 0; row < count; row++) own[row] = row;
    theirs = reader
      .fill(spec, part.buffer as SharedArrayBuffer, split, own.buffer as SharedArrayBuffer, split, high)
      .then((done) => (done ? part : null));
  }
  const { data, layout } = prepare(db, frame, true);
  const { block, index, ids } = layout;
  if (ids.length === 0) return data;
  const first = ids[0]!;
  const last = ids[ids.length - 1]!;
  if (split > first) fillBlock(db, spec, block, index, first, Math.min(split - 1, last));
  // Questionnaires another process added after the ids' range was read.
  if (high !== null && last > high) fillBlock(db, spec, block, index, high + 1, last);
  // The thread's share as far as the listing goes.
  const theirsTo = Math.min(last, high ?? last);
  const part = await theirs;
  if (!part) {
    // A thread that failed leaves its share to this one.
    if (split <= theirsTo) fillBlock(db, spec, block, index, split, theirsTo);
    return data;
  }
  for (let id = split; id <= theirsTo; id++) {
    const row = index.rows[id - index.firstId] ?? -1;
    if (row >= 0) block.set(part.subarray((id - split) * width, (id - split + 1) * width), row * width);
  }
  return data;
}
