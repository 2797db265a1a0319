import type { responsesContract } from '../../api/contracts/responses';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import { deleteForm, findForms, moveForm } from './corrections';

/** The evaluator's corrections of whole questionnaires: thin adapters to the core. */
export function responsesHandlers(ctx: CoreContext): DomainHandlers<typeof responsesContract> {
  const { study } = ctx;
  return {
    'responses.find': (input) => study.use((db) => findForms(db, input)),
    'responses.delete': (input) => study.use((db) => deleteForm(db, input)),
    'responses.move': (input) => study.use((db) => moveForm(db, input)),
  };
}
