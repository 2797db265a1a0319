import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dammCheckDigit, isValidDammId, newParticipantId } from './damm';

function randomIds(count: number): string[] {
  const seen = new Set<string>();
  return Array.from({ length: count }, () => newParticipantId((id) => seen.has(id), randomInt)).map((id) => {
    seen.add(id);
    return id;
  });
}

describe('Damm check digit', () => {
  it('matches the published example (572 -> 4)', () => {
    expect(dammCheckDigit('572')).toBe(4);
  });

  it('accepts every generated ID and rejects non-digits and wrong lengths', () => {
    for (const id of randomIds(200)) expect(isValidDammId(id)).toBe(true);
    expect(isValidDammId('1234567')).toBe(false);
    expect(isValidDammId('12345a78')).toBe(false);
  });

  it('detects every single-digit error and every adjacent transposition of 10 000 random IDs', () => {
    let undetected = 0;
    let checked = 0;
    for (const id of randomIds(10_000)) {
      for (let position = 0; position < id.length; position++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === id[position]) continue;
          const changed = id.slice(0, position) + digit + id.slice(position + 1);
          checked++;
          if (isValidDammId(changed)) undetected++;
        }
        if (position < id.length - 1 && id[position] !== id[position + 1]) {
          const swapped = id.slice(0, position) + id[position + 1] + id[position] + id.slice(position + 2);
          checked++;
          if (isValidDammId(swapped)) undetected++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000 * 72);
    expect(undetected).toBe(0);
  });

  it('never returns an ID already taken', () => {
    const sequence = [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6, 8];
    let index = 0;
    const first = '1234567' + dammCheckDigit('1234567');
    const id = newParticipantId((candidate) => candidate === first, () => sequence[index++ % sequence.length]!);
    expect(id).toBe('1234568' + dammCheckDigit('1234568'));
  });
});
