/**
 * k-anonymity over quasi-identifiers: values that are harmless alone (age, gender, group, site)
 * can single a person out together. A combination shared by fewer than k rows is risky. Pure
 * functions over plain rows, so the rules are unit-tested on small known tables.
 */

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface RiskyCombination {
  values: Record<string, Cell>;
  count: number;
}

export interface KCheck {
  risky: RiskyCombination[];
  /** Indices of the rows in a risky combination. */
  riskyRows: number[];
}

/** The value a merged small category becomes. */
export const OTHER = 'Other';

/**
 * Groups rows by their quasi-identifier values. A row whose quasi-identifiers are all blank is left
 * out: it was suppressed (or nothing about it is known), so it reveals nothing to match on.
 */
export function checkK(rows: readonly Row[], quasiIdentifiers: readonly string[], k: number): KCheck {
  if (quasiIdentifiers.length === 0) return { risky: [], riskyRows: [] };
  const classes = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const values = quasiIdentifiers.map((name) => row[name] ?? null);
    if (values.every((value) => value === null)) return;
    const key = JSON.stringify(values);
    const members = classes.get(key);
    if (members) members.push(index);
    else classes.set(key, [index]);
  });
  const risky: RiskyCombination[] = [];
  const riskyRows: number[] = [];
  for (const members of classes.values()) {
    if (members.length >= k) continue;
    const first = rows[members[0]!]!;
    risky.push({ values: Object.fromEntries(quasiIdentifiers.map((name) => [name, first[name] ?? null])), count: members.length });
    riskyRows.push(...members);
  }
  // Smallest (most identifying) first, then by the values, so reports read the same every time.
  risky.sort((a, b) => a.count - b.count || JSON.stringify(a.values).localeCompare(JSON.stringify(b.values)));
  return { risky, riskyRows: riskyRows.sort((a, b) => a - b) };
}

/** Age bands of the usual survey reports; an age below 18 stays one band. */
export const AGE_BANDS: readonly { from: number; to: number | null; label: string }[] = [
  { from: 0, to: 17, label: 'under 18' },
  { from: 18, to: 24, label: '18-24' },
  { from: 25, to: 34, label: '25-34' },
  { from: 35, to: 44, label: '35-44' },
  { from: 45, to: 54, label: '45-54' },
  { from: 55, to: 64, label: '55-64' },
  { from: 65, to: null, label: '65+' },
];

export function ageBand(age: number): string {
  const band = AGE_BANDS.find((entry) => age >= entry.from && (entry.to === null || age <= entry.to));
  return band ? band.label : AGE_BANDS[0]!.label;
}

/**
 * Replaces numbers in a column by their age band. Cells flagged as missing codes (`isMissing`) and
 * text keep their value: 97 "skipped" must not become "65+".
 */
export function bandColumn(rows: Row[], name: string, isMissing: (rowIndex: number) => boolean = () => false): void {
  rows.forEach((row, index) => {
    const value = row[name];
    if (typeof value === 'number' && !isMissing(index)) row[name] = ageBand(value);
  });
}

/**
 * Merges the categories of a column held by fewer than k rows into "Other" (blank stays blank).
 * Returns the categories merged. If "Other" itself stays below k the check still reports it.
 */
export function mergeSmallCategories(rows: Row[], name: string, k: number): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = row[name];
    if (value === null || value === undefined) continue;
    counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  }
  const small = new Set([...counts].filter(([, count]) => count < k).map(([value]) => value));
  // A single small category merged alone would just be renamed: merge it only along with others,
  // or into an existing "Other".
  if (small.size === 1 && !counts.has(OTHER)) return [];
  for (const row of rows) {
    const value = row[name];
    if (value !== null && value !== undefined && small.has(String(value))) row[name] = OTHER;
  }
  return [...small].sort();
}

/** Blanks the quasi-identifier cells of the given rows (suppression); returns how many rows. */
export function suppressRows(rows: Row[], quasiIdentifiers: readonly string[], indices: readonly number[]): number {
  for (const index of indices) for (const name of quasiIdentifiers) rows[index]![name] = null;
  return new Set(indices).size;
}
