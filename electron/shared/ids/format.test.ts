import { describe, expect, it } from 'vitest';
import { formatId, parseId, sameId } from './format';

describe('participant ID display format', () => {
  it('groups the digits in fours for reading', () => {
    expect(formatId('50217164')).toBe('5021 7164');
    expect(formatId('502171641')).toBe('5021 7164 1');
    expect(formatId('502171641234')).toBe('5021 7164 1234');
    expect(formatId('1234')).toBe('1234');
    expect(formatId('')).toBe('');
    // Not an ID: shown as it is rather than cut into pieces.
    expect(formatId('ABC12345')).toBe('ABC12345');
  });

  it('reads an ID typed with or without the space, and what formatId shows', () => {
    expect(parseId('50217164')).toBe('50217164');
    expect(parseId('5021 7164')).toBe('50217164');
    expect(parseId('  5021  7164 ')).toBe('50217164');
    expect(parseId('5021-7164')).toBe('50217164');
    expect(parseId('5021\u00a07164')).toBe('50217164');
    for (const id of ['50217164', '502171641234', '1234']) expect(parseId(formatId(id))).toBe(id);
  });

  it('refuses what is not an ID instead of guessing', () => {
    expect(parseId('')).toBeNull();
    expect(parseId('   ')).toBeNull();
    expect(parseId('5021 716A')).toBeNull();
    expect(parseId('-50217164')).toBeNull();
    expect(parseId('5021.7164')).toBeNull();
  });

  it('compares IDs however they were written', () => {
    expect(sameId('5021 7164', '50217164')).toBe(true);
    expect(sameId('5021 7164', '5021 7165')).toBe(false);
    expect(sameId('', '')).toBe(false);
  });
});
