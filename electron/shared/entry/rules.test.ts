import { describe, expect, it } from 'vitest';
import {
  cellText,
  checkValue,
  decodeCell,
  encodeCell,
  isAsked,
  isSingleKey,
  maxDigits,
  parsePastedCell,
  sameCell,
  type EntryItemRule,
} from './rules';

const likert: EntryItemRule = { code: 'att1', kind: 'likert', min: 1, max: 5, codes: null, showIf: null };
const yesno: EntryItemRule = { code: 'nat1', kind: 'choice', min: 0, max: 1, codes: [1, 0], showIf: null };
const year: EntryItemRule = { code: 'nat3', kind: 'number', min: 1900, max: 2100, codes: null, showIf: { item: 'nat1', equals: [0] } };
const age: EntryItemRule = { code: 'dem1', kind: 'number', min: 10, max: 120, codes: null, showIf: null };
const note: EntryItemRule = { code: 'nat2', kind: 'text', min: null, max: null, codes: null, showIf: { item: 'nat1', equals: [0] } };
const codes = { skipped: 97, refused: 98, dont_know: 99 };

describe('entry rules', () => {
  it('commits single-digit items on one key and multi-digit ones on Tab/Enter', () => {
    expect(isSingleKey(likert)).toBe(true);
    expect(isSingleKey(yesno)).toBe(true);
    expect(isSingleKey(age)).toBe(false);
    expect(isSingleKey(year)).toBe(false);
    expect(isSingleKey(note)).toBe(false);
    expect(maxDigits(year)).toBe(4);
    expect(maxDigits(age)).toBe(3);
  });

  it('refuses values outside the range and names the range', () => {
    expect(checkValue(likert, 3)).toBeNull();
    expect(checkValue(likert, 7)).toEqual({ reason: 'outOfRange', min: 1, max: 5 });
    expect(checkValue(likert, 0)).toEqual({ reason: 'outOfRange', min: 1, max: 5 });
    expect(checkValue(age, 9)).toEqual({ reason: 'outOfRange', min: 10, max: 120 });
    expect(checkValue(yesno, 2)).toEqual({ reason: 'notACode', codes: '1, 0' });
    expect(checkValue(likert, { missing: 'refused' })).toBeNull();
    expect(checkValue(likert, { text: 'x' })).toEqual({ reason: 'notANumber' });
    expect(checkValue(note, 3)).toEqual({ reason: 'textExpected' });
    expect(checkValue(note, { text: 'x'.repeat(501) })).toEqual({ reason: 'tooLong', max: 500 });
  });

  it('asks a follow-up only when its source says so, and keeps it open while the source is unknown', () => {
    const values = new Map<string, number | { missing: 'refused' }>();
    const valueOf = (code: string) => values.get(code);
    expect(isAsked(year, valueOf)).toBe(true);
    values.set('nat1', 1);
    expect(isAsked(year, valueOf)).toBe(false);
    values.set('nat1', 0);
    expect(isAsked(year, valueOf)).toBe(true);
    values.set('nat1', { missing: 'refused' });
    expect(isAsked(year, valueOf)).toBe(true);
    expect(isAsked(likert, valueOf)).toBe(true);
  });

  it('reads pasted cells: numbers, letters and codes for missing answers, blanks clear', () => {
    expect(parsePastedCell(likert, ' 4 ', codes)).toEqual({ value: 4 });
    expect(parsePastedCell(likert, '', codes)).toEqual({ value: null });
    expect(parsePastedCell(likert, 'r', codes)).toEqual({ value: { missing: 'refused' } });
    expect(parsePastedCell(likert, '99', codes)).toEqual({ value: { missing: 'dont_know' } });
    expect(parsePastedCell(likert, '6', codes)).toEqual({ problem: { reason: 'outOfRange', min: 1, max: 5 } });
    expect(parsePastedCell(likert, 'four', codes)).toEqual({ problem: { reason: 'notANumber' } });
    // Names of Object's own properties are words like any other, not missing answers.
    for (const word of ['constructor', 'toString', '__proto__']) expect(parsePastedCell(likert, word, codes)).toEqual({ problem: { reason: 'notANumber' } });
    // 97 is a possible age: the range wins over the missing code.
    expect(parsePastedCell(age, '97', codes)).toEqual({ value: 97 });
    expect(parsePastedCell(note, 'Albania', codes)).toEqual({ value: { text: 'Albania' } });
  });

  it('encodes cells canonically and compares them by value', () => {
    for (const value of [3, { missing: 'skipped' as const }, { text: 'a "quoted" text' }, null]) {
      expect(decodeCell(encodeCell(value))).toEqual(value);
    }
    expect(sameCell(3, 3)).toBe(true);
    expect(sameCell(3, null)).toBe(false);
    expect(sameCell(null, undefined)).toBe(true);
    expect(sameCell({ missing: 'skipped' }, { missing: 'refused' })).toBe(false);
    expect(sameCell({ text: 'a' }, { text: 'a' })).toBe(true);
    expect(cellText({ missing: 'refused' }, codes)).toBe('98');
    expect(cellText(5, codes)).toBe('5');
  });
});
