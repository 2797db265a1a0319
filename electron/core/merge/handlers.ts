import { PREVIEW_CONFLICTS_MAX, type mergeContract } from '../../api/contracts/merge';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { readMissingCodes } from '../entry/sheet';
import { MixwiseError } from '../errors';
import { assertNewPassphrase } from '../study/file';
import { readBatchFile } from './batchFile';
import { listConflicts, resolveConflict } from './conflicts';
import { exportBatches } from './export';
import { importBatchContent, planMerge } from './merge';

/** The merge domain's part of the contract: thin adapters from validated input to the core. */
export function mergeHandlers(ctx: CoreContext): DomainHandlers<typeof mergeContract> {
  const { study, deps } = ctx;
  return {
    'merge.exportBatches': async ({ batchIds, passphrase }) => {
      // Passphrase and open study are checked before the dialog: nobody picks a place for a file that is then refused.
      assertNewPassphrase(passphrase);
      study.use(() => undefined);
      const date = new Date().toISOString().slice(0, 10);
      const path = await deps.dialogs.chooseSavePath(`forms-${date}.mixbatch`, ['mixbatch']);
      if (!path) return { path: null, fileName: null, batches: 0, forms: 0, cells: 0 };
      return study.use((db) => exportBatches(db, { batchIds, path, passphrase }, deps.open));
    },
    'merge.chooseFile': async () => {
      if (!deps.dialogs.chooseBatchFile) throw new MixwiseError('INTERNAL', 'No file dialog is available here.');
      return { path: await deps.dialogs.chooseBatchFile() };
    },
    'merge.preview': ({ path, passphrase }) => {
      const content = readBatchFile(path, passphrase, deps.open);
      return study.use((db) => {
        const plan = planMerge(db, content);
        const conflicts = plan.conflicts.slice(0, PREVIEW_CONFLICTS_MAX).map((conflict) => ({
          participantId: conflict.participantId,
          waveCode: conflict.waveCode,
          pass: conflict.pass,
          itemCode: conflict.itemCode,
          here: conflict.here,
          incoming: conflict.incoming,
        }));
        return { summary: plan.summary, conflicts };
      });
    },
    'merge.import': ({ path, passphrase }) => {
      const content = readBatchFile(path, passphrase, deps.open);
      return study.use((db) => importBatchContent(db, content));
    },
    'merge.conflicts.list': () => study.use((db) => ({ conflicts: listConflicts(db), missingCodes: readMissingCodes(db) })),
    'merge.conflicts.resolve': (input) => study.use((db) => resolveConflict(db, input)),
  };
}
