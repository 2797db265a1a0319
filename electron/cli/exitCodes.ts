import { isMixwiseError, type ErrorCode } from '../core/errors';
import { UsageError } from './args';

/**
 * The one place that decides a `mixwise` exit code. Scripts branch on these numbers, so they are a
 * public contract: never renumber, only add.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  wrongPassphrase: 3,
  fileNotUsable: 4,
  /** The shell's convention for "stopped by Ctrl-C" (128 + SIGINT). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every core error code, spelled out: a Record over ErrorCode makes a newly added code a compile
 * error here until someone decides its exit code.
 */
const byErrorCode: Record<ErrorCode, ExitCodeValue> = {
  INVALID_INPUT: ExitCode.usage,
  WRONG_PASSPHRASE: ExitCode.wrongPassphrase,
  NEWER_VERSION: ExitCode.fileNotUsable,
  NOT_MIXWISE: ExitCode.fileNotUsable,
  DAMAGED: ExitCode.fileNotUsable,
  NOT_FOUND: ExitCode.fileNotUsable,
  ALREADY_EXISTS: ExitCode.fileNotUsable,
  NO_STUDY_OPEN: ExitCode.failure,
  FORBIDDEN: ExitCode.failure,
  CANCELLED: ExitCode.interrupted,
  INTERNAL: ExitCode.failure,
};

export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof UsageError) return ExitCode.usage;
  if (!isMixwiseError(error)) return ExitCode.failure;
  // Bad input about the file itself (wrong extension, missing folder) means the file is not usable;
  // other bad input (a flag value, a passphrase too short) is a usage mistake the caller can fix.
  if (error.code === 'INVALID_INPUT' && error.details.field === 'path') return ExitCode.fileNotUsable;
  return byErrorCode[error.code];
}
