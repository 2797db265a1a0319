import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * How guessable a new passphrase is, estimated offline by zxcvbn-ts (Dropbox's estimator, kept up
 * as a TypeScript package): dictionaries of common passwords, names and English words, keyboard
 * patterns, dates, repeats and l33t substitutions; nothing is fetched. A score runs 0 (guessed in
 * under 10^3 tries) to 4 (over 10^10). Scores 0 and 1 are refused: "password1", "qwertyuiop" and
 * "12345678" pass a length rule but fall to the first minutes of an offline attack on a stolen
 * laptop's file. Score 2 (around 10^6–10^8 guesses, which SQLCipher's 256 000 PBKDF2 rounds and
 * the vault's scrypt make slow) is accepted so that a memorable phrase of a few words passes.
 */

export const MIN_SCORE = 2;
/** zxcvbn is quadratic in the length; longer passphrases are judged on their first 100 characters. */
const MAX_CHECKED = 100;

let factory: ZxcvbnFactory | null = null;

function estimator(): ZxcvbnFactory {
  // Built on first use: the dictionaries take a moment and most runs never set a passphrase.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary, mixwise: ['mixwise', 'mixvault', 'mixbatch', 'vault', 'study'] },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return factory;
}

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  /** log10 of the estimated guesses. */
  guessesLog10: number;
  acceptable: boolean;
}

/** `related`: words that must not make a passphrase strong (the study's name, the file's name). */
export function passphraseStrength(passphrase: string, related: string[] = []): Strength {
  const result = estimator().check(passphrase.slice(0, MAX_CHECKED), related.filter(Boolean).slice(0, 20));
  const score = result.score as Strength['score'];
  return { score, guessesLog10: result.guessesLog10, acceptable: score >= MIN_SCORE };
}
