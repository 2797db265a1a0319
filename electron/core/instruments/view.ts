import type { QuestionnaireView } from '../../api/contracts/questionnaires';
import type { Db } from '../db/open';
import { listVersions } from './builder';
import { listOwnItems } from './definitions';
import { readSelection } from './selection';
import type { PlaceholderValues } from './placeholders';

/**
 * Placeholder values to start a group's version from: with two groups, [group] is the other one's
 * label (the toolkit's "Turks" asked about "Syrians" and back); [people in my community] is the
 * group's own label; the countries are the study's.
 */
export function placeholderDefaults(db: Db, groupCode: string, itemCount: number): PlaceholderValues {
  const groups = db.prepare('SELECT code, label_for_others AS label FROM identity_group ORDER BY position').all() as { code: string; label: string }[];
  const others = groups.filter((group) => group.code !== groupCode);
  const own = groups.find((group) => group.code === groupCode);
  const country = db.prepare('SELECT country FROM study WHERE id = 1').pluck().get() as string;
  return {
    group: others.length === 1 ? others[0]!.label : '',
    peopleInMyCommunity: own?.label ?? '',
    thisCountry: country,
    country,
    community: '',
    // About 15 seconds a question on paper, never under five minutes.
    minutes: String(Math.max(5, Math.ceil(itemCount / 4))),
  };
}

export function readQuestionnaireView(db: Db): QuestionnaireView {
  const selection = readSelection(db);
  const languages = db
    .prepare(
      `SELECT language FROM item_translation UNION SELECT language FROM form_text UNION SELECT language FROM questionnaire_version
       UNION SELECT own_language FROM item WHERE own_language IS NOT NULL UNION SELECT 'en' ORDER BY 1`,
    )
    .pluck()
    .all() as string[];
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
      (group) => ({ ...group, defaults: placeholderDefaults(db, group.code, selection.items.length) }),
    ),
  };
}
