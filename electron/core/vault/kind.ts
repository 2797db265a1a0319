import { basename, dirname, extname, join } from 'node:path';
import type { FileKind } from '../db/open';
import { vaultMigrations } from './migrations';

/** 'MXVT' in the SQLite header's application_id: a vault is never mistaken for a study or vice versa. */
export const VAULT_APPLICATION_ID = 0x4d585654;

export const vaultKind: FileKind = {
  applicationId: VAULT_APPLICATION_ID,
  noun: 'vault',
  migrations: vaultMigrations,
};

export const VAULT_EXTENSION = '.mixvault';
/**
 * The key file beside the vault (see keys.ts). Named like SQLite's own companions (-wal, -shm) so
 * that whoever copies "pilot.mixvault*" copies the key file with it; .gitignore covers the pattern.
 */
export const KEYS_SUFFIX = '-keys';

/**
 * Where a study's vault lives unless told otherwise: beside the study, same name, own extension
 * (pilot.mixwise -> pilot.mixvault). Keeping it next to the study needs no file dialog and is
 * what the ID-keeper area uses; the CLI takes any path with --vault.
 */
export function defaultVaultPath(studyPath: string): string {
  const name = basename(studyPath, extname(studyPath));
  return join(dirname(studyPath), `${name}${VAULT_EXTENSION}`);
}

export function keysPathFor(vaultPath: string): string {
  return `${vaultPath}${KEYS_SUFFIX}`;
}
