import { randomInt } from 'node:crypto';

/**
 * Damm's check digit (H. M. Damm, 2004): a totally anti-symmetric quasigroup of order 10 detects
 * every single-digit error and every transposition of adjacent digits, which Luhn does not (it
 * misses 09 <-> 90). Those are the two mistakes people make when copying an ID onto a paper form.
 */
const TABLE: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export const ID_LENGTH = 8;
const DIGITS = /^[0-9]+$/;

function interim(digits: string): number {
  let state = 0;
  for (const char of digits) state = TABLE[state]![char.charCodeAt(0) - 48]!;
  return state;
}

/** The check digit to append to a string of digits. */
export function dammCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new Error('Damm check digit needs a string of digits');
  return interim(digits);
}

/** True when the last digit is the Damm check digit of the others (the whole string folds to 0). */
export function isValidDammId(id: string): boolean {
  return id.length === ID_LENGTH && DIGITS.test(id) && interim(id) === 0;
}

/**
 * A new ID: 7 digits from the OS's cryptographic generator plus the check digit. `taken` is every ID
 * the study has ever issued, so an ID is never reused, even after erasure.
 */
export function newParticipantId(taken: (id: string) => boolean, random: (max: number) => number = randomInt): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    let body = '';
    for (let i = 0; i < ID_LENGTH - 1; i++) body += String(random(10));
    const id = body + String(dammCheckDigit(body));
    if (!taken(id)) return id;
  }
  throw new Error('Could not find an unused participant ID');
}
