/**
 * The rules a keyed cell must pass, as pure functions with no imports: the core enforces them on
 * every write and the renderer uses the very same code to refuse a key before it is sent, so the
 * grid and the study file can never disagree about what is valid.
 */

export type MissingReason = 'skipped' | 'refused' | 'dont_know';
export const MISSING_REASONS: readonly MissingReason[] = ['skipped', 'refused', 'dont_know'];

/** One answer as keyed: a number, a missing code, or written-in text. An empty cell is null. */
export type CellValue = number | { missing: MissingReason } | { text: string };

export type ItemKind = 'likert' | 'yesno' | 'number' | 'choice' | 'text';

export interface ShowIfRule {
  item: string;
  equals: number[];
}

/** What entry needs to know of one item of a version, in printed order. */
export interface EntryItemRule {
  code: string;
  kind: ItemKind;
  min: number | null;
  max: number | null;
  /** The allowed codes of a yesno/choice item when they are not simply min..max. */
  codes: number[] | null;
  showIf: ShowIfRule | null;
}

/** The numeric codes missing answers are exported as (study settings; 97/98/99 by default). */
export type MissingCodes = Record<MissingReason, number>;

export const TEXT_MAX_LENGTH = 500;

export type CellProblem =
  | { reason: 'outOfRange'; min: number; max: number }
  | { reason: 'notACode'; codes: string }
  | { reason: 'notANumber' }
  | { reason: 'textExpected' }
  | { reason: 'tooLong'; max: number }
  | { reason: 'notAsked'; item: string };

/**
 * A single-key item commits on its one digit, with no Enter: every numeric item whose whole range
 * is single digits (the toolkit's 1–5 scales, yes/no, short choices). Ages and years need Tab/Enter.
 */
export function isSingleKey(item: Pick<EntryItemRule, 'kind' | 'min' | 'max'>): boolean {
  return item.kind !== 'text' && item.min !== null && item.max !== null && item.min >= 0 && item.max <= 9;
}

/** The most digits a multi-digit item can take, so the grid stops accepting keys beyond it. */
export function maxDigits(item: Pick<EntryItemRule, 'max'>): number {
  return String(Math.max(0, item.max ?? 999999)).length;
}

/** Checks a value against the item's kind and range; null means the value is acceptable. */
export function checkValue(item: EntryItemRule, value: CellValue): CellProblem | null {
  if (typeof value === 'number') {
    if (item.kind === 'text') return { reason: 'textExpected' };
    if (!Number.isInteger(value)) return { reason: 'notANumber' };
    if (item.codes && item.codes.length > 0) {
      return item.codes.includes(value) ? null : { reason: 'notACode', codes: item.codes.join(', ') };
    }
    if ((item.min !== null && value < item.min) || (item.max !== null && value > item.max)) {
      return { reason: 'outOfRange', min: item.min ?? value, max: item.max ?? value };
    }
    return null;
  }
  if ('missing' in value) return MISSING_REASONS.includes(value.missing) ? null : { reason: 'notANumber' };
  if (item.kind !== 'text') return { reason: 'notANumber' };
  return value.text.length > TEXT_MAX_LENGTH ? { reason: 'tooLong', max: TEXT_MAX_LENGTH } : null;
}

/**
 * Skip logic as the paper form prints it ("if 0, answer (b) and (c)"): an item with a rule is asked
 * only when the earlier item's answer is one of `equals`. While the earlier item is empty or has a
 * missing code the follow-up stays open: the respondent may well have answered it.
 */
export function isAsked(item: Pick<EntryItemRule, 'showIf'>, valueOf: (code: string) => CellValue | null | undefined): boolean {
  if (!item.showIf) return true;
  const source = valueOf(item.showIf.item);
  if (typeof source !== 'number') return true;
  return item.showIf.equals.includes(source);
}

export function sameCell(a: CellValue | null | undefined, b: CellValue | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if ('missing' in a) return 'missing' in b && a.missing === b.missing;
  return 'text' in b && a.text === b.text;
}

/** Canonical JSON of a cell for the log and the resolutions: 4, {"missing":"refused"}, {"text":"…"}, null. */
export function encodeCell(value: CellValue | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return String(value);
  return 'missing' in value ? JSON.stringify({ missing: value.missing }) : JSON.stringify({ text: value.text });
}

export function decodeCell(stored: string | null): CellValue | null {
  if (stored === null) return null;
  return JSON.parse(stored) as CellValue;
}

/** Display text of a cell: the number, the missing code as exported (e.g. 98), or the text. */
export function cellText(value: CellValue | null | undefined, missingCodes: MissingCodes): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return 'missing' in value ? String(missingCodes[value.missing]) : value.text;
}

/**
 * The letter a missing answer is keyed and shown with (S skipped, R refused, D don't know): what the
 * clerk typed, so the grid shows it as keyed; the numeric codes (97/98/99) exist only in the data.
 */
export const MISSING_LETTER: Readonly<Record<MissingReason, string>> = { skipped: 'S', refused: 'R', dont_know: 'D' };

/** What the keying grid shows in a cell: the number, the missing answer's letter, or the text. */
export function keyedText(value: CellValue | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return 'missing' in value ? MISSING_LETTER[value.missing] : value.text;
}

// A Map, not an object: a cell reading "constructor" must not find Object's prototype.
const PASTE_LETTERS = new Map<string, MissingReason>(MISSING_REASONS.map((reason) => [MISSING_LETTER[reason].toLowerCase(), reason]));

/**
 * Reads one pasted spreadsheet cell. Blank clears the cell. The letters S, R, D and the study's
 * missing codes (97/98/99) are missing answers, except where the code is itself a valid answer
 * (an age of 97 stays an age): a spreadsheet cell cannot say which was meant, the range can.
 */
export function parsePastedCell(
  item: EntryItemRule,
  raw: string,
  missingCodes: MissingCodes,
): { value: CellValue | null } | { problem: CellProblem } {
  const text = raw.trim();
  if (text === '') return { value: null };
  if (item.kind === 'text') {
    const value = { text };
    const problem = checkValue(item, value);
    return problem ? { problem } : { value };
  }
  const letter = PASTE_LETTERS.get(text.toLowerCase());
  if (letter) return { value: { missing: letter } };
  if (!/^-?\d+$/.test(text)) return { problem: { reason: 'notANumber' } };
  const number = Number(text);
  const problem = checkValue(item, number);
  if (!problem) return { value: number };
  for (const reason of MISSING_REASONS) if (missingCodes[reason] === number) return { value: { missing: reason } };
  return { problem };
}
