import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { BackupInfo } from '../../api/contracts/vault';
import { VAULT_EXTENSION } from './kind';

/**
 * Where the vault's backups are and what they are called. A backup is
 * `<vault>-<ISO time>[-n].mixvault` in `<vault>-backups/` beside the vault, with its key file. The
 * copy made just before a restore is named `<vault>-pre-restore-<ISO time>.mixvault`: listed, so it
 * can be restored in turn, but never thinned away with the daily ones (backup.ts).
 */

export const PRE_RESTORE = 'pre-restore';

export function backupFolder(vaultPath: string): string {
  return join(dirname(vaultPath), `${basename(vaultPath, extname(vaultPath))}-backups`);
}

export function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}


const STAMP = /-(?:(pre-restore)-)?(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z(?:-\d+)?\.mixvault$/;

/** Every backup, newest first; `kind` says whether it is a pre-restore copy, kept out of the rotation. */
export function listBackups(vaultPath: string): BackupInfo[] {
  const folder = backupFolder(vaultPath);
  if (!existsSync(folder)) return [];
  const prefix = `${basename(vaultPath, extname(vaultPath))}-`;
  return readdirSync(folder)
    .filter((name) => name.startsWith(prefix) && name.endsWith(VAULT_EXTENSION))
    .map((file) => {
      const stats = statSync(join(folder, file));
      // The time is in the name (the file's mtime changes when an erasure is carried into it).
      const stamp = STAMP.exec(file);
      const at = stamp ? `${stamp[2]}T${stamp[3]}:${stamp[4]}:${stamp[5]}.${stamp[6]}Z` : stats.mtime.toISOString();
      return { file, at, size: stats.size, kind: stamp?.[1] === PRE_RESTORE ? ('preRestore' as const) : ('regular' as const) };
    })
    .sort((a, b) => b.at.localeCompare(a.at) || b.file.localeCompare(a.file));
}
