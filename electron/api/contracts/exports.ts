import { z } from 'zod';
import { empty, method } from '../method';

/** Anonymised exports: the toolkit's wide layout (xlsx, CSV, long), codebook, SPSS/Stata/R syntax. */

/** An export column: the design's (id, group, arm, site, cohort) or <wave>_<itemcode>. */
const variableName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);
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
    quasiIdentifiers: z.array(variableName).max(20).default([]),
    /** bands: age bands (18-24, 25-34 …); merge: categories with fewer than k people become "Other". */
    generalise: z.array(z.object({ variable: variableName, how: z.enum(generaliseKinds) }).strict()).max(40).default([]),
    /** Blank the quasi-identifiers of the rows still at risk after generalisation. */
    suppress: z.boolean().default(false),
    /** Export although rows are still at risk; the reason is kept in the vault's export record. */
    override: z.object({ reason: z.string().trim().min(10).max(1000) }).strict().optional(),
  })
  .strict();
export type ExportOptions = z.output<typeof exportOptionsSchema>;
export type ExportOptionsInput = z.input<typeof exportOptionsSchema>;

const cell = z.union([z.string(), z.number()]).nullable();

export const riskReportSchema = z.object({
  k: z.number(),
  respondents: z.number(),
  quasiIdentifiers: z.array(z.string()),
  /** Combinations of quasi-identifier values shared by fewer than k respondents. */
  risky: z.array(z.object({ values: z.record(z.string(), cell), count: z.number() })),
  riskyRows: z.number(),
  suppressedRows: z.number(),
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

export const exportsContract = {
  /** The columns an export of this study would have, for choosing quasi-identifiers and free text to keep. */
  'exports.variables': method(
    empty,
    z.object({
      variables: z.array(exportVariableSchema),
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
