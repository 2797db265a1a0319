import bank from '../../../resources/item-bank/toolkit-items.json';

export type ItemKind = 'likert' | 'yesno' | 'number' | 'choice' | 'text';

export interface BankItem {
  code: string;
  concept: string;
  /** Exact toolkit wording with its placeholders; <u>..</u> marks the toolkit's underlining. */
  wording: string;
  kind: ItemKind;
  min: number;
  max: number;
  anchors: string[];
  reverseKeyed: boolean;
  audience: string;
  waves: string;
}

export interface BankConcept {
  code: string;
  name: string;
  section: string;
  core: boolean;
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
