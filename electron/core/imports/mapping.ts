import { importMapping, type ImportMapping } from '../../api/contracts/imports';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { checkValue, parsePastedCell, type CellProblem, type CellValue, type EntryItemRule, type MissingCodes } from '../../shared/entry/rules';
import type { EntryItem } from '../entry/sheet';

/**
 * Column mappings: which export column feeds which item, and how exported labels become codes.
 * Suggested from the headers, saved per study and reusable; the CLI's --map file is the same JSON.
 */

/** Kobo prefixes a question's name with its group ("group_a/att1"); Qualtrics may add "_1" style suffixes we do not guess. */
const lastSegment = (header: string) => header.split(/[/.]/).at(-1)!.trim().toLowerCase();
const squash = (text: string) => text.toLowerCase().replace(/[\s_\-.]/g, '');

const ID_HEADERS = ['id', 'participantid', 'mixwiseid', 'respondentid', 'idnumber', 'studyid'];
const MATCH_HEADERS: Record<keyof ImportMapping['match'], string[]> = {
  email: ['email', 'emailaddress', 'mail'],
  phone: ['phone', 'mobile', 'telephone', 'phonenumber'],
  birthYear: ['birthyear', 'yearofbirth', 'yob', 'born'],
  initials: ['initials', 'yourinitials'],
};

/** The answer codes an item takes, in anchor order. */
function codesOf(item: Pick<EntryItemRule, 'codes' | 'min' | 'max'>): number[] {
  if (item.codes && item.codes.length > 0) return item.codes;
  if (item.min === null || item.max === null || item.max - item.min > 20) return [];
  return Array.from({ length: item.max - item.min + 1 }, (_, index) => item.min! + index);
}

export function suggestMapping(headers: readonly string[], versionCode: string, items: readonly EntryItem[]): ImportMapping {
  const columns: Record<string, string> = {};
  const used = new Set<string>();
  for (const header of headers) {
    if (!header) continue;
    const item = items.find((candidate) => !used.has(candidate.code) && candidate.code.toLowerCase() === lastSegment(header));
    if (item) {
      columns[header] = item.code;
      used.add(item.code);
    }
  }
  const find = (names: string[]) => headers.find((header) => header && !columns[header] && names.includes(squash(lastSegment(header))));
  const match: ImportMapping['match'] = {};
  for (const [field, names] of Object.entries(MATCH_HEADERS) as [keyof ImportMapping['match'], string[]][]) {
    const found = find(names);
    if (found) match[field] = found;
  }
  return { versionCode, idColumn: find(ID_HEADERS) ?? null, skipRows: 0, columns, recode: {}, match };
}

/** Labels equal to an item's printed anchors become its codes ("Strongly agree" -> 5). */
export function suggestRecode(items: readonly EntryItem[], labelsByItem: Map<string, Set<string>>): ImportMapping['recode'] {
  const recode: ImportMapping['recode'] = {};
  for (const item of items) {
    const labels = labelsByItem.get(item.code);
    if (!labels || labels.size === 0) continue;
    const codes = codesOf(item);
    if (codes.length === 0 || item.anchors.length !== codes.length) continue;
    for (const label of labels) {
      const index = item.anchors.findIndex((anchor) => anchor.trim().toLowerCase() === label.trim().toLowerCase());
      if (index < 0) continue;
      (recode[item.code] ??= {})[label] = codes[index]!;
    }
  }
  return recode;
}

/** Recode tables keyed by normalised label, for reading cells. */
export function recodeLookup(mapping: ImportMapping): Map<string, Map<string, number | { missing: 'skipped' | 'refused' | 'dont_know' }>> {
  const lookup = new Map<string, Map<string, number | { missing: 'skipped' | 'refused' | 'dont_know' }>>();
  for (const [itemCode, table] of Object.entries(mapping.recode)) {
    const entries = new Map<string, number | { missing: 'skipped' | 'refused' | 'dont_know' }>();
    for (const [label, target] of Object.entries(table)) entries.set(label.trim().toLowerCase(), typeof target === 'number' ? target : { missing: target });
    lookup.set(itemCode, entries);
  }
  return lookup;
}

/**
 * One exported cell as an answer: its recoding if the mapping has one, else the same reading as a
 * pasted cell (numbers, S/R/D, the study's missing codes), then the item's own rules.
 */
export function readCell(
  item: EntryItem,
  raw: string,
  recode: Map<string, number | { missing: 'skipped' | 'refused' | 'dont_know' }> | undefined,
  missingCodes: MissingCodes,
): { value: CellValue | null } | { problem: CellProblem | { reason: 'formula' } } {
  const text = raw.trim();
  const target = text === '' ? undefined : recode?.get(text.toLowerCase());
  if (target !== undefined && typeof target !== 'number') return { value: target };
  if (target !== undefined) return parsePastedCell(item, String(target), missingCodes);
  // Most cells of an export are one digit, which parsePastedCell reads as that number when the item takes it
  // (anything else, e.g. a one-digit missing code, is left to it). Its string work on 220 000 such cells
  // (lowercasing, the letter lookup, the regex) was half the time of reading a wave's cells.
  if (text.length === 1 && item.kind !== 'text') {
    const digit = text.charCodeAt(0) - 48;
    if (digit >= 0 && digit <= 9 && checkValue(item, digit) === null) return { value: digit };
  }
  // A written-in answer starting with "=" would run as a formula when the dataset is opened in Excel.
  if (item.kind === 'text' && /^[=]/.test(text)) return { problem: { reason: 'formula' } };
  return parsePastedCell(item, raw, missingCodes);
}

export function parseMapping(value: unknown): ImportMapping {
  const parsed = importMapping.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new MixwiseError('INVALID_INPUT', `The mapping is not valid${where}: ${issue.message}.`, { field: 'mapping', key: 'imports.mappingInvalid' });
  }
  return parsed.data;
}

export function listMappings(db: Db): { name: string; mapping: ImportMapping; updatedAt: string }[] {
  const rows = db.prepare('SELECT name, mapping, updated_at AS updatedAt FROM import_mapping ORDER BY name').all() as {
    name: string;
    mapping: string;
    updatedAt: string;
  }[];
  return rows.flatMap((row) => {
    const parsed = importMapping.safeParse(JSON.parse(row.mapping));
    return parsed.success ? [{ name: row.name, mapping: parsed.data, updatedAt: row.updatedAt }] : [];
  });
}

export function saveMapping(db: Db, name: string, mapping: ImportMapping, now = new Date()): { name: string } {
  const trimmed = name.trim();
  if (!trimmed) throw new MixwiseError('INVALID_INPUT', 'Give the mapping a name.', { field: 'name', key: 'imports.mappingName' });
  const checked = parseMapping(mapping);
  const at = now.toISOString();
  db.prepare(
    `INSERT INTO import_mapping (name, mapping, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(trimmed, JSON.stringify(checked), at, at);
  return { name: trimmed };
}
