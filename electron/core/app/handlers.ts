import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { shellContract } from '../../api/contract';
import type { DomainHandlers } from '../../api/method';
import { AnswerReader } from '../analysis/answerReader';
import type { CoreContext } from '../context';
import { writeNewFile } from '../files';
import { DEMO_PASSPHRASE, DEMO_STUDY_NAME, generateDemoStudy } from '../demo/generate';
import { MIN_PASSPHRASE_LENGTH, STUDY_EXTENSION, createStudyFile, openStudyFile } from '../study/file';
import { readStudySummary } from '../study/summary';
import type { IdleLock } from './idle';
import type { AppSettingsFile } from './settings';

/** The shell's methods: app info, recent files, dialogs, and opening, locking and closing a study. */
export function shellHandlers(ctx: CoreContext, settings: AppSettingsFile, idle: IdleLock): DomainHandlers<typeof shellContract> {
  const { deps, study, recent } = ctx;
  const demoPath = join(deps.dataDir, 'demo', `demo${STUDY_EXTENSION}`);

  /** The study and its analysis reader thread, which derives its key beside whatever comes next. */
  function attach(path: string, db: ReturnType<typeof openStudyFile>, passphrase: string) {
    // A vault unlocked beside the previous study (or this one, reopened) is locked first, its key
    // zeroed: it must never stay open beside, or be used against, another study.
    for (const lock of ctx.onLock) lock('user');
    study.attach(path, db, new AnswerReader(path, passphrase, deps.open));
    recent.remember(path);
    return study.state();
  }

  function openAndRemember(path: string, passphrase: string) {
    return attach(path, openStudyFile(path, passphrase, deps.open), passphrase);
  }

  function ensureDemo(): void {
    if (existsSync(demoPath)) return;
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

  return {
    'app.info': () => ({
      version: deps.appVersion,
      studyExtension: STUDY_EXTENSION,
      minPassphraseLength: MIN_PASSPHRASE_LENGTH,
      demoPassphrase: DEMO_PASSPHRASE,
      firstRun: !recent.hasHistory(),
    }),
    'app.settings.get': () => settings.read(),
    'app.settings.set': (changes) => {
      const next = settings.write(changes);
      idle.setTimeoutMs(next.studyIdleLockSeconds * 1000);
      return next;
    },
    'recent.list': () => recent.list(),
    'recent.forget': ({ path }) => {
      recent.forget(path);
      return null;
    },
    'dialog.chooseNewStudyPath': async ({ suggestedName }) => ({ path: await deps.dialogs.chooseNewStudyPath(suggestedName) }),
    'dialog.chooseStudyFile': async () => ({ path: await deps.dialogs.chooseStudyFile() }),
    'file.save': async ({ suggestedName, format, base64 }) => {
      const path = await deps.dialogs.chooseSavePath(suggestedName, [format]);
      if (!path) return { path: null };
      writeNewFile(path, Buffer.from(base64, 'base64'));
      return { path };
    },
    'study.current': () => study.state(),
    'study.create': ({ path, name, country, passphrase }) => attach(path, createStudyFile(path, passphrase, { name, country }, deps.open), passphrase),
    'study.open': ({ path, passphrase }) => openAndRemember(path, passphrase),
    'study.lock': () => {
      // The vault goes with the study at once (its key leaves memory), not at its next call.
      for (const lock of ctx.onLock) lock('user');
      study.lock();
      deps.emit('lock', { target: 'study', reason: 'user' });
      return study.state();
    },
    'study.close': () => {
      for (const lock of ctx.onLock) lock('user');
      study.close();
      return study.state();
    },
    // Being called is the point: the idle lock counts every call but a few (app/idle.ts).
    'study.touch': () => null,
    'study.summary': () => study.use(readStudySummary),
    'demo.open': () => {
      ensureDemo();
      return { state: openAndRemember(demoPath, DEMO_PASSPHRASE), passphrase: DEMO_PASSPHRASE };
    },
  };
}
