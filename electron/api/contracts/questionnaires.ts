import { z } from 'zod';
import { empty, method } from '../method';

/** Questionnaire builder: the item bank, the study's selection, own items, translations and versions. */

const code = z.string().max(24);
const language = z.string().max(35);
const text = z.string().max(4000);
const kind = z.enum(['likert', 'yesno', 'number', 'choice', 'text']);
const waves = z.enum(['all', 'pre', 'post_fu']);
const showIf = z.object({ item: code, equals: z.array(z.number().int()).min(1).max(20) }).strict();

const itemText = z.object({
  wording: z.string(),
  stem: z.string(),
  instruction: z.string(),
  responseLabel: z.string(),
  anchors: z.array(z.string()),
});

export const placeholderValues = z
  .object({
    // The group forms come from Setup (group_form, per language); a version may still carry them,
    // as versions made before the forms existed do.
    group: z.string().max(200).optional(),
    groupSingular: z.string().max(200).optional(),
    groupAdjective: z.string().max(200).optional(),
    groupCommunity: z.string().max(200).optional(),
    groupPerson: z.string().max(200).optional(),
    groupPeople: z.string().max(200).optional(),
    peopleInMyCommunity: z.string().max(200).optional(),
    myCommunity: z.string().max(200).optional(),
    memberOfMyCommunity: z.string().max(200).optional(),
    thisCountry: z.string().max(200).optional(),
    country: z.string().max(200).optional(),
    receivingLanguage: z.string().max(200).optional(),
    migrantLanguage: z.string().max(200).optional(),
    community: z.string().max(200).optional(),
    minutes: z.string().max(20).optional(),
  })
  .strict();

const bankConcept = z.object({
  code: z.string(),
  name: z.string(),
  section: z.string(),
  core: z.boolean(),
  items: z.array(
    z.object({
      code: z.string(),
      wording: z.string(),
      kind,
      anchors: z.array(z.string()),
      audience: z.string(),
      waves: z.string(),
      reverseKeyed: z.boolean(),
      showIf: showIf.nullable(),
    }),
  ),
});

const ownItem = z.object({
  code: z.string(),
  concept: z.string(),
  kind,
  min: z.number().nullable(),
  max: z.number().nullable(),
  language: z.string(),
  wording: z.string(),
  anchors: z.array(z.string()),
  responseLabel: z.string(),
  waves: z.string(),
  showIf: showIf.nullable(),
  versions: z.number(),
});

const version = z.object({
  code: z.string(),
  label: z.string(),
  identityGroup: z.string(),
  language: z.string(),
  placeholders: z.record(z.string(), z.string()),
  createdAt: z.string(),
  items: z.number(),
  /** Answers exist: the version is read-only and saving it makes a new version. */
  responses: z.number(),
  basedOn: z.string().nullable(),
  replacedBy: z.string().nullable(),
  /** 'draft': texts missing or unchecked (counted against today's translations); only 'ready' prints. */
  state: z.enum(['draft', 'ready']),
  missing: z.number(),
  unchecked: z.number(),
});

export const questionnaireView = z.object({
  selection: z.array(z.string()),
  /** false: nothing saved yet, the selection shown is the toolkit's six core concepts. */
  selectionSaved: z.boolean(),
  ownItems: z.array(ownItem),
  languages: z.array(z.string()),
  versions: z.array(version),
  groups: z.array(z.object({ code: z.string(), name: z.string(), audience: z.string(), defaults: placeholderValues })),
});
export type QuestionnaireView = z.infer<typeof questionnaireView>;

export const ownItemInput = z
  .object({
    code,
    kind,
    concept: z.string().max(60).optional(),
    language,
    wording: text,
    anchors: z.array(z.string().max(200)).max(20).optional(),
    min: z.number().int().nullable().optional(),
    max: z.number().int().nullable().optional(),
    responseLabel: z.string().max(200).optional(),
    waves: waves.optional(),
    showIf: showIf.nullable().optional(),
  })
  .strict();

/** A translation is 'checked' once a reviewer compared it with the source; a changed text is 'draft' again. */
const reviewStatus = z.enum(['draft', 'checked']);

export const translationsView = z.object({
  language: z.string(),
  languageName: z.string(),
  rightToLeft: z.boolean(),
  items: z.array(
    z.object({
      code: z.string(),
      concept: z.string(),
      sourceLanguage: z.string(),
      source: itemText,
      translation: itemText.nullable(),
      backTranslation: z.string(),
      status: reviewStatus.nullable(),
      readOnly: z.boolean(),
    }),
  ),
  formTexts: z.array(
    z.object({
      key: z.string(),
      source: z.string(),
      text: z.string().nullable(),
      backTranslation: z.string(),
      status: reviewStatus.nullable(),
    }),
  ),
});
export type TranslationsView = z.infer<typeof translationsView>;

export const questionnairesContract = {
  'questionnaire.bank': method(empty, z.object({ source: z.string(), concepts: z.array(bankConcept) })),
  'questionnaire.get': method(empty, questionnaireView),
  'questionnaire.saveSelection': method(z.object({ items: z.array(code).max(500) }).strict(), questionnaireView),
  'questionnaire.addOwnItem': method(ownItemInput, questionnaireView),
  'questionnaire.updateOwnItem': method(ownItemInput, questionnaireView),
  'questionnaire.removeOwnItem': method(z.object({ code }).strict(), questionnaireView),
  'questionnaire.translations': method(z.object({ language }).strict(), translationsView),
  'questionnaire.saveTranslations': method(
    z
      .object({
        language,
        items: z
          .array(
            z
              .object({
                code,
                wording: text,
                stem: text.optional(),
                instruction: text.optional(),
                responseLabel: z.string().max(200).optional(),
                anchors: z.array(z.string().max(200)).max(20).optional(),
                backTranslation: text.optional(),
                status: reviewStatus.optional(),
              })
              .strict(),
          )
          .max(500),
        formTexts: z.record(
          z.string().max(40),
          z.union([
            z.string().max(8000),
            z
              .object({ text: z.string().max(8000), backTranslation: z.string().max(8000).optional(), status: reviewStatus.optional() })
              .strict(),
          ]),
        ),
      })
      .strict(),
    translationsView,
  ),
  'questionnaire.saveVersion': method(
    z
      .object({
        code: code.optional(),
        identityGroup: code,
        /** With more than two groups, the group [group] names; with two it is the other one. */
        about: code.optional(),
        language,
        label: z.string().max(200).optional(),
        placeholders: placeholderValues,
      })
      .strict(),
    z.object({
      code: z.string(),
      label: z.string(),
      outcome: z.enum(['created', 'updated', 'replaced', 'unchanged']),
      replaced: z.string().optional(),
      view: questionnaireView,
    }),
  ),
  'questionnaire.removeVersion': method(z.object({ code }).strict(), questionnaireView),
  /** Refused while a text is missing or unchecked, naming them; composes the version from today's translations. */
  'questionnaire.markReady': method(
    z.object({ code }).strict(),
    z.object({
      code: z.string(),
      outcome: z.enum(['created', 'updated', 'replaced', 'unchanged']),
      replaced: z.string().optional(),
      view: questionnaireView,
    }),
  ),
  /** The reviewer's print: source, translation, back-translation and status side by side; null path when cancelled. */
  'questionnaire.saveReviewPdf': method(z.object({ language }).strict(), z.object({ path: z.string().nullable(), pages: z.number() })),
} as const;
