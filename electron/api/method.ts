import { z } from 'zod';

/** One API method: the schema its input must pass and the schema its output is parsed with. */
export function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export type MethodSpec = ReturnType<typeof method<z.ZodType, z.ZodType>>;

/** Input of a method that takes nothing. */
export const empty = z.object({}).strict();

/**
 * The handlers a domain must provide for its part of the contract. Each core domain exports a
 * function returning DomainHandlers<typeof itsContract>; createCore() spreads them all into one
 * object typed as the whole contract, so a missing handler is a compile error.
 */
export type DomainHandlers<C extends Record<string, MethodSpec>> = {
  [N in keyof C]: (input: z.output<C[N]['input']>) => Promise<z.output<C[N]['output']>> | z.output<C[N]['output']>;
};
