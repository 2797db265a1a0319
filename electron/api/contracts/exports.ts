import { z } from 'zod';
import { empty, method } from '../method';

/** Anonymised exports: the toolkit's wide layout (xlsx, CSV, long), codebook, SPSS/Stata/R syntax. */

/** An export column: the design's (id, group, arm, site, cohort) or <wave>_<itemcode>. */
const variableName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
/**
 * A quasi-identifier or a column to generalise: a design column, an item code (dem1: the item at
 * every wave it is exported, pre_dem1, post_dem1, fu_dem1) or one per-wave column.
 */
const columnOrItem = variableName;
const itemCode = z.string().min(1).max(24);

export const exportFormats = ['xlsx', 'csv', 'long'] as const;
export const syntaxKinds = ['spss', 'stata', 'r'] as const;
export const generaliseKinds = ['bands', 'merge'] as const;

export const exportOptionsSchema = z
  .object({
    /** xlsx: wide data + codebook; csv: wide; long: one row per respondent and wave (CSV). */
    format: z.enum(exportFormats).default('xlsx'),
    syntax: z.array(z.enum(syntaxKinds)).max(3).default([]),
    /** Free-text items are dropped unless listed here (they may hold names). */
    keepText: z.array(itemCode).max(200).default([]),
    /** Replace IDs by fresh export pseudonyms; the mapping is kept only in the vault. */
    rekey: z.boolean().default(false),
    k: z.number().int().min(2).max(100).default(5),
    /**
     * Empty: the default set, the design columns and every demographic item at every wave. A named
     * item covers all its waves, whichever of its names is given (dem1 or pre_dem1).
     */
    quasiIdentifiers: z.array(columnOrItem).max(40).default([]),
    /**
     * Export without any k-anonymity check: an explicit choice, never the default, allowed only with
     * an override reason (kept in the vault's export record); quasiIdentifiers must then be empty.
     */
    skipKanonCheck: z.boolean().default(false),
    /** bands: age bands (18-24, 25-34 …); merge: categories with fewer than k people become "Other". */
    generalise: z.array(z.object({ variable: columnOrItem, how: z.enum(generaliseKinds) }).strict()).max(40).default([]),
    /** Blank the quasi-identifiers of the rows still at risk after generalisation. */
    suppress: z.boolean().default(false),
    /**
     * Export although the check did not pass (rows at risk, too many rows suppressed, or no check at
     * all); the reason is kept in the vault's export record.
     */
    override: z.object({ reason: z.string().trim().min(10).max(1000) }).strict().optional(),
  })
  .strict();
export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

const cell = z.union([z.string(), z.number()]).nullable();

/**
 * passed: every combination reaches k (with at most the limit's share of rows suppressed);
 * atRisk: combinations below k remain; overSuppressed: it passes only because suppression blanked
 * more than the limit's share of rows; unchecked: the check was skipped on purpose.
 */
export const riskStatuses = ['passed', 'atRisk', 'overSuppressed', 'unchecked'] as const;
export type RiskStatus = (typeof riskStatuses)[number];

export const riskReportSchema = z.object({
  k: z.number(),
  respondents: z.number(),
  /** The columns checked, every wave of a named item spelt out. */
  quasiIdentifiers: z.array(z.string()),
  /** Whether they are the default set (nothing was chosen). */
  defaultQuasi: z.boolean(),
  status: z.enum(riskStatuses),
  /** Combinations of quasi-identifier values shared by fewer than k respondents. */
  risky: z.array(z.object({ values: z.record(z.string(), cell), count: z.number() })),
  riskyRows: z.number(),
  suppressedRows: z.number(),
  /** The largest share of rows (0-1) suppression may blank before the export needs a reason. */
  suppressionLimit: z.number(),
  /** status === 'passed': the only state exported without a reason. */
  passed: z.boolean(),
  /** Free-text variables left out of the export. */
  droppedText: z.array(z.string()),
});
export type RiskReport = z.output<typeof riskReportSchema>;

export const exportVariableSchema = z.object({
  name: z.string(),
  label: z.string(),
  wave: z.string().nullable(),
  item: z.string().nullable(),
  kind: z.string(),
  /** Which generalisations make sense for it. */
  generalise: z.array(z.enum(generaliseKinds)),
});

/** What can be chosen as a quasi-identifier: a design column, or an item covering all its waves. */
export const quasiCandidateSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** The export columns it covers (an item: one per wave it is exported at). */
  columns: z.array(z.string()),
  /** Free text: choosable only while kept. */
  text: z.boolean(),
  /** In the default set: a design column, or a demographic item (free text only while kept). */
  byDefault: z.boolean(),
  generalise: z.array(z.enum(generaliseKinds)),
});

export const exportsContract = {
  /** The columns an export of this study would have, for choosing quasi-identifiers and free text to keep. */
  'exports.variables': method(
    empty,
    z.object({
      variables: z.array(exportVariableSchema),
      quasiCandidates: z.array(quasiCandidateSchema),
      freeText: z.array(z.object({ item: z.string(), label: z.string() })),
      respondents: z.number(),
    }),
  ),
  /** The k-anonymity report for these options; writes nothing. */
  'exports.check': method(exportOptionsSchema, riskReportSchema),
  /**
   * Asks where to save, then writes the data file, and for syntax files a CSV beside it, all or
   * nothing. Refused while rows are at risk unless overridden with a reason (vault unlocked).
   */
  'exports.save': method(exportOptionsSchema, z.object({ paths: z.array(z.string()).nullable(), report: riskReportSchema })),
} as const;
