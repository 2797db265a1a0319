/**
 * Holm's step-down adjustment, as R's p.adjust(p, method = "holm"): a run tests dozens of effects,
 * and each family's adjusted p-values keep the chance of any false finding in it under 5 %. Null
 * p-values (tests that could not be run) are not counted in the family, as p.adjust does with NA.
 */
export function holm(p: readonly (number | null)[]): (number | null)[] {
  const present = p
    .flatMap((value, index) => (value === null ? [] : [{ value, index }]))
    .sort((x, y) => x.value - y.value || x.index - y.index);
  const m = present.length;
  const adjusted: (number | null)[] = p.map(() => null);
  let running = 0;
  present.forEach(({ value, index }, rank) => {
    running = Math.max(running, (m - rank) * value);
    adjusted[index] = Math.min(1, running);
  });
  return adjusted;
}

/** Sets pHolm on every row, each family (rows with the same familyOf) adjusted on its own. */
export function adjustFamilies<T extends { p: number | null; pHolm: number | null }>(rows: T[], familyOf: (row: T) => string): void {
  const families = new Map<string, T[]>();
  for (const row of rows) {
    const key = familyOf(row);
    const list = families.get(key);
    if (list) list.push(row);
    else families.set(key, [row]);
  }
  for (const family of families.values()) {
    holm(family.map((row) => row.p)).forEach((value, index) => (family[index]!.pHolm = value));
  }
}
