import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Emit, Handlers } from '../api/contract';
import { RecentStudies } from './app/recent';
import { StudySession } from './app/session';
import type { OpenOptions } from './db/open';
import { DEMO_PASSPHRASE, DEMO_STUDY_NAME, generateDemoStudy } from './demo/generate';
import { readStudySummary } from './study/summary';
import { MIN_PASSPHRASE_LENGTH, STUDY_EXTENSION, createStudyFile, openStudyFile } from './study/file';

/** What only the shell can provide: native dialogs in Electron, preset answers in e2e tests. */
export interface Dialogs {
  chooseNewStudyPath(suggestedName: string): Promise<string | null>;
  chooseStudyFile(): Promise<string | null>;
}

export interface HandlerDeps {
  /** The app's own data folder (recent list, demo study). */
  dataDir: string;
  appVersion: string;
  dialogs: Dialogs;
  emit: Emit;
  open?: OpenOptions;
}

export interface CoreApp {
  handlers: Handlers;
  /** Locks everything (idle timer, OS lock, suspend) and tells the renderer. */
  lockAll(reason: 'idle' | 'os' | 'user'): void;
  dispose(): void;
}

/** Builds the implementation of every method of the contract over one session. */
export function createCore(deps: HandlerDeps): CoreApp {
  const session = new StudySession();
  const recent = new RecentStudies(deps.dataDir);
  const demoPath = join(deps.dataDir, 'demo', `demo${STUDY_EXTENSION}`);

  function openAndRemember(path: string, passphrase: string) {
    const db = openStudyFile(path, passphrase, deps.open);
    session.attach(path, db);
    recent.remember(path);
    return session.state();
  }

  const handlers: Handlers = {
    'app.info': () => ({
      version: deps.appVersion,
      studyExtension: STUDY_EXTENSION,
      minPassphraseLength: MIN_PASSPHRASE_LENGTH,
      demoPassphrase: DEMO_PASSPHRASE,
      firstRun: !recent.hasHistory(),
    }),
    'recent.list': () => recent.list(),
    'recent.forget': ({ path }) => {
      recent.forget(path);
      return null;
    },
    'dialog.chooseNewStudyPath': async ({ suggestedName }) => ({ path: await deps.dialogs.chooseNewStudyPath(suggestedName) }),
    'dialog.chooseStudyFile': async () => ({ path: await deps.dialogs.chooseStudyFile() }),
    'study.current': () => session.state(),
    'study.create': ({ path, name, country, passphrase }) => {
      const db = createStudyFile(path, passphrase, { name, country }, deps.open);
      session.attach(path, db);
      recent.remember(path);
      return session.state();
    },
    'study.open': ({ path, passphrase }) => openAndRemember(path, passphrase),
    'study.lock': () => {
      session.lock();
      deps.emit('lock', { target: 'study', reason: 'user' });
      return session.state();
    },
    'study.close': () => {
      session.close();
      return session.state();
    },
    'study.summary': () => session.use(readStudySummary),
    'demo.open': () => {
      if (!existsSync(demoPath)) {
        mkdirSync(join(deps.dataDir, 'demo'), { recursive: true });
        const db = createStudyFile(demoPath, DEMO_PASSPHRASE, { name: DEMO_STUDY_NAME }, deps.open);
        try {
          generateDemoStudy(db);
          db.close();
        } catch (error) {
          db.close();
          // The demo holds nothing of anyone's; remove a half-made one so the next try starts clean.
          for (const suffix of ['', '-wal', '-shm']) rmSync(demoPath + suffix, { force: true });
          throw error;
        }
      }
      return { state: openAndRemember(demoPath, DEMO_PASSPHRASE), passphrase: DEMO_PASSPHRASE };
    },
  };

  return {
    handlers,
    lockAll(reason) {
      if (!session.isOpen()) return;
      session.lock();
      deps.emit('lock', { target: 'study', reason });
    },
    dispose() {
      session.close();
    },
  };
}

/** The contract's implementation; its return type makes a missing handler a compile error. */
export function createHandlers(deps: HandlerDeps): Handlers {
  return createCore(deps).handlers;
}
