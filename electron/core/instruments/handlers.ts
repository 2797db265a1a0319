import type { questionnairesContract } from '../../api/contracts/questionnaires';
import type { DomainHandlers } from '../../api/method';
import type { CoreContext } from '../context';
import type { Db } from '../db/open';
import { removeVersion, saveVersion } from './builder';
import { isRightToLeft, languageName } from './formTexts';
import { withGroupNames } from './groupForms';
import { bankConcepts, fullWording, itemBankSource, itemsForConcept } from './itemBank';
import { addOwnItem, removeOwnItem, updateOwnItem } from './ownItems';
import { reviewHandlers } from './reviewHandlers';
import { readSelection, saveSelection } from './selection';
import { readTranslations, saveTranslations } from './translations';
import { readQuestionnaireView } from './view';

/** The questionnaire builder's methods. Edits answer with the new view, so the screen never drifts. */
export function questionnaireHandlers(ctx: CoreContext): DomainHandlers<typeof questionnairesContract> {
  const edit = (work: (db: Db) => void) =>
    ctx.study.use((db) => {
      work(db);
      return readQuestionnaireView(db);
    });
  const translations = (db: Db, language: string) => {
    // Every selected item, and every own item, so own items can be translated before being picked.
    const ownCodes = db.prepare('SELECT code FROM item WHERE own_language IS NOT NULL ORDER BY rowid').pluck().all() as string[];
    const codes = [...new Set([...readSelection(db).items, ...ownCodes])];
    return { language, languageName: languageName(language), rightToLeft: isRightToLeft(language), ...readTranslations(db, language, codes) };
  };
  return {
    'questionnaire.bank': () => ({
      source: itemBankSource,
      concepts: bankConcepts.map((concept) => ({
        code: concept.code,
        name: concept.name,
        section: concept.section,
        core: concept.core,
        items: itemsForConcept(concept.code).map((item) => ({
          code: item.code,
          wording: fullWording(item),
          kind: item.kind,
          anchors: item.anchors,
          audience: item.audience,
          waves: item.waves,
          reverseKeyed: item.reverseKeyed,
          showIf: item.showIf ?? null,
        })),
      })),
    }),
    'questionnaire.get': () => ctx.study.use(readQuestionnaireView),
    'questionnaire.saveSelection': ({ items }) => edit((db) => saveSelection(db, items)),
    'questionnaire.addOwnItem': (input) => edit((db) => addOwnItem(db, input)),
    'questionnaire.updateOwnItem': (input) => edit((db) => updateOwnItem(db, input)),
    'questionnaire.removeOwnItem': ({ code }) => edit((db) => removeOwnItem(db, code)),
    'questionnaire.translations': ({ language }) => ctx.study.use((db) => translations(db, language)),
    'questionnaire.saveTranslations': ({ language, items, formTexts }) =>
      ctx.study.use((db) => {
        saveTranslations(db, language, items, formTexts);
        return translations(db, language);
      }),
    'questionnaire.saveVersion': ({ about, ...input }) =>
      ctx.study.use((db) => {
        // Group names come from the groups' forms in the version's language; the rest as typed.
        const naming = { identityGroup: input.identityGroup, language: input.language, about, typed: input.placeholders };
        const saved = withGroupNames(db, naming, (placeholders) => saveVersion(db, { ...input, placeholders }, itemBankSource));
        return { ...saved, view: readQuestionnaireView(db) };
      }),
    'questionnaire.removeVersion': ({ code }) => edit((db) => removeVersion(db, code)),
    ...reviewHandlers(ctx),
  };
}
