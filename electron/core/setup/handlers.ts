import type { setupContract } from '../../api/contracts/setup';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { saveGroupForms } from '../instruments/groupForms';
import {
  createCoded,
  createGroup,
  createWave,
  removeCoded,
  removeGroup,
  removeWave,
  renameCoded,
  reorderWaves,
  setMatchTarget,
  setStudyDetails,
  updateGroup,
  updateWave,
} from './edit';
import { readSetup } from './view';

/** The study setup methods; each edit answers with the whole new view, so the screen never drifts. */
export function setupHandlers(ctx: CoreContext): DomainHandlers<typeof setupContract> {
  const edit = (work: (db: Db) => void) =>
    ctx.study.use((db) => {
      work(db);
      return readSetup(db);
    });
  return {
    'setup.get': () => ctx.study.use(readSetup),
    'setup.saveStudy': (input) =>
      edit((db) =>
        db.transaction(() => {
          setMatchTarget(db, input.matchTarget, input.matchStretch);
          setStudyDetails(db, input.name, input.country);
        })(),
      ),
    'setup.addGroup': (input) => edit((db) => createGroup(db, input)),
    'setup.updateGroup': (input) => edit((db) => updateGroup(db, input)),
    'setup.removeGroup': ({ code }) => edit((db) => removeGroup(db, code)),
    'setup.saveGroupForms': ({ language, groups }) => edit((db) => saveGroupForms(db, language, groups)),
    'setup.addEntry': ({ table, code, name }) => edit((db) => createCoded(db, table, code, name)),
    'setup.renameEntry': ({ table, code, name }) => edit((db) => renameCoded(db, table, code, name)),
    'setup.removeEntry': ({ table, code }) => edit((db) => removeCoded(db, table, code)),
    'setup.addWave': (input) => edit((db) => createWave(db, input)),
    'setup.updateWave': (input) => edit((db) => updateWave(db, input)),
    'setup.removeWave': ({ code }) => edit((db) => removeWave(db, code)),
    'setup.reorderWaves': ({ codes }) => edit((db) => reorderWaves(db, codes)),
  };
}
