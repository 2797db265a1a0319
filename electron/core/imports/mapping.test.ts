import { describe, expect, it } from 'vitest';
import { parsePastedCell, type MissingCodes } from '../../shared/entry/rules';
import type { EntryItem } from '../entry/sheet';
import { readCell } from './mapping';

describe('reading a cell', () => {
  it('reads a one-character cell exactly as a pasted one, whatever the item takes', () => {
    const base = { code: 'q', position: 1, number: 1, wording: '', concept: '', anchors: [], showIf: null };
    const items: EntryItem[] = [
      { ...base, kind: 'likert', min: 1, max: 5, codes: null },
      { ...base, kind: 'yesno', min: 0, max: 1, codes: null },
      { ...base, kind: 'choice', min: 1, max: 9, codes: [1, 3, 7] },
      { ...base, kind: 'number', min: null, max: null, codes: null },
      { ...base, kind: 'number', min: 16, max: 99, codes: null },
      { ...base, kind: 'text', min: null, max: null, codes: null },
    ];
    const codes: MissingCodes[] = [
      { skipped: 97, refused: 98, dont_know: 99 },
      { skipped: 7, refused: 8, dont_know: 9 },
    ];
    // All printable ASCII but "=", which readCell refuses in text (a formula) where a paste takes it.
    const chars = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).filter((char) => char !== '=');
    const cells = chars.flatMap((char) => [char, ` ${char} `]);
    for (const item of items) {
      for (const missingCodes of codes) {
        for (const raw of cells) {
          expect(readCell(item, raw, undefined, missingCodes), JSON.stringify({ item, raw })).toEqual(parsePastedCell(item, raw, missingCodes));
        }
      }
    }
  });
});
