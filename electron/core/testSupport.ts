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
