import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { anchorCodes, bankItem, bankItems, fullWording, type ItemKind, type ShowIf } from './itemBank';

/**
 * One item as the builder sees it, whether it comes from the toolkit's bank or is the study's own:
 * its answer scheme (language-independent, stored once per study under its code) and its text in
 * the language it was written in (English for the bank).
 */
export interface ItemText {
  wording: string;
  stem: string;
  instruction: string;
  responseLabel: string;
  anchors: string[];
}

export interface ItemDefinition {
  code: string;
  concept: string;
  kind: ItemKind;
  min: number | null;
  max: number | null;
  /** The number written for each anchor, in printed order. */
  codes: number[];
  reverseKeyed: boolean;
  audience: string;
  waves: string;
  showIf: ShowIf | null;
  /** null for bank items; the language the own item was written in. */
  ownLanguage: string | null;
  /** Text in English (bank) or in ownLanguage (own item). */
  source: ItemText;
}

const bankCodes = new Set(bankItems.map((item) => item.code));

export function isBankCode(code: string): boolean {
  return bankCodes.has(code);
}

interface OwnRow {
  code: string;
  concept: string;
  kind: ItemKind;
  min: number | null;
  max: number | null;
  codes: string | null;
  waves: string;
  showIf: string | null;
  ownLanguage: string;
}

const OWN_COLUMNS = `code, concept, kind, min_value AS min, max_value AS max, codes, waves, show_if AS showIf, own_language AS ownLanguage`;

export function readItemText(db: Db, language: string, code: string): ItemText | null {
  const row = db
    .prepare(
      `SELECT wording, stem, instruction, response_label AS responseLabel, anchors FROM item_translation WHERE language = ? AND item_code = ?`,
    )
    .get(language, code) as (Omit<ItemText, 'anchors'> & { anchors: string }) | undefined;
  return row ? { ...row, anchors: JSON.parse(row.anchors) as string[] } : null;
}

function ownDefinition(db: Db, row: OwnRow): ItemDefinition {
  const source = readItemText(db, row.ownLanguage, row.code) ?? { wording: '', stem: '', instruction: '', responseLabel: '', anchors: [] };
  const codes = row.codes
    ? (JSON.parse(row.codes) as number[])
    : row.min === null
      ? []
      : source.anchors.map((_, index) => row.min! + index);
  return {
    code: row.code,
    concept: row.concept,
    kind: row.kind,
    min: row.min,
    max: row.max,
    codes,
    reverseKeyed: false,
    audience: 'all',
    waves: row.waves,
    showIf: row.showIf ? (JSON.parse(row.showIf) as ShowIf) : null,
    ownLanguage: row.ownLanguage,
    source,
  };
}

export function listOwnItems(db: Db): ItemDefinition[] {
  const rows = db.prepare(`SELECT ${OWN_COLUMNS} FROM item WHERE own_language IS NOT NULL ORDER BY rowid`).all() as OwnRow[];
  return rows.map((row) => ownDefinition(db, row));
}

export function definitionOf(db: Db, code: string): ItemDefinition {
  if (isBankCode(code)) {
    const item = bankItem(code);
    return {
      code,
      concept: item.concept,
      kind: item.kind,
      min: item.min,
      max: item.max,
      codes: anchorCodes(item),
      reverseKeyed: item.reverseKeyed,
      audience: item.audience,
      waves: item.waves,
      showIf: item.showIf ?? null,
      ownLanguage: null,
      source: {
        // Grid items keep their stem apart: the form prints it once above the grid's endings.
        wording: item.wording,
        stem: item.stem ?? '',
        instruction: item.instruction ?? '',
        responseLabel: item.responseLabel ?? '',
        anchors: item.anchors,
      },
    };
  }
  const row = db.prepare(`SELECT ${OWN_COLUMNS} FROM item WHERE code = ? AND own_language IS NOT NULL`).get(code) as OwnRow | undefined;
  if (!row) throw new MixwiseError('NOT_FOUND', `There is no item with the code "${code}".`, { key: 'questionnaires.noSuchItem', params: { code } });
  return ownDefinition(db, row);
}

export { fullWording };
