import { describe, expect, it } from 'vitest';
import { ageBand, bandColumn, checkK, mergeSmallCategories, OTHER, suppressRows, type Row } from './kanon';

/** 12 people: the 3 host women of site south are unique-ish; one migrant man of 71 is alone. */
function table(): Row[] {
  const rows: Row[] = [];
  const add = (count: number, group: string, gender: string, site: string, age: number) => {
    for (let n = 0; n < count; n++) rows.push({ group, gender, site, age: age + n });
  };
  add(5, 'Migrant', 'woman', 'north', 20);
  add(3, 'Migrant', 'man', 'north', 30);
  add(3, 'Host', 'woman', 'south', 40);
  add(1, 'Migrant', 'man', 'south', 71);
  return rows;
}

describe('checkK', () => {
  it('finds the combinations shared by fewer than k rows, smallest first, with their rows', () => {
    const rows = table();
    const result = checkK(rows, ['group', 'gender', 'site'], 5);
    expect(result.risky).toEqual([
      { values: { group: 'Migrant', gender: 'man', site: 'south' }, count: 1 },
      { values: { group: 'Host', gender: 'woman', site: 'south' }, count: 3 },
      { values: { group: 'Migrant', gender: 'man', site: 'north' }, count: 3 },
    ]);
    expect(result.riskyRows).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('passes when every combination reaches k, and with no quasi-identifiers', () => {
    expect(checkK(table(), ['group', 'gender', 'site'], 1).risky).toEqual([]);
    expect(checkK(table(), ['group'], 3)).toEqual({ risky: [], riskyRows: [] });
    expect(checkK(table(), [], 5)).toEqual({ risky: [], riskyRows: [] });
  });

  it('ignores rows whose quasi-identifiers are all blank (suppressed), but not partly blank ones', () => {
    const rows: Row[] = [{ a: null, b: null }, { a: 'x', b: null }, { a: 'x', b: 'y' }, { a: 'x', b: 'y' }];
    expect(checkK(rows, ['a', 'b'], 2)).toEqual({ risky: [{ values: { a: 'x', b: null }, count: 1 }], riskyRows: [1] });
  });
});

describe('generalisation and suppression', () => {
  it('puts ages into bands at the right edges', () => {
    expect([10, 17, 18, 24, 25, 34, 35, 44, 45, 54, 55, 64, 65, 99].map(ageBand)).toEqual([
      'under 18', 'under 18', '18-24', '18-24', '25-34', '25-34', '35-44', '35-44', '45-54', '45-54', '55-64', '55-64', '65+', '65+',
    ]);
  });

  it('bands a column but leaves missing codes and blanks alone', () => {
    const rows: Row[] = [{ age: 23 }, { age: 97 }, { age: null }, { age: 97 }];
    bandColumn(rows, 'age', (index) => index === 1);
    expect(rows).toEqual([{ age: '18-24' }, { age: 97 }, { age: null }, { age: '65+' }]);
  });

  it('age bands turn a failing table into a passing one', () => {
    const rows: Row[] = [20, 21, 22, 23, 24, 26, 27, 28, 29, 30].map((age) => ({ group: 'Migrant', age }));
    expect(checkK(rows, ['group', 'age'], 5).risky).toHaveLength(10);
    bandColumn(rows, 'age');
    expect(checkK(rows, ['group', 'age'], 5).risky).toEqual([]);
  });

  it('merges categories smaller than k into Other', () => {
    const rows: Row[] = [
      ...Array.from({ length: 6 }, () => ({ nationality: 'A' })),
      { nationality: 'B' }, { nationality: 'B' }, { nationality: 'C' }, { nationality: 'D' }, { nationality: 'D' }, { nationality: null },
    ];
    expect(mergeSmallCategories(rows, 'nationality', 5)).toEqual(['B', 'C', 'D']);
    expect(rows.map((row) => row.nationality)).toEqual(['A', 'A', 'A', 'A', 'A', 'A', OTHER, OTHER, OTHER, OTHER, OTHER, null]);
    expect(checkK(rows, ['nationality'], 5).risky).toEqual([]);
  });

  it('does not rename a lone small category, which would hide nothing', () => {
    const rows: Row[] = [...Array.from({ length: 5 }, () => ({ g: 'A' })), { g: 'B' }];
    expect(mergeSmallCategories(rows, 'g', 5)).toEqual([]);
    expect(rows.at(-1)).toEqual({ g: 'B' });
  });

  it('suppression blanks the quasi-identifiers of risky rows so the check passes', () => {
    const rows = table();
    const before = checkK(rows, ['group', 'gender', 'site'], 5);
    expect(suppressRows(rows, ['group', 'gender', 'site'], before.riskyRows)).toBe(7);
    expect(rows[11]).toEqual({ group: null, gender: null, site: null, age: 71 });
    expect(rows[0]).toEqual({ group: 'Migrant', gender: 'woman', site: 'north', age: 20 });
    expect(checkK(rows, ['group', 'gender', 'site'], 5).risky).toEqual([]);
  });
});
