import type { VaultSettings } from '../../api/contracts/vault';
import type { Db } from '../db/open';

/** The vault's own settings (idle lock, backups kept) live inside it: they travel with the vault. */

export function readSetting(db: Db, key: string): string | undefined {
  return db.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(key) as string | undefined;
}

export function writeSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export const DEFAULT_SETTINGS: VaultSettings = { idleLockSeconds: 300, backupKeep: 7 };

export function readVaultSettings(db: Db): VaultSettings {
  const number = (key: string, fallback: number) => {
    const value = Number(readSetting(db, key));
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    idleLockSeconds: number('idle_lock_seconds', DEFAULT_SETTINGS.idleLockSeconds),
    backupKeep: number('backup_keep', DEFAULT_SETTINGS.backupKeep),
  };
}

export function writeVaultSettings(db: Db, changes: Partial<VaultSettings>): VaultSettings {
  db.transaction(() => {
    if (changes.idleLockSeconds !== undefined) writeSetting(db, 'idle_lock_seconds', String(changes.idleLockSeconds));
    if (changes.backupKeep !== undefined) writeSetting(db, 'backup_keep', String(changes.backupKeep));
  })();
  return readVaultSettings(db);
}
