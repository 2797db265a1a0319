import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DEMO_DEFAULT_PARTICIPANTS, DEMO_STUDY_NAME, assertDemoParticipants, generateDemoStudy } from '../../core/demo/generate';
import { isMixwiseError, MixwiseError } from '../../core/errors';
import { readStudySummary } from '../../core/study/summary';
import { assertStudyPath, createStudyFile } from '../../core/study/file';
import { integerOption, requiredString } from '../args';
import type { Command } from '../command';
import { readPassphrase } from '../passphrase';

/** SQLite's companion files: with WAL on, a study is the file plus these while it is open. */
const COMPANION_SUFFIXES = ['-wal', '-shm'] as const;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Create a new encrypted study file filled with a made-up demo study.',
  synopsis: 'demo --out FILE [--participants N] [--seed S]',
  details: [
    'The demo follows the toolkit\'s balanced design: 2 identity groups x 2 arms, three waves',
    '(pre, post, follow-up) with realistic drop-out. The same seed always gives the same answers.',
    'An existing file is never overwritten.',
    '',
    'Example:',
    '  MIXWISE_PASSPHRASE=... mixwise demo --out demo.mixwise --participants 40 --seed 7',
  ].join('\n'),
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'The new study file; must end in .mixwise.', required: true },
    participants: {
      type: 'string',
      valueName: 'N',
      description: `Participants in all, 4 to 100000 (default ${DEMO_DEFAULT_PARTICIPANTS}).`,
    },
    seed: { type: 'string', valueName: 'S', description: 'Whole number that fixes the random answers (default 1).' },
  },

  async run(values, io) {
    const path = resolve(io.cwd, requiredString(values, 'out'));
    const participants = integerOption(values, 'participants');
    const seed = integerOption(values, 'seed');
    // Everything that can be checked without the passphrase is checked before asking for it twice.
    assertStudyPath(path);
    assertFreshPath(path);
    if (participants !== undefined) assertDemoParticipants(participants);

    const passphrase = await readPassphrase(io, { subject: `the new study file ${basename(path)}`, isNew: true });
    const interruption = watchForInterruption();
    try {
      // Checked again because the prompt may have taken minutes; from here to the file's creation
      // the code is synchronous, so whatever is at the path afterwards was made by this command.
      assertFreshPath(path);
      const db = createStudyFile(path, passphrase, { name: DEMO_STUDY_NAME });
      let summary;
      try {
        generateDemoStudy(db, { participants, seed });
        summary = readStudySummary(db);
      } finally {
        db.close();
      }
      await interruption.settle();
      const responses = summary.responsesPerWave.reduce((sum, wave) => sum + wave.responses, 0);
      io.stdout.write(`Wrote ${path}: demo study with ${summary.participants.total} participants and ${responses} responses.\n`);
    } catch (error) {
      // ALREADY_EXISTS here means another program won a race for the name: its file is not ours to
      // delete. Any other failure leaves only files this command made (see assertFreshPath).
      if (!(isMixwiseError(error) && error.code === 'ALREADY_EXISTS')) removeStudyFiles(path);
      throw error;
    } finally {
      interruption.stop();
    }
  },
};

/**
 * Refuses a path where the study or a stale companion file already is. A leftover -wal beside a
 * missing study would be replayed into the new file by SQLite, and the cleanup after a failure
 * must only ever delete files this command made.
 */
function assertFreshPath(path: string): void {
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new MixwiseError('NOT_FOUND', `The folder ${folder} does not exist.`, { field: 'path' });
  }
  for (const candidate of [path, ...COMPANION_SUFFIXES.map((suffix) => path + suffix)]) {
    if (existsSync(candidate)) {
      throw new MixwiseError('ALREADY_EXISTS', `${candidate} already exists; choose another name (nothing was overwritten).`, {
        field: 'path',
      });
    }
  }
}

function removeStudyFiles(path: string): void {
  for (const suffix of ['', ...COMPANION_SUFFIXES]) rmSync(path + suffix, { force: true });
}

/**
 * Ctrl-C while the demo is being written must not leave a half-made study behind. Creating and
 * filling the file is synchronous, so a signal that arrives meanwhile is queued; once the work is
 * done, settle() lets the event loop deliver it and, if one came, fails the command so
 * the caller removes the file. Without these listeners Node would exit on the spot instead.
 */
function watchForInterruption(): { settle(): Promise<void>; stop(): void } {
  let signalled = false;
  const onSignal = () => {
    signalled = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    async settle() {
      // Two turns: the first may end in the current loop iteration's check phase, before libuv
      // next polls the pipe its signal handler writes to; the second comes after that poll.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolveTurn) => setImmediate(resolveTurn));
      if (signalled) throw new MixwiseError('CANCELLED', 'Stopped; the unfinished study file was removed.');
    },
    stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
