import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { bankItems } from '../instruments/itemBank';
import type { EntryItemRule, ItemKind, MissingCodes, ShowIfRule } from '../../shared/entry/rules';

/** One item column of the grid: the rule it is checked with and what its header shows. */
export interface EntryItem extends EntryItemRule {
  /** Printed position in the version (1-based). */
  position: number;
  /**
   * The question's number on this wave's paper form: forms number the questions a wave asks 1, 2, 3 …
   * in printed order (forms/model.ts), so the grid's column heads read what the clerk holds.
   */
  number: number;
  /** Full wording as printed on this version's form (stem joined), for the header tooltip. */
  wording: string;
  concept: string;
  anchors: string[];
}

export interface BatchInfo {
  id: number;
  pass: 1 | 2;
  parentBatchId: number | null;
  waveId: number;
  waveCode: string;
  versionId: number;
  versionCode: string;
  identityGroupId: number;
  siteId: number | null;
  label: string;
  clerk: string;
  keyedOn: string;
}

/** Everything a cell write needs, read once per batch and kept for the session. */
export interface Sheet {
  batch: BatchInfo;
  items: EntryItem[];
  byCode: Map<string, EntryItem>;
  /** Source item code -> the follow-up items whose showIf reads it. */
  dependents: Map<string, EntryItem[]>;
  missingCodes: MissingCodes;
}

/**
 * Cell writes must be fast (one keystroke, one commit), so a batch's version, items and rules are
 * read once and cached here per open database. The cache dies with the Db object: locking or
 * closing the study drops it. Opening a batch (entry.batch.sheet) reloads it, so a version edited
 * in the meantime is picked up the next time the grid is opened.
 */
const sheetCache = new WeakMap<Db, Map<number, Sheet>>();
const columnCache = new WeakMap<Db, Map<string, boolean>>();

/** Whether a column exists: the questionnaire builder's columns (skip rules, codes) may be absent. */
export function hasColumn(db: Db, table: string, column: string): boolean {
  let known = columnCache.get(db);
  if (!known) columnCache.set(db, (known = new Map()));
  const key = `${table}.${column}`;
  let present = known.get(key);
  if (present === undefined) {
    present = (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).includes(column);
    known.set(key, present);
  }
  return present;
}

export function readMissingCodes(db: Db): MissingCodes {
  const rows = db.prepare("SELECT key, value FROM setting WHERE key LIKE 'missing_code.%'").all() as { key: string; value: string }[];
  const codes: MissingCodes = { skipped: 97, refused: 98, dont_know: 99 };
  for (const row of rows) {
    const reason = row.key.slice('missing_code.'.length);
    const value = Number(row.value);
    if ((reason === 'skipped' || reason === 'refused' || reason === 'dont_know') && Number.isInteger(value)) codes[reason] = value;
  }
  return codes;
}

function readBatch(db: Db, batchId: number): BatchInfo {
  const row = db
    .prepare(
      `SELECT b.id, b.pass, b.parent_batch_id AS parentBatchId, b.wave_id AS waveId, w.code AS waveCode,
              b.version_id AS versionId, v.code AS versionCode, v.identity_group_id AS identityGroupId,
              b.site_id AS siteId, b.label, b.clerk, b.keyed_on AS keyedOn
         FROM entry_batch b JOIN wave w ON w.id = b.wave_id JOIN questionnaire_version v ON v.id = b.version_id
        WHERE b.id = ?`,
    )
    .get(batchId) as BatchInfo | undefined;
  if (!row) throw new MixwiseError('NOT_FOUND', 'This batch does not exist.', { key: 'batchNotFound' });
  return row;
}

function parseJson<T>(text: string | null | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function parseShowIf(value: unknown): ShowIfRule | null {
  const rule = value as ShowIfRule | null;
  if (!rule || typeof rule.item !== 'string' || !Array.isArray(rule.equals)) return null;
  return { item: rule.item, equals: rule.equals.filter((code) => Number.isInteger(code)) };
}

/**
 * Whether an item is asked at this wave. The builder marks background items 'pre' (first
 * assessment only) or 'post_fu' (the later ones); the first wave by position is the pre-programme one.
 */
function askedAtWave(itemWaves: string | null, wavePosition: number, firstPosition: number): boolean {
  if (itemWaves === 'pre') return wavePosition === firstPosition;
  if (itemWaves === 'post_fu') return wavePosition !== firstPosition;
  return true;
}

export function loadItems(db: Db, batch: Pick<BatchInfo, 'versionId' | 'waveId'>): EntryItem[] {
  // Skip rules and answer codes live in the builder's columns when the file has them; a version made
  // before them takes the item bank's rule for a bank item, as its paper form printed it.
  const storedRules = hasColumn(db, 'version_item', 'show_if');
  const stem = hasColumn(db, 'version_item', 'stem') ? 'vi.stem' : "''";
  const codes = hasColumn(db, 'item', 'codes') ? 'i.codes' : 'NULL';
  const waves = hasColumn(db, 'item', 'waves') ? 'i.waves' : "'all'";
  const rows = db
    .prepare(
      `SELECT vi.position, vi.item_code AS code, vi.wording, ${stem} AS stem, vi.anchors, i.concept, i.kind,
              i.min_value AS min, i.max_value AS max, ${codes} AS codes, ${waves} AS waves
              ${storedRules ? ', vi.show_if AS showIf' : ''}
         FROM version_item vi JOIN item i ON i.code = vi.item_code
        WHERE vi.version_id = ? ORDER BY vi.position`,
    )
    .all(batch.versionId) as {
    position: number;
    code: string;
    wording: string;
    stem: string;
    anchors: string;
    concept: string;
    kind: ItemKind;
    min: number | null;
    max: number | null;
    codes: string | null;
    waves: string | null;
    showIf?: string | null;
  }[];
  const wave = db
    .prepare('SELECT position, (SELECT min(position) FROM wave) AS first FROM wave WHERE id = ?')
    .get(batch.waveId) as { position: number; first: number };
  const bankRules = new Map(bankItems.map((item) => [item.code, item.showIf ?? null]));
  return rows
    .filter((row) => askedAtWave(row.waves, wave.position, wave.first))
    .map((row, index) => ({
      code: row.code,
      position: row.position,
      number: index + 1,
      wording: row.stem ? `${row.stem} ${row.wording}` : row.wording,
      concept: row.concept,
      kind: row.kind,
      min: row.min,
      max: row.max,
      codes: parseJson<number[]>(row.codes),
      anchors: parseJson<string[]>(row.anchors) ?? [],
      showIf: storedRules ? parseShowIf(parseJson(row.showIf)) : parseShowIf(bankRules.get(row.code) ?? null),
    }));
}

function buildSheet(db: Db, batchId: number): Sheet {
  const batch = readBatch(db, batchId);
  const all = loadItems(db, batch);
  const byCode = new Map(all.map((item) => [item.code, item]));
  // A rule pointing at an item this version does not ask cannot be applied: the follow-up stays open.
  const items = all.map((item) => (item.showIf && !byCode.has(item.showIf.item) ? { ...item, showIf: null } : item));
  const dependents = new Map<string, EntryItem[]>();
  for (const item of items) {
    byCode.set(item.code, item);
    if (!item.showIf) continue;
    const list = dependents.get(item.showIf.item) ?? [];
    list.push(item);
    dependents.set(item.showIf.item, list);
  }
  return { batch, items, byCode, dependents, missingCodes: readMissingCodes(db) };
}

/** The batch's sheet from the session cache; `reload` rereads it from the file. */
export function sheetFor(db: Db, batchId: number, options: { reload?: boolean } = {}): Sheet {
  let sheets = sheetCache.get(db);
  if (!sheets) sheetCache.set(db, (sheets = new Map()));
  let sheet = options.reload ? undefined : sheets.get(batchId);
  if (!sheet) {
    sheet = buildSheet(db, batchId);
    sheets.set(batchId, sheet);
  }
  return sheet;
}
