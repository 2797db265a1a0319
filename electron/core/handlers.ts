import type { Handlers } from '../api/contract';
import { analysisHandlers } from './analysis/handlers';
import { shellHandlers } from './app/handlers';
import { IdleLock } from './app/idle';
import { AppSettingsFile } from './app/settings';
import { RecentStudies } from './app/recent';
import { StudySession } from './app/session';
import type { CoreContext, HandlerDeps } from './context';
import { entryHandlers } from './entry/handlers';
import { exportsHandlers } from './exports/handlers';
import { importsHandlers } from './imports/handlers';
import { mergeHandlers } from './merge/handlers';
import { callHandlers } from './vault/callHandlers';
import { vaultHandlers } from './vault/handlers';
import { formsHandlers } from './forms/handlers';
import { questionnaireHandlers } from './instruments/handlers';
import { responsesHandlers } from './responses/handlers';
import { setupHandlers } from './setup/handlers';
import { secretsHandlers } from './study/handlers';
import { trackingHandlers } from './tracking/handlers';
import { behaviourHandlers } from './behaviour/handlers';

export type { Dialogs, HandlerDeps } from './context';

export interface CoreApp {
  handlers: Handlers;
  /** Locks everything (idle timer, OS lock, suspend) and tells the renderer. */
  lockAll(reason: 'idle' | 'os' | 'user'): void;
  /** Closes the study and resolves once its reader thread has ended (nothing writes beside it after). */
  dispose(): Promise<void>;
}

/**
 * Builds the implementation of every method of the contract. Each domain contributes its part;
 * the object is typed as the whole contract, so a domain that forgets a method does not compile.
 */
export function createCore(deps: HandlerDeps): CoreApp {
  const ctx: CoreContext = { deps, study: new StudySession(), recent: new RecentStudies(deps.dataDir), onLock: [] };
  const settings = new AppSettingsFile(deps.dataDir);
  // The study locks by itself after this computer's idle time without a call from the person (app/idle.ts).
  const idle = new IdleLock(settings.read().studyIdleLockSeconds * 1000, () => ctx.study.isOpen(), () => lockAll('idle'));

  function lockAll(reason: 'idle' | 'os' | 'user'): void {
    idle.stop();
    for (const lock of ctx.onLock) lock(reason);
    if (!ctx.study.isOpen()) return;
    ctx.study.lock();
    deps.emit('lock', { target: 'study', reason });
  }

  const handlers: Handlers = idle.wrap({
    ...shellHandlers(ctx, settings, idle),
    ...entryHandlers(ctx),
    ...responsesHandlers(ctx),
    ...vaultHandlers(ctx),
    ...callHandlers(ctx),
    ...secretsHandlers(ctx),
    ...trackingHandlers(ctx),
    ...behaviourHandlers(ctx),
    ...setupHandlers(ctx),
    ...questionnaireHandlers(ctx),
    ...formsHandlers(ctx),
    ...analysisHandlers(ctx),
    ...exportsHandlers(ctx),
    ...importsHandlers(ctx),
    ...mergeHandlers(ctx),
  });

  return {
    handlers,
    lockAll,
    async dispose() {
      idle.stop();
      ctx.study.close();
      await ctx.study.settled();
    },
  };
}

/** The contract's implementation; its return type makes a missing handler a compile error. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return createCore(deps).handlers;
}
