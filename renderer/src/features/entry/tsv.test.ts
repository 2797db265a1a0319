import { describe, expect, it } from 'vitest';
import { parseTsv } from './tsv';

describe('reading a block copied from a spreadsheet', () => {
  it('splits rows and cells, with Windows or Unix line ends and the final newline', () => {
    expect(parseTsv('1\t2\t3\r\n4\t5\t6\r\n')).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(parseTsv('1\t\t3\n')).toEqual([['1', '', '3']]);
    expect(parseTsv('7')).toEqual([['7']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('unquotes cells holding tabs, newlines or quotes', () => {
    expect(parseTsv('"a\tb"\t"line\nbreak"\t"say ""hi"""\n')).toEqual([['a\tb', 'line\nbreak', 'say "hi"']]);
  });
});
