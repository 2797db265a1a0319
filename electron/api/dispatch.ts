import { isMixwiseError } from '../core/errors';
import { contract, type Handlers, type MethodName } from './contract';
import type { ApiError, Result } from './schemas';

function fail(error: ApiError): Result<never> {
  return { ok: false, error };
}

/**
 * Runs one call from the (untrusted) renderer: the name must be in the contract, the input must
 * parse with the method's schema, and whatever happens the answer is data, never a thrown error.
 * Used by the main process and by the e2e transport alike, so tests exercise the same path.
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Result<unknown>> {
  if (typeof name !== 'string' || !Object.hasOwn(contract, name)) {
    return fail({ code: 'INVALID_INPUT', message: 'Unknown method.' });
  }
  const method = contract[name as MethodName];
  const parsed = method.input.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail({
      code: 'INVALID_INPUT',
      message: issue ? `Invalid ${issue.path.join('.') || 'input'}: ${issue.message}` : 'Invalid input.',
      field: issue?.path.join('.') || undefined,
    });
  }
  try {
    const handler = handlers[name as MethodName] as (value: unknown) => unknown;
    const value = await handler(parsed.data);
    // Parsing the output strips any field the contract does not declare, so nothing leaks by accident.
    return { ok: true, value: method.output.parse(value) };
  } catch (error) {
    if (isMixwiseError(error)) {
      return fail({ code: error.code, message: error.message, ...error.details });
    }
    // The raw message may quote a value or a path: log the method and the error's kind only.
    console.error(`mixwise: ${name} failed (${(error as Error)?.name ?? 'unknown error'})`);
    if (process.env.MIXWISE_DEBUG === '1') console.error(error);
    return fail({ code: 'INTERNAL', message: 'Something went wrong inside Mixwise.' });
  }
}
