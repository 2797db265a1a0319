import type { QuestionnaireView } from '../../api/contracts/questionnaires';
import type { Db } from '../db/open';
import { listVersions } from './builder';
import { listOwnItems } from './definitions';
import { studyLanguages } from './groupForms';
import { readSelection } from './selection';
import type { PlaceholderValues } from './placeholders';

/**
 * Placeholder values to start a version from: the countries are the study's, the minutes follow
 * the length. The groups' names are not among them: they come from the groups' forms in the
 * version's language when it is saved (groupForms.ts).
 */
export function placeholderDefaults(db: Db, itemCount: number): Partial<PlaceholderValues> {
  const country = db.prepare('SELECT country FROM study WHERE id = 1').pluck().get() as string;
  return {
    thisCountry: country,
    country,
    community: '',
    // About 15 seconds a question on paper, never under five minutes.
    minutes: String(Math.max(5, Math.ceil(itemCount / 4))),
  };
}

export function readQuestionnaireView(db: Db): QuestionnaireView {
  const selection = readSelection(db);
  const languages = studyLanguages(db);
  const versionsPerItem = db.prepare('SELECT count(*) FROM version_item WHERE item_code = ?').pluck();
  return {
    selection: selection.items,
    selectionSaved: selection.saved,
    ownItems: listOwnItems(db).map((item) => ({
      code: item.code,
      concept: item.concept,
      kind: item.kind,
      min: item.min,
      max: item.max,
      language: item.ownLanguage!,
      wording: item.source.wording,
      anchors: item.source.anchors,
      responseLabel: item.source.responseLabel,
      waves: item.waves,
      showIf: item.showIf,
      versions: versionsPerItem.get(item.code) as number,
    })),
    languages,
    versions: listVersions(db),
    groups: (db.prepare('SELECT code, name, audience FROM identity_group ORDER BY position').all() as { code: string; name: string; audience: string }[]).map(
      (group) => ({ ...group, defaults: placeholderDefaults(db, selection.items.length) }),
    ),
  };
}
