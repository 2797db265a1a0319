import type { secretsContract } from '../../api/contracts/secrets';
import type { DomainHandlers } from '../../api/method';
import { AnswerReader } from '../analysis/answerReader';
import type { CoreContext } from '../context';
import { swapInRekeyedCopy, writeRekeyedCopy } from '../db/rekey';
import { MixwiseError } from '../errors';
import { openStudyFile } from './file';
import { studyKind } from './kind';
import { assertNewStudyPassphrase, assertStudyPassphrase } from './passphrase';

/** The study's passphrase, changed with the study open (study/passphrase.ts says how it stays kill-safe). */
export function secretsHandlers(ctx: CoreContext): DomainHandlers<typeof secretsContract> {
  const options = ctx.deps.open ?? {};
  return {
    'study.changePassphrase': async ({ current, next }) => {
      const state = ctx.study.state();
      if (state.status !== 'open') throw new MixwiseError('NO_STUDY_OPEN', 'No study is open.');
      const { path } = state;
      assertStudyPassphrase(path, current, options);
      assertNewStudyPassphrase(current, next, state.summary.name);
      // The copy is a snapshot of this instant; the session closes in the same turn, so no write
      // can fall between them. Its reader thread's connection closes before the swap.
      ctx.study.use((db) => writeRekeyedCopy(db, path, current, next, studyKind, options));
      ctx.study.lock();
      await ctx.study.settled();
      try {
        swapInRekeyedCopy(path);
      } finally {
        // Reopened with whichever passphrase the file now has: the new one, or the old one should the swap have failed.
        let reopened;
        try {
          reopened = { db: openStudyFile(path, next, options), passphrase: next };
        } catch {
          reopened = { db: openStudyFile(path, current, options), passphrase: current };
        }
        ctx.study.attach(path, reopened.db, new AnswerReader(path, reopened.passphrase, options));
      }
      return { changedAt: new Date().toISOString() };
    },
  };
}
