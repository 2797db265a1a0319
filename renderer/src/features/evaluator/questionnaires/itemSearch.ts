import { plainWording } from '../../../components/plainWording';

export interface SearchableItem {
  code: string;
  wording: string;
}

/** A heading of the picker (a toolkit concept, or the study's own items) and its items in order. */
export interface ItemGroup<I extends SearchableItem> {
  key: string;
  /** The concept's name, searched like the wording; empty for a heading that is no concept. */
  name: string;
  items: I[];
}

export interface SearchResult<G> {
  /** Only the groups with a match, each with only its matching items, in the bank's order. */
  groups: G[];
  count: number;
}

/**
 * Folds text for matching: the underline marks go (a search for "negatively or positively" finds
 * "<u>negatively</u> or <u>positively</u>"), case and accents are ignored ("etranger" finds
 * "étranger"), and runs of spaces count as one.
 */
export function foldForSearch(text: string): string {
  return fold(plainWording(text));
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The query's words; an item matches when each of them occurs in its code, its concept's name or its wording. */
export function queryWords(query: string): string[] {
  // The query is read as typed: a "<u>" in it is no underline mark and finds nothing.
  return fold(query).split(' ').filter(Boolean);
}

export function searchItems<G extends ItemGroup<SearchableItem>>(groups: G[], query: string): SearchResult<G> {
  const words = queryWords(query);
  const found: G[] = [];
  let count = 0;
  for (const group of groups) {
    const name = foldForSearch(group.name);
    const items = group.items.filter((item: SearchableItem) => {
      // Fields are joined by a line break, which no folded text holds, so no word can span two of them.
      const text = `${item.code.toLowerCase()}\n${name}\n${foldForSearch(item.wording)}`;
      return words.every((word) => text.includes(word));
    });
    if (items.length > 0) found.push({ ...group, items });
    count += items.length;
  }
  return { groups: found, count };
}
