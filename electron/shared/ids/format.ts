/**
 * One way to show a participant ID everywhere: digits in groups of four from the left
 * ("5021 7164"), because eight digits in a row are easy to misread or copy with one swapped.
 * People may type an ID with or without the space (or with a dash, as some printed lists do);
 * parseId gives back the bare digits the files store. Shared by the core (printouts) and the
 * renderer, so it imports nothing.
 */

const GROUP = 4;

/** "50217164" -> "5021 7164"; longer IDs go on in fours ("5021 7164 12"). Anything not all digits is returned as it is. */
export function formatId(id: string): string {
  if (!/^\d+$/.test(id) || id.length <= GROUP) return id;
  const groups: string[] = [];
  for (let start = 0; start < id.length; start += GROUP) groups.push(id.slice(start, start + GROUP));
  return groups.join(' ');
}

/**
 * The digits of an ID as typed: spaces (any kind, e.g. the no-break space a copied printout may
 * hold) and dashes between digits are dropped. Returns null for anything else (a letter, an empty
 * text), so a caller can refuse it rather than guess.
 */
export function parseId(text: string): string | null {
  const trimmed = text.trim();
  if (!/^\d(?:[\d\s\u00a0\u202f-]*\d)?$/.test(trimmed)) return null;
  return trimmed.replace(/[\s\u00a0\u202f-]/g, '');
}

/** Whether two IDs as typed or shown are the same ID ("5021 7164" and "50217164" are). */
export function sameId(a: string, b: string): boolean {
  const left = parseId(a);
  return left !== null && left === parseId(b);
}
