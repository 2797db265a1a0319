import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { isLanguageCode, languageName } from './formTexts';
import { englishArticle } from '../../shared/words/englishArticle';
import { GROUP_KEYS, type PlaceholderValues } from './placeholders';

/**
 * How questionnaires name each identity group, per language (table group_form, owned here). The
 * item bank's placeholders each take one form (placeholders.ts); a language without forms for a
 * group cannot have a version that names it, so nothing prints "a newcomers person".
 */
export interface GroupForms {
  /** "newcomers", "K-Serbians", "people of the host society". */
  plural: string;
  /** One person, with the article: "a newcomer", "an Albanian", "a member of the host society". */
  singular: string;
  /** "newcomer", "K-Serbian"; empty when the language has none for this group. */
  adjective: string;
  /** The group as one body: "the newcomer community", "the host society". */
  community: string;
}

export const FORM_NAMES = ['plural', 'singular', 'adjective', 'community'] as const;
const LIMIT = 200;

function invalid(message: string, field: string, key: string, params?: Record<string, string | number>): MixwiseError {
  return new MixwiseError('INVALID_INPUT', message, { field, key: `setup.groupForms.${key}`, params });
}

/**
 * English forms suggested from the name a group goes by ("K-Serbians", "Newcomers", "Host
 * society", "people of the host society"): a starting point the evaluator checks, never used unseen.
 */
export function suggestEnglishForms(name: string): GroupForms {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  // A phrase about people ("people of the host society") has no adjective and no single noun.
  const people = /^(people|members|residents|citizens) (of|from|in) (.+)$/i.exec(trimmed);
  if (people) {
    const rest = `${people[2]!.toLowerCase()} ${people[3]}`;
    return {
      plural: trimmed,
      singular: `a member ${rest}`,
      adjective: '',
      community: people[3]!.startsWith('the ') ? people[3]! : `the ${people[3]}`,
    };
  }
  // The case stays as typed: "K-Serbians" keeps its capitals, "newcomers" is written small.
  const words = trimmed.split(' ');
  const last = words[words.length - 1]!;
  if (/^(society|community|population)$/i.test(last)) {
    return { plural: `members of the ${trimmed}`, singular: `a member of the ${trimmed}`, adjective: '', community: `the ${trimmed}` };
  }
  const singularLast = /ies$/.test(last) ? last.replace(/ies$/, 'y') : /[^s]s$/.test(last) ? last.slice(0, -1) : last;
  const singularNoun = [...words.slice(0, -1), singularLast].join(' ');
  const plural = singularLast === last ? `${trimmed}s` : trimmed;
  return {
    plural,
    singular: `${englishArticle(singularNoun)} ${singularNoun}`,
    // One word serves as its own adjective ("a K-Serbian person"); a phrase ("long-time residents") does not.
    adjective: words.length === 1 ? singularNoun : '',
    community: `the ${singularNoun} community`,
  };
}

/** Every language a study's questionnaires use: English, translations, versions, own items. */
export function studyLanguages(db: Db): string[] {
  return db
    .prepare(
      `SELECT language FROM item_translation UNION SELECT language FROM form_text UNION SELECT language FROM questionnaire_version
       UNION SELECT language FROM group_form UNION SELECT own_language FROM item WHERE own_language IS NOT NULL
       UNION SELECT 'en' ORDER BY 1`,
    )
    .pluck()
    .all() as string[];
}

export interface GroupFormsRow extends GroupForms {
  group: string;
  language: string;
}

export function readGroupForms(db: Db): GroupFormsRow[] {
  return db
    .prepare(
      `SELECT g.code AS "group", f.language, f.plural, f.singular, f.adjective, f.community
         FROM group_form f JOIN identity_group g ON g.id = f.group_id ORDER BY g.position, f.language`,
    )
    .all() as GroupFormsRow[];
}

function formsOf(db: Db, groupId: number, language: string): GroupForms | undefined {
  return db
    .prepare('SELECT plural, singular, adjective, community FROM group_form WHERE group_id = ? AND language = ?')
    .get(groupId, language) as GroupForms | undefined;
}

/** Saves every group's forms in one language, all or nothing; each form but the adjective is needed. */
export function saveGroupForms(db: Db, language: string, rows: { group: string; forms: GroupForms }[]): void {
  if (!isLanguageCode(language)) throw invalid('Give a language code such as en, tr or ar.', 'language', 'badLanguage');
  const checked = rows.map(({ group, forms }) => {
    const row = db.prepare('SELECT id, name FROM identity_group WHERE code = ?').get(group) as { id: number; name: string } | undefined;
    if (!row) throw invalid(`There is no group ${group}.`, 'group', 'noSuchGroup', { group });
    const { id, name } = row;
    const clean = Object.fromEntries(
      FORM_NAMES.map((form) => [form, (forms[form] ?? '').trim().replace(/\s+/g, ' ')]),
    ) as unknown as GroupForms;
    for (const form of FORM_NAMES) {
      const field = `${group}.${form}`;
      if (clean[form].length > LIMIT) throw invalid(`Keep each form under ${LIMIT} characters.`, field, 'tooLong', { limit: LIMIT });
      if (form !== 'adjective' && !clean[form])
        throw invalid(`Fill in the ${form} for ${name}.`, field, `missing_${form}`, { group: name });
      if (/[[\]]/.test(clean[form])) throw invalid('A group name cannot contain square brackets.', field, 'brackets');
    }
    return { id, clean };
  });
  db.transaction(() => {
    const upsert = db.prepare(
      `INSERT INTO group_form (group_id, language, plural, singular, adjective, community) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, language) DO UPDATE SET plural = excluded.plural, singular = excluded.singular,
         adjective = excluded.adjective, community = excluded.community`,
    );
    for (const { id, clean } of checked) upsert.run(id, language, clean.plural, clean.singular, clean.adjective, clean.community);
  })();
}

/** A new group's English forms, suggested from its label; the evaluator reviews them in Setup. */
export function seedEnglishForms(db: Db, groupId: number, label: string): void {
  const forms = suggestEnglishForms(label);
  db.prepare(
    `INSERT OR IGNORE INTO group_form (group_id, language, plural, singular, adjective, community) VALUES (?, 'en', ?, ?, ?, ?)`,
  ).run(groupId, forms.plural, forms.singular, forms.adjective, forms.community);
}

/** The forms' share of a version's placeholders: the other group's forms, and the respondents' own. */
export function groupPlaceholders(
  other: GroupForms | undefined,
  own: GroupForms | undefined,
  language: string,
): Partial<PlaceholderValues> {
  const values: Partial<PlaceholderValues> = {};
  if (other) {
    const english = language.split('-')[0] === 'en';
    values.group = other.plural;
    values.groupSingular = other.singular;
    values.groupAdjective = other.adjective;
    values.groupCommunity = other.community;
    // "a [group] person": the adjective where there is one; otherwise the noun ("a member of the host society").
    values.groupPerson = other.adjective && english ? `${englishArticle(other.adjective)} ${other.adjective} person` : other.singular;
    values.groupPeople = other.adjective && english ? `the ${other.adjective} people` : english ? `the ${other.plural}` : other.plural;
  }
  if (own) {
    values.peopleInMyCommunity = own.plural;
    values.memberOfMyCommunity = own.singular;
    values.myCommunity = own.community;
  }
  return values;
}

/**
 * A version's placeholder values: the groups' forms in the version's language, then what was typed
 * for the rest (countries, language names, the introduction's blanks). With more than two groups
 * the version says which one its [group] is (`about`).
 */
type VersionNaming = { identityGroup: string; language: string; about?: string; typed: Partial<PlaceholderValues> };

export function versionPlaceholders(db: Db, input: VersionNaming, options: { requireForms?: boolean } = {}): PlaceholderValues {
  if (!isLanguageCode(input.language)) {
    throw new MixwiseError('INVALID_INPUT', 'Give a language code such as en, tr or ar.', {
      field: 'language',
      key: 'questionnaires.badLanguage',
    });
  }
  const groups = db.prepare('SELECT id, code, name FROM identity_group ORDER BY position').all() as {
    id: number;
    code: string;
    name: string;
  }[];
  const own = groups.find((group) => group.code === input.identityGroup);
  const others = groups.filter((group) => group.code !== input.identityGroup);
  const other = input.about ? others.find((group) => group.code === input.about) : others.length === 1 ? others[0] : undefined;
  if (input.about && !other) throw invalid(`Choose another group than the version's own for [group].`, 'about', 'badAbout');
  const language = languageName(input.language);
  for (const group of [own, other]) {
    if (group && options.requireForms !== false && !formsOf(db, group.id, input.language)) {
      throw new MixwiseError(
        'INVALID_INPUT',
        `Enter how ${language} names the group ${group.name} (Setup, identity groups) before making this version.`,
        {
          field: 'language',
          key: 'questionnaires.groupFormsMissing',
          params: { group: group.name, language },
        },
      );
    }
  }
  return {
    group: '',
    ...input.typed,
    ...groupPlaceholders(other && formsOf(db, other.id, input.language), own && formsOf(db, own.id, input.language), input.language),
  };
}

/**
 * Saves a version with its group names from the forms. A language without forms for a group only
 * stops the version when its texts name that group, and after what is more basic (a missing
 * translation) has been said: then the refusal says which group to name, in which language.
 */
export function withGroupNames<T>(db: Db, input: VersionNaming, save: (values: PlaceholderValues) => T): T {
  try {
    return save(versionPlaceholders(db, input, { requireForms: false }));
  } catch (error) {
    const field = error instanceof MixwiseError ? (error.details.field ?? '') : '';
    if (field.startsWith('placeholders.') && (GROUP_KEYS as readonly string[]).includes(field.slice('placeholders.'.length))) {
      versionPlaceholders(db, input);
    }
    throw error;
  }
}
