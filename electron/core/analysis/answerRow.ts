/**
 * One questionnaire's valid answers as a row of numbers over the study's scale items, read as a
 * ReadonlyMap<item code, value>. The analysis of a 10 000-person study holds 1.3 M answers: one Map
 * per questionnaire costs seconds to build and hundreds of MB to hold, where a Float64Array row per
 * questionnaire (NaN = no valid answer) is built straight from SQLite and read by column index in the
 * hot loops (indexed.ts). Code that wants a Map (tests, fixtures, the xlsx report) still gets one.
 */
export class AnswerRow implements ReadonlyMap<string, number> {
  constructor(
    /** Item code -> column, shared by every row of one load. */
    readonly columns: ReadonlyMap<string, number>,
    /** One value per column; NaN where there is no valid answer. */
    readonly row: Float64Array,
  ) {}

  get size(): number {
    let count = 0;
    for (const value of this.row) if (!Number.isNaN(value)) count++;
    return count;
  }

  get(code: string): number | undefined {
    const column = this.columns.get(code);
    if (column === undefined) return undefined;
    const value = this.row[column]!;
    return Number.isNaN(value) ? undefined : value;
  }

  has(code: string): boolean {
    return this.get(code) !== undefined;
  }

  *entries(): MapIterator<[string, number]> {
    for (const [code, column] of this.columns) {
      const value = this.row[column]!;
      if (!Number.isNaN(value)) yield [code, value];
    }
  }

  *keys(): MapIterator<string> {
    for (const [code] of this.entries()) yield code;
  }

  *values(): MapIterator<number> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [code, value] of this.entries()) callback(value, code, this);
  }
}
