import { z } from 'zod';
import { method } from '../method';

/**
 * Analysis: scale scores, reliability, descriptives, change within arms, programme vs comparison,
 * baseline balance and the percent-agree view. The numbers equal R's (core/analysis/fixtures).
 */

const code = z.string().min(1).max(24);
const num = z.number().nullable();

export const analysisInput = z
  .object({
    /** Concept codes; default every scale the study asks. */
    scales: z.array(code).max(100).optional(),
    /** Waves in order, the first being the baseline; default all. */
    waves: z.array(code).min(1).max(12).optional(),
    programmeArm: code.optional(),
    /** Overrides the study's setting scale.min_answered_share for this run. */
    minAnsweredShare: z.number().gt(0).max(1).optional(),
  })
  .strict();

const test = { ciLow: num, ciHigh: num, t: num, df: num, p: num, stderr: num };
/** Holm-adjusted p within the row's family: one kind of test x one wave comparison, across scales x groups (x arms). */
const holm = { pHolm: num };
/** One side of a differential-attrition alarm: a group's or an arm's code and its rate of answering both waves. */
const attritionSide = z.object({ code: z.string(), enrolled: z.number(), matched: z.number(), rate: z.number() });

export const analysisReportSchema = z.object({
  generatedAt: z.string(),
  settings: z.object({
    scales: z.array(z.string()),
    waves: z.array(z.string()),
    baseline: z.string(),
    programmeArm: z.string(),
    minAnsweredShare: z.number(),
    smallCell: z.number(),
    alphaWarning: z.number(),
    confidence: z.number(),
    /** No alpha on fewer complete questionnaires than this (reliability.reason 'fewComplete'). */
    reliabilityMinimum: z.number(),
    /** How pHolm is adjusted: Holm within each family (kind of test x wave comparison). */
    multiplicity: z.literal('holm'),
  }),
  groups: z.array(z.object({ code: z.string(), name: z.string() })),
  arms: z.array(z.object({ code: z.string(), name: z.string() })),
  waves: z.array(z.object({ code: z.string(), label: z.string() })),
  scales: z.array(
    z.object({
      concept: z.string(),
      name: z.string(),
      highScoreMeans: z.string().nullable(),
      items: z.array(z.object({ code: z.string(), min: z.number(), max: z.number(), reverseKeyed: z.boolean(), wording: z.string() })),
      itemsNeeded: z.number(),
    }),
  ),
  reliability: z.array(
    z.object({
      scale: z.string(),
      wave: z.string(),
      version: z.string(),
      n: z.number(),
      k: z.number(),
      alpha: num,
      items: z.array(z.object({ item: z.string(), rDrop: num, alphaIfDropped: num })),
      low: z.boolean(),
      /** Why alpha is null: fewer complete questionnaires than settings.reliabilityMinimum, one item, or no variance. */
      reason: z.enum(['fewComplete', 'oneItem', 'noVariance']).nullable(),
      /** Items everyone answered alike in these questionnaires (their r.drop is null). */
      zeroVariance: z.array(z.string()),
    }),
  ),
  descriptives: z.array(
    z.object({
      scale: z.string(),
      arm: z.string(),
      group: z.string().nullable(),
      wave: z.string(),
      n: z.number(),
      mean: num,
      sd: num,
      ciLow: num,
      ciHigh: num,
      small: z.boolean(),
    }),
  ),
  change: z.array(
    z.object({
      scale: z.string(),
      arm: z.string(),
      group: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      n: z.number(),
      meanFrom: num,
      meanTo: num,
      meanChange: num,
      sdChange: num,
      dz: num,
      small: z.boolean(),
      ...test,
      ...holm,
    }),
  ),
  programmeEffect: z.array(
    z.object({
      scale: z.string(),
      group: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      programmeArm: z.string(),
      comparisonArm: z.string(),
      nProgramme: z.number(),
      nComparison: z.number(),
      changeProgramme: num,
      changeComparison: num,
      difference: num,
      /** On the SD of the changes: Cohen's d of the change scores, and Hedges' g. */
      d: num,
      g: num,
      /** On the baseline SD: Morris (2008) d_ppc2 = c_P x difference / pooled baseline SD (same respondents). */
      dppc2: num,
      sdBaseline: num,
      small: z.boolean(),
      ...test,
      ...holm,
    }),
  ),
  /**
   * ANCOVA (OLS), the headline estimate: later score ~ baseline score + arm, on respondents with both.
   * model 'group': fitted on one identity group alone; 'interaction': the group's effect in the pooled
   * model later ~ baseline + arm * group; 'pooled' (group null): that model's average effect, the mean
   * of the groups' effects with each group weighing the same (sum-to-zero coding). With one identity
   * group the pooled model is later ~ baseline + arm and there are no 'interaction' rows.
   */
  ancova: z.array(
    z.object({
      scale: z.string(),
      group: z.string().nullable(),
      model: z.enum(['group', 'pooled', 'interaction']),
      from: z.string(),
      to: z.string(),
      programmeArm: z.string(),
      comparisonArm: z.string(),
      /** Respondents in the model (both arms; all groups for 'pooled' and 'interaction'). */
      n: z.number(),
      nProgramme: z.number(),
      nComparison: z.number(),
      /** Programme minus comparison at the later wave, adjusted for the baseline score. */
      estimate: num,
      small: z.boolean(),
      ...test,
      ...holm,
      /** Sites among the model's respondents; 0 when the study has none (or someone has none). */
      sites: z.number(),
      /**
       * The same estimate with SEs clustered by site (CR1: sandwich::vcovCL type "HC1"), t on sites - 1
       * df; null under 2 sites. With few sites (under ~20) even this is optimistic: say so.
       */
      bySite: z.object({ stderr: num, ciLow: num, ciHigh: num, t: num, df: num, p: num }).nullable(),
    }),
  ),
  /**
   * Attrition-aware reading (electron/core/analysis/attrition.ts), only where the tracking's
   * differential-attrition alarm is on for the wave: the ANCOVA refitted with inverse-probability
   * weights (a logistic model of answering the later wave on baseline score, arm, identity group and
   * site, among people with a baseline score), with HC1 robust SE; 'pooled' (group null) as the
   * ANCOVA's all-groups row, 'group' as the group's own model. `observed`: the unweighted estimate.
   */
  attrition: z.array(
    z.object({
      scale: z.string(),
      group: z.string().nullable(),
      model: z.enum(['pooled', 'group']),
      from: z.string(),
      to: z.string(),
      programmeArm: z.string(),
      comparisonArm: z.string(),
      alarms: z.array(
        z.object({
          dimension: z.enum(['group', 'arm']),
          withinArm: z.string().nullable(),
          higher: attritionSide,
          lower: attritionSide,
          points: z.number(),
        }),
      ),
      nBaseline: z.number(),
      nAnswered: z.number(),
      observed: num,
      bySite: z.boolean(),
      estimate: num,
      stderr: num,
      ciLow: num,
      ciHigh: num,
      df: num,
      p: num,
      sentence: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
    }),
  ),
  balance: z.array(
    z.object({
      scale: z.string(),
      group: z.string().nullable(),
      wave: z.string(),
      armA: z.string(),
      armB: z.string(),
      nA: z.number(),
      nB: z.number(),
      meanA: num,
      meanB: num,
      difference: num,
      d: num,
      small: z.boolean(),
      ...test,
      ...holm,
    }),
  ),
  agree: z.array(
    z.object({
      scale: z.string(),
      item: z.string(),
      reverseKeyed: z.boolean(),
      arm: z.string(),
      group: z.string().nullable(),
      waves: z.array(z.object({ wave: z.string(), n: z.number(), agree: z.number(), share: num })),
      changes: z.array(z.object({ from: z.string(), to: z.string(), n: z.number(), shareFrom: num, shareTo: num, points: num })),
    }),
  ),
  warnings: z.array(
    z.object({
      kind: z.enum(['lowAlpha', 'smallCell', 'noComparison']),
      scale: z.string().nullable(),
      params: z.record(z.string(), z.union([z.string(), z.number()])),
      message: z.string(),
    }),
  ),
});

export const analysisContract = {
  /** Runs the analysis off the window's critical path, emitting 'progress' with task 'analysis'. */
  'analysis.run': method(analysisInput, analysisReportSchema),
  /** Saves the report as an xlsx workbook (one sheet per table) where the save dialog says. */
  'analysis.exportXlsx': method(analysisInput, z.object({ path: z.string().nullable() })),
  /** Saves the report with its charts as PDF; needs the shell's PDF printer. */
  'analysis.exportPdf': method(analysisInput, z.object({ path: z.string().nullable() })),
} as const;
