import { randomInt } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ExportOptions, RiskReport } from '../../api/contracts/exports';
import type { Db } from '../db/open';
import { MixwiseError } from '../errors';
import { assertNewPaths, writeNewFiles, type NewFile } from '../files';
import { appendAudit } from '../vault/audit';
import { notPassedError, prepareExport, type PreparedExport } from './anonymise';
import { loadExportDataset, type ExportDataset } from './dataset';
import { SYNTAX_EXTENSIONS, syntaxFile, type SyntaxKind } from './syntax';
import { csvChunks, longTable, wideTable } from './tables';
import { writeWorkbook } from './xlsx';

/**
 * Writing an export: the checks that refuse it, the vault's record of it (pseudonyms, override
 * reason), and the files, all written or none. Shared by the app's handlers and the CLI.
 */

export const PSEUDONYM_PREFIX = 'X';

/** The extension the data file must have for a format. */
export function dataExtension(format: ExportOptions['format']): 'xlsx' | 'csv' {
  return format === 'xlsx' ? 'xlsx' : 'csv';
}

/** Refuses what may not be written, before anything is asked or written. */
export function assertExportable(report: RiskReport, options: ExportOptions, vaultOpen: boolean): void {
  if (options.rekey && !vaultOpen) {
    throw new MixwiseError('FORBIDDEN', 'Re-keying IDs needs the vault unlocked: the pseudonyms are kept only there.', { key: 'exports.rekeyNeedsVault' });
  }
  if (report.passed) return;
  // Rows at risk, too many rows suppressed or no check at all: each needs a reason (notPassedError).
  if (!options.override) throw notPassedError(report);
  if (!vaultOpen) {
    throw new MixwiseError('FORBIDDEN', 'Overriding the k-anonymity check needs the vault unlocked, where the reason is recorded.', {
      key: 'exports.overrideNeedsVault',
    });
  }
}

/** Fresh pseudonyms, unrelated to the IDs and to each other: X and eight random digits. */
export function newPseudonyms(participants: readonly string[]): Map<string, string> {
  const used = new Set<string>();
  const map = new Map<string, string>();
  for (const participant of participants) {
    let pseudonym: string;
    do pseudonym = `${PSEUDONYM_PREFIX}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
    while (used.has(pseudonym));
    used.add(pseudonym);
    map.set(participant, pseudonym);
  }
  return map;
}

/**
 * Records the export in the vault (and its pseudonyms when re-keyed) and in the audit log, which
 * gets fixed words and numbers only: the free-text reason stays in export_run.
 */
export function recordExport(vault: Db, prepared: PreparedExport, options: ExportOptions, client: 'app' | 'cli'): Map<string, string> | null {
  const pseudonyms = options.rekey ? newPseudonyms(prepared.rows.map((row) => row.participant)) : null;
  vault.transaction(() => {
    const runId = Number(
      vault
        .prepare(
          `INSERT INTO export_run (at, format, rekeyed, k, quasi_identifiers, risky_rows, override_reason, client)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          new Date().toISOString(),
          options.format,
          options.rekey ? 1 : 0,
          options.k,
          // The columns actually checked (the default set, items at every wave), not the names given.
          JSON.stringify(prepared.report.quasiIdentifiers),
          prepared.report.riskyRows,
          prepared.report.passed ? null : (options.override?.reason ?? null),
          client,
        ).lastInsertRowid,
    );
    if (pseudonyms) {
      const insert = vault.prepare('INSERT INTO export_pseudonym (run_id, participant_id, pseudonym) VALUES (?, ?, ?)');
      for (const [participant, pseudonym] of pseudonyms) insert.run(runId, participant, pseudonym);
    }
    appendAudit(vault, 'exported', {
      export_run: runId,
      format: options.format,
      rekeyed: options.rekey,
      respondents: prepared.rows.length,
      overridden: !prepared.report.passed,
      client,
    });
  })();
  return pseudonyms;
}

/** Puts the pseudonyms in the ID column and sorts by them, so row order says nothing about IDs. */
export function applyPseudonyms(prepared: PreparedExport, pseudonyms: Map<string, string>): void {
  const index = prepared.variables.findIndex((variable) => variable.role === 'id');
  if (index < 0) return;
  for (const row of prepared.rows) row.values[index] = pseudonyms.get(row.participant)!;
  prepared.rows.sort((a, b) => String(a.values[index]).localeCompare(String(b.values[index])));
  prepared.variables[index]!.label = 'Export pseudonym (its link to the study IDs is kept only in the vault)';
}

/** A file of the export: its path, and how to write its content to a (temporary) path and flush it. */
export type ExportFile = NewFile;

/** Writes text piece by piece, then flushes it to disk. */
function writeText(target: string, pieces: Iterable<string>): void {
  const fd = openSync(target, 'w');
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, 'utf8');
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function textFile(path: string, pieces: () => Iterable<string>): ExportFile {
  return { path, write: async (target) => writeText(target, pieces()) };
}

/** Every path an export writes, the data file first. */
export function exportPaths(options: ExportOptions, path: string): string[] {
  const planned = plannedPaths(options, path);
  return [...new Set([planned.data, planned.csv ?? planned.data, ...planned.syntax.map((entry) => entry.path)])];
}

/** The files an export writes: the data file, then for syntax files the CSV they read (the data file itself unless xlsx) and each syntax file. */
export function plannedPaths(options: ExportOptions, path: string): { data: string; csv: string | null; syntax: { kind: SyntaxKind; path: string }[] } {
  const base = join(dirname(path), basename(path, extname(path)));
  const wantsCsv = options.syntax.length > 0;
  return {
    data: path,
    csv: wantsCsv ? (options.format === 'xlsx' ? `${base}.csv` : path) : null,
    syntax: options.syntax.map((kind) => ({ kind, path: `${base}.${SYNTAX_EXTENSIONS[kind]}` })),
  };
}

/** The files to write; each is written only when asked, straight to disk (a wide study's workbook is large). */
export function exportFiles(dataset: ExportDataset, prepared: PreparedExport, options: ExportOptions, path: string): ExportFile[] {
  const planned = plannedPaths(options, path);
  const table = options.format === 'long' ? longTable(prepared, dataset.waves) : wideTable(prepared);
  const files: ExportFile[] = [
    options.format === 'xlsx' ? { path, write: (target) => writeWorkbook(table, dataset.missingCodes, target) } : textFile(path, () => csvChunks(table)),
  ];
  if (planned.csv && planned.csv !== path) files.push(textFile(planned.csv, () => csvChunks(table)));
  for (const { kind, path: syntaxPath } of planned.syntax) {
    const text = syntaxFile(kind, table, basename(planned.csv!), dataset.missingCodes);
    files.push(textFile(syntaxPath, () => [text]));
  }
  return files;
}

/** The k-anonymity report for the study as it is now. */
export function checkExport(study: Db, options: ExportOptions): { dataset: ExportDataset; prepared: PreparedExport } {
  const dataset = loadExportDataset(study);
  return { dataset, prepared: prepareExport(dataset, options) };
}

/**
 * Checks, then refuses or records: synchronous, so the app can run it inside the vault's
 * withBoth(). `vault` is the unlocked vault or null; with it every export is recorded there,
 * without it only exports needing no record (no pseudonyms, no override) are allowed.
 */
export function prepareSave(study: Db, vault: Db | null, options: ExportOptions, path: string, client: 'app' | 'cli'): { dataset: ExportDataset; prepared: PreparedExport } {
  const extension = dataExtension(options.format);
  if (extname(path).toLowerCase() !== `.${extension}`) {
    throw new MixwiseError('INVALID_INPUT', `The ${options.format} export needs a file name ending in .${extension}.`, { field: 'path' });
  }
  // Before the vault records anything: an export refused for a taken name never happened.
  assertNewPaths(exportPaths(options, path));
  const { dataset, prepared } = checkExport(study, options);
  assertExportable(prepared.report, options, vault !== null);
  if (vault) {
    const pseudonyms = recordExport(vault, prepared, options, client);
    if (pseudonyms) applyPseudonyms(prepared, pseudonyms);
  }
  return { dataset, prepared };
}

export async function writeExport(dataset: ExportDataset, prepared: PreparedExport, options: ExportOptions, path: string): Promise<string[]> {
  const files = exportFiles(dataset, prepared, options, path);
  // All or none, and never over an existing file (a companion the save dialog did not ask about included).
  await writeNewFiles(files);
  return files.map((file) => file.path);
}

/** The whole export in one call (the CLI). */
export async function runExport(study: Db, vault: Db | null, options: ExportOptions, path: string, client: 'app' | 'cli'): Promise<{ paths: string[]; report: RiskReport }> {
  const { dataset, prepared } = prepareSave(study, vault, options, path, client);
  return { paths: await writeExport(dataset, prepared, options, path), report: prepared.report };
}
