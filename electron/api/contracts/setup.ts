import { z } from 'zod';
import { empty, method } from '../method';

/** Study setup (evaluator area): the design and the edits allowed on it. Every method answers with the new view. */

const code = z.string().max(24);
const text = z.string().max(200);
const date = z.string().max(10).nullable().optional();
const audience = z.enum(['all', 'host', 'migrant']);
const codedTable = z.enum(['arm', 'site', 'cohort']);

const codedRow = z.object({ code: z.string(), name: z.string(), participants: z.number() });

export const setupView = z.object({
  name: z.string(),
  country: z.string(),
  /** Percentages, e.g. 80 and 85. */
  matchTarget: z.number(),
  matchStretch: z.number(),
  groups: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      labelForOthers: z.string(),
      audience,
      participants: z.number(),
      versions: z.number(),
    }),
  ),
  /** Every language the study's questionnaires use (English first): each needs the groups' forms. */
  languages: z.array(z.string()),
  /** How questionnaires name each group, per language (placeholders take one form each). */
  groupForms: z.array(
    z.object({
      group: z.string(),
      language: z.string(),
      plural: z.string(),
      singular: z.string(),
      adjective: z.string(),
      community: z.string(),
    }),
  ),
  /** English forms suggested from each group's label, for a group without English forms yet. */
  suggestedForms: z.record(
    z.string(),
    z.object({ plural: z.string(), singular: z.string(), adjective: z.string(), community: z.string() }),
  ),
  arms: z.array(codedRow),
  sites: z.array(codedRow),
  cohorts: z.array(codedRow),
  waves: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      windowStart: z.string().nullable(),
      windowEnd: z.string().nullable(),
      responses: z.number(),
    }),
  ),
});
export type SetupView = z.infer<typeof setupView>;

const group = z.object({ code, name: text, labelForOthers: text, audience: audience.optional() }).strict();
const forms = z.object({ plural: text, singular: text, adjective: text, community: text }).strict();
const groupForms = z.object({ language: z.string().max(35), groups: z.array(z.object({ group: code, forms }).strict()).max(50) }).strict();
const wave = z.object({ code, label: text, windowStart: date, windowEnd: date }).strict();

export const setupContract = {
  'setup.get': method(empty, setupView),
  'setup.saveStudy': method(z.object({ name: text, country: text, matchTarget: z.number(), matchStretch: z.number() }).strict(), setupView),
  'setup.addGroup': method(group, setupView),
  'setup.updateGroup': method(group, setupView),
  'setup.removeGroup': method(z.object({ code }).strict(), setupView),
  'setup.saveGroupForms': method(groupForms, setupView),
  'setup.addEntry': method(z.object({ table: codedTable, code, name: text }).strict(), setupView),
  'setup.renameEntry': method(z.object({ table: codedTable, code, name: text }).strict(), setupView),
  'setup.removeEntry': method(z.object({ table: codedTable, code }).strict(), setupView),
  'setup.addWave': method(wave, setupView),
  'setup.updateWave': method(wave, setupView),
  'setup.removeWave': method(z.object({ code }).strict(), setupView),
  'setup.reorderWaves': method(z.object({ codes: z.array(code).max(50) }).strict(), setupView),
} as const;
