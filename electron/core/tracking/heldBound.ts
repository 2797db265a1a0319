/**
 * What the forms held for the match assistant could do to the match rate, at most. A held form has
 * no roster ID yet, so whose it is is unknown; the bound assumes every one belongs to an unmatched
 * participant lacking exactly that wave, which no real outcome beats:
 * - a participant who lacks one comparison wave is matched by one held form of that wave;
 * - one who lacks two or more needs a form of each, so at least two forms from at least two waves:
 *   after the one-wave people are served, no more of them than half the forms left, nor than the
 *   forms left outside the wave with the most (each of them takes at least one from another wave).
 * With two comparison waves (pre + post, the default) the bound is exact for the best case.
 */

export interface HeldMatch {
  /** Forms held at the comparison's waves (held forms of other waves cannot change this rate). */
  forms: number;
  /** Matched participants if every held form were matched in the most favourable way. */
  matchedAtMost: number;
  /** matchedAtMost / enrolled, or null when nobody is enrolled. */
  rateAtMost: number | null;
}

/** Unmatched participants counted by the comparison waves they lack (a non-empty subset). */
export interface Lacking {
  count: number;
  lacks: readonly string[];
}

export function heldMatch(
  comparison: readonly string[],
  held: ReadonlyMap<string, number>,
  lacking: Iterable<Lacking>,
  enrolled: number,
  matched: number,
): HeldMatch {
  const forms = comparison.reduce((sum, wave) => sum + (held.get(wave) ?? 0), 0);
  const onlyOne = new Map<string, number>();
  let several = 0;
  for (const entry of lacking) {
    if (entry.count === 0 || entry.lacks.length === 0) continue;
    if (entry.lacks.length === 1) onlyOne.set(entry.lacks[0]!, (onlyOne.get(entry.lacks[0]!) ?? 0) + entry.count);
    else several += entry.count;
  }
  let single = 0;
  const left = comparison.map((wave) => {
    const used = Math.min(held.get(wave) ?? 0, onlyOne.get(wave) ?? 0);
    single += used;
    return (held.get(wave) ?? 0) - used;
  });
  const leftTotal = left.reduce((sum, count) => sum + count, 0);
  const multiple = Math.min(several, Math.floor(leftTotal / 2), leftTotal - Math.max(0, ...left));
  const matchedAtMost = Math.min(enrolled, matched + single + multiple);
  return { forms, matchedAtMost, rateAtMost: enrolled === 0 ? null : matchedAtMost / enrolled };
}
