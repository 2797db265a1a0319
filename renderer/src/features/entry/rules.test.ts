import { describe, expect, it } from 'vitest';
import * as core from '../../../../electron/core/entry/rules';
import * as client from './rules';

const items: core.EntryItemRule[] = [
  { code: 'att1', kind: 'likert', min: 1, max: 5, codes: null, showIf: null },
  { code: 'nat1', kind: 'choice', min: 0, max: 1, codes: [1, 0], showIf: null },
  { code: 'nat3', kind: 'number', min: 1900, max: 2100, codes: null, showIf: { item: 'nat1', equals: [0] } },
  { code: 'dem1', kind: 'number', min: 10, max: 120, codes: null, showIf: null },
  { code: 'nat2', kind: 'text', min: null, max: null, codes: null, showIf: { item: 'nat1', equals: [0] } },
  { code: 'own1', kind: 'choice', min: 1, max: 9, codes: [1, 2, 9], showIf: null },
];
const values: core.CellValue[] = [-1, 0, 1, 2, 3, 5, 6, 9, 10, 97, 120, 121, 1899, 1950, 2101, 2.5, { missing: 'skipped' }, { missing: 'refused' }, { missing: 'dont_know' }, { text: 'Albania' }, { text: 'x'.repeat(501) }];
const codes = { skipped: 97, refused: 98, dont_know: 99 };

describe("the renderer's copy of the cell rules", () => {
  it('agrees with the core on every item kind and value', () => {
    for (const item of items) {
      expect(client.isSingleKey(item), item.code).toBe(core.isSingleKey(item));
      expect(client.maxDigits(item), item.code).toBe(core.maxDigits(item));
      for (const value of values) expect(client.checkValue(item, value), `${item.code} ${JSON.stringify(value)}`).toEqual(core.checkValue(item, value));
      for (const source of [undefined, null, 0, 1, { missing: 'refused' as const }]) {
        const valueOf = (code: string) => (code === 'nat1' ? source : undefined);
        expect(client.isAsked(item, valueOf)).toBe(core.isAsked(item, valueOf));
      }
    }
    for (const value of [...values, null]) expect(client.cellText(value, codes)).toBe(core.cellText(value, codes));
    expect(client.TEXT_MAX_LENGTH).toBe(core.TEXT_MAX_LENGTH);
  });
});
