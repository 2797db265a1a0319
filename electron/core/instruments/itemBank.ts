import bank from '../../../resources/item-bank/toolkit-items.json';

export type ItemKind = 'likert' | 'yesno' | 'number' | 'choice' | 'text';

/** Ask the item only when the earlier item's answer is one of `equals` (the toolkit's follow-up questions). */
export interface ShowIf {
  item: string;
  equals: number[];
}

export interface BankItem {
  code: string;
  concept: string;
  /** Chapter 4 section, e.g. "4.2". */
  section: string;
  /** Exact toolkit wording with its placeholders; <u>..</u> marks the toolkit's underlining. */
  wording: string;
  kind: ItemKind;
  /** Numeric answer range; null for written-in (text) items. */
  min: number | null;
  max: number | null;
  /** Likert: one label per point min..max ("" = unlabelled point). yesno/choice: options in printed order, coded by `codes`. */
  anchors: string[];
  reverseKeyed: boolean;
  /** 'all' | 'host' | 'migrant' */
  audience: string;
  /** 'all' | 'pre' | 'post_fu' */
  waves: string;
  /** The question number as printed, e.g. "3(a)". */
  toolkitNumber?: string;
  /** yesno/choice: the numeric code of each anchor (the toolkit prints "1 Yes" before "0 No"). */
  codes?: number[];
  /** Shared stem of a grid; the item's wording is its ending. */
  stem?: string;
  /** Instruction printed before a block of items. */
  instruction?: string;
  subscale?: string;
  responseLabel?: string;
  showIf?: ShowIf;
  /** 'mixwise' when the toolkit names the characteristic but prints no question (respondent characteristics). */
  wordingSource?: 'toolkit' | 'mixwise';
  /** The toolkit's sentence naming the characteristic (mixwise-worded items). */
  toolkitBasis?: string;
  /** Which named characteristic a mixwise-worded item asks about, e.g. "age". */
  characteristic?: string;
  reverseNote?: string;
  rangeNote?: string;
  wordingNote?: string;
  anchorsNote?: string;
  audienceNote?: string;
  wavesNote?: string;
  skipNote?: string;
  sourceFragments?: string[];
}

export interface BankConcept {
  code: string;
  name: string;
  section: string;
  core: boolean;
  /** Whether the items are averaged into one score (false for background questions). */
  scale?: boolean;
  sourceHeading?: string;
  description?: string;
  highScoreMeans?: string;
  conceptNote?: string;
}

export const itemBankSource: string = bank.source;
export const bankConcepts = bank.concepts as BankConcept[];
export const bankItems = bank.items as BankItem[];

export function bankItem(code: string): BankItem {
  const item = bankItems.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`No item ${code} in the item bank`);
  return item;
}

/** Items of the toolkit's six core concepts, in the toolkit's order. */
export function coreItems(): BankItem[] {
  const core = new Set(bankConcepts.filter((concept) => concept.core).map((concept) => concept.code));
  return bankItems.filter((item) => core.has(item.concept));
}

/** Items of one concept, in the toolkit's order. */
export function itemsForConcept(conceptCode: string): BankItem[] {
  return bankItems.filter((item) => item.concept === conceptCode);
}

/** Concepts of one chapter 4 section ("4.1" … "4.5"), in the toolkit's order. */
export function conceptsInSection(section: string): BankConcept[] {
  return bankConcepts.filter((concept) => concept.section === section);
}

/**
 * The question as it reads on its own: a grid item's ending is joined to its shared stem
 * (construals: "…their relations to be... ...in conflict or in harmony?").
 */
export function fullWording(item: BankItem): string {
  return item.stem ? `${item.stem} ${item.wording}` : item.wording;
}

/** The numeric code stored for each anchor: `codes` for yesno/choice, otherwise min, min+1, … */
export function anchorCodes(item: BankItem): number[] {
  if (item.codes) return item.codes;
  if (item.min === null) return [];
  const min = item.min;
  return item.anchors.map((_, index) => min + index);
}

/**
 * The bank's wording as the toolkit prints it: the bank marks each [group] with the form its
 * wording takes (placeholders.ts), e.g. the toolkit's "a [group] person" is "[a group person]".
 */
export function toolkitWording(text: string): string {
  return text
    .split('[a group person]').join('a [group] person')
    .split('[the group people]').join('the [group] people')
    .split('[Group:community]').join('[Group]')
    .split('[group:community]').join('[group]');
}
