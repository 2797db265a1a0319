import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { exportOptionsSchema, generaliseKinds, syntaxKinds, type ExportOptions, type RiskReport } from '../../api/contracts/exports';
import type { Db } from '../../core/db/open';
import { MixwiseError } from '../../core/errors';
import { checkExport, plannedPaths, runExport } from '../../core/exports/save';
import { openStudyFile } from '../../core/study/file';
import { appendAudit } from '../../core/vault/audit';
import { defaultVaultPath } from '../../core/vault/kind';
import { assertVaultForStudy, openVaultFile, studyUuidOf, type OpenVault, closeVault } from '../../core/vault/vaultFile';
import { integerOption, requiredString, UsageError, type OptionValues } from '../args';
import type { CliIo, Command } from '../command';
import { readPassphrase } from '../passphrase';
import { VAULT_PASSPHRASE_ENV } from './enrol';

const MAX_RISKY_LINES = 20;
/** Refusals that the report explains (what was checked, the combinations at risk, what was suppressed). */
const REPORTED_REFUSALS = new Set(['exports.notAnonymous', 'exports.overSuppressed']);

function list(values: OptionValues, name: string): string[] {
  const raw = values[name];
  if (raw === undefined) return [];
  const entries = String(raw)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new UsageError(`--${name} needs one or more values separated by commas.`);
  return entries;
}

/** Turns the command line into the same options the app's Export section sends. */
export function optionsFrom(values: OptionValues): ExportOptions {
  const format = (values.format as string | undefined) ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'csv' && format !== 'long')
    throw new UsageError(`--format takes xlsx, csv or long, not "${format}".`);
  const syntax = list(values, 'syntax');
  for (const kind of syntax)
    if (!(syntaxKinds as readonly string[]).includes(kind)) throw new UsageError(`--syntax takes spss, stata and r, not "${kind}".`);
  const generalise = list(values, 'generalise').map((entry) => {
    const [variable, how] = entry.split(':');
    if (!variable || !how || !(generaliseKinds as readonly string[]).includes(how)) {
      throw new UsageError(`--generalise takes VARIABLE:bands or VARIABLE:merge, not "${entry}".`);
    }
    return { variable, how };
  });
  const reason = values['override-reason'];
  const quasiIdentifiers = list(values, 'quasi');
  const skipKanonCheck = values['no-kanon-check'] === true;
  // Not checking at all is a choice made on purpose and on the record: never by leaving --quasi out.
  if (skipKanonCheck && quasiIdentifiers.length > 0)
    throw new UsageError('--no-kanon-check and --quasi exclude each other; give one of them.');
  if (skipKanonCheck && typeof reason !== 'string')
    throw new UsageError('--no-kanon-check needs --override-reason TEXT, which is recorded in the vault.');
  const parsed = exportOptionsSchema.safeParse({
    format,
    syntax,
    keepText: list(values, 'keep-text'),
    rekey: values.rekey === true,
    k: integerOption(values, 'k') ?? 5,
    quasiIdentifiers,
    skipKanonCheck,
    generalise,
    suppress: values.suppress === true,
    override: typeof reason === 'string' ? { reason } : undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    if (field === 'k') throw new UsageError('--k is a whole number from 2 to 100.');
    if (field === 'override') throw new UsageError('--override-reason needs a sentence of at least 10 characters.');
    throw new UsageError(`--${field === 'quasiIdentifiers' ? 'quasi' : field} has a value that is not a column or item code.`);
  }
  return parsed.data;
}

/** The first line of the report: what was checked and how it came out, for each status. */
function verdict(report: RiskReport): string {
  const over = `k-anonymity (k = ${report.k}) over ${report.quasiIdentifiers.join(', ')}${report.defaultQuasi ? ' (the default: design columns and demographic items)' : ''}`;
  const limit = `${Math.round(report.suppressionLimit * 100)} %`;
  const suppressed = `${report.suppressedRows} of ${report.respondents} rows`;
  switch (report.status) {
    case 'unchecked':
      return 'k-anonymity was not checked (--no-kanon-check); the reason is recorded in the vault.';
    case 'overSuppressed':
      return `${over}: passed only after suppressing ${suppressed}, above the ${limit} limit.`;
    case 'atRisk':
      return `${over}: ${report.riskyRows} of ${report.respondents} respondents in combinations shared by fewer than ${report.k}:`;
    default:
      return `${over}: passed${report.suppressedRows ? ` after suppressing ${suppressed} (within the ${limit} limit)` : ''}.`;
  }
}

/** Counts and combinations of design values and bands, never a name: safe for a terminal. */
function riskText(report: RiskReport): string {
  const lines = [verdict(report)];
  for (const combination of report.risky.slice(0, MAX_RISKY_LINES)) {
    lines.push(
      `  ${Object.entries(combination.values)
        .map(([name, value]) => `${name}=${value ?? '(blank)'}`)
        .join(', ')}: ${combination.count}`,
    );
  }
  if (report.risky.length > MAX_RISKY_LINES) lines.push(`  ... and ${report.risky.length - MAX_RISKY_LINES} more combinations.`);
  return `${lines.join('\n')}\n`;
}

async function openVault(io: CliIo, study: Db, path: string): Promise<OpenVault> {
  if (!existsSync(path))
    throw new MixwiseError('NOT_FOUND', `The vault ${path} does not exist; --rekey and --override-reason need the study's vault.`, {
      field: 'vault',
    });
  const passphrase = await readPassphrase(io, {
    subject: `the vault file ${basename(path)}`,
    isNew: false,
    variable: VAULT_PASSPHRASE_ENV,
  });
  const vault = await openVaultFile(path, passphrase);
  try {
    assertVaultForStudy(vault, studyUuidOf(study));
    appendAudit(vault.db, 'unlocked', { via: 'passphrase', client: 'cli' });
    return vault;
  } catch (error) {
    closeVault(vault);
    throw error;
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: "Anonymised dataset in the toolkit's wide layout (xlsx with codebook, CSV or long) with SPSS/Stata/R syntax.",
  synopsis:
    'export --study FILE --out FILE [--format xlsx|csv|long] [--syntax spss,stata,r] [--rekey] [--k N] [--quasi V1,V2 | --no-kanon-check] [--generalise V:bands,V:merge] [--suppress] [--keep-text ITEM] [--override-reason TEXT] [--vault FILE]',
  details: [
    'One row per respondent: id, group, arm (site, cohort), then every item per wave as <wave>_<item>.',
    'xlsx has a Codebook sheet; --format long writes one row per respondent and wave (CSV).',
    'Syntax files are written beside --out and read a CSV of the same name (written too for xlsx).',
    'Always anonymised: nothing from the vault; free-text items dropped unless named in --keep-text.',
    'k-anonymity (default k 5) is always checked: the export is refused while any combination of the',
    "quasi-identifiers' values is shared by fewer than k respondents. Without --quasi they are the",
    'design columns (group, arm, site, cohort) and every demographic item; --quasi names others. An',
    'item code (dem1) stands for the item at every wave (pre_dem1, post_dem1, fu_dem1), as does any',
    'of its per-wave names. --generalise puts a number column into age bands (V:bands) or merges',
    'categories smaller than k into "Other" (V:merge), an item code at every wave; --suppress blanks',
    'the quasi-identifiers of the rows still at risk, and suppressing more than 10 % of the rows',
    'needs --override-reason as well. --override-reason exports anyway and records the reason in the',
    'vault; --no-kanon-check skips the check, only with --override-reason. --rekey replaces IDs by',
    'fresh pseudonyms whose link to the IDs is kept only in the vault. These need the vault (default:',
    `beside the study), its passphrase from ${VAULT_PASSPHRASE_ENV}. Existing files are never overwritten.`,
    '',
    'Example:',
    '  mixwise export --study pilot.mixwise --out pilot.xlsx --syntax spss,r --generalise dem1:bands',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file to export.', required: true },
    out: { type: 'string', valueName: 'FILE', description: 'The data file: .xlsx for xlsx, .csv for csv and long.', required: true },
    format: { type: 'string', valueName: 'FORMAT', description: 'xlsx (default), csv or long.' },
    syntax: { type: 'string', valueName: 'KINDS', description: 'Syntax files to write: spss, stata, r (comma separated).' },
    rekey: { type: 'boolean', description: 'Replace IDs by fresh export pseudonyms (needs the vault).' },
    k: { type: 'string', valueName: 'N', description: 'Smallest group size for k-anonymity (default 5).' },
    quasi: {
      type: 'string',
      valueName: 'V1,V2',
      description: 'Quasi-identifiers instead of the default, e.g. group,site,dem1 (an item: every wave).',
    },
    'no-kanon-check': { type: 'boolean', description: 'Do not check k-anonymity at all (needs --override-reason and the vault).' },
    generalise: { type: 'string', valueName: 'V:HOW', description: 'Generalisations, e.g. pre_dem1:bands,site:merge.' },
    suppress: { type: 'boolean', description: 'Blank the quasi-identifiers of rows still at risk.' },
    'keep-text': { type: 'string', valueName: 'ITEMS', description: 'Free-text items to keep (item codes); dropped otherwise.' },
    'override-reason': {
      type: 'string',
      valueName: 'TEXT',
      description: 'Export although the check did not pass (or was skipped); the reason is kept in the vault.',
    },
    vault: { type: 'string', valueName: 'FILE', description: "The study's vault (default: beside the study file)." },
  },

  async run(values, io) {
    const studyPath = resolve(io.cwd, requiredString(values, 'study'));
    const out = resolve(io.cwd, requiredString(values, 'out'));
    const options = optionsFrom(values);
    const extension = options.format === 'xlsx' ? '.xlsx' : '.csv';
    if (!out.toLowerCase().endsWith(extension))
      throw new UsageError(`--out needs a file name ending in ${extension} for --format ${options.format}.`);
    const planned = plannedPaths(options, out);
    for (const path of [planned.data, planned.csv, ...planned.syntax.map((entry) => entry.path)]) {
      if (path && existsSync(path))
        throw new MixwiseError('ALREADY_EXISTS', `${path} already exists; choose another name (nothing was overwritten).`, {
          field: 'out',
        });
    }
    const needsVault = options.rekey || options.override !== undefined;
    const vaultPath = typeof values.vault === 'string' ? resolve(io.cwd, values.vault) : defaultVaultPath(studyPath);

    const passphrase = await readPassphrase(io, { subject: `the study file ${basename(studyPath)}`, isNew: false });
    const study = openStudyFile(studyPath, passphrase);
    let vault: OpenVault | null = null;
    try {
      if (needsVault) vault = await openVault(io, study, vaultPath);
      const { paths, report } = await runExport(study, vault?.db ?? null, options, out, 'cli').catch((error: unknown) => {
        // A refusal explains itself better with the combinations at risk (counts and bands, no names).
        if (error instanceof MixwiseError && REPORTED_REFUSALS.has(error.details.key ?? ''))
          io.stderr.write(riskText(checkExport(study, options).prepared.report));
        throw error;
      });
      if (report.droppedText.length > 0) io.stdout.write(`Free text left out: ${report.droppedText.join(', ')}.\n`);
      io.stdout.write(riskText(report));
      io.stdout.write(
        `Exported ${report.respondents} respondents${options.rekey ? ' under fresh pseudonyms' : ''} to ${paths.join(', ')}.\n`,
      );
    } finally {
      if (vault) {
        closeVault(vault);
      }
      study.close();
    }
  },
};
