import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readFixture } from './readFixture';
import { analyse } from './report';
import { scoreTable } from './scores';

/**
 * Every statistic against R (fixtures/make-expected.R: t.test paired and Welch, sd, psych::alpha
 * with r.drop, lm() ANCOVA with confint(), Morris d_ppc2, p.adjust holm) on four datasets: complete answers, missing answers, reverse-keyed items with a
 * baseline-only population arm. Each of R's rows is looked up by its key and every number must be
 * within 1e-9 of R's; a row R has and Mixwise lacks (or the reverse) fails too.
 */

const TOLERANCE = 1e-9;
type Row = Record<string, unknown>;

interface Expected {
  settings: { minAnsweredShare: number; waves: string[]; programmeArm: string; arms: string[]; groups: string[] };
  scores: { scale: string; id: string; wave: string; score: number }[];
  [section: string]: unknown;
}

/** Compares R's row with ours field by field, recursing into item lists; returns the differences. */
function differences(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (typeof expected === 'number' || typeof actual === 'number') {
    const ok = typeof expected === 'number' && typeof actual === 'number' && Math.abs(expected - actual) < TOLERANCE;
    if (!ok) out.push(`${path}: R ${expected}, Mixwise ${actual}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      out.push(`${path}: R has ${expected.length} entries, Mixwise ${Array.isArray(actual) ? actual.length : actual}`);
    else expected.forEach((entry, index) => differences(entry, actual[index], `${path}[${index}]`, out));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) differences(value, (actual as Row | undefined)?.[key], `${path}.${key}`, out);
  } else if (expected !== (actual ?? null)) {
    out.push(`${path}: R ${JSON.stringify(expected)}, Mixwise ${JSON.stringify(actual)}`);
  }
}

const KEYS: Record<string, string[]> = {
  reliability: ['scale', 'wave', 'version'],
  descriptives: ['scale', 'arm', 'group', 'wave'],
  change: ['scale', 'arm', 'group', 'from', 'to'],
  programmeEffect: ['scale', 'group', 'from', 'to', 'comparisonArm'],
  ancova: ['scale', 'group', 'model', 'from', 'to', 'comparisonArm'],
  balance: ['scale', 'group', 'armA', 'armB'],
  agree: ['scale', 'item', 'arm', 'group'],
};

const keyOf = (row: Row, fields: string[]) => JSON.stringify(fields.map((field) => row[field] ?? null));

for (const name of ['complete', 'missing', 'reverse', 'groups']) {
  describe(`equal to R on the "${name}" fixture`, () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
    const { settings } = expected;
    const data = readFixture(name, settings.minAnsweredShare);
    const report = analyse(data, { waves: settings.waves, programmeArm: settings.programmeArm }) as unknown as Record<string, Row[]>;

    it('has the same scale score for every questionnaire (reverse-keying, the share of items needed)', () => {
      const ours = new Map(data.scales.map((scale) => [scale.concept, scoreTable(data, scale, settings.minAnsweredShare)]));
      const count = [...ours.values()].reduce((sum, table) => sum + [...table.values()].reduce((n, waves) => n + waves.size, 0), 0);
      expect(count).toBe(expected.scores.length);
      for (const row of expected.scores) {
        const score = ours.get(row.scale)?.get(row.id)?.get(row.wave);
        expect(score, `${row.scale} ${row.id} ${row.wave}`).toBeDefined();
        expect(Math.abs(score! - row.score)).toBeLessThan(TOLERANCE);
      }
    });

    for (const [section, fields] of Object.entries(KEYS)) {
      it(`${section}: every row and every number within 1e-9`, () => {
        const rows = expected[section] as Row[];
        const ours = new Map(report[section]!.map((row) => [keyOf(row, fields), row]));
        expect(ours.size).toBe(report[section]!.length);
        expect(report[section]!.length).toBe(rows.length);
        const found: string[] = [];
        for (const row of rows) {
          const key = keyOf(row, fields);
          if (!ours.has(key)) found.push(`missing row ${key}`);
          else differences(row, ours.get(key), key, found);
        }
        expect(found).toEqual([]);
        // Guard against a vacuous pass: the section holds real numbers.
        expect(JSON.stringify(rows).match(/\d\.\d{6,}/g)?.length ?? 0).toBeGreaterThan(section === 'agree' ? 0 : 10);
      });
    }
  });
}
