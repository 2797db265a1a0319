/**
 * How a chart names an item across questionnaire versions: each version words it for its own group
 * ("…people who are newcomers…" for residents, "…long-time residents…" for newcomers), so a chart of
 * all groups shows the words the versions share and "…" where they differ. Markup (the underlining
 * of the printed form) is dropped, and a long wording is cut at a word with "…".
 */

const MAX_LENGTH = 90;

const plain = (wording: string) => wording.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();

export function sharedWording(wordings: readonly string[], maxLength = MAX_LENGTH): string {
  const texts = [...new Set(wordings.map(plain).filter(Boolean))];
  if (texts.length <= 1) return shorten(texts[0] ?? '', maxLength);
  const first = texts[0]!;
  const shortest = Math.min(...texts.map((text) => text.length));
  let head = 0;
  while (head < shortest && texts.every((text) => text[head] === first[head])) head++;
  let tail = 0;
  while (tail < shortest - head && texts.every((text) => text[text.length - 1 - tail] === first[first.length - 1 - tail])) tail++;
  // Whole words only: a shared end of two words ("residents," and "newcomers," share "s,") is not shared wording.
  const inWord = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);
  while (head > 0 && texts.some((text) => inWord(text[head]) && inWord(text[head - 1]))) head--;
  while (tail > 0 && texts.some((text) => inWord(text[text.length - tail]) && inWord(text[text.length - tail - 1]))) tail--;
  const joined = `${first.slice(0, head).trimEnd()} …${first.slice(first.length - tail)}`.trim();
  return shorten(joined, maxLength);
}

function shorten(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}
