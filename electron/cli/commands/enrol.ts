import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { AssignmentResult } from '../../api/contracts/vault';
import type { Db } from '../../core/db/open';
import { MixwiseError } from '../../core/errors';
import { openStudyFile } from '../../core/study/file';
import { assignRandom } from '../../core/vault/assignment';
import { appendAudit } from '../../core/vault/audit';
import { forgetActingKeeper, keeperName, setActingKeeper } from '../../core/vault/keepers';
import { backupIfDue } from '../../core/vault/backup';
import { DesignRefs } from '../../core/vault/designRefs';
import { enrolPrepared } from '../../core/vault/enrol';
import { checkImport, strataOf, suggestMapping } from '../../core/vault/import';
import { keysPathFor } from '../../core/vault/kind';
import { readTable } from '../../core/vault/spreadsheet';
import {
  assertVaultForStudy,
  assertVaultPath,
  createVaultFile,
  openVaultFile,
  studyUuidOf,
  type OpenVault,
  closeVault,
} from '../../core/vault/vaultFile';
import { requiredString, UsageError } from '../args';
import type { CliIo, Command } from '../command';
import { readPassphrase } from '../passphrase';

export const VAULT_PASSPHRASE_ENV = 'MIXWISE_VAULT_PASSPHRASE';
const MAX_ROW_MESSAGES = 50;

export const enrolCommand: Command = {
  name: 'enrol',
  summary: 'Enrol people from a CSV or XLSX list: names into the vault, IDs onto the study roster.',
  synopsis: 'enrol --study FILE --vault FILE --file PEOPLE [--assign random --seed N] [--recovery-out FILE]',
  details: [
    "Headers are matched without regard to case; at least name and identity_group (a group's name or",
    'code), and optionally site, cohort, phone, email, birth_year, address, consent_date, consent_by,',
    'guardian_name, notes, and id (an ID from an earlier list, kept and marked as having no check digit).',
    'All or nothing: if any row has a problem, every problem is listed on stderr and nobody is enrolled.',
    'Prints the number enrolled per identity group x site; never a name.',
    '',
    `The study passphrase comes from MIXWISE_PASSPHRASE, the vault's from ${VAULT_PASSPHRASE_ENV}`,
    '(or both are asked for in a terminal). A vault that does not exist yet is created; its recovery',
    'key is then written to the --recovery-out file, which must not exist yet: print it, store it',
    'offline, delete the file.',
    '',
    'Example:',
    '  mixwise enrol --study pilot.mixwise --vault pilot.mixvault --file people.xlsx --assign random --seed 42',
  ].join('\n'),
  options: {
    study: { type: 'string', valueName: 'FILE', description: 'The study file (.mixwise).', required: true },
    vault: { type: 'string', valueName: 'FILE', description: 'The vault file (.mixvault); created if missing.', required: true },
    file: { type: 'string', valueName: 'PEOPLE', description: 'The list of people, .csv or .xlsx.', required: true },
    assign: {
      type: 'string',
      valueName: 'MODE',
      description: '"random": assign those enrolled, stratified by group x site; "none" (default).',
    },
    seed: {
      type: 'string',
      valueName: 'N',
      description: 'Whole number that fixes the random assignment (default: a random one, printed).',
    },
    'recovery-out': { type: 'string', valueName: 'FILE', description: "Where to write a new vault's recovery key (new vaults only)." },
    keeper: {
      type: 'string',
      valueName: 'NAME',
      description: "Who enrols, named in the vault's audit log (default: this computer account's name).",
    },
  },

  async run(values, io) {
    const studyPath = resolve(io.cwd, requiredString(values, 'study'));
    const vaultPath = resolve(io.cwd, requiredString(values, 'vault'));
    const peoplePath = resolve(io.cwd, requiredString(values, 'file'));
    const assign = (values.assign as string | undefined) ?? 'none';
    if (assign !== 'random' && assign !== 'none') throw new UsageError(`--assign takes "random" or "none", not "${assign}".`);
    const seed = values.seed as string | undefined;
    if (seed !== undefined && !/^\d{1,15}$/.test(seed)) throw new UsageError(`--seed needs a whole number, not "${seed}".`);
    if (seed !== undefined && assign !== 'random') throw new UsageError('--seed goes with --assign random.');
    assertVaultPath(vaultPath);
    const isNewVault = !existsSync(vaultPath);
    const recoveryOut = values['recovery-out'] === undefined ? null : resolve(io.cwd, String(values['recovery-out']));
    if (isNewVault) assertRecoveryOut(recoveryOut);
    else if (recoveryOut) throw new UsageError('--recovery-out is only for a new vault; this vault exists already.');
    if (!existsSync(peoplePath)) throw new MixwiseError('NOT_FOUND', `The file ${peoplePath} does not exist.`, { field: 'path' });
    // The audit log names who acted, as in the app: the name given, or the account running the command.
    const keeper = keeperName(values.keeper === undefined ? userInfo().username : String(values.keeper));
    // Read before asking for passphrases: an unreadable file fails at once.
    const table = await readTable(basename(peoplePath), readFileSync(peoplePath));

    const studyPassphrase = await readPassphrase(io, { subject: `the study file ${basename(studyPath)}`, isNew: false });
    const study = openStudyFile(studyPath, studyPassphrase);
    try {
      const vaultPassphrase = await readPassphrase(io, {
        subject: `the ${isNewVault ? 'new ' : ''}vault file ${basename(vaultPath)}`,
        isNew: isNewVault,
        variable: VAULT_PASSPHRASE_ENV,
      });
      setActingKeeper(vaultPath, keeper);
      try {
        const vault = await openOrCreate(study, vaultPath, vaultPassphrase, isNewVault, recoveryOut);
        try {
          enrolFromTable(io, study, vault, table, { assign, seed, isNewVault, recoveryOut });
        } finally {
          closeVault(vault);
        }
      } finally {
        forgetActingKeeper(vaultPath);
      }
    } finally {
      study.close();
    }
  },
};

function assertRecoveryOut(path: string | null): asserts path is string {
  if (!path) throw new UsageError('A new vault needs --recovery-out FILE: its recovery key is written there, once.');
  if (existsSync(path))
    throw new MixwiseError('ALREADY_EXISTS', `${path} already exists; choose another name (nothing was overwritten).`, { field: 'path' });
  if (!existsSync(dirname(path)) || !statSync(dirname(path)).isDirectory()) {
    throw new MixwiseError('NOT_FOUND', `The folder ${dirname(path)} does not exist.`, { field: 'path' });
  }
}

async function openOrCreate(
  study: Db,
  vaultPath: string,
  passphrase: string,
  isNew: boolean,
  recoveryOut: string | null,
): Promise<OpenVault> {
  if (!isNew) {
    const vault = await openVaultFile(vaultPath, passphrase);
    try {
      assertVaultForStudy(vault, studyUuidOf(study));
    } catch (error) {
      vault.db.close();
      throw error;
    }
    appendAudit(vault.db, 'unlocked', { via: 'passphrase', client: 'cli' });
    return vault;
  }
  const { vault, recoveryKey } = await createVaultFile(vaultPath, passphrase, studyUuidOf(study), { client: 'cli' });
  try {
    // 'wx' and 0600: never overwrite, readable by this user only.
    writeFileSync(recoveryOut!, recoveryText(vaultPath, recoveryKey), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    removeNewVault(vault, recoveryOut);
    throw error;
  }
  return vault;
}

function recoveryText(vaultPath: string, recoveryKey: string): string {
  return [
    'Mixwise vault recovery key',
    '',
    `Vault file:   ${vaultPath}`,
    `Created:      ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `Recovery key: ${recoveryKey}`,
    '',
    'This key opens the vault and sets a new passphrase when the passphrase is forgotten.',
    'Anyone with it and the vault file can read every name in the vault. Print it, keep the paper',
    'locked away apart from the computer, and delete this file.',
    '',
  ].join('\n');
}

/** A vault this command created and that holds nobody yet: removed when the command fails. */
function removeNewVault(vault: OpenVault, recoveryOut: string | null): void {
  if (vault.db.open) vault.db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(vault.path + suffix, { force: true });
  rmSync(keysPathFor(vault.path), { force: true });
  if (recoveryOut) rmSync(recoveryOut, { force: true });
}

function enrolFromTable(
  io: CliIo,
  study: Db,
  vault: OpenVault,
  table: Awaited<ReturnType<typeof readTable>>,
  options: { assign: string; seed?: string; isNewVault: boolean; recoveryOut: string | null },
): void {
  const checked = checkImport(study, vault.db, table, suggestMapping(table.headers));
  for (const warning of checked.warnings.slice(0, MAX_ROW_MESSAGES)) io.stderr.write(`Warning: ${warning.message}\n`);
  const noConsent = checked.consentNotRecorded;
  if (noConsent.length > 0) {
    const rows = noConsent.slice(0, MAX_ROW_MESSAGES).join(', ') + (noConsent.length > MAX_ROW_MESSAGES ? ', ...' : '');
    const people = noConsent.length === 1 ? '1 person has' : `${noConsent.length} people have`;
    io.stderr.write(`Warning: ${people} no consent recorded (date, by whom, form version) and no reason why not: rows ${rows}.\n`);
  }
  if (checked.errors.length > 0 || checked.rows.length === 0) {
    for (const error of checked.errors.slice(0, MAX_ROW_MESSAGES)) io.stderr.write(`${error.message}\n`);
    if (checked.errors.length > MAX_ROW_MESSAGES) io.stderr.write(`... and ${checked.errors.length - MAX_ROW_MESSAGES} more problems.\n`);
    if (options.isNewVault) removeNewVault(vault, options.recoveryOut);
    throw new MixwiseError(
      'INVALID_INPUT',
      checked.rows.length === 0
        ? 'The file lists nobody to enrol.'
        : `${checked.errors.length} problem(s) in the file; nobody was enrolled.`,
    );
  }
  const ids = enrolPrepared(
    study,
    vault.db,
    checked.rows.map((row) => row.prepared!),
    'cli',
  );
  const assignment =
    options.assign === 'random' ? assignRandom(study, vault.db, { seed: options.seed, only: new Set(ids), client: 'cli' }) : null;
  backupIfDue(vault, 'cli');
  io.stdout.write(summary(study, ids.length, strataOf(checked.rows), assignment, options.isNewVault ? options.recoveryOut : null));
}

/** Counts only, by group and site name: a name of a person never reaches stdout. */
function summary(
  study: Db,
  enrolled: number,
  strata: ReturnType<typeof strataOf>,
  assignment: AssignmentResult | null,
  recoveryOut: string | null,
): string {
  const refs = new DesignRefs(study);
  const lines = [`Enrolled ${enrolled} ${enrolled === 1 ? 'person' : 'people'}.`];
  for (const stratum of strata) {
    const label = [refs.nameOf('identity_group', stratum.identityGroup), refs.nameOf('site', stratum.site)].filter(Boolean).join(' x ');
    const arms = assignment?.strata.find((entry) => entry.identityGroup === stratum.identityGroup && entry.site === stratum.site);
    lines.push(`  ${label}: ${stratum.count}${arms ? ` (now programme ${arms.programme}, comparison ${arms.comparison})` : ''}`);
  }
  if (assignment)
    lines.push(
      `Assigned ${assignment.assigned} at random, stratified by identity group x site, seed ${assignment.seed} (run ${assignment.runId}).`,
    );
  if (recoveryOut) lines.push(`New vault: its recovery key is in ${recoveryOut}. Print it, store it offline, delete the file.`);
  return `${lines.join('\n')}\n`;
}
