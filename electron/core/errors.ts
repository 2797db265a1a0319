/**
 * Errors that cross the API boundary as data: a stable code the UI and CLI can act on, and a plain
 * English sentence (the CLI prints it; the UI translates by code and uses it only as a fallback).
 * Anything else thrown inside the core is reported as INTERNAL without its message, because a raw
 * driver message may quote a file path or a value.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'WRONG_PASSPHRASE',
  'NEWER_VERSION',
  'NOT_MIXWISE',
  'DAMAGED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'NO_STUDY_OPEN',
  'FORBIDDEN',
  'CANCELLED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];
export type ErrorParams = Record<string, string | number>;

export class MixwiseError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /**
     * field: the input the message belongs at; key: a message key under errors.* in the locale files
     * when the code alone is too coarse (the UI falls back to the English message without one).
     */
    readonly details: { field?: string; key?: string; params?: ErrorParams } = {},
  ) {
    super(message);
    this.name = 'MixwiseError';
  }
}

export function isMixwiseError(error: unknown): error is MixwiseError {
  return error instanceof MixwiseError;
}
