import { z } from 'zod';
import { method } from '../method';

/** A recoded label's target: an answer code, or a missing reason (exported as the study's 97/98/99). */
export const recodeTarget = z.union([z.number().int(), z.enum(['skipped', 'refused', 'dont_know'])]);

const header = z.string().min(1).max(200);

/**
 * How an online export's columns become a questionnaire version's items. The same JSON is saved in
 * the study (imports.mappings.save) and read from the CLI's --map file. Headers are matched exactly
 * (after trimming), so a mapping saved for one Kobo/Qualtrics form fits every later export of it.
 */
export const importMapping = z
  .object({
    versionCode: z.string().min(1).max(100),
    /** The column holding the participant ID; null when the form collected none (every row goes to the match assistant). */
    idColumn: header.nullable(),
    /** Rows under the header to ignore (Qualtrics adds two: question texts and import IDs). */
    skipRows: z.number().int().min(0).max(10).default(0),
    /** File header -> item code. Columns not listed are ignored. */
    columns: z.record(header, z.string().min(1).max(100)),
    /** Item code -> (answer label as exported -> code). Labels compare without case or surrounding spaces. */
    recode: z.record(z.string().min(1).max(100), z.record(z.string().max(200), recodeTarget)).default({}),
    /** Columns the match assistant may read (never imported, never stored). */
    match: z
      .object({ email: header.optional(), phone: header.optional(), birthYear: header.optional(), initials: header.optional() })
      .strict()
      .default({}),
  })
  .strict();
export type ImportMapping = z.infer<typeof importMapping>;

const file = z.object({
  name: z.string().min(1).max(260),
  /** The file's bytes as base64 (the renderer reads the chosen file; ~14 MB of text for the 10 MB limit). */
  base64: z.string().max(14_000_000),
});

export const importProblem = z.object({
  /** Spreadsheet row (the header is row 1); 1 for a problem with the mapping itself. */
  row: z.number().int(),
  /** The column's header ('' when the problem is not in one column) and its 1-based position (0 if none). */
  column: z.string(),
  columnIndex: z.number().int(),
  /** 'id', an item code, or '' */
  target: z.string(),
  reason: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** English sentence, for the CLI and as the UI's fallback. */
  message: z.string(),
});
export type ImportProblem = z.infer<typeof importProblem>;

const itemInfo = z.object({
  code: z.string(),
  kind: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  wording: z.string(),
});

export const importPreview = z.object({
  headers: z.array(z.string()),
  rows: z.number().int(),
  items: z.array(itemInfo),
  /** The mapping checked: the one given, or the one suggested from the headers. */
  mapping: importMapping,
  /** Exported labels of mapped items that are neither numbers nor recoded yet. */
  unrecoded: z.array(z.object({ itemCode: z.string(), labels: z.array(z.string()) })),
  /** The first rows as they would be imported: ID and mapped items' codes (match columns are never shown). */
  sample: z.array(z.object({ row: z.number().int(), id: z.string(), cells: z.array(z.string()) })),
  sampleItems: z.array(z.string()),
  ready: z.number().int(),
  held: z.number().int(),
  problems: z.array(importProblem),
  problemCount: z.number().int(),
  /** Imported all the same, as keying would (the form in hand wins), but worth a look. */
  warnings: z.array(importProblem),
});
export type ImportPreview = z.infer<typeof importPreview>;

export const importResult = z.object({
  importId: z.number().int(),
  batchId: z.number().int(),
  imported: z.number().int(),
  held: z.number().int(),
});

const proposal = z.object({
  row: z.number().int(),
  typedId: z.string(),
  candidates: z.array(z.object({ participantId: z.string(), score: z.number(), reasons: z.array(z.string()) })),
});
export type MatchProposal = z.infer<typeof proposal>;

const importRun = z.object({
  importId: z.number().int(),
  batchId: z.number().int(),
  fileName: z.string(),
  waveCode: z.string(),
  versionCode: z.string(),
  imported: z.number().int(),
  held: z.number().int(),
  unresolved: z.number().int(),
  importedAt: z.string(),
});

/** Imports of online waves (KoboToolbox, Qualtrics, Excel), the match assistant, merging laptops. */
export const importsContract = {
  'imports.preview': method(
    z.object({ file, waveCode: z.string().min(1), versionCode: z.string().min(1), mapping: importMapping.nullable() }),
    importPreview,
  ),
  'imports.commit': method(
    z.object({ file, waveCode: z.string().min(1), mapping: importMapping, actor: z.string().min(1).max(100), saveMappingAs: z.string().max(100).optional() }),
    importResult,
  ),
  'imports.list': method(z.object({}).strict(), z.array(importRun)),
  'imports.mappings.list': method(z.object({}).strict(), z.array(z.object({ name: z.string(), mapping: importMapping, updatedAt: z.string() }))),
  'imports.mappings.save': method(z.object({ name: z.string().min(1).max(100), mapping: importMapping }), z.object({ name: z.string() })),
  'imports.match.proposals': method(z.object({ importId: z.number().int(), file }), z.array(proposal)),
  'imports.match.confirm': method(
    z.object({ importId: z.number().int(), row: z.number().int(), participantId: z.string().min(1).max(20) }),
    z.object({ participantId: z.string(), rowId: z.number().int() }),
  ),
  'imports.match.reject': method(
    z.object({ importId: z.number().int(), row: z.number().int(), participantId: z.string().min(1).max(20) }),
    z.object({ ok: z.literal(true) }),
  ),
} as const satisfies Record<string, ReturnType<typeof method<z.ZodType, z.ZodType>>>;
