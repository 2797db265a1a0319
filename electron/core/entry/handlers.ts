import type { entryContract } from '../../api/contracts/entry';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { createBatch, createSecondPass, listBatches } from './batches';
import { commitCells } from './cells';
import { compareBatch, resolveDisagreement } from './compare';
import { deleteRow, restoreRow } from './deleteRow';
import { setRowId } from './ids';
import { pasteBlock } from './paste';
import { listRows, openSheet } from './rows';
import { keyingStats } from './stats';

/** The entry domain's part of the contract: thin adapters from validated input to the core. */
export function entryHandlers(ctx: CoreContext): DomainHandlers<typeof entryContract> {
  const { study } = ctx;
  return {
    'entry.batches': () => study.use(listBatches),
    'entry.batch.create': (input) => study.use((db) => createBatch(db, input)),
    'entry.batch.createSecondPass': (input) => study.use((db) => createSecondPass(db, input)),
    'entry.batch.open': ({ batchId }) => study.use((db) => openSheet(db, batchId)),
    'entry.rows': ({ batchId, offset, limit }) => study.use((db) => listRows(db, batchId, offset, limit)),
    'entry.row.setId': (input) => study.use((db) => setRowId(db, input)),
    'entry.cells.commit': (input) => study.use((db) => commitCells(db, input)),
    'entry.cells.paste': (input) => study.use((db) => pasteBlock(db, input)),
    'entry.row.delete': (input) => study.use((db) => deleteRow(db, input)),
    'entry.row.restore': (input) => study.use((db) => restoreRow(db, input)),
    'entry.compare': ({ batchId }) => study.use((db) => compareBatch(db, batchId)),
    'entry.resolve': (input) => study.use((db) => resolveDisagreement(db, input)),
    'entry.stats': () => study.use(keyingStats),
  };
}
