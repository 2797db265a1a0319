import type {
  Bridge,
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../electron/api/contract';
import type { ApiError, Result } from '../../../electron/api/schemas';

declare global {
  interface Window {
    /** Put there by the preload (or, in e2e tests, by the test transport). */
    mixwise: Bridge;
  }
}

/** The only place in the renderer that touches window.mixwise. Types come from the contract. */
export async function call<N extends MethodName>(name: N, input: MethodInput<N>): Promise<Result<MethodOutput<N>>> {
  try {
    return (await window.mixwise.invoke(name, input)) as Result<MethodOutput<N>>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The app did not answer.' } };
  }
}

export function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.mixwise.on(event, listener as (payload: unknown) => void);
}

export type { ApiError, Result };
