import type { importsContract } from '../../api/contracts/imports';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { withCheckpointElsewhere } from '../db/checkpoint';
import { MixwiseError } from '../errors';
import { commitImport, listImports, previewImport } from './commit';
import { listMappings, saveMapping } from './mapping';
import { confirmMatch, matchProposals, rejectMatch } from './match';
import { readImportTable } from './table';

export const IMPORT_PROGRESS_TASK = 'imports.commit';

function bytesOf(file: { base64: string }): Buffer {
  return Buffer.from(file.base64, 'base64');
}

/** The imports domain: thin adapters from validated input to the core. */
export function importsHandlers(ctx: CoreContext): DomainHandlers<typeof importsContract> {
  const { study } = ctx;
  const vault = () => {
    if (!ctx.vault) throw new MixwiseError('FORBIDDEN', 'Unlock the vault to match respondents.', { key: 'imports.vaultLocked' });
    return ctx.vault;
  };
  return {
    'imports.preview': async ({ file, waveCode, versionCode, mapping }) => {
      const table = await readImportTable(file.name, bytesOf(file));
      return study.use((db) => previewImport(db, table, { waveCode, versionCode, mapping }));
    },
    'imports.commit': async ({ file, waveCode, mapping, actor, saveMappingAs }) => {
      const content = bytesOf(file);
      ctx.deps.emit('progress', { task: IMPORT_PROGRESS_TASK, done: 0, total: 1 });
      const table = await readImportTable(file.name, content);
      const onProgress = (done: number, total: number) => ctx.deps.emit('progress', { task: IMPORT_PROGRESS_TASK, done, total });
      return study.useWithReader(async (db, reader) => {
        // The mapping is saved with the import or not at all (the inner transaction becomes a savepoint).
        const result = withCheckpointElsewhere(db, reader, () =>
          db.transaction(() => {
            const committed = commitImport(db, { fileName: file.name, content, table, waveCode, mapping, actor, onProgress });
            if (saveMappingAs?.trim()) saveMapping(db, saveMappingAs, mapping);
            return committed;
          })(),
        );
        ctx.deps.emit('progress', { task: IMPORT_PROGRESS_TASK, done: 1, total: 1 });
        return result;
      });
    },
    'imports.list': () => study.use(listImports),
    'imports.mappings.list': () => study.use(listMappings),
    'imports.mappings.save': ({ name, mapping }) => study.use((db) => saveMapping(db, name, mapping)),
    'imports.match.proposals': async ({ importId, file }) => {
      const content = bytesOf(file);
      const table = await readImportTable(file.name, content);
      return vault().withBoth((studyDb, open) => matchProposals(studyDb, open.db, importId, table, content));
    },
    'imports.match.confirm': (input) => vault().withBoth((studyDb, open) => confirmMatch(studyDb, open.db, input)),
    'imports.match.reject': (input) => vault().withBoth((studyDb, open) => rejectMatch(studyDb, open.db, input)),
  };
}
