import { describe, expect, it } from 'vitest';
import { dammCheckDigit, isValidDammId } from './damm';
import { checkId, nearbyRosterIds, oneMistakeAway } from './nearby';

const withCheck = (body: string) => body + String(dammCheckDigit(body));

describe('IDs one mistake away', () => {
  it('lists every single substitution and adjacent swap, and nothing else', () => {
    const variants = oneMistakeAway('12345678');
    expect(variants).toHaveLength(8 * 9 + 7);
    expect(variants).toContain('21345678');
    expect(variants).toContain('12345670');
    expect(variants).not.toContain('13245768');
    // Equal neighbours cannot be swapped into anything new.
    expect(oneMistakeAway('11')).toHaveLength(2 * 9);
  });

  it('finds the roster ID an invalid ID was copied from, whichever of the two mistakes was made', () => {
    const meant = withCheck('4815162');
    const roster = new Set([meant, withCheck('2342000'), withCheck('9999999')]);
    const swapped = `${meant[1]}${meant[0]}${meant.slice(2)}`;
    const substituted = `${meant.slice(0, 5)}${(Number(meant[5]) + 1) % 10}${meant.slice(6)}`;
    for (const typo of [swapped, substituted]) {
      expect(isValidDammId(typo)).toBe(false);
      expect(nearbyRosterIds(typo, roster)).toEqual([meant]);
    }
  });

  it('checks typed IDs with and without a roster; a legacy ID on the roster counts as valid', () => {
    const valid = withCheck('1000001');
    expect(checkId(valid)).toEqual({ id: valid, valid: true });
    expect(checkId(`${valid.slice(0, 4)} ${valid.slice(4)}`)).toEqual({ id: valid, valid: true });
    expect(checkId('abc')).toEqual({ id: 'abc', valid: false, reason: 'format' });
    const roster = { ids: new Set([valid, '14343143']), legacy: new Set(['14343143']) };
    expect(checkId('14343143', roster)).toEqual({ id: '14343143', valid: true, onRoster: true, legacy: true });
    expect(checkId('14343143')).toMatchObject({ valid: false, reason: 'checkDigit' });
    const typo = `${valid.slice(0, 7)}${(Number(valid[7]) + 1) % 10}`;
    expect(checkId(typo, roster)).toEqual({ id: typo, valid: false, reason: 'checkDigit', nearby: [valid], onRoster: false });
  });
});
