import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { dispatch } from '../api/dispatch';
import type { Result } from '../api/schemas';
import type { Dialogs, HandlerDeps } from './context';
import { createCore, type CoreApp } from './handlers';

/**
 * A core for the handler tests, in `dataDir`: every dialog answers "cancelled" and events are dropped,
 * unless the test gives its own. Tests only; nothing in the app imports it.
 */
export function testCore(dataDir: string, deps: Partial<Omit<HandlerDeps, 'dataDir' | 'dialogs'>> & { dialogs?: Partial<Dialogs> } = {}): CoreApp {
  const { dialogs, ...rest } = deps;
  return createCore({
    dataDir,
    appVersion: 'test',
    emit: () => undefined,
    ...rest,
    dialogs: { chooseNewStudyPath: async () => null, chooseStudyFile: async () => null, chooseSavePath: async () => null, chooseBatchFile: async () => null, ...dialogs },
  });
}

/**
 * A test core in a fresh temp folder around each test (registered with beforeEach and afterEach),
 * called through the boundary's dispatch as the app's renderer calls it.
 */
export function useTestCore(prefix: string) {
  let folder = '';
  let core: CoreApp | null = null;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), prefix));
    core = testCore(folder);
  });
  afterEach(async () => {
    await core?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });
  const send = (name: string, input: unknown): Promise<Result<unknown>> => dispatch(core!.handlers, name, input);
  return {
    send,
    folder: () => folder,
    /** Calls a method and returns its value, or throws with the error the core gave. */
    async call<T>(name: string, input: unknown): Promise<T> {
      const result = (await send(name, input)) as Result<T>;
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value;
    },
  };
}
